"""Mutations: register an opinion and move it through its handling (office; a committee for
the opinions assigned to it)."""

from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import (
    ForbiddenError,
    IllegalTransitionError,
    NotFoundError,
    ValidationErrors,
)
from liaison.api.mutation import mutate, parse_id
from liaison.api.opinions.types import Opinion, OpinionOutcomeKind, OpinionUrgency
from liaison.api.permissions import IsAuthenticated
from liaison.models.opinions import OutcomeKind, Urgency
from liaison.opinions import service as opinions
from liaison.opinions.rules import Move

KIND = "意见建议"


def _result(name: str):
    return Annotated[Opinion | ValidationErrors | NotFoundError | ForbiddenError
                     | IllegalTransitionError, strawberry.union(name)]


RegisterOpinionResult = Annotated[Opinion | ValidationErrors | NotFoundError | ForbiddenError,
                                  strawberry.union("RegisterOpinionResult")]
AssignOpinionResult = _result("AssignOpinionResult")
RecordOpinionOutcomeResult = _result("RecordOpinionOutcomeResult")
ReplyToOpinionResult = _result("ReplyToOpinionResult")
RecordOpinionFeedbackResult = _result("RecordOpinionFeedbackResult")
CloseOpinionResult = _result("CloseOpinionResult")
ReopenOpinionResult = _result("ReopenOpinionResult")


@strawberry.input
class RegisterOpinionInput:
    title: str
    content: str
    category_id: strawberry.ID
    raised_on: date
    urgency: OpinionUrgency = strawberry.field(default=OpinionUrgency("normal"))
    member_id: strawberry.ID | None = None
    contact_id: strawberry.ID | None = None
    sector_id: strawberry.ID | None = strawberry.field(default=None,
                                                       description="默认为委员的界别")
    constituent_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    unnamed_count: int | None = strawberry.field(default=None, description="未具名反映人人数")


@strawberry.input
class OpinionOutcomeInput:
    id: strawberry.ID
    kind: OpinionOutcomeKind
    on: date | None = strawberry.field(default=None, description="办理日期，默认今天")
    proposal_number: str | None = None
    title: str | None = strawberry.field(default=None, description="提案、信息或发言的标题")
    sent_to: str | None = strawberry.field(default=None, description="社情民意信息报送单位")
    department: str | None = None
    rejection_reason: str | None = None
    note: str | None = None


@strawberry.input
class OpinionFeedbackInput:
    id: strawberry.ID
    how: str
    on: date
    by: str
    satisfied: bool | None = None
    note: str | None = strawberry.field(default=None, description="群众的意见")


def _opt(value, kind: str):
    return parse_id(value, kind) if value is not None else None


async def move(info: Info, id: strawberry.ID, step: Move, values):
    """One move; ``values`` a dict, or a function making it (ids parsed inside the call)."""
    ctx = info.context.service

    async def call():
        fields = values() if callable(values) else values
        return await opinions.move(ctx, parse_id(id, KIND), step, fields)

    return await mutate(info, call, Opinion.from_model)


@strawberry.type
class OpinionMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="登记意见建议（委员联络办；委员登记自己收集的）")
    async def register_opinion(self, info: Info,
                               input: RegisterOpinionInput) -> RegisterOpinionResult:
        ctx = info.context.service

        async def call():
            return await opinions.register(ctx, opinions.NewOpinion(
                title=input.title, content=input.content,
                category_id=parse_id(input.category_id, "类别"), raised_on=input.raised_on,
                urgency=Urgency(input.urgency.value), member_id=_opt(input.member_id, "委员"),
                contact_id=_opt(input.contact_id, "联系记录"),
                sector_id=_opt(input.sector_id, "界别"),
                constituent_ids=[parse_id(c, "联系对象") for c in input.constituent_ids],
                unnamed_count=input.unnamed_count))

        return await mutate(info, call, Opinion.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="交办：交专门委员会办理（committeeId 为空则由委员联络办办理）")
    async def assign_opinion(self, info: Info, id: strawberry.ID,
                             committee_id: strawberry.ID | None = None,
                             due_on: date | None = None,
                             note: str | None = None) -> AssignOpinionResult:
        return await move(info, id, Move.assign, lambda: {
            "committee_id": _opt(committee_id, "专门委员会"), "due_on": due_on, "note": note})

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="记录办理结果：提案、社情民意信息、发言、转交部门或不予采纳")
    async def record_opinion_outcome(self, info: Info,
                                     input: OpinionOutcomeInput) -> RecordOpinionOutcomeResult:
        return await move(info, input.id, Move.record_outcome, {
            "outcome_kind": OutcomeKind(input.kind.value), "outcome_on": input.on,
            "proposal_number": input.proposal_number, "outcome_title": input.title,
            "sent_to": input.sent_to, "department": input.department,
            "rejection_reason": input.rejection_reason, "note": input.note})

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="记录答复")
    async def reply_to_opinion(self, info: Info, id: strawberry.ID, reply_from: str,
                               replied_on: date, text: str) -> ReplyToOpinionResult:
        return await move(info, id, Move.reply, {"reply_from": reply_from,
                                                  "replied_on": replied_on, "reply_text": text})

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="记录向反映人的反馈")
    async def record_opinion_feedback(self, info: Info, input: OpinionFeedbackInput
                                      ) -> RecordOpinionFeedbackResult:
        return await move(info, input.id, Move.feedback, {
            "feedback_how": input.how, "feedback_on": input.on, "feedback_by": input.by,
            "satisfied": input.satisfied, "feedback_note": input.note})

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="办结")
    async def close_opinion(self, info: Info, id: strawberry.ID,
                            note: str | None = None) -> CloseOpinionResult:
        return await move(info, id, Move.close, {"note": note})

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="重新办理已办结的意见建议（委员联络办，需填写原因）")
    async def reopen_opinion(self, info: Info, id: strawberry.ID,
                             reason: str) -> ReopenOpinionResult:
        return await move(info, id, Move.reopen, {"note": reason})
