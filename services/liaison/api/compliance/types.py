"""GraphQL types of quarterly compliance (R5): a tenant's, and a city's with its counties."""

from datetime import date
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.members.types import Member
from liaison.api.pairings.types import Constituent
from liaison.compliance import queries as compliance
from liaison.compliance import service as reports
from liaison.compliance.quarters import Quarter as QuarterValue

# Tenant reaches TenantCompliance through Tenant.complianceByTenant: the way back is lazy.
TENANTS = "liaison.api.tenants.types"

PairingState = graphql_enum(
    compliance.PairingState, "PairingState",
    "本季度：CONTACTED 已联系；NOT_YET 尚未联系（季度未结束）；OVERDUE 逾期未联系")


@strawberry.type(description="季度")
class Quarter:
    year: int
    quarter: int
    label: str
    starts_on: date
    ends_on: date

    @classmethod
    def of(cls, q: QuarterValue) -> "Quarter":
        return cls(year=q.year, quarter=q.number, label=q.label, starts_on=q.start,
                   ends_on=q.end)


@strawberry.type(description="应联系（结对数）、已联系、尚未联系、逾期，及联系率")
class ComplianceCounts:
    due: int
    contacted: int
    not_yet: int
    overdue: int
    rate: float | None = strawberry.field(description="已联系 / 应联系；无应联系时为空")

    @classmethod
    def of(cls, c: compliance.Counts) -> "ComplianceCounts":
        return cls(due=c.due, contacted=c.contacted, not_yet=c.not_yet, overdue=c.overdue,
                   rate=c.rate)


@strawberry.type
class ComplianceGroup:
    id: strawberry.ID
    name: str
    counts: ComplianceCounts


@strawberry.type(description="尚未联系的结对")
class BehindItem:
    member: Member
    constituent: Constituent
    state: PairingState
    days_left: int | None = strawberry.field(description="距季度结束的天数（逾期时为空）")


@strawberry.type
class BehindPage:
    items: list[BehindItem]
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="季度联系情况")
class Compliance:
    quarter: Quarter
    total: ComplianceCounts
    by_sector: list[ComplianceGroup]
    by_committee: list[ComplianceGroup]
    by_activity_group: list[ComplianceGroup]
    tenant_model: strawberry.Private[models.Tenant]
    quarter_value: strawberry.Private[QuarterValue]

    @strawberry.field(description="尚未联系的结对，按委员姓名排序")
    async def behind(self, info: Info, first: int = 20, after: str | None = None) -> BehindPage:
        page = await reports.behind(info.context.service, self.tenant_model,
                                    self.quarter_value, first=first, after=after)
        members = await info.context.loaders.member.load_many(
            [(i.tenant_id, i.member_id) for i in page.items])
        constituents = await info.context.loaders.constituent.load_many(
            [(i.tenant_id, i.constituent_id) for i in page.items])
        return BehindPage(
            items=[BehindItem(member=Member.from_model(m), constituent=Constituent.from_model(c),
                              state=PairingState(i.state.value), days_left=i.days_left)
                   for i, m, c in zip(page.items, members, constituents, strict=True)],
            has_next_page=page.has_next, end_cursor=page.end_cursor)


@strawberry.type
class TenantCompliance:
    tenant: Annotated["Tenant", strawberry.lazy(TENANTS)]  # noqa: F821
    counts: ComplianceCounts


@strawberry.type(description="市政协与各县（区）并列的季度联系情况（只读）")
class CityCompliance:
    quarter: Quarter
    total: ComplianceCounts
    tenants: list[TenantCompliance]
