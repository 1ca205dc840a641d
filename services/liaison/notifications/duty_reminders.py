"""Reminders of reception-day duties (值班提醒), and the notices a venue's staff get when a
member on duty declines or asks to swap (written by ``venues/duties.py``).

The window: a run on day D (the tenant's time zone) reminds every member on duty (assigned or
confirmed, not declined; serving) at a planned session starting on D+1 or D+2, that is with
``starts_at`` in [00:00 of D+1, 00:00 of D+3) local time. A daily run thus reminds each duty
two days before; a run missed, or a duty assigned the day before, still reminds it once.

The key is ``duty:{session}:{member}:{YYYYMMDD}`` (the session's local date): exactly once
per member and session however often the job runs, and after a move to another time of the
same day nothing new; a move to another date gives one new reminder, for the new date (the
one already sent named the old date). A member swapped or picked in has their own key.
"""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import Member, ReceptionSession, SessionDuty, Tenant, Venue
from liaison.models.members import MemberStatus
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.notifications.channels import one_line
from liaison.notifications.opinion_reminders import Reminder

LEAD_DAYS = 2
WEEKDAYS = "一二三四五六日"


def key(session_id: uuid.UUID, member_id: uuid.UUID, starts_at: datetime, zone: str) -> str:
    return f"duty:{session_id}:{member_id}:{starts_at.astimezone(ZoneInfo(zone)):%Y%m%d}"


def when(row: ReceptionSession, zone: str) -> str:
    """``2025-06-12（星期四）09:00–11:30`` in the tenant's zone."""
    tz = ZoneInfo(zone)
    start, end = row.starts_at.astimezone(tz), row.ends_at.astimezone(tz)
    return f"{start:%Y-%m-%d}（星期{WEEKDAYS[start.weekday()]}）{start:%H:%M}–{end:%H:%M}"


def _session(row: ReceptionSession, venue: Venue) -> str:
    """``城东委员联络站接待日（主题：倾听群众心声）``."""
    theme = f"（主题：{one_line(row.theme)}）" if row.theme else ""
    return f"{one_line(venue.name)}接待日{theme}"


def reminder_for(member_id: uuid.UUID, status: DutyStatus, row: ReceptionSession,
                 venue: Venue, zone: str) -> Reminder:
    start = row.starts_at.astimezone(ZoneInfo(zone))
    place = f"地址：{one_line(venue.address)}。" if venue.address else ""
    ask = "您尚未确认，请尽快确认；" if status is DutyStatus.assigned else ""
    return Reminder(
        key(row.id, member_id, row.starts_at, zone), "duty",
        f"值班提醒：{start.month}月{start.day}日 {one_line(venue.name)}接待日",
        f"您将于 {when(row, zone)} 在{_session(row, venue)}值班。{place}"
        f"{ask}如不能到岗，请在“我的值班”中请假并说明原因。", member_id=member_id)


def window(tenant: Tenant, now: datetime) -> tuple[datetime, datetime]:
    """[00:00 tomorrow, 00:00 three days on) in the tenant's zone, as instants."""
    tz = ZoneInfo(tenant.timezone)
    today = now.astimezone(tz).date()
    return (datetime.combine(today + timedelta(days=1), time(), tz),
            datetime.combine(today + timedelta(days=LEAD_DAYS + 1), time(), tz))


async def due(session: AsyncSession, tenant: Tenant, now: datetime) -> list[Reminder]:
    """Every duty reminder of the tenant due at ``now`` (made or not yet)."""
    starts, ends = window(tenant, now)
    rows = (await session.execute(
        select(SessionDuty.member_id, SessionDuty.status, ReceptionSession, Venue)
        .join(ReceptionSession, (ReceptionSession.tenant_id == SessionDuty.tenant_id)
              & (ReceptionSession.id == SessionDuty.session_id))
        .join(Venue, (Venue.tenant_id == ReceptionSession.tenant_id)
              & (Venue.id == ReceptionSession.venue_id))
        .join(Member, (Member.tenant_id == SessionDuty.tenant_id)
              & (Member.id == SessionDuty.member_id))
        .where(SessionDuty.tenant_id == tenant.id, SessionDuty.status != DutyStatus.declined,
               Member.status == MemberStatus.serving,
               ReceptionSession.status == SessionStatus.planned,
               ReceptionSession.starts_at >= starts, ReceptionSession.starts_at < ends)
        .order_by(ReceptionSession.starts_at, SessionDuty.member_id))).all()
    return [reminder_for(member_id, DutyStatus(status), row, venue, tenant.timezone)
            for member_id, status, row, venue in rows]


def declined_notice(member: Member, reason: str, row: ReceptionSession, venue: Venue,
                    zone: str) -> tuple[str, str]:
    """The title and body the venue's staff get when ``member`` declines."""
    start = row.starts_at.astimezone(ZoneInfo(zone))
    name = one_line(member.name)
    return (f"{name}请假：{start.month}月{start.day}日 {one_line(venue.name)}接待日",
            f"{name}不能在 {when(row, zone)} 的{_session(row, venue)}值班，原因：{reason}。"
            "请另选委员值班。")


def swap_notice(member: Member, other: Member, row: ReceptionSession, venue: Venue,
                zone: str) -> tuple[str, str]:
    """The title and body the venue's staff get when ``member`` asks to swap with ``other``."""
    start = row.starts_at.astimezone(ZoneInfo(zone))
    name, other_name = one_line(member.name), one_line(other.name)
    return (f"{name}申请换班：{start.month}月{start.day}日 {one_line(venue.name)}接待日",
            f"{name}申请将 {when(row, zone)} 的{_session(row, venue)}值班换给{other_name}，"
            "请审批。")
