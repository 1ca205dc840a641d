"""Mutations: venues (the office) and the reception-day rota (the office, or the venue's own
staff): single sessions, recurring series, moving, cancelling, members on duty."""

from datetime import date, time
from typing import Annotated

import strawberry

from liaison.api.context import Info
from liaison.api.enums import graphql_enum
from liaison.api.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    SessionNotPlannedError,
    TooManySessionsError,
    ValidationErrors,
)
from liaison.api.mutation import given, mutate, parse_id
from liaison.api.permissions import IsAuthenticated
from liaison.api.venues.types import HolidayPolicy, ReceptionSeries, ReceptionSession, Venue
from liaison.api.venues.types import VenueKind as VenueKindType
from liaison.errors import FieldProblem, ValidationFailed
from liaison.models.venues import HolidayPolicy as PolicyValue
from liaison.models.venues import VenueKind
from liaison.venues import recurrence, rota, series
from liaison.venues import service as venues
from liaison.venues.access import SESSION, VENUE

MEMBER = "委员"
Base = Venue | ValidationErrors | NotFoundError | ForbiddenError
CreateVenueResult = Annotated[Base, strawberry.union("CreateVenueResult")]
UpdateVenueResult = Annotated[Base, strawberry.union("UpdateVenueResult")]
CloseVenueResult = Annotated[Base, strawberry.union("CloseVenueResult")]
ReopenVenueResult = Annotated[Base, strawberry.union("ReopenVenueResult")]
CreateReceptionSessionResult = Annotated[
    ReceptionSession | ValidationErrors | NotFoundError | ForbiddenError | ConflictError,
    strawberry.union("CreateReceptionSessionResult")]
CreateReceptionSeriesResult = Annotated[
    ReceptionSeries | ValidationErrors | NotFoundError | ForbiddenError | ConflictError
    | TooManySessionsError, strawberry.union("CreateReceptionSeriesResult")]
MoveReceptionSessionResult = Annotated[
    ReceptionSession | ValidationErrors | NotFoundError | ForbiddenError | ConflictError
    | SessionNotPlannedError, strawberry.union("MoveReceptionSessionResult")]
CancelReceptionSessionResult = Annotated[
    ReceptionSession | ValidationErrors | NotFoundError | ForbiddenError | SessionNotPlannedError,
    strawberry.union("CancelReceptionSessionResult")]
SetSessionMembersResult = Annotated[
    ReceptionSession | ValidationErrors | NotFoundError | ForbiddenError | ConflictError
    | SessionNotPlannedError, strawberry.union("SetSessionMembersResult")]


@strawberry.input(description="联络站或工作室；修改时未给出的字段不变")
class VenueInput:
    kind: VenueKindType | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    area: str | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    opening_hours: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    host_unit: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    sector_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="界别委员工作室所属界别（至少一个）；联络站不填")

    def values(self) -> venues.VenueInput:
        kind = given(self.kind)
        sectors = given(self.sector_ids)
        return venues.VenueInput(
            kind=VenueKind(kind.value) if kind not in (..., None) else kind,
            name=given(self.name), area=given(self.area), address=given(self.address),
            opening_hours=given(self.opening_hours), phone=given(self.phone),
            host_unit=given(self.host_unit), description=given(self.description),
            sector_ids=[parse_id(s, "界别") for s in sectors or ()] if sectors is not ...
            else ...)


@strawberry.input(description="一次接待日：日期与起止时间按本单位时区（默认北京时间）")
class ReceptionSessionInput:
    venue_id: strawberry.ID
    on: date
    starts: time
    ends: time
    member_ids: list[strawberry.ID] = strawberry.field(description="值班委员（至少一名）")
    theme: str | None = None
    capacity: int | None = strawberry.field(default=None, description="可接待人数；为空不限")
    notice: str | None = strawberry.field(default=None, description="公开的接待公告")


SeriesRepeat = graphql_enum(recurrence.Repeat, "SeriesRepeat",
                            "简单重复：每几周的某天 / 每月第几个星期几")


@strawberry.input(description="重复规则：rrule（RFC 5545，如 FREQ=MONTHLY;BYDAY=2TH 为每月第二个"
                              "星期四），或 repeat + weekday（0 周一 … 6 周日）+ ordinal（每月"
                              "第几个，-1 为最后一个）/ interval（每几周）")
class ReceptionSeriesInput:
    venue_id: strawberry.ID
    first_on: date
    last_on: date
    starts: time
    ends: time
    member_ids: list[strawberry.ID]
    rrule: str | None = None
    repeat: SeriesRepeat | None = None
    weekday: int | None = None
    ordinal: int | None = None
    interval: int = 1
    holiday_policy: HolidayPolicy = strawberry.field(default=HolidayPolicy("flag"))
    theme: str | None = None
    capacity: int | None = None
    notice: str | None = None

    def rule(self) -> str:
        if (self.rrule is None) == (self.repeat is None):
            raise ValidationFailed([FieldProblem(
                "rrule", "请填写 rrule，或选择 repeat（每周或每月），二者选一")])
        if self.rrule is not None:
            return self.rrule
        return recurrence.simple_rule(recurrence.Repeat(self.repeat.value),
                                      self.weekday if self.weekday is not None else -1,
                                      ordinal=self.ordinal, interval=self.interval)


def _members(ids) -> list:
    return [parse_id(m, MEMBER) for m in ids]


@strawberry.type
class VenueMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="新建联络站或工作室（委员联络办）")
    async def create_venue(self, info: Info, input: VenueInput) -> CreateVenueResult:
        ctx = info.context.service
        return await mutate(info, lambda: venues.create_venue(ctx, input.values()),
                            Venue.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="修改联络站或工作室（委员联络办）")
    async def update_venue(self, info: Info, id: strawberry.ID,
                           input: VenueInput) -> UpdateVenueResult:
        ctx = info.context.service
        return await mutate(info, lambda: venues.update_venue(ctx, parse_id(id, VENUE),
                                                              input.values()),
                            Venue.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="关闭联络站或工作室（不再安排新的接待日）")
    async def close_venue(self, info: Info, id: strawberry.ID) -> CloseVenueResult:
        ctx = info.context.service
        return await mutate(info, lambda: venues.set_active(ctx, parse_id(id, VENUE), False),
                            Venue.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="重新开放联络站或工作室")
    async def reopen_venue(self, info: Info, id: strawberry.ID) -> ReopenVenueResult:
        ctx = info.context.service
        return await mutate(info, lambda: venues.set_active(ctx, parse_id(id, VENUE), True),
                            Venue.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="安排一次接待日（委员联络办或本场地工作人员）")
    async def create_reception_session(self, info: Info, input: ReceptionSessionInput
                                       ) -> CreateReceptionSessionResult:
        ctx = info.context.service

        async def call():
            return await rota.create_session(ctx, rota.NewSession(
                venue_id=parse_id(input.venue_id, VENUE), on=input.on, starts=input.starts,
                ends=input.ends, member_ids=_members(input.member_ids), theme=input.theme,
                capacity=input.capacity, notice=input.notice))

        return await mutate(info, call, ReceptionSession.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="按重复规则一次安排一批接待日；有任何冲突则一个也不安排，"
                                     "并逐条列出冲突")
    async def create_reception_series(self, info: Info, input: ReceptionSeriesInput
                                      ) -> CreateReceptionSeriesResult:
        ctx = info.context.service

        async def call():
            return await series.create_series(ctx, series.NewSeries(
                venue_id=parse_id(input.venue_id, VENUE), rule=input.rule(),
                first_on=input.first_on, last_on=input.last_on, starts=input.starts,
                ends=input.ends, holiday_policy=PolicyValue(input.holiday_policy.value),
                member_ids=_members(input.member_ids), theme=input.theme,
                capacity=input.capacity, notice=input.notice))

        return await mutate(info, call, ReceptionSeries.from_made)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="接待日改期")
    async def move_reception_session(self, info: Info, id: strawberry.ID, on: date,
                                     starts: time, ends: time) -> MoveReceptionSessionResult:
        ctx = info.context.service
        return await mutate(info, lambda: rota.move_session(ctx, parse_id(id, SESSION), on,
                                                            starts, ends),
                            ReceptionSession.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="取消接待日（须填写原因；已举行的不能取消）")
    async def cancel_reception_session(self, info: Info, id: strawberry.ID,
                                       reason: str) -> CancelReceptionSessionResult:
        ctx = info.context.service
        return await mutate(info, lambda: rota.cancel_session(ctx, parse_id(id, SESSION),
                                                              reason),
                            ReceptionSession.from_model)

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="调整值班委员：add 加入，remove 移出（至少保留一名）")
    async def set_session_members(self, info: Info, id: strawberry.ID,
                                  add: list[strawberry.ID] | None = None,
                                  remove: list[strawberry.ID] | None = None
                                  ) -> SetSessionMembersResult:
        ctx = info.context.service

        async def call():
            return await rota.set_session_members(ctx, parse_id(id, SESSION),
                                                  _members(add or ()), _members(remove or ()))

        return await mutate(info, call, ReceptionSession.from_model)
