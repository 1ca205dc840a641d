"""Member fields of Tenant, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.members.page import member_fields, prefetch, wants_active_pairings
from liaison.api.members.queries import MemberFilter, MemberSort, to_filter
from liaison.api.members.types import Member
from liaison.api.pagination import Connection, connection
from liaison.members import rows, service


async def members(info: Info, tenant: models.Tenant, filter: MemberFilter | None,
                  sort: MemberSort | None, first: int, after: str | None) -> Connection[Member]:
    ctx = info.context.service
    flt = to_filter(filter)
    order = service.MemberSort(sort.value) if sort else service.MemberSort.name
    page = await rows.member_rows(ctx, tenant, flt, order, first=first, after=after)
    ahead = await prefetch(ctx, tenant, page,
                           pairings=wants_active_pairings(member_fields(info)))
    return connection(page, lambda row: Member.from_model(row, ahead),
                      lambda: service.count_members(ctx, tenant, flt))
