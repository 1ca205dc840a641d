"""The members page as plain rows (issue 14): a page of members with their sector in one
statement, and the page's active pairings with their constituents in one more — Core rows,
never ORM entities, the scope decided once per request (``service.read_scope``).

Without a filter (the page as most callers ask for it) the page's statement is one of a few
made once, every value a bound parameter: building a statement and its cache key costs more
than running it (``docs/benchmarks.md``), and both run straight on asyncpg (``db/raw.py``).
A filter builds it through ``member_query``.

A row answers the same attribute names as the model (``row.name``, ``row.sector_id``), so the
GraphQL types take either.
"""

import functools
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import ARRAY, Integer, Row, Uuid, any_, bindparam, false, or_, select, tuple_

from liaison.context import ServiceContext
from liaison.db import raw
from liaison.db.pagination import Page, check_first, decode_cursor, encode_cursor, paginate
from liaison.members.service import MemberFilter, MemberSort, member_query, read_scope
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


MemberRow = NamedTuple("MemberRow", [(c.key, object) for c in M.c]  # noqa: UP014
                       + [(c.key, object) for c in SECTOR_COLUMNS])
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
    keys = _keys(sort)
    if flt != MemberFilter():
        stmt = (await member_query(ctx, tenant, flt)).with_only_columns(*M.c, *SECTOR_COLUMNS)
        stmt = stmt.join(S, (S.c.tenant_id == M.c.tenant_id) & (S.c.id == M.c.sector_id))
        return await paginate(ctx.session, stmt, keys, first=first, after=after, rows=True)
    scope = read_scope(ctx, tenant)
    first = check_first(first)
    params = {"tenant_id": tenant.id, "sector_ids": list(scope.sector_ids),
              "member_id": scope.member_id, "limit": first + 1}
    if after:
        params.update(zip(AFTER, decode_cursor(after, keys), strict=False))
    stmt = _page(scope.everyone, bool(scope.sector_ids), scope.member_id is not None, sort,
                 bool(after))
    found = [MemberRow(*r) for r in await raw.fetch(ctx.session, stmt, params)]
    page = found[:first]
    names = [k.key for k in keys]
    return Page(items=page, has_next=len(found) > first,
                cursors=[encode_cursor(tuple(getattr(r, n) for n in names)) for r in page])


def _keys(sort: MemberSort) -> list:
    return [S.c.sort_order, M.c.name, M.c.id] if sort is MemberSort.sector else [M.c.name,
                                                                                  M.c.id]


AFTER = ("after_0", "after_1", "after_2")


@functools.cache
def _page(everyone: bool, sectors: bool, member: bool, sort: MemberSort, after: bool):
    """The page's statement for one shape of scope, order and cursor, made once."""
    stmt = (select(*M.c, *SECTOR_COLUMNS)
            .join(S, (S.c.tenant_id == M.c.tenant_id) & (S.c.id == M.c.sector_id))
            .where(M.c.tenant_id == bindparam("tenant_id")))
    if not everyone:
        conditions = []
        if sectors:
            conditions.append(M.c.sector_id == any_(bindparam("sector_ids",
                                                              type_=ARRAY(Uuid))))
        if member:
            conditions.append(M.c.id == bindparam("member_id", type_=Uuid))
        stmt = stmt.where(or_(*conditions) if conditions else false())
    keys = _keys(sort)
    if after:
        stmt = stmt.where(tuple_(*keys) > tuple_(*(bindparam(name, type_=k.type)
                                                   for name, k in zip(AFTER, keys,
                                                                      strict=False))))
    return stmt.order_by(*keys).limit(bindparam("limit", type_=Integer))


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
    rows = await raw.fetch(ctx.session, ACTIVE_PAIRINGS,
                           {"tenant_id": tenant_id, "member_ids": list(member_ids)})
    for row in rows:
        pairing = PairingRow(*row[:WIDTH])
        found[pairing.member_id].append((pairing, ConstituentRow(*row[WIDTH:])))
    return found
