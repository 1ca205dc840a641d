"""GraphQL types of the opinion roll-ups (意见建议统计), and the Tenant fields resolving them
(declared in api/tenants/types.py). Definitions: liaison.opinions.rollup."""

from typing import Annotated

import strawberry
from strawberry.types.nodes import SelectedField

from liaison import models
from liaison.api.context import Info
from liaison.api.opinions.types import OpinionState
from liaison.models.opinions import OutcomeKind
from liaison.opinions import rollup

# Tenant reaches OpinionSummary through its fields: the way back is lazy.
TENANTS = "liaison.api.tenants.types"
BREAKDOWNS = {"byCategory", "bySector", "byCommittee", "byMember"}


@strawberry.type(description="某一状态的意见建议件数")
class OpinionStateCount:
    state: OpinionState
    label: str
    count: int


@strawberry.type(description="按类别、界别、专门委员会或委员分组的件数")
class OpinionCount:
    id: strawberry.ID | None = strawberry.field(
        description="为空：专门委员会为委员联络办办理，界别或委员为未填写")
    name: str
    count: int

    @classmethod
    def of(cls, c: rollup.Count) -> "OpinionCount":
        return cls(id=strawberry.ID(str(c.id)) if c.id else None, name=c.name, count=c.count)


@strawberry.type(description="转化情况：件数（并案的意见建议各计一件）")
class OpinionConversions:
    proposal: int = strawberry.field(description="转化为提案")
    social_info: int = strawberry.field(description="转化为社情民意信息")
    referred: int = strawberry.field(description="转交部门")


@strawberry.type(description="意见建议统计（按提出日期的年份；你有权查看的部分）")
class OpinionSummary:
    tenant: Annotated["Tenant", strawberry.lazy(TENANTS)]  # noqa: F821
    year: int | None = strawberry.field(description="统计年份；为空表示全部年份")
    total: int
    by_state: list[OpinionStateCount] = strawberry.field(description="各状态件数（含零）")
    by_category: list[OpinionCount] = strawberry.field(description="按件数从多到少")
    by_sector: list[OpinionCount]
    by_committee: list[OpinionCount]
    by_member: list[OpinionCount]
    converted: OpinionConversions
    conversion_rate: float | None = strawberry.field(
        description="转化率：转化为提案、社情民意信息或转交部门的件数 / 总件数；无意见建议时为空")
    fed_back: int = strawberry.field(description="已反馈（含已办结）的件数")
    median_days_to_feedback: float | None = strawberry.field(
        description="从提出到反馈的天数中位数（已反馈、已办结的）；无则为空")
    overdue: int = strawberry.field(description="已登记或办理中且已过办理期限的件数")

    @classmethod
    def of(cls, s: rollup.OpinionSummary) -> "OpinionSummary":
        from liaison.api.tenants.types import Tenant  # tenants.types imports this module

        def counts(rows):
            return [OpinionCount.of(c) for c in rows]

        return cls(
            tenant=Tenant.from_model(s.tenant), year=s.year, total=s.total,
            by_state=[OpinionStateCount(state=OpinionState(st.value), label=st.label, count=n)
                      for st, n in s.by_state],
            by_category=counts(s.by_category), by_sector=counts(s.by_sector),
            by_committee=counts(s.by_committee), by_member=counts(s.by_member),
            converted=OpinionConversions(proposal=s.converted[OutcomeKind.proposal],
                                         social_info=s.converted[OutcomeKind.social_info],
                                         referred=s.converted[OutcomeKind.referred]),
            conversion_rate=s.conversion_rate, fed_back=s.fed_back,
            median_days_to_feedback=s.median_days_to_feedback, overdue=s.overdue)


async def opinion_summary(info: Info, tenant: models.Tenant, year: int | None
                          ) -> OpinionSummary:
    return OpinionSummary.of(await rollup.summary(info.context.service, tenant, year))


def _asks_breakdown(selections) -> bool:
    """Whether the selection (its fragments included) names a breakdown list."""
    return any(s.name in BREAKDOWNS if isinstance(s, SelectedField)
               else _asks_breakdown(s.selections) for s in selections)


async def opinion_summaries(info: Info, tenant: models.Tenant, year: int | None
                            ) -> list[OpinionSummary]:
    """The side by side; the breakdowns (one statement more) only when asked for."""
    breakdown = any(_asks_breakdown(f.selections) for f in info.selected_fields)
    return [OpinionSummary.of(s) for s in await rollup.across(
        info.context.service, tenant, year, breakdown=breakdown)]
