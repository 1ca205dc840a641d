"""The members page as plain rows (issue 14): a page of members with their sector in one
statement, and the page's active pairings with their constituents in one more — Core rows,
never ORM entities, the scope decided once per request by ``member_query``.

A row answers the same attribute names as the model (``row.name``, ``row.sector_id``), so the
GraphQL types take either.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import ARRAY, Row, Uuid, any_, bindparam, select

from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.members.service import MemberFilter, MemberSort, member_query
from liaison.models import Constituent, Member, Pairing, Sector
from liaison.models.tenant import Tenant

M, S, P, C = Member.__table__, Sector.__table__, Pairing.__table__, Constituent.__table__
# Unlabelled where no member column has the name, so the sector sort's key stays readable.
SECTOR_COLUMNS = [S.c.name.label("sector_name"), S.c.sort_order, S.c.invited]
MEMBER_IDS = bindparam("member_ids", type_=ARRAY(Uuid))


class SectorRow(NamedTuple):
    tenant_id: uuid.UUID
    id: uuid.UUID
    name: str
    sort_order: int
    invited: bool


PairingRow = NamedTuple("PairingRow", [(c.key, object) for c in P.c])  # noqa: UP014
ConstituentRow = NamedTuple("ConstituentRow", [(c.key, object) for c in C.c])  # noqa: UP014
WIDTH = len(P.c)

ACTIVE_PAIRINGS = (
    select(*P.c, *C.c)
    .join(C, (C.c.tenant_id == P.c.tenant_id) & (C.c.id == P.c.constituent_id))
    .where(P.c.tenant_id == bindparam("tenant_id"), P.c.member_id == any_(MEMBER_IDS),
           P.c.ended_on.is_(None))
    .order_by(P.c.started_on, P.c.created_at, P.c.id)
)


async def member_rows(ctx: ServiceContext, tenant: Tenant, flt: MemberFilter,
                      sort: MemberSort, *, first: int, after: str | None) -> Page[Row]:
    """The page ``list_members`` gives, as rows carrying their sector's name, order and
    invited flag (``sector_name``, ``sort_order``, ``invited``)."""
    stmt = (await member_query(ctx, tenant, flt)).with_only_columns(*M.c, *SECTOR_COLUMNS)
    stmt = stmt.join(S, (S.c.tenant_id == M.c.tenant_id) & (S.c.id == M.c.sector_id))
    keys = [M.c.name, M.c.id]
    if sort is MemberSort.sector:
        keys = [S.c.sort_order, *keys]
    return await paginate(ctx.session, stmt, keys, first=first, after=after, rows=True)


def sector_of(row: Row) -> SectorRow:
    return SectorRow(row.tenant_id, row.sector_id, row.sector_name, row.sort_order,
                     row.invited)


async def active_pairings(ctx: ServiceContext, tenant_id: uuid.UUID,
                          member_ids: Sequence[uuid.UUID]
                          ) -> dict[uuid.UUID, list[tuple[PairingRow, ConstituentRow]]]:
    """Each member's active pairings (oldest first) with the constituent, in one statement
    whose text does not change with the page size."""
    found: dict[uuid.UUID, list] = defaultdict(list)
    if not member_ids:
        return found
    rows = await ctx.session.execute(ACTIVE_PAIRINGS, {"tenant_id": tenant_id,
                                                       "member_ids": list(member_ids)})
    for row in rows:
        pairing = PairingRow(*row[:WIDTH])
        found[pairing.member_id].append((pairing, ConstituentRow(*row[WIDTH:])))
    return found
