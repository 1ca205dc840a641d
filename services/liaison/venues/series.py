"""A recurring pattern of reception days (venues/recurrence.py) made into a series and all its
sessions, all or nothing: any conflict refuses the whole series, with a row for each date
that conflicts and why. ``preview`` shows the dates and their conflicts without writing."""

import uuid
from dataclasses import dataclass, field
from datetime import date, time

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import ValidationFailed
from liaison.models import Member, ReceptionSeries, ReceptionSession, Tenant, Venue
from liaison.models.venues import HolidayPolicy, SessionStatus
from liaison.tenancy.access import own_tenant
from liaison.venues import access as venue_access
from liaison.venues import checks, conflicts, recurrence
from liaison.venues.errors import Conflict, ConflictKind, ConflictRow


@dataclass
class NewSeries:
    venue_id: uuid.UUID
    rule: str  # an RRULE, or recurrence.simple_rule(…)
    first_on: date
    last_on: date
    starts: time
    ends: time
    holiday_policy: HolidayPolicy = HolidayPolicy.flag
    member_ids: list[uuid.UUID] = field(default_factory=list)
    theme: str | None = None
    capacity: int | None = None
    notice: str | None = None


@dataclass
class SeriesMade:
    series: ReceptionSeries
    sessions: list[ReceptionSession]
    notes: list[str]  # e.g. a year without holiday data


@dataclass
class Preview:
    plan: recurrence.Plan
    conflicts: list[ConflictRow]


async def _prepare(ctx: ServiceContext, new: NewSeries
                   ) -> tuple[Tenant, Venue, recurrence.Plan, dict, list[Member]]:
    venue = await venue_access.access_venue(ctx, new.venue_id, Act.manage)
    tenant = await own_tenant(ctx)
    await checks.lock(ctx, venue)
    starts_at, ends_at = checks.instants(tenant, new.first_on, new.starts, new.ends)
    values, problems = checks.detail_problems(
        {"theme": new.theme, "notice": new.notice, "capacity": new.capacity})
    problems = checks.time_problems(starts_at, ends_at) + problems
    problems += checks.members_problems(new.member_ids)
    try:
        plan = recurrence.plan(new.rule, new.first_on, new.last_on, new.holiday_policy)
    except ValidationFailed as bad:
        raise ValidationFailed(bad.problems + problems) from None
    if problems:
        raise ValidationFailed(problems)
    return tenant, venue, plan, values, await checks.members(ctx, tenant, new.member_ids)


async def _conflicts(ctx: ServiceContext, tenant: Tenant, venue: Venue, plan: recurrence.Plan,
                     new: NewSeries, people: list[Member]) -> list[ConflictRow]:
    rows = checks.standing(venue, people)
    # Once over the whole span first: only what is busy somewhere in it is checked date by
    # date (an empty calendar costs two queries, not two per date).
    span_start, _ = checks.instants(tenant, plan.occurrences[0].on, new.starts, new.ends)
    _, span_end = checks.instants(tenant, plan.occurrences[-1].on, new.starts, new.ends)
    booked = await conflicts.venue_busy(ctx.session, tenant.id, venue.id, span_start, span_end)
    busy = await conflicts.members_busy(ctx.session, tenant.id, [m.id for m in people],
                                        span_start, span_end)
    somewhere = [m for m in people if m.id in busy]
    taken: dict[date, recurrence.Occurrence] = {}
    for occurrence in plan.occurrences:
        if occurrence.on in taken:
            first = taken[occurrence.on]
            rows.append(ConflictRow(ConflictKind.venue_booked, _clash(occurrence, first),
                                    occurrence.on))
            continue
        taken[occurrence.on] = occurrence
        if booked is None and not somewhere:
            continue
        starts_at, ends_at = checks.instants(tenant, occurrence.on, new.starts, new.ends)
        rows += await checks.busy(ctx, tenant, venue if booked else None, somewhere,
                                  starts_at, ends_at)
    return rows


def _clash(occurrence: recurrence.Occurrence, first: recurrence.Occurrence) -> str:
    def what(o: recurrence.Occurrence) -> str:
        return f"由{o.moved_from.month}月{o.moved_from.day}日顺延的接待日" if o.moved_from \
            else "本来的接待日"

    on = occurrence.on
    return f"{on.month}月{on.day}日：{what(occurrence)}与同一规则{what(first)}重叠"


def _stored(series: ReceptionSeries) -> dict:
    return {k: v.isoformat() if isinstance(v, time) else v
            for k, v in snapshot(series).items()}


async def preview(ctx: ServiceContext, new: NewSeries) -> Preview:
    """The dates the pattern makes and what conflicts, writing nothing (the console's
    "check before saving")."""
    tenant, venue, plan, _, people = await _prepare(ctx, new)
    return Preview(plan, await _conflicts(ctx, tenant, venue, plan, new, people))


async def create_series(ctx: ServiceContext, new: NewSeries) -> SeriesMade:
    tenant, venue, plan, values, people = await _prepare(ctx, new)
    refused = await _conflicts(ctx, tenant, venue, plan, new, people)
    if refused:
        raise Conflict(refused)
    account_id = ctx.require_principal().account_id
    series = ReceptionSeries(
        tenant_id=tenant.id, id=uuid.uuid4(), venue_id=venue.id, rrule=plan.rule,
        first_on=new.first_on, last_on=new.last_on, starts=new.starts.replace(tzinfo=None),
        ends=new.ends.replace(tzinfo=None), holiday_policy=new.holiday_policy,
        created_by=account_id)
    ctx.session.add(series)
    await ctx.session.flush()
    sessions = []
    for occurrence in plan.occurrences:
        starts_at, ends_at = checks.instants(tenant, occurrence.on, new.starts, new.ends)
        sessions.append(ReceptionSession(
            tenant_id=tenant.id, id=uuid.uuid4(), venue_id=venue.id, series_id=series.id,
            starts_at=starts_at, ends_at=ends_at, status=SessionStatus.planned,
            holiday_name=occurrence.holiday_name, moved_from=occurrence.moved_from,
            created_by=account_id, **values))
    ctx.session.add_all(sessions)
    await ctx.session.flush()
    for row in sessions:
        ctx.session.add_all(checks.duties(tenant.id, row.id, people))
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="reception_series_created",
                       origin=ctx.origin, actor_id=account_id,
                       target=("reception_series", series.id), after=_stored(series),
                       detail={"sessions": len(sessions), **values,
                               "member_ids": [str(m.id) for m in people]})
    return SeriesMade(series, sessions, plan.notes)
