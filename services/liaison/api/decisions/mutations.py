"""Mutations: register major decisions."""

from datetime import date
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.decisions.types import MajorDecision
from liaison.api.errors import ForbiddenError, ValidationErrors
from liaison.api.mutation import mutate
from liaison.api.permissions import IsAuthenticated
from liaison.decisions import service as decisions


@strawberry.input
class MajorDecisionInput:
    title: str
    decided_on: date


DecisionResult = Annotated[MajorDecision | ValidationErrors | ForbiddenError,
                           strawberry.union("DecisionResult")]


@strawberry.type
class DecisionMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="登记重大决策部署（委员联络办）")
    async def create_major_decision(self, info: Info,
                                    input: MajorDecisionInput) -> DecisionResult:
        ctx = info.context.service
        return await mutate(info, lambda: decisions.create_decision(ctx, input.title,
                                                                             input.decided_on),
                                     MajorDecision.from_model)
