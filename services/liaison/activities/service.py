"""Sector activities (界别活动, R15): 调研视察考察, 界别协商, 界别座谈会, 工作室活动 — when,
where, which sectors, the members who took part, the paired people who took part (each a
contact for each of their members who took part: contacts.py), how many people it reached.

The office records them; a studio's staff record their studio's. Who reads the tenant's
venues reads its activities, except venue staff (their studios') and members (those they
took part in); a city reads its counties'. Another tenant's activity, or one the caller may
not read, is not found. Bad input writes nothing (checks.py runs first).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, exists, false, or_, select, true

from liaison.activities import checks
from liaison.activities import contacts as activity_contacts
from liaison.activities.checks import ActivityInput
from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import Forbidden, NotFound
from liaison.models import (
    ActivityMember,
    ActivityPerson,
    ActivitySector,
    Constituent,
    Member,
    SectorActivity,
    Tenant,
)
from liaison.tenancy import access
from liaison.tenancy.access import own_tenant
from liaison.venues.records import PairingMet

KIND = "界别活动"
__all__ = ["ActivityInput", "ActivityRecorded", "access_activity", "create_activity",
           "list_activities", "update_activity"]


@dataclass
class ActivityRecorded:
    activity: SectorActivity
    satisfied: list[PairingMet] = field(default_factory=list)  # pairings counted as contacted
    unpaired: list[str] = field(default_factory=list)  # people paired with no member present

    @property
    def summary(self) -> str:
        text = "未记入结对联系"
        if self.satisfied:
            text = "已记为委员联系服务，计入结对联系：" + "、".join(
                f"{p.member_name}—{p.constituent_name}" for p in self.satisfied)
        if self.unpaired:
            text += f"；{'、'.join(self.unpaired)} 的结对委员未参加本次活动，未记为联系服务"
        return text


@dataclass(frozen=True)
class Readable:
    """The activities of one tenant a caller reads: all, a staff account's studios', or a
    member's own."""

    everyone: bool = False
    venue_ids: frozenset[uuid.UUID] = frozenset()
    member_id: uuid.UUID | None = None

    def condition(self):
        if self.everyone:
            return true()
        conditions = []
        if self.venue_ids:
            conditions.append(SectorActivity.venue_id.in_(self.venue_ids))
        if self.member_id is not None:
            conditions.append(exists().where(
                ActivityMember.tenant_id == SectorActivity.tenant_id,
                ActivityMember.activity_id == SectorActivity.id,
                ActivityMember.member_id == self.member_id))
        return or_(*conditions) if conditions else false()

    def allows(self, activity: SectorActivity, member_ids: list[uuid.UUID]) -> bool:
        return (self.everyone or activity.venue_id in self.venue_ids
                or (self.member_id is not None and self.member_id in member_ids))


def readable(ctx: ServiceContext, tenant: Tenant) -> Readable:
    principal = ctx.require_principal()
    venues = policies.venue_scope(principal, tenant, Act.read)
    if venues.none:
        raise Forbidden("没有权限查看界别活动")
    if not venues.everyone:
        return Readable(venue_ids=venues.venue_ids)
    members = policies.readable_members(principal, tenant)
    if members.everyone or members.sector_ids:
        return Readable(everyone=True)
    return Readable(member_id=members.member_id)  # a member: the activities they joined


async def member_ids_of(ctx: ServiceContext, activity: SectorActivity) -> list[uuid.UUID]:
    return list(await ctx.session.scalars(select(ActivityMember.member_id).where(
        ActivityMember.tenant_id == activity.tenant_id,
        ActivityMember.activity_id == activity.id)))


async def access_activity(ctx: ServiceContext, activity_id: uuid.UUID, act: Act = Act.read, *,
                          tenant: Tenant | None = None) -> SectorActivity:
    """The activity if the caller may read it (NotFound otherwise); ``manage``: the office,
    or the staff of its studio (Forbidden for other readers of the own tenant)."""
    activity, tenant = await access.get_readable(ctx, SectorActivity, activity_id, KIND,
                                                 act=act, tenant=tenant)
    if not readable(ctx, tenant).allows(activity, await member_ids_of(ctx, activity)):
        raise NotFound(KIND, activity_id)
    if act != Act.read and not policies.venue_scope(
            ctx.require_principal(), tenant, act).allows(activity.venue_id):
        raise Forbidden("只有委员联络办或本工作室的工作人员可以修改该界别活动")
    return activity


async def _people(ctx: ServiceContext, activity: SectorActivity) -> list[ActivityPerson]:
    return list(await ctx.session.scalars(select(ActivityPerson).where(
        ActivityPerson.tenant_id == activity.tenant_id,
        ActivityPerson.activity_id == activity.id)))


async def _write(ctx: ServiceContext, tenant: Tenant, activity: SectorActivity, values: dict,
                 old: dict, now: datetime | None) -> ActivityRecorded:
    wanted = await activity_contacts.pairs(ctx, tenant, values["held_on"], values["member_ids"],
                                           values["constituent_ids"])
    activity_contacts.refuse_dropped(old, wanted, await _names(
        ctx, tenant, [m for m, _ in old], [c for _, c in old]))
    for key in ("kind", "title", "held_on", "place", "venue_id", "people_reached", "summary"):
        setattr(activity, key, values[key])
    for model in (ActivitySector, ActivityMember, ActivityPerson):
        await ctx.session.execute(delete(model).where(
            model.tenant_id == tenant.id, model.activity_id == activity.id))
    await ctx.session.flush()
    met = await activity_contacts.log(ctx, tenant, activity, wanted, old, now)
    first: dict[uuid.UUID, uuid.UUID] = {}
    for pairing in met:
        first.setdefault(pairing.constituent_id, pairing.contact_id)
    ctx.session.add_all(
        [ActivitySector(tenant_id=tenant.id, activity_id=activity.id, sector_id=s)
         for s in values["sector_ids"]]
        + [ActivityMember(tenant_id=tenant.id, activity_id=activity.id, member_id=m)
           for m in values["member_ids"]]
        + [ActivityPerson(tenant_id=tenant.id, activity_id=activity.id, constituent_id=c,
                          contact_id=first.get(c)) for c in values["constituent_ids"]])
    await ctx.session.flush()
    alone = [c for c in values["constituent_ids"] if c not in first]
    names = await _names(ctx, tenant, [], alone)
    return ActivityRecorded(activity, met, [names[c] for c in alone])


async def _names(ctx: ServiceContext, tenant: Tenant, member_ids: list[uuid.UUID],
                 constituent_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    names: dict[uuid.UUID, str] = {}
    for model, ids in ((Member, member_ids), (Constituent, constituent_ids)):
        if ids:
            names.update((await ctx.session.execute(select(model.id, model.name).where(
                model.tenant_id == tenant.id, model.id.in_(ids)))).all())
    return names


def _ids(values: list[uuid.UUID]) -> list[str]:
    return sorted(str(v) for v in values)


def _detail(activity: SectorActivity, values: dict) -> dict:
    return {**snapshot(activity), **{k: _ids(values[k])
                                     for k in ("sector_ids", "member_ids", "constituent_ids")}}


async def create_activity(ctx: ServiceContext, data: ActivityInput,
                          now: datetime | None = None) -> ActivityRecorded:
    tenant = await own_tenant(ctx)
    checks.check_writer(ctx, tenant, data.venue_id)
    values = await checks.check(ctx, tenant, data)
    activity = SectorActivity(tenant_id=tenant.id, id=uuid.uuid4(),
                              created_by=ctx.require_principal().account_id)
    ctx.session.add(activity)
    result = await _write(ctx, tenant, activity, values, {}, now)
    await audit.record(ctx.session, tenant_id=tenant.id, action="sector_activity_recorded",
                       origin=ctx.origin, actor_id=ctx.require_principal().account_id,
                       target=("sector_activity", activity.id), after=_detail(activity, values))
    return result


async def update_activity(ctx: ServiceContext, activity_id: uuid.UUID, data: ActivityInput,
                          now: datetime | None = None) -> ActivityRecorded:
    """Replace an activity's details. Contacts it logged move with it; dropping a person or
    member whose pairing it counted is refused (contacts are never deleted)."""
    tenant = await own_tenant(ctx)
    activity = await access_activity(ctx, activity_id, Act.manage, tenant=tenant)
    checks.check_writer(ctx, tenant, data.venue_id)
    values = await checks.check(ctx, tenant, data)
    people = await _people(ctx, activity)
    member_ids = await member_ids_of(ctx, activity)
    before = {**snapshot(activity), "member_ids": _ids(member_ids),
              "constituent_ids": _ids([p.constituent_id for p in people])}
    old = await activity_contacts.logged(
        ctx, tenant, activity, member_ids, [p.constituent_id for p in people],
        [p.contact_id for p in people if p.contact_id is not None])
    result = await _write(ctx, tenant, activity, values, old, now)
    await audit.record(ctx.session, tenant_id=tenant.id, action="sector_activity_updated",
                       origin=ctx.origin, actor_id=ctx.require_principal().account_id,
                       target=("sector_activity", activity.id), before=before,
                       after=_detail(activity, values))
    return result


async def list_activities(ctx: ServiceContext, tenant: Tenant, *, year: int | None = None,
                          sector_id: uuid.UUID | None = None, first: int,
                          after: str | None) -> Page[SectorActivity]:
    """The activities the caller reads in ``tenant``, newest first; by year and sector."""
    if tenant.id not in access.readable_ids(ctx):
        raise NotFound("单位", tenant.id)
    stmt = select(SectorActivity).where(SectorActivity.tenant_id == tenant.id,
                                        readable(ctx, tenant).condition())
    if year is not None:
        stmt = stmt.where(SectorActivity.held_on >= date(year, 1, 1),
                          SectorActivity.held_on <= date(year, 12, 31)) \
            if 1 <= year <= 9999 else stmt.where(false())
    if sector_id is not None:
        stmt = stmt.where(exists().where(ActivitySector.tenant_id == SectorActivity.tenant_id,
                                         ActivitySector.activity_id == SectorActivity.id,
                                         ActivitySector.sector_id == sector_id))
    return await paginate(ctx.session, stmt, [SectorActivity.held_on, SectorActivity.id],
                          first=first, after=after, descending=True)
