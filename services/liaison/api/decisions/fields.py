"""Decision fields of Tenant, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.decisions.types import MajorDecision
from liaison.decisions import service as decisions


async def major_decisions(info: Info, tenant: models.Tenant) -> list[MajorDecision]:
    return [MajorDecision.from_model(d)
            for d in await decisions.list_decisions(info.context.service, tenant)]
