"""GraphQL types of the public supervision snapshot (公开): the same aggregates the public
page shows — counts and the names of members and sectors, nothing else."""

from datetime import date, datetime

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.disclosure import service as disclosure


@strawberry.type(description="群众评议满意度：（满意 + 基本满意）/ 已评议份数，不足 3 份不显示")
class DisclosureSatisfaction:
    answers: int
    rate: int | None = strawberry.field(description="百分比（四舍五入）；不足 3 份为空")


@strawberry.type(description="一个界别（或全部委员）的统计")
class DisclosureFigures:
    name: str | None = strawberry.field(description="界别名称；合计时为空")
    members: int
    contacts: int = strawberry.field(description="联系群众次数")
    reception_days: int = strawberry.field(description="委员值班的已举办接待日场数")
    opinions_raised: int
    opinions_converted: int = strawberry.field(description="转化为提案、社情民意信息或转交部门的")
    satisfaction: DisclosureSatisfaction

    @classmethod
    def of(cls, d: dict) -> "DisclosureFigures":
        return cls(name=d.get("name"), members=d["members"], contacts=d["contacts"],
                   reception_days=d["reception_days"], opinions_raised=d["opinions_raised"],
                   opinions_converted=d["opinions_converted"],
                   satisfaction=DisclosureSatisfaction(**d["satisfaction"]))


@strawberry.type(description="一名委员的公开统计：只有姓名、界别和次数")
class DisclosureMember:
    name: str
    sector: str
    contacts: int
    reception_duties: int
    opinions_raised: int
    opinions_converted: int


@strawberry.type(description="公开的内容：当年 1 月 1 日至所选季度末")
class DisclosureContent:
    year: int
    quarter: int
    since: date
    until: date
    totals: DisclosureFigures
    sectors: list[DisclosureFigures]
    members: list[DisclosureMember]

    @classmethod
    def of(cls, d: dict) -> "DisclosureContent":
        return cls(year=d["year"], quarter=d["quarter"], since=date.fromisoformat(d["from"]),
                   until=date.fromisoformat(d["until"]), totals=DisclosureFigures.of(d["totals"]),
                   sectors=[DisclosureFigures.of(s) for s in d["sectors"]],
                   members=[DisclosureMember(**m) for m in d["members"]])


@strawberry.type(description="一份发布的公开数据（发布时固定）")
class DisclosureSnapshot:
    id: strawberry.ID
    year: int
    quarter: int
    published_at: datetime | None
    unpublished_at: datetime | None
    content: DisclosureContent

    @classmethod
    def from_model(cls, row: models.DisclosureSnapshot) -> "DisclosureSnapshot":
        return cls(id=strawberry.ID(str(row.id)), year=row.year, quarter=row.quarter,
                   published_at=row.published_at, unpublished_at=row.unpublished_at,
                   content=DisclosureContent.of(row.data))


@strawberry.type(description="公开（委员联络办、党组）：当前公开的数据与任一季度的预览")
class Disclosure:
    tenant: strawberry.Private[models.Tenant]

    @strawberry.field(description="当前公开的数据；未发布或已撤下时为空")
    async def published(self, info: Info) -> DisclosureSnapshot | None:
        row = await disclosure.current(info.context.service, self.tenant)
        return DisclosureSnapshot.from_model(row) if row is not None else None

    @strawberry.field(description="某年截至某季度的预览：发布后公开页面显示的内容")
    async def preview(self, info: Info, year: int, quarter: int) -> DisclosureContent:
        return DisclosureContent.of(await disclosure.preview(info.context.service, year,
                                                             quarter))
