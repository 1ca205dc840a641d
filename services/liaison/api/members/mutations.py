"""Mutations on members: create, update, mark as left.

Each returns a union of its object and typed errors; a typed error changes nothing.
"""

from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.members.types import Gender, Member
from liaison.api.mutation import given, mutate, optional_id, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.members import service
from liaison.models.members import Gender as GenderValue


@strawberry.input(description="委员信息；修改时只改传入的字段")
class MemberInput:
    name: str | None = strawberry.UNSET
    gender: Gender | None = strawberry.UNSET
    ethnicity: str | None = strawberry.UNSET
    party: str | None = strawberry.UNSET
    sector_id: strawberry.ID | None = strawberry.UNSET
    committee_id: strawberry.ID | None = strawberry.UNSET
    activity_group_id: strawberry.ID | None = strawberry.UNSET
    work_unit: str | None = strawberry.UNSET
    post: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    is_leading_cadre: bool | None = strawberry.UNSET
    term_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET,
                                                     description="空：当前届次")

    def to_service(self) -> service.MemberInput:
        gender = given(self.gender)
        return service.MemberInput(
            name=given(self.name),
            gender=GenderValue(gender.value) if gender not in (..., None) else gender,
            ethnicity=given(self.ethnicity), party=given(self.party),
            sector_id=optional_id(self.sector_id, "界别"),
            committee_id=optional_id(self.committee_id, "专门委员会"),
            activity_group_id=optional_id(self.activity_group_id, "活动组"),
            work_unit=given(self.work_unit), post=given(self.post), phone=given(self.phone),
            is_leading_cadre=given(self.is_leading_cadre),
            term_id=optional_id(self.term_id, "届次"))


MemberResult = Annotated[Member | ValidationErrors | NotFoundError | ForbiddenError,
                         strawberry.union("MemberResult")]


@strawberry.input
class MarkMemberLeftInput:
    member_id: strawberry.ID
    left_on: date
    reason: str


@strawberry.type
class MemberMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="新增委员（委员联络办；界别召集人限本界别）")
    async def create_member(self, info: Info, input: MemberInput) -> MemberResult:
        ctx = info.context.service
        return await mutate(info, lambda: service.create_member(ctx, input.to_service()),
                                     Member.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改委员信息；委员本人只能改联系电话、工作单位、职务")
    async def update_member(self, info: Info, id: strawberry.ID,
                            input: MemberInput) -> MemberResult:
        ctx = info.context.service

        async def call():
            return await service.update_member(ctx, parse_id(id, "委员"), input.to_service())

        return await mutate(info, call, Member.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="委员离任：进行中的结对同日结束")
    async def mark_member_left(self, info: Info, input: MarkMemberLeftInput) -> MemberResult:
        ctx = info.context.service

        async def call():
            return await service.mark_left(ctx, parse_id(input.member_id, "委员"),
                                           input.left_on, input.reason)

        return await mutate(info, call, Member.from_model)
