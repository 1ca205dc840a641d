"""Calendar feeds (iCalendar, RFC 5545) that phone calendars subscribe to.

- A venue's public feed: its sessions from ``DAYS_BACK`` days ago to ``DAYS_AHEAD`` days on —
  SUMMARY 委员接待日：theme, LOCATION the venue's address, DESCRIPTION the members on duty by
  name and the public notice; cancelled sessions stay in as STATUS:CANCELLED, so subscribed
  calendars mark them. Nothing of visitors, and no cancel reasons (they may name people).
- A member's private feed (``feed_tokens``): their duties (not declined) in the same window,
  with the venue, its address, who else is on duty and whether they confirmed.

Times carry the tenant's time zone (TZID with its VTIMEZONE). UIDs are stable: one per session
in a venue's feed, one per duty in a member's, so an update replaces the event.
"""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import select

from liaison.context import ServiceContext
from liaison.models import Member, ReceptionSession, SessionDuty, Tenant, Venue
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.tenancy import clock
from liaison.venues.public import names_of, on_duty

DAYS_BACK, DAYS_AHEAD = 30, 180
PRODID = "-//委员联系界别群众//委员接待日//ZH"
REFRESH = timedelta(hours=6)
UID_DOMAIN = "liaison.cppcc"


def _window() -> tuple[datetime, datetime]:
    now = clock.now()
    return now - timedelta(days=DAYS_BACK), now + timedelta(days=DAYS_AHEAD)


def _calendar(name: str, timezone: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    return calendar


def _finish(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(uid: str, row: ReceptionSession, zone: ZoneInfo, summary: str,
           location: str | None, description: list[str]) -> Event:
    event = Event()
    event.add("uid", uid)
    stamp = (row.updated_at or row.created_at).astimezone(ZoneInfo("UTC"))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", row.starts_at.astimezone(zone))
    event.add("dtend", row.ends_at.astimezone(zone))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if row.status is SessionStatus.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _summary(row: ReceptionSession) -> str:
    return f"委员接待日：{row.theme}" if row.theme else "委员接待日"


def _names(names: tuple[str, ...]) -> str:
    return f"值班委员：{'、'.join(names)}" if names else "值班委员：待定"


def _notes(row: ReceptionSession) -> list[str]:
    lines = []
    if row.holiday_name:
        lines.append(f"节假日：{row.holiday_name}")
    if row.moved_from:
        lines.append(f"由{row.moved_from.month}月{row.moved_from.day}日（节假日）顺延")
    if row.notice:
        lines.append(row.notice)
    return lines


async def venue_feed(ctx: ServiceContext, tenant: Tenant, venue_id: uuid.UUID) -> bytes | None:
    """The public feed of an active venue of ``tenant``; None when there is no such venue."""
    venue = await ctx.session.get(Venue, (tenant.id, venue_id))
    if venue is None or not venue.is_active:
        return None
    since, until = _window()
    rows = list(await ctx.session.scalars(select(ReceptionSession).where(
        ReceptionSession.tenant_id == tenant.id, ReceptionSession.venue_id == venue.id,
        ReceptionSession.starts_at >= since, ReceptionSession.starts_at < until)
        .order_by(ReceptionSession.starts_at, ReceptionSession.id)))
    names = await on_duty(ctx.session, tenant.id, [r.id for r in rows])
    zone = ZoneInfo(tenant.timezone)
    calendar = _calendar(f"{venue.name} · 委员接待日", tenant.timezone)
    calendar.add("x-wr-caldesc", f"{tenant.name}{venue.name}的委员接待日安排")
    for row in rows:
        calendar.add_component(_event(
            f"session-{row.id}@{UID_DOMAIN}", row, zone, _summary(row),
            venue.address or venue.name, [_names(names_of(names.get(row.id, ()))), *_notes(row)]))
    return _finish(calendar)


async def member_feed(ctx: ServiceContext, tenant: Tenant, member_id: uuid.UUID) -> bytes:
    """The private feed of a member of ``tenant``: their duties, not declined."""
    member = await ctx.session.get(Member, (tenant.id, member_id))
    since, until = _window()
    rows = (await ctx.session.execute(select(SessionDuty, ReceptionSession, Venue).join(
        ReceptionSession, (ReceptionSession.tenant_id == SessionDuty.tenant_id)
        & (ReceptionSession.id == SessionDuty.session_id)).join(
        Venue, (Venue.tenant_id == ReceptionSession.tenant_id)
        & (Venue.id == ReceptionSession.venue_id)).where(
        SessionDuty.tenant_id == tenant.id, SessionDuty.member_id == member_id,
        SessionDuty.status != DutyStatus.declined,
        ReceptionSession.starts_at >= since, ReceptionSession.starts_at < until)
        .order_by(ReceptionSession.starts_at, ReceptionSession.id))).all()
    names = await on_duty(ctx.session, tenant.id, [row.id for _, row, _ in rows])
    zone = ZoneInfo(tenant.timezone)
    owner = member.name if member else "委员"
    calendar = _calendar(f"{owner}的接待日值班", tenant.timezone)
    for duty, row, venue in rows:
        others = tuple(n for m, n in names.get(row.id, ()) if m != member_id)
        lines = [f"阵地：{venue.name}", *([f"地址：{venue.address}"] if venue.address else []),
                 f"值班状态：{duty.status.label}",
                 *([f"同班委员：{'、'.join(others)}"] if others else []), *_notes(row)]
        if row.status is SessionStatus.cancelled:
            lines.insert(0, f"已取消：{row.cancel_reason}")
        location = "，".join(p for p in (venue.name, venue.address) if p)
        calendar.add_component(_event(f"duty-{duty.id}@{UID_DOMAIN}", row, zone,
                                      f"{_summary(row)}（{venue.name}）", location, lines))
    return _finish(calendar)
