"""GraphQL types of the people's evaluation (群众评议)."""

from datetime import date, datetime

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.evaluation import results
from liaison.evaluation import service as evaluation
from liaison.models.guidance import RATING_LABELS, ROUND_STATE_LABELS
from liaison.models.guidance import Rating as RatingValue
from liaison.models.guidance import RoundState as RoundStateValue

EvaluationRoundState = graphql_enum(RoundStateValue, "EvaluationRoundState",
                                    "评议中 / 已结束（常委会已审议，答复冻结）")
EvaluationRating = graphql_enum(RatingValue, "EvaluationRating", "满意 / 基本满意 / 不满意")


def _id(value) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type(description="某一评价的份数")
class EvaluationRatingCount:
    rating: EvaluationRating
    label: str
    count: int


def _counts(tally: results.Tally) -> list[EvaluationRatingCount]:
    return [EvaluationRatingCount(rating=EvaluationRating(r.value), label=RATING_LABELS[r],
                                  count=n) for r, n in tally.counts()]


@strawberry.type(description="一名委员在一轮评议中的结果（委员联络办、主席、党组查看）："
                             "只有份数和不署名的意见（按内容排序），不显示谁作何评价")
class EvaluationMemberResult:
    member_id: strawberry.ID
    member_name: str
    sector_name: str
    codes: int = strawberry.field(description="发出的评议码数")
    answers: int = strawberry.field(description="已评议份数")
    counts: list[EvaluationRatingCount]
    satisfaction_rate: float | None = strawberry.field(
        description="满意率：（满意 + 基本满意）/ 已评议份数；无人评议时为空")
    comments: list[str]

    @classmethod
    def of(cls, row: results.MemberResult) -> "EvaluationMemberResult":
        return cls(member_id=_id(row.member_id), member_name=row.member_name,
                   sector_name=row.sector_name, codes=row.codes, answers=row.tally.answers,
                   counts=_counts(row.tally), satisfaction_rate=row.tally.rate,
                   comments=list(row.comments))


@strawberry.type(description="一年一轮的群众评议：委员联络办开启，主席或党组（领导小组）"
                             "记录常委会审议结果后结束，结束后评议码失效、答复冻结")
class EvaluationRound:
    model: strawberry.Private[models.EvaluationRound]
    id: strawberry.ID
    year: int
    state: EvaluationRoundState
    state_label: str
    opened_at: datetime
    closed_at: datetime | None
    review_on: date | None = strawberry.field(description="常委会审议日期")
    conclusion: str | None = strawberry.field(description="审议结论")
    commended_member_ids: list[strawberry.ID] = strawberry.field(description="表扬的委员")
    talk_member_ids: list[strawberry.ID] = strawberry.field(description="约谈的委员")

    @classmethod
    def from_model(cls, row: models.EvaluationRound) -> "EvaluationRound":
        state = RoundStateValue(row.state)
        return cls(model=row, id=_id(row.id), year=row.year,
                   state=EvaluationRoundState(state.value), state_label=ROUND_STATE_LABELS[state],
                   opened_at=row.opened_at, closed_at=row.closed_at, review_on=row.review_on,
                   conclusion=row.conclusion,
                   commended_member_ids=[_id(i) for i in row.commended or []],
                   talk_member_ids=[_id(i) for i in row.talks or []])

    @strawberry.field(description="发出的评议码数")
    async def codes(self, info: Info) -> int:
        return (await evaluation.totals(info.context.service, self.model))[0]

    @strawberry.field(description="已评议份数")
    async def answers(self, info: Info) -> int:
        return (await evaluation.totals(info.context.service, self.model))[1]

    @strawberry.field(description="各委员的结果（按界别、姓名）")
    async def results(self, info: Info) -> list[EvaluationMemberResult]:
        rows = await results.member_results(info.context.service, self.model)
        return [EvaluationMemberResult.of(r) for r in rows]


@strawberry.type(description="一张评议单：评议码只在开启或补发时显示这一次（系统只保存摘要）")
class EvaluationSlip:
    code: str = strawberry.field(description="评议码，XXXXX-XXXXX")
    url: str = strawberry.field(description="评议页面地址（含评议码，即二维码的内容）")
    path: str = strawberry.field(description="同上，不含本系统地址")
    member_id: strawberry.ID
    member_name: str
    sector_name: str
    constituent_name: str = strawberry.field(description="评议单发给的结对群众")


@strawberry.type(description="新的评议码：请立即打印或发送，之后无法再次查看；"
                             "遗失的可补发（旧码随即失效）")
class EvaluationSlips:
    round: EvaluationRound
    slips: list[EvaluationSlip]

    @classmethod
    def of(cls, issued: evaluation.Issued, *, base: str, tenant_code: str) -> "EvaluationSlips":
        return cls(round=EvaluationRound.from_model(issued.round), slips=[EvaluationSlip(
            code=s.code, url=s.url(base, tenant_code), path=s.url("", tenant_code),
            member_id=_id(s.recipient.member_id), member_name=s.recipient.member_name,
            sector_name=s.recipient.sector_name,
            constituent_name=s.recipient.constituent_name) for s in issued.slips])


@strawberry.type(description="委员本人的评议汇总：各评价的份数和不署名的意见。评议结束前，"
                             "或少于 3 份时不显示（hidden 说明原因）")
class EvaluationSummary:
    round_id: strawberry.ID
    year: int
    round_state: EvaluationRoundState
    member_id: strawberry.ID
    member_name: str
    sector_name: str
    hidden: str | None = strawberry.field(
        description="不显示的原因：“样本不足（少于3份），暂不显示”或评议尚未结束；显示时为空")
    answers: int | None
    counts: list[EvaluationRatingCount] | None
    satisfaction_rate: float | None
    comments: list[str]

    @classmethod
    def of(cls, s: results.Summary) -> "EvaluationSummary":
        return cls(round_id=_id(s.round_id), year=s.year,
                   round_state=EvaluationRoundState(s.state.value), member_id=_id(s.member_id),
                   member_name=s.member_name, sector_name=s.sector_name, hidden=s.hidden,
                   answers=s.tally.answers if s.tally else None,
                   counts=_counts(s.tally) if s.tally else None,
                   satisfaction_rate=s.tally.rate if s.tally else None,
                   comments=list(s.comments))
