"""Mutations of members' duties: the member confirms, declines (with a reason) or asks to
swap; the venue's staff (or the office) approve or reject a swap and pick a member for a
declined duty. Rules: liaison.venues.duties."""

from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import (
    ConflictError,
    ForbiddenError,
    IllegalDutyMoveError,
    NotFoundError,
    SessionNotPlannedError,
    SessionStartedError,
    ValidationErrors,
)
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.api.venues.duty_types import Duty
from liaison.venues import duties

KIND = "值班"
MEMBER = "委员"


def _result(name: str):
    """Every error a duty move can answer (not each move raises each of them)."""
    return Annotated[Duty | ValidationErrors | NotFoundError | ForbiddenError | ConflictError
                     | SessionNotPlannedError | SessionStartedError | IllegalDutyMoveError,
                     strawberry.union(name)]


ConfirmDutyResult = _result("ConfirmDutyResult")
DeclineDutyResult = _result("DeclineDutyResult")
RequestDutySwapResult = _result("RequestDutySwapResult")
ApproveDutySwapResult = _result("ApproveDutySwapResult")
RejectDutySwapResult = _result("RejectDutySwapResult")
ReplaceDutyMemberResult = _result("ReplaceDutyMemberResult")


@strawberry.type
class DutyMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="值班委员本人确认到岗")
    async def confirm_duty(self, info: Info, id: strawberry.ID) -> ConfirmDutyResult:
        ctx = info.context.service
        return await mutate(info, lambda: duties.confirm_duty(ctx, parse_id(id, KIND)),
                            Duty.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="值班委员本人请假（须填写原因，不超过 200 字）；"
                                     "通知该联络站（工作室）的工作人员另选委员")
    async def decline_duty(self, info: Info, id: strawberry.ID,
                           reason: str) -> DeclineDutyResult:
        ctx = info.context.service
        return await mutate(info, lambda: duties.decline_duty(ctx, parse_id(id, KIND), reason),
                            Duty.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="值班委员本人申请与另一名在任委员换班（该委员在该时段须无其他值班）；"
                                     "由工作人员审批")
    async def request_duty_swap(self, info: Info, id: strawberry.ID,
                                member_id: strawberry.ID) -> RequestDutySwapResult:
        ctx = info.context.service
        return await mutate(info, lambda: duties.request_swap(
            ctx, parse_id(id, KIND), parse_id(member_id, MEMBER)), Duty.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="同意换班（委员联络办或本联络站、工作室的工作人员）："
                                     "由申请的对象值班，待其确认")
    async def approve_duty_swap(self, info: Info, id: strawberry.ID) -> ApproveDutySwapResult:
        ctx = info.context.service
        return await mutate(info, lambda: duties.approve_swap(ctx, parse_id(id, KIND)),
                            Duty.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="不同意换班：原委员继续值班")
    async def reject_duty_swap(self, info: Info, id: strawberry.ID) -> RejectDutySwapResult:
        ctx = info.context.service
        return await mutate(info, lambda: duties.reject_swap(ctx, parse_id(id, KIND)),
                            Duty.from_view)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="为已请假的值班另选委员（委员联络办或本联络站、工作室的工作人员）："
                                     "待其确认")
    async def replace_duty_member(self, info: Info, id: strawberry.ID,
                                  member_id: strawberry.ID) -> ReplaceDutyMemberResult:
        ctx = info.context.service
        return await mutate(info, lambda: duties.replace_member(
            ctx, parse_id(id, KIND), parse_id(member_id, MEMBER)), Duty.from_view)
