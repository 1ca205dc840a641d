"""Compliance fields of Tenant, resolved here and declared there."""

import strawberry

from liaison import models
from liaison.api.compliance.types import (
    CityCompliance,
    Compliance,
    ComplianceCounts,
    ComplianceGroup,
    Quarter,
    TenantCompliance,
)
from liaison.api.context import Info
from liaison.compliance import service as reports


async def compliance(info: Info, tenant: models.Tenant, year: int | None,
                     quarter: int | None) -> Compliance:
    q = reports.quarter_for(tenant, year, quarter)
    total, groups = await reports.tenant_compliance(info.context.service, tenant, q)

    def named(rows):
        return [ComplianceGroup(id=strawberry.ID(str(r.id)), name=r.name,
                                counts=ComplianceCounts.of(r.counts)) for r in rows]

    return Compliance(quarter=Quarter.of(q), total=ComplianceCounts.of(total),
                      by_sector=named(groups["sector"]), by_committee=named(groups["committee"]),
                      by_activity_group=named(groups["group"]), tenant_model=tenant,
                      quarter_value=q)


async def city_compliance(info: Info, tenant: models.Tenant, year: int | None,
                          quarter: int | None) -> CityCompliance:
    from liaison.api.tenants.types import Tenant  # tenants.types imports this module

    q = reports.quarter_for(tenant, year, quarter)
    total, rows = await reports.city_compliance(info.context.service, tenant, q)
    return CityCompliance(quarter=Quarter.of(q), total=ComplianceCounts.of(total), tenants=[
        TenantCompliance(tenant=Tenant.from_model(t), counts=ComplianceCounts.of(c))
        for t, c in rows])
