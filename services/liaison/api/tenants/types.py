"""GraphQL type of a tenant. Its fields reaching into a feature (organisation, accounts,
members, compliance, decisions, filings) are resolved in that feature's fields.py."""

import enum
from datetime import date
from typing import Annotated

import strawberry

from liaison import models
from liaison.api.accounts import fields as account_fields
from liaison.api.accounts.types import Account, RoleAssignment
from liaison.api.activities import fields as activity_fields
from liaison.api.activities.types import SectorActivity
from liaison.api.api_keys import fields as api_key_fields
from liaison.api.api_keys.types import ApiKey
from liaison.api.assessment import fields as assessment_fields
from liaison.api.assessment.types import AssessmentRow, AssessmentWeights
from liaison.api.compliance import fields as compliance_fields
from liaison.api.compliance.types import CityCompliance, Compliance
from liaison.api.context import Info
from liaison.api.decisions import fields as decision_fields
from liaison.api.decisions.types import MajorDecision
from liaison.api.disclosure import fields as disclosure_fields
from liaison.api.disclosure.types import Disclosure
from liaison.api.evaluation import fields as evaluation_fields
from liaison.api.evaluation.types import EvaluationRound, EvaluationSummary
from liaison.api.filings import fields as filing_fields
from liaison.api.filings.types import FilingKind, FilingOverviewRow
from liaison.api.guidance import fields as guidance_fields
from liaison.api.guidance.types import GuidanceItem, GuidanceMatrix, GuidanceState, GuidanceTarget
from liaison.api.members import fields as member_fields
from liaison.api.members.queries import MemberFilter, MemberSort
from liaison.api.members.types import Member
from liaison.api.opinions import fields as opinion_fields
from liaison.api.opinions import rollup as opinion_rollup
from liaison.api.opinions.rollup import OpinionSummary
from liaison.api.opinions.types import Opinion, OpinionCategory, OpinionState
from liaison.api.organisation import fields as organisation_fields
from liaison.api.organisation.types import (
    ActivityGroup,
    Committee,
    LiaisonSettings,
    Sector,
    Term,
)
from liaison.api.pagination import Connection
from liaison.api.tenants import overview as tenant_overview
from liaison.api.tenants.overview import TenantOverview
from liaison.api.venues import fields as venue_fields
from liaison.api.venues import rollup as venue_rollup
from liaison.api.venues.rollup import VenueSummary
from liaison.api.venues.types import ReceptionSession, Venue
from liaison.db.pagination import DEFAULT_PAGE
from liaison.tenancy import service as directory

LEVEL_LABELS = {"city": "市级", "county": "县级", "district": "区级"}


@strawberry.enum(description="政协组织层级")
class TenantLevel(enum.Enum):
    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"


@strawberry.type(description="政协组织（一个租户）：市政协或县（区）政协")
class Tenant:
    model: strawberry.Private[models.Tenant]
    id: strawberry.ID
    code: str
    name: str
    short_name: str
    level: TenantLevel
    path: str
    timezone: str

    @classmethod
    def from_model(cls, row: models.Tenant) -> "Tenant":
        return cls(model=row, id=strawberry.ID(str(row.id)), code=row.code, name=row.name,
                   short_name=row.short_name, level=TenantLevel(str(row.level)), path=row.path,
                   timezone=row.timezone)

    @strawberry.field(description="层级的中文名称：市级、县级、区级")
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level.value]

    @strawberry.field(description="上级政协；无权查看时为空")
    async def parent(self, info: Info) -> "Tenant | None":
        if self.model.parent_id is None:
            return None
        parent = await info.context.loaders.tenant.load(self.model.parent_id)
        visible = directory.visible(info.context.service, parent)
        return Tenant.from_model(parent) if visible else None

    @strawberry.field(description="下级县（区）政协中你有权查看的")
    async def children(self, info: Info) -> list["Tenant"]:
        ctx = info.context.service
        ctx.require_principal()
        rows = await info.context.loaders.tenant.load_many(
            directory.readable_children_ids(ctx, self.model))
        return sorted((Tenant.from_model(t) for t in rows
                       if t and t.parent_id == self.model.id and directory.visible(ctx, t)),
                      key=lambda t: t.path)

    @strawberry.field(description="界别")
    async def sectors(self, info: Info) -> list[Sector] | None:
        return await organisation_fields.sectors(info, self.model)

    @strawberry.field(description="专门委员会")
    async def committees(self, info: Info) -> list[Committee] | None:
        return await organisation_fields.committees(info, self.model)

    @strawberry.field(description="委员活动组")
    async def activity_groups(self, info: Info) -> list[ActivityGroup] | None:
        return await organisation_fields.activity_groups(info, self.model)

    @strawberry.field(description="本单位账号（按用户名排序）；无权查看时为空并附 FORBIDDEN 错误")
    async def accounts(
        self, info: Info, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Account] | None:
        return await account_fields.accounts(info, self.model, first, after)

    @strawberry.field(description="本单位的角色分配")
    async def role_assignments(
        self, info: Info, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[RoleAssignment] | None:
        return await account_fields.role_assignments(info, self.model, first, after)

    @strawberry.field(description="本单位的接口密钥（委员联络办）；无权时为空并附 FORBIDDEN 错误")
    async def api_keys(
        self, info: Info, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[ApiKey] | None:
        return await api_key_fields.api_keys_of(info, self.model, first, after)

    @strawberry.field(description="委员（按姓名或界别排序，支持筛选）")
    async def members(
        self, info: Info, filter: MemberFilter | None = None, sort: MemberSort | None = None,
        first: int = DEFAULT_PAGE, after: str | None = None,
    ) -> Connection[Member] | None:
        return await member_fields.members(info, self.model, filter, sort, first, after)

    @strawberry.field(description="届次（新的在前）")
    async def terms(self, info: Info) -> list[Term]:
        return await organisation_fields.terms(info, self.model)

    @strawberry.field(description="结对设置（每名委员最少、最多结对人数）")
    async def liaison_settings(self, info: Info) -> LiaisonSettings:
        return await organisation_fields.liaison_settings(info, self.model)

    @strawberry.field(description="季度联系情况（默认本季度）；委员看自己的，召集人看本界别")
    async def compliance(
        self, info: Info, year: int | None = None, quarter: int | None = None
    ) -> Compliance | None:
        return await compliance_fields.compliance(info, self.model, year, quarter)

    @strawberry.field(description="本单位与下级县（区）并列的季度联系情况（市政协只读查看）")
    async def compliance_by_tenant(
        self, info: Info, year: int | None = None, quarter: int | None = None
    ) -> CityCompliance | None:
        return await compliance_fields.city_compliance(info, self.model, year, quarter)

    @strawberry.field(description="本单位与下级各级单位并列的概览（本单位在前）：季度联系率、"
                                  "年度计划和报告、意见建议、季度接待日（默认本季度）")
    async def overview(
        self, info: Info, year: int | None = None, quarter: int | None = None
    ) -> list[TenantOverview] | None:
        return await tenant_overview.overview(info, self.model, year, quarter)

    @strawberry.field(description="重大决策部署（新的在前）")
    async def major_decisions(self, info: Info) -> list[MajorDecision] | None:
        return await decision_fields.major_decisions(info, self.model)

    @strawberry.field(description="各委员某年计划或报告的提交情况（谁未提交、谁逾期）")
    async def filing_overview(
        self, info: Info, kind: FilingKind, year: int
    ) -> list[FilingOverviewRow] | None:
        return await filing_fields.filing_overview(info, self.model, kind, year)

    @strawberry.field(description="意见建议（新的在前）；委员看自己的，召集人看本界别，专门委员会看承办的")
    async def opinions(
        self, info: Info, state: OpinionState | None = None,
        filter: opinion_fields.OpinionFilterInput | None = None, first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Opinion] | None:
        return await opinion_fields.opinions_of(info, self.model, state, filter, first, after)

    @strawberry.field(description="办理超期或反馈超期的意见建议（超期最久的在前），范围同 opinions")
    async def overdue_opinions(
        self, info: Info, step: opinion_fields.OpinionOverdueStep, first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Opinion] | None:
        return await opinion_fields.overdue_opinions(info, self.model, step, first, after)

    @strawberry.field(description="意见建议类别")
    async def opinion_categories(self, info: Info) -> list[OpinionCategory] | None:
        return await opinion_fields.opinion_categories(info, self.model)

    @strawberry.field(description="意见建议统计（按提出年份，默认全部年份）；范围同 opinions")
    async def opinion_summary(self, info: Info, year: int | None = None) -> OpinionSummary | None:
        return await opinion_rollup.opinion_summary(info, self.model, year)

    @strawberry.field(description="本单位与下级县（区）并列的意见建议统计（本单位在前，市政协只读查看）")
    async def opinion_summaries(
        self, info: Info, year: int | None = None
    ) -> list[OpinionSummary] | None:
        return await opinion_rollup.opinion_summaries(info, self.model, year)

    @strawberry.field(description="本单位下发的指导事项（新的在前）及各下级单位的办理情况")
    async def guidance_items(
        self, info: Info, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[GuidanceItem] | None:
        return await guidance_fields.guidance_items(info, self.model, first, after)

    @strawberry.field(description="上级政协下发给本单位的指导事项（新的在前）")
    async def guidance_inbox(
        self, info: Info, state: GuidanceState | None = None, first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[GuidanceTarget] | None:
        return await guidance_fields.guidance_inbox(info, self.model, state, first, after)

    @strawberry.field(description="下级单位 × 本单位最近下发的指导事项（状态、逾期、催办）")
    async def guidance_matrix(self, info: Info) -> GuidanceMatrix | None:
        return await guidance_fields.guidance_matrix(info, self.model)

    @strawberry.field(description="联络站和工作室（开放的在前）；工作人员看自己所在的")
    async def venues(self, info: Info) -> list[Venue] | None:
        return await venue_fields.venues_of(info, self.model)

    @strawberry.field(description="一个联络站或工作室")
    async def venue(self, info: Info, id: strawberry.ID) -> Venue | None:
        return await venue_fields.venue_of(info, self.model, id)

    @strawberry.field(description="某段日期（本单位时区，最多 100 天）的接待日；范围同 venues")
    async def reception_sessions(
        self, info: Info, from_: Annotated[date, strawberry.argument(name="from")],
        to: date, venue_id: strawberry.ID | None = None,
    ) -> list[ReceptionSession] | None:
        return await venue_fields.reception_sessions(info, self.model, from_, to, venue_id)

    @strawberry.field(description="阵地接待统计（按季度，默认本季度）：各联络站、工作室的场次、"
                                  "来访群众、意见建议和值班委员；联络站工作人员看自己的")
    async def venue_summary(
        self, info: Info, year: int | None = None, quarter: int | None = None
    ) -> VenueSummary | None:
        return await venue_rollup.venue_summary(info, self.model, year, quarter)

    @strawberry.field(description="本单位与下级县（区）并列的阵地接待统计（本单位在前，市政协只读查看）")
    async def venue_summaries(
        self, info: Info, year: int | None = None, quarter: int | None = None
    ) -> list[VenueSummary] | None:
        return await venue_rollup.venue_summaries(info, self.model, year, quarter)

    @strawberry.field(description="界别活动（新的在前，可按年份、界别筛选）；委员看自己参加的，"
                                  "工作室工作人员看本工作室的")
    async def sector_activities(
        self, info: Info, year: int | None = None, sector_id: strawberry.ID | None = None,
        first: int = DEFAULT_PAGE, after: str | None = None,
    ) -> Connection[SectorActivity] | None:
        return await activity_fields.sector_activities(info, self.model, year, sector_id, first,
                                                       after)

    @strawberry.field(description="群众评议轮次（新的年度在前；委员联络办、主席、党组）")
    async def evaluation_rounds(self, info: Info) -> list[EvaluationRound] | None:
        return await evaluation_fields.evaluation_rounds(info, self.model)

    @strawberry.field(description="公开（委员联络办、党组）：当前公开的数据与预览")
    async def disclosure(self, info: Info) -> Disclosure | None:
        return await disclosure_fields.disclosure_of(info, self.model)

    @strawberry.field(description="某委员某年度的群众评议汇总（默认本人；委员本人看自己的，"
                                  "评议结束且不少于 3 份才显示）")
    async def evaluation_summary(
        self, info: Info, year: int, member_id: strawberry.ID | None = None
    ) -> EvaluationSummary | None:
        return await evaluation_fields.evaluation_summary(info, self.model, year, member_id)

    @strawberry.field(description="某年度的委员履职考核（按本单位排名；界别召集人看本界别，委员看本人）")
    async def assessment(self, info: Info, year: int) -> list[AssessmentRow] | None:
        return await assessment_fields.tenant_assessment(info, self.model, year)

    @strawberry.field(description="考核权重（未设置时为默认的 40/20/15/15/10）")
    async def assessment_weights(self, info: Info) -> AssessmentWeights | None:
        return await assessment_fields.assessment_weights(info, self.model)
