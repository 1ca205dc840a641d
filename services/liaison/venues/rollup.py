"""Venue roll-ups (阵地接待统计): per venue and quarter, for a tenant or a city with its
counties side by side.

The quarter is counted on session start times in each tenant's own time zone. Per venue:

- ``planned``: every session scheduled in the quarter, whatever became of it; of them
  ``held``, ``cancelled`` and ``pending`` (still 已排班: not yet recorded);
- ``visitors``: people recorded at those sessions — each named visitor one, a group who gave
  no name its count;
- ``opinions``: distinct opinion records the visitors' concerns became;
- ``members_served``: distinct members on duty (not declined) at held sessions.

Listed venues: the active ones, and closed ones with sessions in the quarter. Venue staff see
their own venues' rows (and totals over those); the office and leadership every venue; a
city's office and leadership their counties' side by side (``across``). ``totals`` count
distinct opinions and members over the tenant (a member serving at two venues counts once).
A fixed number of statements, however many tenants and venues.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, false, func, literal, or_, select, tuple_

from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.compliance.quarters import Quarter
from liaison.compliance.service import quarter_for
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.models import ReceptionSession, SessionDuty, SessionVisitor, Tenant, Venue
from liaison.models.venues import DutyStatus, SessionStatus, VenueKind
from liaison.tenancy import access, registry
from liaison.venues import access as venue_access
from liaison.venues.public import local_midnight

S = SessionStatus


@dataclass
class VenueFigures:
    planned: int = 0
    held: int = 0
    cancelled: int = 0
    pending: int = 0
    visitors: int = 0
    opinions: int = 0
    members_served: int = 0


@dataclass
class VenueRow:
    venue_id: uuid.UUID
    name: str
    kind: VenueKind
    is_active: bool
    figures: VenueFigures = field(default_factory=VenueFigures)


@dataclass
class VenueSummary:
    tenant: Tenant
    quarter: Quarter
    rows: list[VenueRow] = field(default_factory=list)
    totals: VenueFigures = field(default_factory=VenueFigures)


def _scope(ctx: ServiceContext, tenant: Tenant) -> policies.VenueScope:
    """Not found for a tenant the caller cannot read; forbidden for a role reading no venue."""
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    return venue_access.scope(ctx, tenant, Act.read)


async def summary(ctx: ServiceContext, tenant: Tenant, year: int | None,
                  quarter: int | None) -> VenueSummary:
    """The tenant's venues the caller may read (default: the current quarter)."""
    scope = _scope(ctx, tenant)
    [result] = await _summaries(ctx, [tenant], {tenant.id: scope},
                                quarter_for(tenant, year, quarter))
    return result


async def across(ctx: ServiceContext, tenant: Tenant, year: int | None,
                 quarter: int | None) -> list[VenueSummary]:
    """The tenant (as ``summary``), then each tenant below it whose venues the caller reads
    in full, by path: a city's counties side by side."""
    principal = ctx.require_principal()
    scopes = {tenant.id: _scope(ctx, tenant)}
    asked = quarter_for(tenant, year, quarter)
    readable = set(access.readable_ids(ctx))
    below = [t for t in await registry.tenants_by_ids(
        ctx.session, [i for i in await registry.descendant_ids(ctx.session, tenant.path)
                      if i in readable])
        if policies.venue_scope(principal, t, Act.read).everyone]
    scopes.update((t.id, policies.VenueScope(everyone=True)) for t in below)
    return await _summaries(ctx, [tenant, *sorted(below, key=lambda t: t.path)], scopes, asked)


def _in_scope(scopes: dict[uuid.UUID, policies.VenueScope], tenant_column, venue_column):
    """The tenants' venues in each one's scope (each tenant condition written once)."""
    where = [tenant_column.in_(list(scopes))]
    if not all(s.everyone for s in scopes.values()):
        full = [t for t, s in scopes.items() if s.everyone]
        where.append(or_(false(), *[and_(tenant_column == t, s.condition(venue_column))
                                    for t, s in scopes.items() if not s.everyone],
                         *([tenant_column.in_(full)] if full else [])))
    return where


def _in_quarter(tenants: list[Tenant], quarter: Quarter):
    """Sessions starting in the quarter, on each tenant's own dates (one condition per time
    zone, usually one)."""
    zones: dict[str, list[uuid.UUID]] = defaultdict(list)
    for t in tenants:
        zones[t.timezone].append(t.id)
    after_end = quarter.end + timedelta(days=1)
    parts = [and_(ReceptionSession.starts_at >= local_midnight(quarter.start, zone),
                  ReceptionSession.starts_at < local_midnight(after_end, zone),
                  *([ReceptionSession.tenant_id.in_(ids)] if len(zones) > 1 else []))
             for zone, ids in zones.items()]
    return parts[0] if len(parts) == 1 else or_(*parts)


async def _summaries(ctx: ServiceContext, tenants: list[Tenant],
                     scopes: dict[uuid.UUID, policies.VenueScope],
                     quarter: Quarter) -> list[VenueSummary]:
    results = {t.id: VenueSummary(t, quarter) for t in tenants}
    window = _in_quarter(tenants, quarter)
    rows: dict[tuple[uuid.UUID, uuid.UUID], VenueRow] = {}
    counted = func.count(ReceptionSession.id)
    venues = await ctx.session.execute(select(
        Venue.tenant_id, Venue.id, Venue.name, Venue.kind, Venue.is_active, counted,
        *[counted.filter(ReceptionSession.status == s) for s in (S.held, S.cancelled, S.planned)],
    ).outerjoin(ReceptionSession, and_(ReceptionSession.tenant_id == Venue.tenant_id,
                                       ReceptionSession.venue_id == Venue.id, window))
        .where(*_in_scope(scopes, Venue.tenant_id, Venue.id))
        .group_by(Venue.tenant_id, Venue.id)
        .having(or_(Venue.is_active.is_(True), counted > 0))
        .order_by(Venue.tenant_id, Venue.kind, Venue.name))
    for tenant_id, venue_id, name, kind, active, planned, held, cancelled, pending in venues:
        row = VenueRow(venue_id, name, kind, active,
                       VenueFigures(planned, held, cancelled, pending))
        rows[(tenant_id, venue_id)] = row
        results[tenant_id].rows.append(row)
    sessions = [window, *_in_scope(scopes, ReceptionSession.tenant_id, ReceptionSession.venue_id)]
    grouping = func.grouping_sets(tuple_(ReceptionSession.tenant_id, ReceptionSession.venue_id),
                                  tuple_(ReceptionSession.tenant_id))
    visitors = await ctx.session.execute(select(
        ReceptionSession.tenant_id, ReceptionSession.venue_id,
        func.sum(func.coalesce(SessionVisitor.unnamed_count, literal(1))),
        func.count(SessionVisitor.opinion_id.distinct()),
    ).join(SessionVisitor, and_(SessionVisitor.tenant_id == ReceptionSession.tenant_id,
                                SessionVisitor.session_id == ReceptionSession.id))
        .where(*sessions).group_by(grouping))
    for tenant_id, venue_id, people, opinions in visitors:
        _figures(results, rows, tenant_id, venue_id, visitors=int(people or 0),
                 opinions=opinions)
    served = await ctx.session.execute(select(
        ReceptionSession.tenant_id, ReceptionSession.venue_id,
        func.count(SessionDuty.member_id.distinct()),
    ).join(SessionDuty, and_(SessionDuty.tenant_id == ReceptionSession.tenant_id,
                             SessionDuty.session_id == ReceptionSession.id))
        .where(*sessions, ReceptionSession.status == S.held,
               SessionDuty.status != DutyStatus.declined).group_by(grouping))
    for tenant_id, venue_id, members in served:
        _figures(results, rows, tenant_id, venue_id, members_served=members)
    for result in results.values():
        for name in ("planned", "held", "cancelled", "pending"):
            setattr(result.totals, name, sum(getattr(r.figures, name) for r in result.rows))
    return [results[t.id] for t in tenants]


def _figures(results: dict[uuid.UUID, VenueSummary],
             rows: dict[tuple[uuid.UUID, uuid.UUID], VenueRow], tenant_id: uuid.UUID,
             venue_id: uuid.UUID | None, **values: int) -> None:
    """Set figures on a venue's row, or (``venue_id`` None: the tenant's grouping) totals."""
    target = results[tenant_id].totals if venue_id is None else rows[(tenant_id,
                                                                      venue_id)].figures
    for name, value in values.items():
        setattr(target, name, value)

