"""GraphQL types of the side-by-side overview (全市概览), and the Tenant field resolving it
(declared in api/tenants/types.py). Definitions: liaison.tenancy.overview."""

from typing import Annotated

import strawberry

from liaison import models
from liaison.api.compliance.types import ComplianceCounts, Quarter
from liaison.api.context import Info
from liaison.api.opinions.rollup import OpinionStateCount
from liaison.api.opinions.types import OpinionState
from liaison.tenancy import overview as service

# Tenant reaches TenantOverview through Tenant.overview: the way back is lazy.
TENANTS = "liaison.api.tenants.types"


@strawberry.type(description="某年计划或报告：应交（在职委员数）、已提交、其中逾期、未提交")
class FilingCounts:
    expected: int
    submitted: int = strawberry.field(description="已提交或已采纳")
    late: int = strawberry.field(description="已提交中逾期提交的")
    missing: int = strawberry.field(description="未开始、草稿或被退回")

    @classmethod
    def of(cls, c: service.FilingCounts | None) -> "FilingCounts | None":
        return None if c is None else cls(expected=c.expected, submitted=c.submitted,
                                          late=c.late, missing=c.missing)


@strawberry.type(description="某年提出的意见建议：总数、各状态件数和转化率")
class OverviewOpinions:
    total: int
    by_state: list[OpinionStateCount] = strawberry.field(description="各状态件数（含零）")
    conversion_rate: float | None = strawberry.field(
        description="转化为提案、社情民意信息或转交部门的件数 / 总件数；无意见建议时为空")


@strawberry.type(description="本季度的接待日场次")
class OverviewSessions:
    held: int = strawberry.field(description="已举行")
    planned: int = strawberry.field(description="已排班，尚未举行")
    cancelled: int = strawberry.field(description="已取消")


@strawberry.type(description="概览中的一个单位；无权查看的部分为空")
class TenantOverview:
    tenant: Annotated["Tenant", strawberry.lazy(TENANTS)]  # noqa: F821
    quarter: Quarter
    compliance: ComplianceCounts = strawberry.field(description="本季度联系情况")
    plans: FilingCounts | None = strawberry.field(description="本年度联系群众计划")
    reports: FilingCounts | None = strawberry.field(description="本年度联系情况报告")
    opinions: OverviewOpinions | None = strawberry.field(description="本年度意见建议")
    sessions: OverviewSessions | None = strawberry.field(description="本季度接待日")

    @classmethod
    def of(cls, o: service.TenantOverview) -> "TenantOverview":
        from liaison.api.tenants.types import Tenant  # tenants.types imports this module

        opinions = None if o.opinions is None else OverviewOpinions(
            total=o.opinions.total, conversion_rate=o.opinions.conversion_rate,
            by_state=[OpinionStateCount(state=OpinionState(s.value), label=s.label, count=n)
                      for s, n in o.opinions.by_state])
        sessions = None if o.sessions is None else OverviewSessions(
            held=o.sessions.held, planned=o.sessions.pending, cancelled=o.sessions.cancelled)
        return cls(tenant=Tenant.from_model(o.tenant), quarter=Quarter.of(o.quarter),
                   compliance=ComplianceCounts.of(o.compliance), plans=FilingCounts.of(o.plans),
                   reports=FilingCounts.of(o.reports), opinions=opinions, sessions=sessions)


async def overview(info: Info, tenant: models.Tenant, year: int | None,
                   quarter: int | None) -> list[TenantOverview]:
    return [TenantOverview.of(o) for o in await service.overview(
        info.context.service, tenant, year, quarter)]
