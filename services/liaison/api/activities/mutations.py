"""Mutations recording sector activities (the office; a studio's staff their studio's): the
paired people who took part count as contacted for their members who took part."""

from datetime import date
from typing import Annotated

import strawberry

from liaison.activities import details
from liaison.activities import service as activities
from liaison.activities.checks import ActivityInput
from liaison.api.activities.types import SectorActivityKind, SectorActivityRecorded
from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.models.venues import ActivityKind
from liaison.tenancy.access import own_tenant

CreateSectorActivityResult = Annotated[
    SectorActivityRecorded | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("CreateSectorActivityResult")]
UpdateSectorActivityResult = Annotated[
    SectorActivityRecorded | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("UpdateSectorActivityResult")]


@strawberry.input(description="界别活动（修改时整体替换）")
class SectorActivityInput:
    kind: SectorActivityKind
    title: str
    held_on: date = strawberry.field(description="活动日期，不能晚于今天")
    sector_ids: list[strawberry.ID] = strawberry.field(description="界别（至少一个）")
    member_ids: list[strawberry.ID] = strawberry.field(description="参加的委员（至少一名，在任）")
    constituent_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="参加的结对联系对象：为与其结对的参加委员登记联系服务")
    place: str | None = None
    venue_id: strawberry.ID | None = strawberry.field(
        default=None, description="界别委员工作室（工作室工作人员必填本工作室）")
    people_reached: int = strawberry.field(default=0, description="覆盖群众人数")
    summary: str | None = strawberry.field(default=None, description="活动情况")

    def to_domain(self) -> ActivityInput:
        return ActivityInput(
            kind=ActivityKind(self.kind.value), title=self.title, held_on=self.held_on,
            sector_ids=[parse_id(s, "界别") for s in self.sector_ids],
            member_ids=[parse_id(m, "委员") for m in self.member_ids],
            constituent_ids=[parse_id(c, "联系对象") for c in self.constituent_ids],
            place=self.place, venue_id=parse_id(self.venue_id, "工作室")
            if self.venue_id is not None else None,
            people_reached=self.people_reached, summary=self.summary)


async def _recorded(info: Info, call) -> object:
    ctx = info.context.service

    async def run():
        result = await call()
        tenant = await own_tenant(ctx)
        found = await details.details(ctx, tenant, [result.activity])
        return SectorActivityRecorded.from_result(result, found[result.activity.id])

    return await mutate(info, run, lambda converted: converted)


@strawberry.type
class SectorActivityMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="登记界别活动（委员联络办；工作室工作人员登记本工作室的）")
    async def create_sector_activity(self, info: Info,
                                     input: SectorActivityInput) -> CreateSectorActivityResult:
        ctx = info.context.service
        return await _recorded(info, lambda: activities.create_activity(ctx, input.to_domain()))

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改界别活动；已计入结对联系的人员不能去掉")
    async def update_sector_activity(self, info: Info, id: strawberry.ID,
                                     input: SectorActivityInput) -> UpdateSectorActivityResult:
        ctx = info.context.service
        return await _recorded(info, lambda: activities.update_activity(
            ctx, parse_id(id, activities.KIND), input.to_domain()))
