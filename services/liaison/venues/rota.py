"""The reception-day rota (委员接待日): single sessions, moved, cancelled, their members on duty;
a month's calendar of them. The office or the venue's own staff write (venues/access.py);
whoever reads the venue reads its rota. Times are the tenant's wall clock (Asia/Shanghai by
default), stored as instants. Each booking locks the venue row before its checks; anything
that conflicts is refused whole (venues/errors.py), and bad input writes nothing.
Recurring patterns: venues/series.py."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, NotFound, ValidationFailed
from liaison.fields import CANCEL_REASON
from liaison.models import ReceptionSession, SessionDuty, Tenant, Venue
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.tenancy import access
from liaison.tenancy.access import own_tenant
from liaison.validation import clean_text
from liaison.venues import access as venue_access
from liaison.venues import checks, recurrence
from liaison.venues.errors import Conflict, SessionNotPlanned

MAX_RANGE_DAYS = 100


@dataclass
class NewSession:
    venue_id: uuid.UUID
    on: date
    starts: time
    ends: time
    member_ids: list[uuid.UUID] = field(default_factory=list)
    theme: str | None = None
    capacity: int | None = None
    notice: str | None = None


async def list_sessions(ctx: ServiceContext, tenant: Tenant, first_on: date, last_on: date,
                        venue_id: uuid.UUID | None = None) -> list[ReceptionSession]:
    """The sessions of ``tenant`` starting on ``first_on``…``last_on`` (its wall clock; at
    most 100 days) at the venues the caller reaches (``venue_id``: that one), by time."""
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    if last_on < first_on:
        raise ValidationFailed([FieldProblem("to", "结束日期不能早于开始日期")])
    if (last_on - first_on).days >= MAX_RANGE_DAYS:
        raise ValidationFailed([FieldProblem("to", f"一次最多查看 {MAX_RANGE_DAYS} 天")])
    reach = venue_access.scope(ctx, tenant)
    starts, _ = checks.instants(tenant, first_on, time(), time())
    ends, _ = checks.instants(tenant, last_on + timedelta(days=1), time(), time())
    query = select(ReceptionSession).where(
        ReceptionSession.tenant_id == tenant.id, reach.condition(ReceptionSession.venue_id),
        ReceptionSession.starts_at >= starts, ReceptionSession.starts_at < ends)
    if venue_id is not None:
        venue = await venue_access.access_venue(ctx, venue_id, tenant=tenant)
        query = query.where(ReceptionSession.venue_id == venue.id)
    rows = await ctx.session.scalars(query.order_by(ReceptionSession.starts_at,
                                                    ReceptionSession.id))
    return list(rows)


async def create_session(ctx: ServiceContext, new: NewSession) -> ReceptionSession:
    venue = await venue_access.access_venue(ctx, new.venue_id, Act.manage)
    tenant = await own_tenant(ctx)
    await checks.lock(ctx, venue)
    starts_at, ends_at = checks.instants(tenant, new.on, new.starts, new.ends)
    values, problems = checks.detail_problems(
        {"theme": new.theme, "notice": new.notice, "capacity": new.capacity})
    problems = checks.time_problems(starts_at, ends_at) + problems
    problems += checks.members_problems(new.member_ids)
    if problems:
        raise ValidationFailed(problems)
    people = await checks.members(ctx, tenant, new.member_ids)
    rows = checks.standing(venue, people) + await checks.busy(ctx, tenant, venue, people,
                                                              starts_at, ends_at)
    if rows:
        raise Conflict(rows)
    row = ReceptionSession(
        tenant_id=tenant.id, id=uuid.uuid4(), venue_id=venue.id, starts_at=starts_at,
        ends_at=ends_at, status=SessionStatus.planned,
        holiday_name=recurrence.holiday_name(new.on),
        created_by=ctx.require_principal().account_id, **values)
    ctx.session.add(row)
    await ctx.session.flush()
    ctx.session.add_all(checks.duties(tenant.id, row.id, people))
    await audit.record_change(ctx, "reception_session_created", row, None,
                              extra_after={"member_ids": [str(m.id) for m in people]})
    return row


async def _planned(ctx: ServiceContext, session_id: uuid.UUID, action: str
                   ) -> ReceptionSession:
    row = await venue_access.access_session(ctx, session_id, Act.manage)
    if row.status is not SessionStatus.planned:
        raise SessionNotPlanned(SessionStatus(row.status), action)
    return row


async def move_session(ctx: ServiceContext, session_id: uuid.UUID, on: date, starts: time,
                       ends: time) -> ReceptionSession:
    """New times for a planned session; its venue and members on duty checked again."""
    row = await _planned(ctx, session_id, "改期")
    tenant = await own_tenant(ctx)
    venue = await checks.lock(ctx, await ctx.session.get(Venue, (tenant.id, row.venue_id)))
    starts_at, ends_at = checks.instants(tenant, on, starts, ends)
    problems = checks.time_problems(starts_at, ends_at)
    if problems:
        raise ValidationFailed(problems)
    duties = [d for d in await checks.on_duty(ctx, row) if d.status is not DutyStatus.declined]
    people = await checks.members(ctx, tenant, [d.member_id for d in duties])
    conflicts = checks.standing(venue, people) + await checks.busy(
        ctx, tenant, venue, people, starts_at, ends_at, exclude=row.id)
    if conflicts:
        raise Conflict(conflicts)
    before = snapshot(row)
    row.starts_at, row.ends_at = starts_at, ends_at
    row.holiday_name = recurrence.holiday_name(on)
    await audit.record_change(ctx, "reception_session_moved", row, before)
    return row


async def cancel_session(ctx: ServiceContext, session_id: uuid.UUID,
                         reason: str | None) -> ReceptionSession:
    """Cancel a planned session (a held one cannot be), with the reason."""
    row = await _planned(ctx, session_id, "取消")
    reason = clean_text(reason)
    problem = CANCEL_REASON.required_problem(reason)
    if problem is not None:
        raise ValidationFailed([problem])
    before = snapshot(row)
    row.status, row.cancel_reason = SessionStatus.cancelled, reason
    await audit.record_change(ctx, "reception_session_cancelled", row, before)
    return row


async def set_session_members(ctx: ServiceContext, session_id: uuid.UUID,
                              add: list[uuid.UUID], remove: list[uuid.UUID]
                              ) -> ReceptionSession:
    """Put members on duty at a planned session and take others off; one at least stays.
    The added ones are checked as at a booking (left, on duty elsewhere)."""
    row = await _planned(ctx, session_id, "调整值班委员")
    tenant = await own_tenant(ctx)
    await checks.lock(ctx, await ctx.session.get(Venue, (tenant.id, row.venue_id)))
    duties = {d.member_id: d for d in await checks.on_duty(ctx, row)}
    added = await checks.members(ctx, tenant, add)
    removed = await checks.members(ctx, tenant, remove)
    problems = [FieldProblem("add", f"{m.name}已在值班名单中") for m in added
                if m.id in duties]
    problems += [FieldProblem("remove", f"{m.name}不在值班名单中") for m in removed
                 if m.id not in duties]
    if not problems and len(duties) + len(added) - len(removed) < 1:
        problems.append(FieldProblem("remove", "请保留至少一名值班委员"))
    if not problems and len(duties) + len(added) - len(removed) > checks.MAX_ON_DUTY:
        problems.append(FieldProblem("add", f"每次接待日最多安排 {checks.MAX_ON_DUTY} 名值班委员"))
    if problems:
        raise ValidationFailed(problems)
    conflicts = checks.standing(None, added) + await checks.busy(
        ctx, tenant, None, added, row.starts_at, row.ends_at, exclude=row.id)
    if conflicts:
        raise Conflict(conflicts)
    if removed:
        await ctx.session.execute(delete(SessionDuty).where(
            SessionDuty.tenant_id == tenant.id, SessionDuty.session_id == row.id,
            SessionDuty.member_id.in_([m.id for m in removed])))
    ctx.session.add_all(checks.duties(tenant.id, row.id, added))
    await ctx.session.flush()
    principal = ctx.require_principal()
    await audit.record(ctx.session, tenant_id=tenant.id, action="session_members_changed",
                       origin=ctx.origin, actor_id=principal.account_id,
                       target=("reception_session", row.id),
                       before={"member_ids": [str(m) for m in duties]},
                       after={"member_ids": [str(m) for m in duties
                                             if m not in {r.id for r in removed}]
                              + [str(m.id) for m in added]})
    return row


def local_times(tenant: Tenant, row: ReceptionSession) -> tuple[datetime, datetime]:
    """The session's start and end on the tenant's wall clock."""
    tz = checks.zone(tenant)
    return row.starts_at.astimezone(tz), row.ends_at.astimezone(tz)
