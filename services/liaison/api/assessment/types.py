"""GraphQL types of the annual liaison assessment (考核)."""

import strawberry

from liaison import models
from liaison.assessment import rules
from liaison.assessment.service import Row


@strawberry.type(description="考核权重（百分比，合计 100）")
class AssessmentWeights:
    quarters: int = strawberry.field(description="季度联系全覆盖")
    filings: int = strawberry.field(description="计划和报告按时报送")
    opinions: int = strawberry.field(description="意见建议转化")
    duties: int = strawberry.field(description="接待日值班")
    evaluation: int = strawberry.field(description="群众评议")

    @classmethod
    def of(cls, weights: rules.Weights) -> "AssessmentWeights":
        return cls(**{n: weights.of(n) for n in rules.COMPONENTS})


@strawberry.type(description="考核的一项：权重、得分率（0–1）和得分；不计入时得分率和得分为空，"
                             "其权重按比例分给其他计入的项")
class AssessmentComponent:
    name: str = strawberry.field(description="quarters、filings、opinions、duties 或 evaluation")
    label: str
    weight: int
    ratio: float | None
    points: float | None
    fact: str = strawberry.field(description="据以计算的事实，如“3/4 个季度”")


@strawberry.type(description="一名委员某年度的考核")
class AssessmentRow:
    member_id: strawberry.ID
    member_name: str
    sector_name: str
    score: float = strawberry.field(description="总分（0–100，一位小数）")
    tenant_rank: int = strawberry.field(description="本单位排名（同分同名次）")
    sector_rank: int = strawberry.field(description="界别内排名")
    excellent: bool = strawberry.field(description="委员联络办标记的优秀候选")
    note: str | None
    components: list[AssessmentComponent]

    @classmethod
    def of(cls, row: Row) -> "AssessmentRow":
        facts = rules.fact_texts(row.facts)
        return cls(member_id=strawberry.ID(str(row.member_id)), member_name=row.member_name,
                   sector_name=row.sector_name, score=float(row.score),
                   tenant_rank=row.tenant_rank, sector_rank=row.sector_rank,
                   excellent=row.excellent, note=row.note, components=[
                       AssessmentComponent(
                           name=c.name, label=c.label, weight=c.weight,
                           ratio=None if c.ratio is None else round(float(c.ratio), 4),
                           points=None if c.points is None else float(c.points),
                           fact=facts[c.name]) for c in row.components])


@strawberry.type(description="优秀候选标记")
class AssessmentMark:
    member_id: strawberry.ID
    year: int
    excellent: bool
    note: str | None

    @classmethod
    def from_model(cls, row: models.AssessmentMark) -> "AssessmentMark":
        return cls(member_id=strawberry.ID(str(row.member_id)), year=row.year,
                   excellent=row.excellent, note=row.note)
