"""GraphQL types of venues (阵地) and their reception-day rota (委员接待日), for every module of
api/venues/ to reuse: ``Venue.from_model``, ``ReceptionSession.from_model``."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import strawberry

from liaison import models
from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.organisation.types import Sector
from liaison.api.venues.duty_types import DutyStatus
from liaison.api.venues.record_types import SessionVisitors, session_visitors
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.models.venues import DutyStatus as DutyValue
from liaison.models.venues import HolidayPolicy as PolicyValue
from liaison.models.venues import SessionStatus as StatusValue
from liaison.models.venues import VenueKind as KindValue
from liaison.venues import checks
from liaison.venues.series import SeriesMade

VenueKind = graphql_enum(KindValue, "VenueKind", "委员联络站 / 界别委员工作室")
SessionStatus = graphql_enum(StatusValue, "SessionStatus", "已排班 / 已举行 / 已取消")
HolidayPolicy = graphql_enum(PolicyValue, "HolidayPolicy",
                             "遇法定节假日：保留并标注 / 顺延到下一个工作日（调休上班日算工作日）")


def _id(value) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


async def _zone(info: Info, tenant_id) -> ZoneInfo:
    return checks.zone(await info.context.loaders.tenant.load(tenant_id))


@strawberry.type(description="阵地：委员联络站（乡镇、街道或社区）或界别委员工作室")
class Venue:
    model: strawberry.Private[models.Venue]
    id: strawberry.ID
    kind: VenueKind
    kind_label: str
    name: str
    area: str | None = strawberry.field(description="所在乡镇、街道或社区")
    address: str | None
    opening_hours: str | None
    phone: str | None = strawberry.field(description="场地的公开联系电话")
    host_unit: str | None = strawberry.field(description="界别委员工作室的依托单位")
    description: str | None = strawberry.field(description="公开简介")
    is_active: bool = strawberry.field(description="是否开放；关闭后不能安排新的接待日")

    @classmethod
    def from_model(cls, row: models.Venue) -> "Venue":
        kind = KindValue(row.kind)
        return cls(model=row, id=strawberry.ID(str(row.id)), kind=VenueKind(kind.value),
                   kind_label=kind.label, name=row.name, area=row.area, address=row.address,
                   opening_hours=row.opening_hours, phone=row.phone, host_unit=row.host_unit,
                   description=row.description, is_active=row.is_active)

    @strawberry.field(description="界别委员工作室所属的界别；联络站为空列表")
    async def sectors(self, info: Info) -> list[Sector]:
        loaders = info.context.loaders
        links = await loaders.sectors_of_venue.load((self.model.tenant_id, self.model.id))
        rows = await loaders.sector.load_many([(r.tenant_id, r.sector_id) for r in links])
        return [Sector.from_model(r) for r in sorted((r for r in rows if r),
                                                     key=lambda r: (r.sort_order, r.name))]


@strawberry.type(description="值班委员")
class DutyMember:
    id: strawberry.ID
    name: str


@strawberry.type(description="一名委员在一次接待日的值班")
class SessionDuty:
    model: strawberry.Private[models.SessionDuty]
    id: strawberry.ID
    status: DutyStatus
    status_label: str
    reason: str | None = strawberry.field(
        description="请假原因：只对本联络站（工作室）工作人员、委员联络办和本人可见")

    @classmethod
    def from_model(cls, row: models.SessionDuty, *, show_reason: bool) -> "SessionDuty":
        status = DutyValue(row.status)
        return cls(model=row, id=strawberry.ID(str(row.id)), status=DutyStatus(status.value),
                   status_label=status.label, reason=row.reason if show_reason else None)

    @strawberry.field
    async def member(self, info: Info) -> DutyMember | None:
        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.member_id))
        return DutyMember(id=strawberry.ID(str(row.id)), name=row.name) if row else None

    @strawberry.field(description="申请与之换班的委员")
    async def swap_member(self, info: Info) -> DutyMember | None:
        if self.model.swap_member_id is None:
            return None
        row = await info.context.loaders.member.load((self.model.tenant_id,
                                                      self.model.swap_member_id))
        return DutyMember(id=strawberry.ID(str(row.id)), name=row.name) if row else None


@strawberry.type(description="委员接待日：时间为本单位时区（默认北京时间）")
class ReceptionSession:
    model: strawberry.Private[models.ReceptionSession]
    id: strawberry.ID
    theme: str | None
    capacity: int | None = strawberry.field(description="可接待人数；为空表示不限")
    notice: str | None = strawberry.field(description="公开的接待公告")
    status: SessionStatus
    status_label: str
    cancel_reason: str | None
    holiday_name: str | None = strawberry.field(description="落在法定节假日：节日名称")
    moved_from: date | None = strawberry.field(description="因法定节假日顺延：原来的日期")
    series_id: strawberry.ID | None = strawberry.field(description="由哪个重复规则生成")

    @classmethod
    def from_model(cls, row: models.ReceptionSession) -> "ReceptionSession":
        status = StatusValue(row.status)
        return cls(model=row, id=strawberry.ID(str(row.id)), theme=row.theme,
                   capacity=row.capacity, notice=row.notice,
                   status=SessionStatus(status.value), status_label=status.label,
                   cancel_reason=row.cancel_reason, holiday_name=row.holiday_name,
                   moved_from=row.moved_from, series_id=_id(row.series_id))

    @strawberry.field(description="开始时间（本单位时区）")
    async def starts_at(self, info: Info) -> datetime:
        return self.model.starts_at.astimezone(await _zone(info, self.model.tenant_id))

    @strawberry.field(description="结束时间（本单位时区）")
    async def ends_at(self, info: Info) -> datetime:
        return self.model.ends_at.astimezone(await _zone(info, self.model.tenant_id))

    @strawberry.field(description="日期（本单位时区）")
    async def on(self, info: Info) -> date:
        return (await self.starts_at(info)).date()

    @strawberry.field
    async def venue(self, info: Info) -> Venue:
        row = await info.context.loaders.venue.load((self.model.tenant_id,
                                                     self.model.venue_id))
        return Venue.from_model(row)

    @strawberry.field(description="值班委员（先安排的在前）")
    async def duties(self, info: Info) -> list[SessionDuty]:
        rows = await info.context.loaders.duties_of_session.load((self.model.tenant_id,
                                                                  self.model.id))
        # Why someone declined is for the venue's staff, the office and the member themself,
        # not for every reader of the schedule.
        principal = info.context.service.require_principal()
        tenant = await info.context.loaders.tenant.load(self.model.tenant_id)
        staff = policies.venue_scope(principal, tenant, Act.manage).allows(self.model.venue_id)
        return [SessionDuty.from_model(r, show_reason=staff or r.member_id == principal.member_id)
                for r in rows]

    @strawberry.field(description="来访情况；明细只对本联络站（工作室）工作人员和委员联络办可见")
    async def visitors(self, info: Info) -> SessionVisitors:
        return await session_visitors(info, self.model)


@strawberry.type(description="按重复规则生成的一批接待日")
class ReceptionSeries:
    model: strawberry.Private[models.ReceptionSeries]
    id: strawberry.ID
    rrule: str = strawberry.field(description="RFC 5545 RRULE")
    first_on: date
    last_on: date
    starts: time
    ends: time
    holiday_policy: HolidayPolicy
    holiday_policy_label: str
    sessions: list[ReceptionSession] = strawberry.field(description="生成的接待日（按时间）")
    notes: list[str] = strawberry.field(description="提示，例如某年的节假日安排尚未发布")

    @classmethod
    def from_made(cls, made: SeriesMade) -> "ReceptionSeries":
        row, policy = made.series, PolicyValue(made.series.holiday_policy)
        return cls(model=row, id=strawberry.ID(str(row.id)), rrule=row.rrule,
                   first_on=row.first_on, last_on=row.last_on, starts=row.starts,
                   ends=row.ends, holiday_policy=HolidayPolicy(policy.value),
                   holiday_policy_label=policy.label,
                   sessions=[ReceptionSession.from_model(s) for s in made.sessions],
                   notes=made.notes)
