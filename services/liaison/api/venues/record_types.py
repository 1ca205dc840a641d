"""GraphQL types of a reception day's record: held or not, how long, notes, and who came
(liaison.venues.records and .visitors). Visitors are personal data: ``visitors.items`` is
null for everyone but the venue's staff and the tenant's office (counts only), and phones are
masked as constituents' are. ``session_visitors`` resolves ``ReceptionSession.visitors``."""

from datetime import datetime
from zoneinfo import ZoneInfo

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.models.members import CATEGORY_LABELS, ConstituentCategory
from liaison.models.venues import SESSION_STATUS_LABELS, SessionStatus
from liaison.venues import visitors as visitor_reads
from liaison.venues.records import PairingMet, VisitorRecorded
from liaison.venues.visitors import PairedPerson as PairedPersonView
from liaison.venues.visitors import SessionVisitors as SessionVisitorsView
from liaison.venues.visitors import VisitorView


def _id(value) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


@strawberry.type(description="来访满足的一个结对：为值班委员登记的联系服务（委员接待日）")
class VisitPairing:
    member_id: strawberry.ID
    member_name: str
    constituent_id: strawberry.ID
    constituent_name: str
    contact_id: strawberry.ID = strawberry.field(description="为该委员登记的联系服务记录")

    @classmethod
    def from_met(cls, met: PairingMet) -> "VisitPairing":
        return cls(member_id=_id(met.member_id), member_name=met.member_name,
                   constituent_id=_id(met.constituent_id),
                   constituent_name=met.constituent_name, contact_id=_id(met.contact_id))


@strawberry.type(description="接待日的一位（或一批未留姓名的）来访群众")
class SessionVisitor:
    id: strawberry.ID
    name: str | None = strawberry.field(description="姓名；未留姓名的来访为空")
    phone: str | None = strawberry.field(description="联系电话；除委员联络办外显示为 138****5678")
    category: str | None = strawberry.field(
        description="类别：联系对象类别的值（如 grassroots），或自填的文字")
    unnamed_count: int | None = strawberry.field(description="未留姓名的来访人数")
    raised: str | None = strawberry.field(description="反映的问题")
    constituent_id: strawberry.ID | None = strawberry.field(description="是结对联系对象时")
    constituent_name: str | None
    opinion_id: strawberry.ID | None = strawberry.field(description="据此登记的意见建议")
    pairings: list[VisitPairing] = strawberry.field(
        description="这次来访满足的结对（每名结对的值班委员一条联系服务）")

    @classmethod
    def from_view(cls, view: VisitorView) -> "SessionVisitor":
        v = view.visitor
        return cls(id=_id(v.id), name=v.name, phone=view.phone, category=v.category,
                   unnamed_count=v.unnamed_count, raised=v.raised,
                   constituent_id=_id(v.constituent_id), constituent_name=view.constituent_name,
                   opinion_id=_id(v.opinion_id),
                   pairings=[VisitPairing.from_met(m) for m in view.satisfied])

    @strawberry.field(description="类别的中文名称")
    def category_label(self) -> str | None:
        if self.category in {c.value for c in ConstituentCategory}:
            return CATEGORY_LABELS[ConstituentCategory(self.category)]
        return self.category

    @strawberry.field(description="人数：具名来访为 1")
    def people(self) -> int:
        return self.unnamed_count or 1


@strawberry.type(description="值班委员当天的结对联系对象（登记来访时可从中选择）")
class PairedPerson:
    constituent_id: strawberry.ID
    name: str
    member_names: list[str] = strawberry.field(description="与其结对的值班委员")

    @classmethod
    def from_view(cls, view: PairedPersonView) -> "PairedPerson":
        return cls(constituent_id=_id(view.constituent_id), name=view.name,
                   member_names=list(view.member_names))


@strawberry.type(description="接待日的来访情况；明细只对本联络站（工作室）工作人员和委员联络办可见")
class SessionVisitors:
    people: int = strawberry.field(description="来访人数（具名的加未留姓名的）")
    named: int
    unnamed: int
    opinions: int = strawberry.field(description="登记为意见建议的条数")
    items: list[SessionVisitor] | None = strawberry.field(description="来访明细；无权查看时为空")
    paired_people: list[PairedPerson] | None = strawberry.field(
        description="值班委员的结对联系对象；无权查看时为空")

    @classmethod
    def from_view(cls, view: SessionVisitorsView) -> "SessionVisitors":
        return cls(people=view.people, named=view.named, unnamed=view.unnamed,
                   opinions=view.opinions,
                   items=None if view.items is None
                   else [SessionVisitor.from_view(v) for v in view.items],
                   paired_people=None if view.paired_people is None
                   else [PairedPerson.from_view(p) for p in view.paired_people])


async def session_visitors(info: Info, row: models.ReceptionSession) -> SessionVisitors:
    """``ReceptionSession.visitors`` (and ``SessionRecord.visitors``)."""
    return SessionVisitors.from_view(await visitor_reads.visitors(info.context.service, row.id))


@strawberry.type(description="接待日的记录：是否已举行、接待时长、记录；来访群众见 visitors")
class SessionRecord:
    model: strawberry.Private[models.ReceptionSession]
    id: strawberry.ID = strawberry.field(description="接待日")
    held: bool = strawberry.field(description="已举行")
    minutes: int | None = strawberry.field(description="实际接待时长（分钟）")
    notes: str | None = strawberry.field(description="接待记录")
    recorded_at: datetime | None

    @classmethod
    def from_model(cls, row: models.ReceptionSession) -> "SessionRecord":
        return cls(model=row, id=_id(row.id), held=row.status == SessionStatus.held,
                   minutes=row.minutes, notes=row.notes, recorded_at=row.recorded_at)

    async def _local(self, info: Info, value: datetime) -> datetime:
        tenant = await info.context.loaders.tenant.load(self.model.tenant_id)
        return value.astimezone(ZoneInfo(tenant.timezone))

    @strawberry.field(description="开始时间（本单位时区）")
    async def starts_at(self, info: Info) -> datetime:
        return await self._local(info, self.model.starts_at)

    @strawberry.field(description="结束时间（本单位时区）")
    async def ends_at(self, info: Info) -> datetime:
        return await self._local(info, self.model.ends_at)

    @strawberry.field(description="接待日状态的中文名称：已排班 / 已举行 / 已取消")
    def status_label(self) -> str:
        return SESSION_STATUS_LABELS[SessionStatus(self.model.status)]

    @strawberry.field(description="来访情况")
    async def visitors(self, info: Info) -> SessionVisitors:
        return await session_visitors(info, self.model)


@strawberry.type(description="已登记来访；pairings 为这次来访满足的结对（计入季度联系情况）")
class SessionVisitorAdded:
    result: strawberry.Private[VisitorRecorded]
    session: SessionRecord
    pairings: list[VisitPairing]
    paired_members_off_duty: list[str] = strawberry.field(
        description="与该来访结对但不在本次值班的委员（未为其登记联系服务）")
    summary: str = strawberry.field(description="满足了哪些结对，或为何没有")
    opinion_id: strawberry.ID | None = strawberry.field(description="据此登记的意见建议")

    @strawberry.field(description="来访记录（明细；电话按权限显示）")
    async def visitor(self, info: Info) -> SessionVisitor:
        seen = await visitor_reads.visitors(info.context.service, self.result.visitor.session_id)
        return next(SessionVisitor.from_view(v) for v in seen.items or []
                    if v.visitor.id == self.result.visitor.id)

    @classmethod
    def from_result(cls, result: VisitorRecorded) -> "SessionVisitorAdded":
        return cls(result=result, session=SessionRecord.from_model(result.session),
                   pairings=[VisitPairing.from_met(m) for m in result.satisfied],
                   paired_members_off_duty=result.paired_off_duty, summary=result.summary,
                   opinion_id=_id(result.visitor.opinion_id))
