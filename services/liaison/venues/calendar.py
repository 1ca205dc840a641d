"""The month calendar of the rota (接待日月历): the sessions of one month at a venue the
caller reads, each with its members on duty by name, laid out in weeks (Monday first) with
the public holidays and the make-up working days of the State Council's calendar
(``chinese-calendar``) marked on their days; and one session with its duties.

Months are the tenant's (its time zone): a session belongs to the day it starts on there.
Two statements: the sessions, then their duties with the members' names."""

import calendar as weeks_of
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
from sqlalchemy import select
from sqlalchemy.orm import aliased

from liaison.context import ServiceContext
from liaison.errors import PublicError
from liaison.models import Member, ReceptionSession, SessionDuty, Tenant, Venue
from liaison.models.venues import DutyStatus
from liaison.tenancy import access, clock
from liaison.venues.access import access_session, access_venue

FIRST_YEAR, LAST_YEAR = 2000, 2100
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}
MONTH_FORMAT = "月份格式应为 2025-10（2000 年到 2100 年）"


@dataclass
class Duty:
    """A member on duty at a session, as the calendar shows them."""

    id: uuid.UUID
    member_id: uuid.UUID
    name: str
    status: DutyStatus
    reason: str | None = None
    swap_member_id: uuid.UUID | None = None
    swap_name: str | None = None


@dataclass
class Entry:
    """A session on the calendar: the row, its local day and its duties."""

    session: ReceptionSession
    on: date
    duties: list[Duty] = field(default_factory=list)


@dataclass
class Day:
    on: date
    in_month: bool
    holiday: str | None = None  # 国庆节 …: a public holiday (a day off)
    makeup: bool = False  # 调休上班: a weekend made a working day
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    entries: list[Entry]

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def previous(self) -> str:
        return f"{self.year - 1:04d}-12" if self.month == 1 \
            else f"{self.year:04d}-{self.month - 1:02d}"

    @property
    def next(self) -> str:
        return f"{self.year + 1:04d}-01" if self.month == 12 \
            else f"{self.year:04d}-{self.month + 1:02d}"

    @property
    def days(self) -> list[Day]:
        """The month's own days with a session or a holiday mark (a phone's day list)."""
        return [d for w in self.weeks for d in w
                if d.in_month and (d.entries or d.holiday or d.makeup)]


def parse_month(value: str | None, timezone: str) -> tuple[int, int]:
    """``2025-10`` → (2025, 10); none given: this month in ``timezone``."""
    if not value:
        today = clock.today_in(timezone)
        return today.year, today.month
    match = MONTH.fullmatch(value)
    if match is None:
        raise PublicError("BAD_MONTH", MONTH_FORMAT)
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise PublicError("BAD_MONTH", MONTH_FORMAT)
    return year, month


def day_marks(on: date) -> tuple[str | None, bool]:
    """(the holiday's Chinese name, whether it is a make-up working day) for ``on``; outside
    the years the package knows, neither."""
    try:
        off, holiday = chinese_calendar.get_holiday_detail(on)
    except NotImplementedError:
        return None, False
    if holiday is None:
        return None, False  # an ordinary working day or weekend
    if off:
        return HOLIDAY_NAMES.get(holiday, holiday), False
    return None, True


def month_bounds(year: int, month: int, timezone: str) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in ``timezone``."""
    zone = ZoneInfo(timezone)
    first = datetime(year, month, 1, tzinfo=zone)
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return first, following


def layout(year: int, month: int, entries: list[Entry]) -> list[list[Day]]:
    """The month's weeks, Monday first, with each day's sessions in time order."""
    by_day: dict[date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(entry.on, []).append(entry)
    grid = []
    for week in weeks_of.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for on in week:
            holiday, makeup = day_marks(on)
            row.append(Day(on=on, in_month=on.month == month, holiday=holiday, makeup=makeup,
                           entries=by_day.get(on, [])))
        grid.append(row)
    return grid


def _within(first: datetime, following: datetime) -> list:
    return [ReceptionSession.starts_at >= first, ReceptionSession.starts_at < following]


async def _entries(ctx: ServiceContext, tenant: Tenant, conditions: list) -> list[Entry]:
    rows = (await ctx.session.scalars(select(ReceptionSession).where(
        ReceptionSession.tenant_id == tenant.id, *conditions)
        .order_by(ReceptionSession.starts_at, ReceptionSession.id))).all()
    zone = ZoneInfo(tenant.timezone)
    entries = [Entry(session=r, on=r.starts_at.astimezone(zone).date()) for r in rows]
    if not entries:
        return entries
    by_id = {e.session.id: e for e in entries}
    swap = aliased(Member)
    duties = await ctx.session.execute(
        select(SessionDuty, Member.name, swap.name)
        .join(Member, (Member.tenant_id == SessionDuty.tenant_id)
              & (Member.id == SessionDuty.member_id))
        .outerjoin(swap, (swap.tenant_id == SessionDuty.tenant_id)
                   & (swap.id == SessionDuty.swap_member_id))
        .where(SessionDuty.tenant_id == tenant.id, SessionDuty.session_id.in_(list(by_id)))
        .order_by(SessionDuty.created_at, Member.name))
    for duty, name, swap_name in duties.all():
        by_id[duty.session_id].duties.append(Duty(
            id=duty.id, member_id=duty.member_id, name=name, status=DutyStatus(duty.status),
            reason=duty.reason, swap_member_id=duty.swap_member_id, swap_name=swap_name))
    return entries


async def venue_month(ctx: ServiceContext, venue_id: uuid.UUID, year: int, month: int, *,
                      tenant: Tenant | None = None) -> tuple[Venue, Month]:
    """The venue (not found unless the caller reads it) and its month."""
    venue = await access_venue(ctx, venue_id, tenant=tenant)
    tenant = tenant or await access.tenant_of(ctx, venue)
    first, following = month_bounds(year, month, tenant.timezone)
    entries = await _entries(ctx, tenant, [ReceptionSession.venue_id == venue.id,
                                           *_within(first, following)])
    return venue, Month(year, month, layout(year, month, entries), entries)


async def session_entry(ctx: ServiceContext, session_id: uuid.UUID, *,
                        tenant: Tenant | None = None) -> tuple[Tenant, Entry]:
    """One session (not found unless the caller reads its venue) with its duties."""
    row = await access_session(ctx, session_id, tenant=tenant)
    tenant = tenant or await access.tenant_of(ctx, row)
    entries = await _entries(ctx, tenant, [ReceptionSession.id == row.id])
    return tenant, entries[0]
