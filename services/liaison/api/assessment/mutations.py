"""Mutations of the assessment: the office sets its weights and marks 优秀 candidates."""

from typing import Annotated

import strawberry

from liaison.api.assessment.types import AssessmentMark, AssessmentWeights
from liaison.api.context import Info
from liaison.api.errors import ForbiddenError, NotFoundError, ValidationErrors
from liaison.api.mutation import mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.assessment import rules
from liaison.assessment import service as assessment

SetAssessmentWeightsResult = Annotated[
    AssessmentWeights | ValidationErrors | ForbiddenError,
    strawberry.union("SetAssessmentWeightsResult")]
MarkAssessmentExcellentResult = Annotated[
    AssessmentMark | ValidationErrors | NotFoundError | ForbiddenError,
    strawberry.union("MarkAssessmentExcellentResult")]


@strawberry.input(description="考核权重：非负整数，合计 100")
class AssessmentWeightsInput:
    quarters: int
    filings: int
    opinions: int
    duties: int
    evaluation: int


@strawberry.type
class AssessmentMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="设置本单位的考核权重（委员联络办）")
    async def set_assessment_weights(self, info: Info, input: AssessmentWeightsInput
                                     ) -> SetAssessmentWeightsResult:
        weights = rules.Weights(**{n: getattr(input, n) for n in rules.COMPONENTS})
        return await mutate(info, lambda: assessment.set_weights(info.context.service, weights),
                            AssessmentWeights.of)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="标记或取消某年度的优秀候选（委员联络办），备注 200 字以内")
    async def mark_assessment_excellent(self, info: Info, year: int, member_id: strawberry.ID,
                                        excellent: bool, note: str | None = None
                                        ) -> MarkAssessmentExcellentResult:
        async def call():
            return await assessment.mark_excellent(info.context.service, year,
                                                   parse_id(member_id, "委员"), excellent, note)

        return await mutate(info, call, AssessmentMark.from_model)
