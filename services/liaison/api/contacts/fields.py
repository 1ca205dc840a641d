"""Contact-related fields of Tenant, Member and Me, resolved here and attached there."""

import strawberry

from liaison.api.contacts.types import (
    CityCompliance,
    Compliance,
    ComplianceCounts,
    ComplianceGroup,
    Contact,
    Filing,
    FilingKind,
    FilingOverviewRow,
    MajorDecision,
    Notification,
    Quarter,
    TenantCompliance,
)
from liaison.api.context import Info
from liaison.api.members.types import Member
from liaison.api.pagination import Connection, connection
from liaison.api.tenants.types import Tenant
from liaison.authz import policies
from liaison.compliance import service as reports
from liaison.decisions import service as decisions
from liaison.errors import PublicError
from liaison.filings import service as filings
from liaison.models.contacts import FilingKind as FilingKindValue
from liaison.notifications import service as notifications


async def compliance(info: Info, tenant, year: int | None, quarter: int | None) -> Compliance:
    q = reports.quarter_for(tenant, year, quarter)
    total, groups = await reports.tenant_compliance(info.context.service, tenant, q)

    def named(rows):
        return [ComplianceGroup(id=strawberry.ID(str(r.id)), name=r.name,
                                counts=ComplianceCounts.of(r.counts)) for r in rows]

    return Compliance(quarter=Quarter.of(q), total=ComplianceCounts.of(total),
                      by_sector=named(groups["sector"]), by_committee=named(groups["committee"]),
                      by_activity_group=named(groups["group"]), tenant_model=tenant,
                      quarter_value=q)


async def city_compliance(info: Info, tenant, year: int | None,
                          quarter: int | None) -> CityCompliance:
    q = reports.quarter_for(tenant, year, quarter)
    total, rows = await reports.city_compliance(info.context.service, tenant, q)
    return CityCompliance(quarter=Quarter.of(q), total=ComplianceCounts.of(total), tenants=[
        TenantCompliance(tenant=Tenant.from_model(t), counts=ComplianceCounts.of(c))
        for t, c in rows])


async def major_decisions(info: Info, tenant) -> list[MajorDecision]:
    principal = info.context.service.require_principal()
    if not policies.has_permission(principal, tenant.path, "tenant", "read"):
        raise PublicError("FORBIDDEN", "没有权限")
    return [MajorDecision.from_model(d)
            for d in await decisions.list_decisions(info.context.service, tenant)]


async def filing_overview(info: Info, tenant, kind: FilingKind,
                          year: int) -> list[FilingOverviewRow]:
    rows = await filings.overview(info.context.service, tenant, FilingKindValue(kind.value),
                                  year)
    return [FilingOverviewRow(member=Member.from_model(m),
                              filing=Filing.from_model(f) if f else None) for m, f in rows]


def _require_member_scope(info: Info, tenant, member, obj: str) -> None:
    principal = info.context.service.require_principal()
    if not policies.member_scope(principal, tenant, obj, "read").allows(member.id,
                                                                        member.sector_id):
        raise PublicError("FORBIDDEN", "没有权限查看该委员的联系服务记录、计划和报告")


async def member_contacts(info: Info, member, year: int) -> list[Contact]:
    tenant = await info.context.loaders.tenant.load(member.tenant_id)
    _require_member_scope(info, tenant, member, "contact")
    rows = await info.context.loaders.contacts_of_member_year.load(
        (member.tenant_id, member.id, year))
    return [Contact.from_model(r) for r in rows]


async def member_filings(info: Info, member) -> list[Filing]:
    tenant = await info.context.loaders.tenant.load(member.tenant_id)
    _require_member_scope(info, tenant, member, "filing")
    rows = await info.context.loaders.filings_of_member.load((member.tenant_id, member.id))
    return [Filing.from_model(r) for r in rows]


async def my_notifications(info: Info, unread_only: bool, first: int,
                           after: str | None) -> Connection[Notification]:
    page = await notifications.list_mine(info.context.service, unread_only=unread_only,
                                         first=first, after=after)
    return connection(page, Notification.from_model)
