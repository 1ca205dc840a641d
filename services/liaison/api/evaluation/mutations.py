"""Mutations of the people's evaluation: the office opens a year's round (the slips' codes
come back this once) and reissues lost ones; the chair or the leadership group records the
standing committee's review, which closes the round. Answering is the public page's
(``web/evaluation.py``), not GraphQL's."""

from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.evaluation.types import EvaluationRound, EvaluationSlips
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.evaluation import service as evaluation
from liaison.tenancy.access import own_tenant

KIND = "群众评议"

OpenEvaluationRoundResult = Annotated[
    EvaluationSlips | ValidationErrors | ForbiddenError,
    strawberry.union("OpenEvaluationRoundResult")]
ReissueEvaluationCodesResult = Annotated[
    EvaluationSlips | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("ReissueEvaluationCodesResult")]
ReviewEvaluationRoundResult = Annotated[
    EvaluationRound | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("ReviewEvaluationRoundResult")]


@strawberry.input(description="常委会对一轮评议的审议")
class ReviewEvaluationRoundInput:
    round_id: strawberry.ID
    review_on: date = strawberry.field(description="常委会审议日期（不晚于今天）")
    conclusion: str = strawberry.field(description="审议结论，2000 字以内")
    commended_member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="表扬的委员")
    talk_member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="约谈的委员")


def _base(info: Info) -> str:
    request = info.context.request
    return str(request.base_url).rstrip("/") if request is not None else ""


async def _slips(info: Info, make) -> object:
    ctx = info.context.service

    async def call():
        issued = await make(ctx)
        return issued, (await own_tenant(ctx)).code

    return await mutate(info, call, lambda made: EvaluationSlips.of(
        made[0], base=_base(info), tenant_code=made[1]))


@strawberry.type
class EvaluationMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="开启某年度的群众评议（委员联络办）：每个进行中的结对生成一个"
                                     "评议码，只在此次返回；每年只能开启一次（ROUND_EXISTS）")
    async def open_evaluation_round(self, info: Info, year: int) -> OpenEvaluationRoundResult:
        return await _slips(info, lambda ctx: evaluation.open_round(ctx, year))

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="补发评议码（委员联络办）：本轮未使用的评议码（或某委员的）"
                                     "全部换新，旧码立即失效；已结束的轮次不能补发（ROUND_CLOSED）")
    async def reissue_evaluation_codes(self, info: Info, round_id: strawberry.ID,
                                       member_id: strawberry.ID | None = None
                                       ) -> ReissueEvaluationCodesResult:
        return await _slips(info, lambda ctx: evaluation.reissue(
            ctx, parse_id(round_id, KIND),
            parse_id(member_id, "委员") if member_id is not None else None))

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="记录常委会审议并结束评议（主席、党组）：结束后评议码失效、"
                                     "答复冻结")
    async def review_evaluation_round(self, info: Info, input: ReviewEvaluationRoundInput
                                      ) -> ReviewEvaluationRoundResult:
        ctx = info.context.service

        async def call():
            return await evaluation.review_and_close(ctx, parse_id(input.round_id, KIND),
                                                     evaluation.Review(
                review_on=input.review_on, conclusion=input.conclusion,
                commended=[parse_id(i, "委员") for i in input.commended_member_ids],
                talks=[parse_id(i, "委员") for i in input.talk_member_ids]))

        return await mutate(info, call, EvaluationRound.from_model)
