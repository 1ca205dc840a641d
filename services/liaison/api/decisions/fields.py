"""Decision fields of Tenant, resolved here and declared there."""

from liaison import models
from liaison.api.context import Info
from liaison.api.decisions.types import MajorDecision
from liaison.authz import policies
from liaison.decisions import service as decisions
from liaison.errors import PublicError


async def major_decisions(info: Info, tenant: models.Tenant) -> list[MajorDecision]:
    principal = info.context.service.require_principal()
    if not policies.has_permission(principal, tenant.path, "tenant", "read"):
        raise PublicError("FORBIDDEN", "没有权限")
    return [MajorDecision.from_model(d)
            for d in await decisions.list_decisions(info.context.service, tenant)]
