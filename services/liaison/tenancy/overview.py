"""The side-by-side overview (全市概览) of a tenant and every tenant below it, at any depth:
a city with its counties, a province with its cities and their counties.

Per tenant, each figure as its own feature counts it:

- ``compliance``: the quarter's contact compliance (``compliance.service.city_compliance``);
- ``plans`` / ``reports``: the year's filings of serving members — ``submitted`` handed in and
  not returned (已提交 or 已采纳), of them ``late`` after the deadline; ``missing`` the rest
  (not started, a draft, or returned);
- ``opinions``: raised in the year, by state, with the conversion rate
  (``opinions.rollup.across``);
- ``sessions``: reception days starting in the quarter — held, planned (not yet recorded) and
  cancelled (``venues.rollup.across``).

The tenants: the one asked, then each readable tenant below it whose compliance the caller
reads in full, by path. A figure is None for a tenant where the caller does not read that
feature in full. A fixed number of statements, however many tenants.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.compliance import queries as compliance_queries
from liaison.compliance import service as compliance
from liaison.compliance.quarters import Quarter
from liaison.context import ServiceContext
from liaison.errors import Forbidden, NotFound
from liaison.models import AnnualFiling, Member, Tenant
from liaison.models.contacts import FilingKind, FilingStatus
from liaison.models.members import MemberStatus
from liaison.opinions import rollup as opinion_rollup
from liaison.tenancy import access
from liaison.venues import rollup as venue_rollup
from liaison.venues.rollup import VenueFigures

HANDED_IN = (FilingStatus.submitted, FilingStatus.accepted)


@dataclass
class FilingCounts:
    expected: int = 0
    submitted: int = 0
    late: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.submitted


@dataclass
class TenantOverview:
    tenant: Tenant
    quarter: Quarter
    compliance: compliance_queries.Counts
    plans: FilingCounts | None = None
    reports: FilingCounts | None = None
    opinions: opinion_rollup.OpinionSummary | None = None
    sessions: VenueFigures | None = None


async def overview(ctx: ServiceContext, tenant: Tenant, year: int | None,
                   quarter: int | None) -> list[TenantOverview]:
    """The tenant and every tenant below it the caller reads in full, side by side (default:
    the current quarter; plans, reports and opinions count the quarter's year)."""
    principal = ctx.require_principal()
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    if not policies.member_scope(principal, tenant, Obj.compliance, Act.read).everyone:
        raise Forbidden("没有权限查看全市概览")
    asked = compliance.quarter_for(tenant, year, quarter)
    _, rows = await compliance.city_compliance(ctx, tenant, asked)
    results = {t.id: TenantOverview(t, asked, counts) for t, counts in rows}
    tenants = [t for t, _ in rows]
    await _filings(ctx, results, [t for t in tenants if policies.member_scope(
        principal, t, Obj.filing, Act.read).everyone], asked.year)
    if policies.opinion_scope(principal, tenant, Act.read).everyone:
        for summary in await opinion_rollup.across(ctx, tenant, asked.year, breakdown=False):
            if summary.tenant.id in results:
                results[summary.tenant.id].opinions = summary
    if policies.venue_scope(principal, tenant, Act.read).everyone:
        for venues in await venue_rollup.across(ctx, tenant, asked.year, asked.number):
            if venues.tenant.id in results:
                results[venues.tenant.id].sessions = venues.totals
    return [results[t.id] for t in tenants]


async def _filings(ctx: ServiceContext, results: dict[uuid.UUID, TenantOverview],
                   tenants: list[Tenant], year: int) -> None:
    """Plans and reports per tenant in one statement: serving members, each with the year's
    filings (if any)."""
    if not tenants:
        return
    handed_in = AnnualFiling.status.in_(HANDED_IN)
    columns = []
    for kind in FilingKind:
        is_kind = AnnualFiling.kind == kind
        columns += [func.count().filter(is_kind, handed_in).label(f"{kind.value}_submitted"),
                    func.count().filter(is_kind, handed_in, AnnualFiling.late.is_(True))
                    .label(f"{kind.value}_late")]
    rows = await ctx.session.execute(select(
        Member.tenant_id, func.count(Member.id.distinct()).label("expected"), *columns,
    ).outerjoin(AnnualFiling, and_(AnnualFiling.tenant_id == Member.tenant_id,
                                   AnnualFiling.member_id == Member.id,
                                   AnnualFiling.year == year))
        .where(Member.tenant_id.in_([t.id for t in tenants]),
               Member.status == MemberStatus.serving)
        .group_by(Member.tenant_id))
    for t in tenants:
        results[t.id].plans, results[t.id].reports = FilingCounts(), FilingCounts()
    for row in rows:
        result = results[row.tenant_id]
        result.plans = FilingCounts(row.expected, row.plan_submitted, row.plan_late)
        result.reports = FilingCounts(row.expected, row.report_submitted, row.report_late)
