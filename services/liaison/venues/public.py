"""The public schedule (委员接待日安排): what a resident needs to come to a reception day —
where, when, who, theme — for one tenant, read without login.

Only public fields leave this module: a venue's name, kind, area, address, opening hours,
public phone and description; a session's date and times (the tenant's time zone), theme,
notice and holiday flag; and the names of the members on duty (not declined). Nothing of
visitors, constituents, member phones, capacities, cancel reasons or notes. Callers set the
transaction's scope to the one tenant (``web/public.py``); the queries name it again.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.context import ServiceContext
from liaison.models import Member, ReceptionSession, SessionDuty, Tenant, Venue
from liaison.models.venues import VENUE_KIND_LABELS, DutyStatus, SessionStatus
from liaison.tenancy import clock

DAYS_AHEAD = 60
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class PublicSession:
    day: date
    weekday: str  # 星期四
    starts: str  # 09:00, the tenant's time zone
    ends: str
    theme: str | None
    notice: str | None
    holiday: str | None  # kept on a public holiday: its name
    moved_from: date | None  # moved off a holiday to this working day
    members: tuple[str, ...]  # on duty, not declined

    def as_json(self) -> dict:
        return {"date": self.day.isoformat(), "weekday": self.weekday, "starts": self.starts,
                "ends": self.ends, "theme": self.theme, "notice": self.notice,
                "holiday": self.holiday,
                "moved_from": self.moved_from.isoformat() if self.moved_from else None,
                "members": list(self.members)}


@dataclass(frozen=True)
class PublicVenue:
    id: uuid.UUID
    kind: str
    kind_label: str
    name: str
    area: str | None
    address: str | None
    opening_hours: str | None
    phone: str | None
    description: str | None
    sessions: tuple[PublicSession, ...]

    def as_json(self, feed: str) -> dict:
        return {"id": str(self.id), "kind": self.kind, "kind_label": self.kind_label,
                "name": self.name, "area": self.area, "address": self.address,
                "opening_hours": self.opening_hours, "phone": self.phone,
                "description": self.description, "feed": feed,
                "sessions": [s.as_json() for s in self.sessions]}


@dataclass(frozen=True)
class PublicSchedule:
    tenant_code: str
    tenant_name: str
    timezone: str
    first_day: date
    last_day: date
    venues: tuple[PublicVenue, ...]

    def feed(self, venue: PublicVenue) -> str:
        """The path of the venue's public calendar feed."""
        return f"/p/{self.tenant_code}/venues/{venue.id}.ics"

    def as_json(self) -> dict:
        return {"tenant": {"code": self.tenant_code, "name": self.tenant_name},
                "timezone": self.timezone, "from": self.first_day.isoformat(),
                "until": self.last_day.isoformat(),
                "venues": [v.as_json(self.feed(v)) for v in self.venues]}


def local_midnight(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(timezone))


async def on_duty(session: AsyncSession, tenant_id: uuid.UUID, session_ids: list[uuid.UUID]
                  ) -> dict[uuid.UUID, tuple[tuple[uuid.UUID, str], ...]]:
    """The members on duty (not declined) at each session as (id, name), in the order they
    were assigned (then by name)."""
    if not session_ids:
        return {}
    rows = await session.execute(select(SessionDuty.session_id, SessionDuty.created_at,
                                        Member.name, Member.id).join(
        Member, (Member.tenant_id == SessionDuty.tenant_id)
        & (Member.id == SessionDuty.member_id)).where(
        SessionDuty.tenant_id == tenant_id, SessionDuty.session_id.in_(session_ids),
        SessionDuty.status != DutyStatus.declined))
    found: dict[uuid.UUID, list[tuple]] = {}
    for session_id, created_at, name, member_id in rows:
        found.setdefault(session_id, []).append((created_at, name, member_id))
    return {k: tuple((m, name) for _, name, m in sorted(v)) for k, v in found.items()}


def names_of(members: tuple[tuple[uuid.UUID, str], ...]) -> tuple[str, ...]:
    return tuple(name for _, name in members)


def public_session(row: ReceptionSession, timezone: str,
                   members: tuple[str, ...]) -> PublicSession:
    zone = ZoneInfo(timezone)
    starts, ends = row.starts_at.astimezone(zone), row.ends_at.astimezone(zone)
    return PublicSession(day=starts.date(), weekday=f"星期{WEEKDAYS[starts.weekday()]}",
                         starts=starts.strftime("%H:%M"), ends=ends.strftime("%H:%M"),
                         theme=row.theme, notice=row.notice, holiday=row.holiday_name,
                         moved_from=row.moved_from, members=members)


async def schedule(ctx: ServiceContext, tenant: Tenant) -> PublicSchedule:
    """The tenant's active venues (stations first, then studios, by name), each with its
    planned sessions from today to ``DAYS_AHEAD`` days on (the tenant's dates). A venue with
    none is listed too: residents may come in its opening hours."""
    session = ctx.session
    first = clock.today_in(tenant.timezone)
    last = first + timedelta(days=DAYS_AHEAD - 1)
    venues = list(await session.scalars(select(Venue).where(
        Venue.tenant_id == tenant.id, Venue.is_active.is_(True))
        .order_by(Venue.kind, Venue.name)))
    rows = list(await session.scalars(select(ReceptionSession).where(
        ReceptionSession.tenant_id == tenant.id,
        ReceptionSession.venue_id.in_([v.id for v in venues]),
        ReceptionSession.status == SessionStatus.planned,
        ReceptionSession.starts_at >= local_midnight(first, tenant.timezone),
        ReceptionSession.starts_at < local_midnight(last + timedelta(days=1), tenant.timezone))
        .order_by(ReceptionSession.starts_at, ReceptionSession.id))) if venues else []
    names = await on_duty(session, tenant.id, [r.id for r in rows])
    by_venue: dict[uuid.UUID, list[PublicSession]] = {}
    for row in rows:
        by_venue.setdefault(row.venue_id, []).append(
            public_session(row, tenant.timezone, names_of(names.get(row.id, ()))))
    public = tuple(PublicVenue(
        id=v.id, kind=v.kind.value, kind_label=VENUE_KIND_LABELS[v.kind], name=v.name,
        area=v.area, address=v.address, opening_hours=v.opening_hours, phone=v.phone,
        description=v.description, sessions=tuple(by_venue.get(v.id, ()))) for v in venues)
    return PublicSchedule(tenant_code=tenant.code, tenant_name=tenant.name,
                          timezone=tenant.timezone, first_day=first, last_day=last,
                          venues=public)
