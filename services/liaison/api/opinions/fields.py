"""Opinion fields of Tenant, resolved here and declared there."""

from datetime import date

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.mutation import parse_id
from liaison.api.opinions.types import Opinion, OpinionCategory, OpinionState
from liaison.api.pagination import Connection, connection
from liaison.models.opinions import OpinionState as StateValue
from liaison.opinions import deadlines, listing
from liaison.opinions import service as opinions

OpinionOverdueStep = graphql_enum(
    deadlines.OverdueStep, "OpinionOverdueStep",
    "办理超期（过了办理期限仍未办理）/ 反馈超期（过了向反映群众反馈的期限仍未反馈）")


@strawberry.input(description="意见建议的筛选条件（均为可选）")
class OpinionFilterInput:
    category_id: strawberry.ID | None = None
    committee_id: strawberry.ID | None = None
    office_only: bool = strawberry.field(default=False, description="仅委员联络办自办的")
    member_id: strawberry.ID | None = None
    sector_id: strawberry.ID | None = None
    raised_from: date | None = None
    raised_to: date | None = None
    overdue: bool = strawberry.field(default=False, description="已过办理期限仍未办理")


def _opt(value: strawberry.ID | None, kind: str):
    return parse_id(value, kind) if value is not None else None


async def opinions_of(info: Info, tenant: models.Tenant, state: OpinionState | None,
                      flt: OpinionFilterInput | None, first: int,
                      after: str | None) -> Connection[Opinion]:
    f = flt or OpinionFilterInput()
    wanted = listing.OpinionFilter(
        category_id=_opt(f.category_id, "类别"), committee_id=_opt(f.committee_id, "专门委员会"),
        office_only=f.office_only, member_id=_opt(f.member_id, "委员"),
        sector_id=_opt(f.sector_id, "界别"), raised_from=f.raised_from, raised_to=f.raised_to,
        overdue=f.overdue)
    page = await opinions.list_opinions(info.context.service, tenant,
                                        StateValue(state.value) if state else None,
                                        first=first, after=after, flt=wanted)
    return connection(page, Opinion.from_model)


async def opinion_categories(info: Info, tenant: models.Tenant) -> list[OpinionCategory]:
    rows = await opinions.categories(info.context.service, tenant)
    return [OpinionCategory.from_model(r) for r in rows]


async def overdue_opinions(info: Info, tenant: models.Tenant, step: OpinionOverdueStep,
                           first: int, after: str | None) -> Connection[Opinion]:
    page = await deadlines.list_overdue(info.context.service, tenant,
                                        deadlines.OverdueStep(step.value), first=first,
                                        after=after)
    return connection(page, Opinion.from_model)
