"""What a page of sector activities shows, loaded for the whole page at once: sectors,
members who took part, the studio's name, and — for those who keep the records (the office,
the studio's staff) — the paired people who took part and the pairings each counted. Paired
people are personal data: other readers get their number only."""

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select, tuple_

from liaison.activities import contacts as activity_contacts
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.models import (
    ActivityMember,
    ActivityPerson,
    ActivitySector,
    Constituent,
    Member,
    Sector,
    SectorActivity,
    Tenant,
    Venue,
)
from liaison.venues.records import PairingMet


@dataclass
class ActivityDetail:
    sectors: list[Sector] = field(default_factory=list)
    members: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    venue_name: str | None = None
    people_count: int = 0
    people: list[tuple[uuid.UUID, str]] | None = None  # None: the caller sees the count only
    satisfied: list[PairingMet] | None = None


def keeps_records(ctx: ServiceContext, tenant: Tenant, activity: SectorActivity) -> bool:
    principal = ctx.require_principal()
    if tenant.id != principal.tenant_id:
        return False
    scope = policies.venue_scope(principal, tenant, Act.manage)
    return scope.everyone or (activity.venue_id is not None and scope.allows(activity.venue_id))


def _keys(model, activities: list[SectorActivity]):
    return tuple_(model.tenant_id, model.activity_id).in_(
        [(a.tenant_id, a.id) for a in activities])


async def details(ctx: ServiceContext, tenant: Tenant, activities: list[SectorActivity]
                  ) -> dict[uuid.UUID, ActivityDetail]:
    """Each activity's detail (all of ``tenant``, which the caller has read)."""
    found = {a.id: ActivityDetail() for a in activities}
    if not activities:
        return found
    for activity_id, sector in (await ctx.session.execute(
            select(ActivitySector.activity_id, Sector).join(
                Sector, (Sector.tenant_id == ActivitySector.tenant_id)
                & (Sector.id == ActivitySector.sector_id))
            .where(_keys(ActivitySector, activities))
            .order_by(Sector.sort_order, Sector.name))).all():
        found[activity_id].sectors.append(sector)
    for activity_id, member_id, name in (await ctx.session.execute(
            select(ActivityMember.activity_id, Member.id, Member.name).join(
                Member, (Member.tenant_id == ActivityMember.tenant_id)
                & (Member.id == ActivityMember.member_id))
            .where(_keys(ActivityMember, activities)).order_by(Member.name, Member.id))).all():
        found[activity_id].members.append((member_id, name))
    venue_ids = {a.venue_id for a in activities if a.venue_id is not None}
    venues = dict((await ctx.session.execute(select(Venue.id, Venue.name).where(
        Venue.tenant_id == tenant.id, Venue.id.in_(venue_ids)))).all()) if venue_ids else {}
    people: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    for activity_id, constituent_id, name in (await ctx.session.execute(
            select(ActivityPerson.activity_id, Constituent.id, Constituent.name).join(
                Constituent, (Constituent.tenant_id == ActivityPerson.tenant_id)
                & (Constituent.id == ActivityPerson.constituent_id))
            .where(_keys(ActivityPerson, activities))
            .order_by(Constituent.name, Constituent.id))).all():
        people.setdefault(activity_id, []).append((constituent_id, name))
    for activity in activities:
        detail = found[activity.id]
        detail.venue_name = venues.get(activity.venue_id)
        detail.people_count = len(people.get(activity.id, []))
        if keeps_records(ctx, tenant, activity):
            detail.people = people.get(activity.id, [])
            detail.satisfied = await _satisfied(ctx, tenant, activity, detail)
    return found


async def _satisfied(ctx: ServiceContext, tenant: Tenant, activity: SectorActivity,
                     detail: ActivityDetail) -> list[PairingMet]:
    members = dict(detail.members)
    people = dict(detail.people or [])
    anchors = list(await ctx.session.scalars(select(ActivityPerson.contact_id).where(
        ActivityPerson.tenant_id == tenant.id, ActivityPerson.activity_id == activity.id,
        ActivityPerson.contact_id.is_not(None))))
    logged = await activity_contacts.logged(ctx, tenant, activity, list(members),
                                            list(people), anchors)
    return sorted((PairingMet(m, members[m], c, people[c], contact.id)
                   for (m, c), contact in logged.items()),
                  key=lambda p: (p.constituent_name, p.member_name))
