"""Evaluation fields of Tenant, resolved here and declared there."""

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.evaluation.types import EvaluationRound, EvaluationSummary
from liaison.api.mutation import parse_id
from liaison.evaluation import results
from liaison.evaluation import service as evaluation


async def evaluation_rounds(info: Info, tenant: models.Tenant) -> list[EvaluationRound]:
    rows = await evaluation.list_rounds(info.context.service, tenant)
    return [EvaluationRound.from_model(r) for r in rows]


async def evaluation_summary(info: Info, tenant: models.Tenant, year: int,
                             member_id: strawberry.ID | None) -> EvaluationSummary:
    wanted = parse_id(member_id, "委员") if member_id is not None else None
    summary = await results.member_summary(info.context.service, tenant, year, wanted)
    return EvaluationSummary.of(summary)
