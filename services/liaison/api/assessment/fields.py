"""Assessment fields of Tenant and Member, resolved here and declared there."""

from liaison import models
from liaison.api.assessment.types import AssessmentRow, AssessmentWeights
from liaison.api.context import Info
from liaison.assessment import service as assessment


async def tenant_assessment(info: Info, tenant: models.Tenant, year: int
                            ) -> list[AssessmentRow]:
    rows = await assessment.scores(info.context.service, tenant, year)
    return [AssessmentRow.of(r) for r in rows]


async def assessment_weights(info: Info, tenant: models.Tenant) -> AssessmentWeights:
    return AssessmentWeights.of(await assessment.get_weights(info.context.service, tenant))


async def member_assessment(info: Info, member: models.Member, year: int) -> AssessmentRow:
    tenant = await info.context.loaders.tenant.load(member.tenant_id)
    row = await assessment.member_assessment(info.context.service, tenant, year, member.id)
    return AssessmentRow.of(row)
