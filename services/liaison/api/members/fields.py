"""Member fields of Tenant, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.members.page import member_fields, prefetch, wants_active_pairings
from liaison.api.members.queries import MemberFilter, MemberSort, to_filter
from liaison.api.members.types import Member
from liaison.api.pagination import Connection, connection
from liaison.context import ServiceContext
from liaison.members import rows, service


async def members(info: Info, tenant: models.Tenant, filter: MemberFilter | None,
                  sort: MemberSort | None, first: int, after: str | None) -> Connection[Member]:
    return await members_page(info.context.service, tenant, to_filter(filter), sort,
                              first=first, after=after,
                              pairings=wants_active_pairings(member_fields(info)))


async def members_page(ctx: ServiceContext, tenant: models.Tenant, flt: service.MemberFilter,
                       sort: MemberSort | None, *, first: int, after: str | None,
                       pairings: bool) -> Connection[Member]:
    """The connection both the resolver and the compiled plan (api/members/compiled.py)
    answer from; ``pairings``: the selection asks for active pairings."""
    order = service.MemberSort(sort.value) if sort else service.MemberSort.name
    page = await rows.member_rows(ctx, tenant, flt, order, first=first, after=after)
    ahead = await prefetch(ctx, tenant, page, pairings=pairings)
    return connection(page, lambda row: Member.from_model(row, ahead),
                      lambda: service.count_members(ctx, tenant, flt))
