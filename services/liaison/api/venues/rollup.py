"""GraphQL types of the venue roll-ups (阵地接待统计), and the Tenant fields resolving them
(declared in api/tenants/types.py). Definitions: liaison.venues.rollup."""

from typing import Annotated

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.venues import rollup

# Tenant reaches VenueSummary through its fields: the way back is lazy.
TENANTS = "liaison.api.tenants.types"


@strawberry.type(description="一个季度的接待日统计数字")
class VenueFigures:
    planned: int = strawberry.field(
        description="排班场次：本季度排定的全部接待日（含已举行、已取消和未记录的）")
    held: int = strawberry.field(description="已举行场次")
    cancelled: int = strawberry.field(description="已取消场次")
    pending: int = strawberry.field(description="已排班但尚未记录举行或取消的场次")
    visitors: int = strawberry.field(
        description="来访群众人次：登记姓名的每人一次，未留姓名的按人数")
    opinions: int = strawberry.field(description="来访群众反映并登记为意见建议的件数")
    members_served: int = strawberry.field(
        description="参加接待的委员人数：已举行的接待日中值班（未请假）的不同委员")

    @classmethod
    def of(cls, f: rollup.VenueFigures) -> "VenueFigures":
        return cls(planned=f.planned, held=f.held, cancelled=f.cancelled, pending=f.pending,
                   visitors=f.visitors, opinions=f.opinions, members_served=f.members_served)


@strawberry.type(description="一个委员联络站或界别委员工作室的季度统计")
class VenueRollupRow:
    venue_id: strawberry.ID
    name: str
    kind_label: str = strawberry.field(description="委员联络站或界别委员工作室")
    is_active: bool = strawberry.field(description="是否在用；已关闭的只在本季度有接待日时列出")
    figures: VenueFigures

    @classmethod
    def of(cls, row: rollup.VenueRow) -> "VenueRollupRow":
        return cls(venue_id=strawberry.ID(str(row.venue_id)), name=row.name,
                   kind_label=row.kind.label, is_active=row.is_active,
                   figures=VenueFigures.of(row.figures))


@strawberry.type(description="阵地接待统计（一个季度；你有权查看的联络站和工作室）")
class VenueSummary:
    tenant: Annotated["Tenant", strawberry.lazy(TENANTS)]  # noqa: F821
    year: int
    quarter: int
    label: str = strawberry.field(description="如：2025年第二季度")
    rows: list[VenueRollupRow] = strawberry.field(description="在用的和本季度有接待日的阵地，"
                                                              "联络站在前，按名称排序")
    totals: VenueFigures = strawberry.field(
        description="合计；意见建议和委员按不同的计（一名委员在两处值班计一人）")

    @classmethod
    def of(cls, s: rollup.VenueSummary) -> "VenueSummary":
        from liaison.api.tenants.types import Tenant  # tenants.types imports this module

        return cls(tenant=Tenant.from_model(s.tenant), year=s.quarter.year,
                   quarter=s.quarter.number, label=s.quarter.label,
                   rows=[VenueRollupRow.of(r) for r in s.rows],
                   totals=VenueFigures.of(s.totals))


async def venue_summary(info: Info, tenant: models.Tenant, year: int | None,
                        quarter: int | None) -> VenueSummary:
    return VenueSummary.of(await rollup.summary(info.context.service, tenant, year, quarter))


async def venue_summaries(info: Info, tenant: models.Tenant, year: int | None,
                          quarter: int | None) -> list[VenueSummary]:
    return [VenueSummary.of(s) for s in await rollup.across(info.context.service, tenant, year,
                                                             quarter)]
