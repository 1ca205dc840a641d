"""A paired person who took part in a sector activity counts as contacted for each of their
members (actively paired on the day) who took part: one contact per such pairing, of the
method of the activity's kind, at the start of its day, written as every contact is
(``contacts.service.write_contact``). An activity's contacts are found again by what they
are (that method, that instant, its members with its people); an update moves them with the
activity, and refuses to drop one (contacts are never deleted)."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.contacts.service import ContactInput, write_contact
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, ValidationFailed
from liaison.models import Constituent, Contact, ContactConstituent, Member, Pairing, Tenant
from liaison.models.contacts import Method
from liaison.models.venues import ACTIVITY_KIND_LABELS, ActivityKind
from liaison.venues.records import PairingMet

METHOD = {ActivityKind.research: Method.sector_research,
          ActivityKind.consultation: Method.sector_consultation,
          ActivityKind.forum: Method.sector_forum, ActivityKind.studio: Method.sector_studio}


@dataclass(frozen=True)
class Pair:
    member_id: uuid.UUID
    member_name: str
    constituent_id: uuid.UUID
    constituent_name: str


def instant(day: date, tenant: Tenant) -> datetime:
    """An activity's contacts occur at the start of its day, in the tenant's time."""
    return datetime.combine(day, time(), ZoneInfo(tenant.timezone))


async def pairs(ctx: ServiceContext, tenant: Tenant, day: date, member_ids: list[uuid.UUID],
                constituent_ids: list[uuid.UUID]) -> list[Pair]:
    """The pairings active on ``day`` between these members and these people."""
    if not member_ids or not constituent_ids:
        return []
    rows = (await ctx.session.execute(
        select(Pairing.member_id, Member.name, Pairing.constituent_id,
               Constituent.name.label("constituent_name"))
        .join(Member, (Member.tenant_id == Pairing.tenant_id) & (Member.id == Pairing.member_id))
        .join(Constituent, (Constituent.tenant_id == Pairing.tenant_id)
              & (Constituent.id == Pairing.constituent_id))
        .where(Pairing.tenant_id == tenant.id, Pairing.member_id.in_(member_ids),
               Pairing.constituent_id.in_(constituent_ids), Pairing.started_on <= day,
               Pairing.ended_on.is_(None) | (Pairing.ended_on >= day))
        .order_by(Constituent.name, Constituent.id, Member.name, Member.id))).all()
    return [Pair(*r) for r in rows]


async def logged(ctx: ServiceContext, tenant: Tenant, activity,
                 member_ids: list[uuid.UUID], constituent_ids: list[uuid.UUID],
                 anchors: list[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], Contact]:
    """The contacts ``activity`` (as stored, before an update) logged, by (member, person):
    its people's ``contact_id`` (``anchors``), and the others found by what they are."""
    if not member_ids or not constituent_ids:
        return {}
    kind = ActivityKind(activity.kind)
    what = (Contact.method == METHOD[kind]) & (
        Contact.occurred_at == instant(activity.held_on, tenant)) & (
        Contact.content == _values(tenant, activity)["content"])
    rows = (await ctx.session.execute(
        select(Contact, ContactConstituent.constituent_id)
        .join(ContactConstituent, (ContactConstituent.tenant_id == Contact.tenant_id)
              & (ContactConstituent.contact_id == Contact.id))
        .where(Contact.tenant_id == tenant.id, Contact.member_id.in_(member_ids),
               ContactConstituent.constituent_id.in_(constituent_ids),
               what | Contact.id.in_(anchors))
        .order_by(Contact.id))).all()
    found: dict[tuple[uuid.UUID, uuid.UUID], Contact] = {}
    for contact, constituent_id in rows:
        found.setdefault((contact.member_id, constituent_id), contact)
    return found


def refuse_dropped(old: dict, wanted: list[Pair], names: dict[uuid.UUID, str]) -> None:
    """An update may not drop a pairing the activity already counted (its contact stays)."""
    keep = {(p.member_id, p.constituent_id) for p in wanted}
    dropped = [key for key in old if key not in keep]
    if dropped:
        raise ValidationFailed([FieldProblem(
            "constituentIds", f"{names.get(c, c)} 已记为 {names.get(m, m)} 的联系服务，"
            "不能从活动中去掉（联系服务记录不能删除）") for m, c in dropped])


def _values(tenant: Tenant, activity) -> dict:
    at = instant(activity.held_on, tenant)
    label = ACTIVITY_KIND_LABELS[ActivityKind(activity.kind)]
    return {"occurred_at": at, "occurred_on": activity.held_on,
            "method": METHOD[ActivityKind(activity.kind)], "place": activity.place,
            "content": f"{label}：{activity.title}"}


async def log(ctx: ServiceContext, tenant: Tenant, activity, wanted: list[Pair],
              old: dict[tuple[uuid.UUID, uuid.UUID], Contact],
              now: datetime | None = None) -> list[PairingMet]:
    """Log the contacts of ``wanted`` pairings; those ``old`` already had move with the
    activity (day, method, place, content)."""
    values, met = _values(tenant, activity), []
    for pair in wanted:
        contact = old.get((pair.member_id, pair.constituent_id))
        if contact is None:
            contact = await write_contact(ctx, tenant, ContactInput(
                member_id=pair.member_id, constituent_ids=[pair.constituent_id],
                occurred_at=values["occurred_at"], method=values["method"],
                place=values["place"], content=values["content"]), now)
        else:
            await _move(ctx, contact, values)
        met.append(PairingMet(pair.member_id, pair.member_name, pair.constituent_id,
                              pair.constituent_name, contact.id))
    return met


async def _move(ctx: ServiceContext, contact: Contact, values: dict) -> None:
    """The contact follows its activity; its people's rows carry the new day (replaced, as
    ``update_contact`` replaces them: they are never updated in place)."""
    before = snapshot(contact)
    for key, value in values.items():
        setattr(contact, key, value)
    links = list(await ctx.session.scalars(select(ContactConstituent).where(
        ContactConstituent.tenant_id == contact.tenant_id,
        ContactConstituent.contact_id == contact.id)))
    if links and links[0].occurred_on != contact.occurred_on:
        await ctx.session.execute(delete(ContactConstituent).where(
            ContactConstituent.tenant_id == contact.tenant_id,
            ContactConstituent.contact_id == contact.id))
        ctx.session.add_all(ContactConstituent(
            tenant_id=link.tenant_id, contact_id=link.contact_id,
            constituent_id=link.constituent_id, member_id=link.member_id,
            occurred_on=contact.occurred_on) for link in links)
    await audit.record_change(ctx, "contact_updated", contact, before, only_if_changed=True)
