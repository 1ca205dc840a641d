"""GraphQL types of contacts, compliance, major decisions, plans/reports, notifications."""

import enum
from datetime import date, datetime

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.members.types import Constituent, Member
from liaison.api.tenants.types import Tenant
from liaison.compliance import queries as compliance
from liaison.compliance.quarters import Quarter as QuarterValue
from liaison.models.contacts import (
    FILING_LABELS,
    FILING_STATUS_LABELS,
    METHOD_LABELS,
    SERVICE_LABELS,
)
from liaison.models.contacts import FilingKind as FilingKindValue
from liaison.models.contacts import FilingStatus as FilingStatusValue
from liaison.models.contacts import Method as MethodValue
from liaison.models.contacts import ServiceKind as ServiceValue

ContactMethod = strawberry.enum(
    enum.Enum("ContactMethod", {m.name.upper(): m.value for m in MethodValue}),
    description="联系服务方式：电话、微信、短信（R13）；走访、座谈会、宣讲会、委员接待日、调查研究"
                "（R14）；界别调研视察考察、界别协商、界别座谈会、界别委员工作室活动（R15）；其他")
ServiceKind = strawberry.enum(
    enum.Enum("ServiceKind", {k.name.upper(): k.value for k in ServiceValue}),
    description="服务类型（R3）")
FilingKind = strawberry.enum(
    enum.Enum("FilingKind", {k.name.upper(): k.value for k in FilingKindValue}),
    description="PLAN 年度联系群众计划；REPORT 年度联系情况报告")
FilingStatus = strawberry.enum(
    enum.Enum("FilingStatus", {k.name.upper(): k.value for k in FilingStatusValue}),
    description="草稿 / 已提交 / 已退回 / 已采纳")
PairingState = strawberry.enum(
    enum.Enum("PairingState", {k.name.upper(): k.value for k in compliance.PairingState}),
    description="本季度：CONTACTED 已联系；NOT_YET 尚未联系（季度未结束）；OVERDUE 逾期未联系")


@strawberry.type(description="重大决策部署（委员向联系对象宣传解读）")
class MajorDecision:
    model: strawberry.Private[models.MajorDecision]
    id: strawberry.ID
    title: str
    decided_on: date

    @classmethod
    def from_model(cls, row: models.MajorDecision) -> "MajorDecision":
        return cls(model=row, id=strawberry.ID(str(row.id)), title=row.title,
                   decided_on=row.decided_on)

    @strawberry.field(description="党员领导干部委员在决策前后联系群众宣传的次数（R8）")
    async def outreach(self, info: Info) -> list["DecisionOutreach"]:
        from liaison.decisions import service as decisions

        tenant = await info.context.loaders.tenant.load(self.model.tenant_id)
        rows = await decisions.outreach(info.context.service, tenant, self.model)
        return [DecisionOutreach(member=Member.from_model(r.member), contacts_before=r.before,
                                 contacts_after=r.after) for r in rows]


@strawberry.type
class DecisionOutreach:
    member: Member
    contacts_before: int
    contacts_after: int


@strawberry.type(description="一次联系服务（登记表，附件2）")
class Contact:
    model: strawberry.Private[models.Contact]
    id: strawberry.ID
    occurred_at: datetime
    occurred_on: date = strawberry.field(description="本单位时区的日期")
    place: str | None
    method: ContactMethod
    service_kinds: list[ServiceKind]
    content: str | None = strawberry.field(description="联系服务内容和推动解决的问题")
    opinions: str | None = strawberry.field(description="意见建议")
    remarks: str | None
    entered_by_office: bool = strawberry.field(description="是否由委员联络办代为登记")

    @classmethod
    def from_model(cls, row: models.Contact) -> "Contact":
        return cls(model=row, id=strawberry.ID(str(row.id)), occurred_at=row.occurred_at,
                   occurred_on=row.occurred_on, place=row.place,
                   method=ContactMethod(str(row.method)),
                   service_kinds=[ServiceKind(k) for k in row.service_kinds],
                   content=row.content, opinions=row.opinions, remarks=row.remarks,
                   entered_by_office=row.entered_by_office)

    @strawberry.field
    def method_label(self) -> str:
        return METHOD_LABELS[MethodValue(self.model.method)]

    @strawberry.field
    def service_kind_labels(self) -> list[str]:
        return [SERVICE_LABELS[ServiceValue(k)] for k in self.model.service_kinds]

    @strawberry.field
    async def member(self, info: Info) -> Member:
        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.member_id))
        return Member.from_model(row)

    @strawberry.field
    async def constituents(self, info: Info) -> list[Constituent]:
        ids = await info.context.loaders.constituents_of_contact.load(
            (self.model.tenant_id, self.model.id))
        rows = await info.context.loaders.constituent.load_many(
            [(self.model.tenant_id, i) for i in ids])
        return [Constituent.from_model(r) for r in rows if r is not None]

    @strawberry.field(description="宣传解读的重大决策（R1）")
    async def decision(self, info: Info) -> MajorDecision | None:
        if self.model.decision_id is None:
            return None
        row = await info.context.loaders.decision.load((self.model.tenant_id,
                                                        self.model.decision_id))
        return MajorDecision.from_model(row) if row else None


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


@strawberry.type(description="季度联系情况（R5）")
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
        from liaison.compliance import service as reports

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
    tenant: Tenant
    counts: ComplianceCounts


@strawberry.type(description="市政协与各县（区）并列的季度联系情况（只读）")
class CityCompliance:
    quarter: Quarter
    total: ComplianceCounts
    tenants: list[TenantCompliance]


@strawberry.type
class MethodCount:
    method: ContactMethod
    label: str
    count: int


@strawberry.type(description="报告草稿据以生成的全年数据")
class FilingFigures:
    contacts: int
    constituents_reached: int
    opinions_collected: int
    by_method: list[MethodCount]


@strawberry.type(description="年度联系群众计划 / 年度联系情况报告")
class Filing:
    model: strawberry.Private[models.AnnualFiling]
    id: strawberry.ID
    kind: FilingKind
    year: int
    status: FilingStatus
    main_practices: str | None
    opinions: str | None
    body: str | None
    submitted_at: datetime | None
    late: bool
    returned_reason: str | None
    accepted_at: datetime | None

    @classmethod
    def from_model(cls, row: models.AnnualFiling) -> "Filing":
        return cls(model=row, id=strawberry.ID(str(row.id)), kind=FilingKind(str(row.kind)),
                   year=row.year, status=FilingStatus(str(row.status)),
                   main_practices=row.main_practices, opinions=row.opinions, body=row.body,
                   submitted_at=row.submitted_at, late=row.late,
                   returned_reason=row.returned_reason, accepted_at=row.accepted_at)

    @strawberry.field
    def kind_label(self) -> str:
        return FILING_LABELS[FilingKindValue(self.model.kind)]

    @strawberry.field
    def status_label(self) -> str:
        return FILING_STATUS_LABELS[FilingStatusValue(self.model.status)]

    @strawberry.field
    def figures(self) -> FilingFigures | None:
        f = self.model.figures
        if not f:
            return None
        return FilingFigures(
            contacts=f["contacts"], constituents_reached=f["constituents_reached"],
            opinions_collected=f["opinions_collected"],
            by_method=[MethodCount(method=ContactMethod(m), label=METHOD_LABELS[MethodValue(m)],
                                   count=n) for m, n in f["by_method"].items()])

    @strawberry.field
    async def member(self, info: Info) -> Member:
        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.member_id))
        return Member.from_model(row)


@strawberry.type(description="某委员的计划或报告情况；filing 为空表示尚未开始")
class FilingOverviewRow:
    member: Member
    filing: Filing | None


@strawberry.type(description="提醒")
class Notification:
    id: strawberry.ID
    kind: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_model(cls, row: models.Notification) -> "Notification":
        return cls(id=strawberry.ID(str(row.id)), kind=row.kind, title=row.title, body=row.body,
                   created_at=row.created_at, read_at=row.read_at)
