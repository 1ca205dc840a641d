"""The pairing rules, as pure functions: the services and the imports call the same ones.

- A constituent is of the member's sector, unless the member's sector is 特邀 (invited).
- Active pairings per member are capped by the tenant's ``max_pairings``.
"""

import uuid


def default_sector(member_sector: uuid.UUID, invited: bool,
                   given: uuid.UUID | None) -> uuid.UUID | None:
    """A new constituent's sector when none is given: the member's, unless the member is 特邀."""
    if given is not None or invited:
        return given
    return member_sector


def sector_problem(member_sector: uuid.UUID, member_sector_name: str, invited: bool,
                   constituent_sector: uuid.UUID | None) -> str | None:
    if invited or constituent_sector == member_sector:
        return None
    return (f"联系对象应为本界别（{member_sector_name}）群众；"
            "只有特邀界别委员可联系其他界别群众")


def over_limit(active: int, adding: int, max_pairings: int) -> bool:
    return active + adding > max_pairings
