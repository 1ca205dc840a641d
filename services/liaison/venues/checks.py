"""What every booking of the rota needs: the times (the tenant's wall clock made instants), the
texts, the members on duty, and what conflicts (a closed venue, a member who has left or is on
duty elsewhere at that time, the venue already booked), as typed errors."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from liaison.context import ServiceContext
from liaison.errors import FieldProblem, NotFound
from liaison.fields import RECEPTION, clean_texts
from liaison.models import Member, ReceptionSession, SessionDuty, Tenant, Venue
from liaison.models.members import MemberStatus
from liaison.models.venues import DutyStatus
from liaison.venues import conflicts
from liaison.venues.errors import ConflictKind, ConflictRow

LONGEST = timedelta(hours=12)
MAX_CAPACITY = 10_000
MAX_ON_DUTY = 20
DEFAULT_ZONE = "Asia/Shanghai"


def zone(tenant: Tenant) -> ZoneInfo:
    return ZoneInfo(tenant.timezone or DEFAULT_ZONE)


def instants(tenant: Tenant, on: date, starts: time, ends: time) -> tuple[datetime, datetime]:
    """``on`` from ``starts`` to ``ends`` on the tenant's wall clock (an offset given with a
    time is ignored: times are the tenant's), as instants."""
    tz = zone(tenant)
    return datetime.combine(on, starts, tzinfo=tz), datetime.combine(on, ends, tzinfo=tz)


def members_problems(ids: list[uuid.UUID], field: str = "memberIds") -> list[FieldProblem]:
    if not ids:
        return [FieldProblem(field, "请安排至少一名值班委员")]
    if len(set(ids)) > MAX_ON_DUTY:
        return [FieldProblem(field, f"每次接待日最多安排 {MAX_ON_DUTY} 名值班委员")]
    return []


def time_problems(starts_at: datetime, ends_at: datetime) -> list[FieldProblem]:
    if ends_at <= starts_at:
        return [FieldProblem("ends", "结束时间须晚于开始时间")]
    if ends_at - starts_at > LONGEST:
        return [FieldProblem("ends", "每次接待不超过 12 小时")]
    return []


def detail_problems(values: dict) -> tuple[dict, list[FieldProblem]]:
    """``theme``, ``notice`` cleaned and checked; ``capacity`` none or 0…10000."""
    cleaned, problems = clean_texts(values, RECEPTION)
    capacity = cleaned.get("capacity")
    if capacity is not None and capacity < 0:
        problems.append(FieldProblem("capacity", "接待人数不能小于 0"))
    elif capacity is not None and capacity > MAX_CAPACITY:
        problems.append(FieldProblem("capacity", f"接待人数不超过 {MAX_CAPACITY}"))
    return cleaned, problems


async def members(ctx: ServiceContext, tenant: Tenant, ids: list[uuid.UUID]) -> list[Member]:
    """The tenant's members with these ids, in order, once each; NotFound for any other."""
    found = []
    for member_id in dict.fromkeys(ids):
        member = await ctx.session.get(Member, (tenant.id, member_id))
        if member is None:
            raise NotFound("委员", member_id)
        found.append(member)
    return found


async def on_duty(ctx: ServiceContext, row: ReceptionSession) -> list[SessionDuty]:
    """The session's duties, first assigned first."""
    rows = await ctx.session.scalars(select(SessionDuty).where(
        SessionDuty.tenant_id == row.tenant_id, SessionDuty.session_id == row.id)
        .order_by(SessionDuty.created_at, SessionDuty.id))
    return list(rows)


async def lock(ctx: ServiceContext, venue: Venue) -> Venue:
    """Lock the venue row (bookings at one venue queue) and read whether it is still open."""
    await conflicts.lock_venue(ctx.session, venue.tenant_id, venue.id)
    await ctx.session.refresh(venue, ["is_active"])
    return venue


def when(tenant: Tenant, row: ReceptionSession) -> str:
    """``10月9日 09:00–11:30「主题」`` on the tenant's wall clock."""
    starts, ends = row.starts_at.astimezone(zone(tenant)), row.ends_at.astimezone(zone(tenant))
    theme = f"「{row.theme}」" if row.theme else ""
    return f"{starts.month}月{starts.day}日 {starts:%H:%M}–{ends:%H:%M}{theme}"


def standing(venue: Venue | None, people: list[Member]) -> list[ConflictRow]:
    """What refuses a booking on any date: the venue closed, members who have left."""
    rows = [ConflictRow(ConflictKind.venue_closed, f"{venue.name}已关闭，不能安排接待日")
            ] if venue is not None and not venue.is_active else []
    return rows + [ConflictRow(ConflictKind.member_left, f"{m.name}已离任，不能安排值班",
                               member_id=m.id)
                   for m in people if m.status is MemberStatus.left]


async def busy(ctx: ServiceContext, tenant: Tenant, venue: Venue | None, people: list[Member],
               starts_at: datetime, ends_at: datetime, *,
               exclude: uuid.UUID | None = None) -> list[ConflictRow]:
    """At that time: the venue already booked (unless ``venue`` is None), members on duty
    elsewhere (serving ones; those who left are ``standing``'s)."""
    on = starts_at.astimezone(zone(tenant)).date()
    rows = []
    if venue is not None:
        booked = await conflicts.venue_busy(ctx.session, tenant.id, venue.id, starts_at,
                                            ends_at, exclude)
        if booked is not None:
            rows.append(ConflictRow(ConflictKind.venue_booked,
                                    f"{venue.name}在{when(tenant, booked)}已有接待日", on,
                                    session_id=booked.id))
    serving = [m for m in people if m.status is not MemberStatus.left]
    taken = await conflicts.members_busy(ctx.session, tenant.id, [m.id for m in serving],
                                         starts_at, ends_at, exclude)
    for member in serving:
        other = taken.get(member.id)
        if other is not None:
            place = await ctx.session.get(Venue, (tenant.id, other.venue_id))
            rows.append(ConflictRow(
                ConflictKind.member_busy,
                f"{member.name}已在{place.name}{when(tenant, other)}的接待日值班", on,
                member_id=member.id, session_id=other.id))
    return rows


def duties(tenant_id: uuid.UUID, session_id: uuid.UUID,
           people: list[Member]) -> list[SessionDuty]:
    """New duties, listed (by ``created_at``) in the order the members were given."""
    now = datetime.now(UTC)
    return [SessionDuty(tenant_id=tenant_id, id=uuid.uuid4(), session_id=session_id,
                        member_id=m.id, status=DutyStatus.assigned,
                        created_at=now + timedelta(microseconds=i))
            for i, m in enumerate(people)]
