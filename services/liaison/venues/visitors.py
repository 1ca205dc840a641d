"""Who came to a reception day, as the caller may see it. Visitors are personal data: the
venue's staff and the tenant's office see each one (phones masked as constituents' are: in
clear for the office only), the pairings each visit satisfied and the paired people of the
members on duty (to pick a visitor from); everyone else who reads the session (members on
duty, a city's office) sees counts only. Public pages and feeds never call this."""

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.members import phones
from liaison.models import (
    Constituent,
    Contact,
    ContactConstituent,
    Member,
    Pairing,
    ReceptionSession,
    SessionDuty,
    SessionVisitor,
    Tenant,
)
from liaison.models.contacts import Method
from liaison.models.venues import DutyStatus
from liaison.tenancy.access import tenant_of
from liaison.venues.access import access_session
from liaison.venues.records import PairingMet, local_day


@dataclass
class VisitorView:
    visitor: SessionVisitor
    phone: str | None  # masked unless the caller sees phones in clear
    constituent_name: str | None
    satisfied: list[PairingMet] = field(default_factory=list)


@dataclass(frozen=True)
class PairedPerson:
    """Someone actively paired with a member on duty that day: a visitor to look out for."""

    constituent_id: uuid.UUID
    name: str
    member_names: tuple[str, ...]


@dataclass
class SessionVisitors:
    people: int  # named visitors plus the people counted without a name
    named: int
    unnamed: int
    opinions: int  # opinion records made from what they raised
    items: list[VisitorView] | None = None  # None: counts only
    paired_people: list[PairedPerson] | None = None


def keeps_records(ctx: ServiceContext, tenant: Tenant, row: ReceptionSession) -> bool:
    """The venue's staff and the tenant's own office: they see (and write) the record."""
    principal = ctx.require_principal()
    return tenant.id == principal.tenant_id and policies.venue_scope(
        principal, tenant, Act.manage).allows(row.venue_id)


async def visitors(ctx: ServiceContext, session_id: uuid.UUID) -> SessionVisitors:
    row = await access_session(ctx, session_id)
    tenant = await tenant_of(ctx, row)
    rows = list(await ctx.session.scalars(select(SessionVisitor).where(
        SessionVisitor.tenant_id == tenant.id, SessionVisitor.session_id == row.id)
        .order_by(SessionVisitor.name.nulls_last(), SessionVisitor.id)))
    named = sum(1 for v in rows if v.unnamed_count is None)
    unnamed = sum(v.unnamed_count or 0 for v in rows)
    result = SessionVisitors(people=named + unnamed, named=named, unnamed=unnamed,
                             opinions=sum(1 for v in rows if v.opinion_id is not None))
    if not keeps_records(ctx, tenant, row):
        return result
    view = phones.view(ctx, tenant.path)
    ids = [v.constituent_id for v in rows if v.constituent_id is not None]
    names = dict((await ctx.session.execute(select(Constituent.id, Constituent.name).where(
        Constituent.tenant_id == tenant.id, Constituent.id.in_(ids)))).all()) if ids else {}
    met = await satisfied(ctx, row, ids)
    result.items = [VisitorView(v, view.constituent(v.phone, ()), names.get(v.constituent_id),
                                met.get(v.constituent_id, [])) for v in rows]
    result.paired_people = await paired_people(ctx, tenant, row)
    return result


async def satisfied(ctx: ServiceContext, row: ReceptionSession,
                    constituent_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[PairingMet]]:
    """For each visiting paired person, the pairings their visit satisfied: the 委员接待日
    contacts at the session's start of the members on duty there, with that person."""
    if not constituent_ids:
        return {}
    rows = (await ctx.session.execute(
        select(ContactConstituent.constituent_id, Contact.member_id, Member.name, Contact.id,
               Constituent.name.label("constituent_name"))
        .join(Contact, (Contact.tenant_id == ContactConstituent.tenant_id)
              & (Contact.id == ContactConstituent.contact_id))
        .join(Member, (Member.tenant_id == Contact.tenant_id) & (Member.id == Contact.member_id))
        .join(Constituent, (Constituent.tenant_id == ContactConstituent.tenant_id)
              & (Constituent.id == ContactConstituent.constituent_id))
        .join(SessionDuty, (SessionDuty.tenant_id == Contact.tenant_id)
              & (SessionDuty.member_id == Contact.member_id)
              & (SessionDuty.session_id == row.id))
        .where(ContactConstituent.tenant_id == row.tenant_id,
               ContactConstituent.constituent_id.in_(constituent_ids),
               Contact.method == Method.reception_day, Contact.occurred_at == row.starts_at)
        .order_by(Member.name, Member.id))).all()
    found: dict[uuid.UUID, list[PairingMet]] = {}
    for r in rows:
        found.setdefault(r.constituent_id, []).append(
            PairingMet(r.member_id, r.name, r.constituent_id, r.constituent_name, r.id))
    return found


async def paired_people(ctx: ServiceContext, tenant: Tenant,
                        row: ReceptionSession) -> list[PairedPerson]:
    """The people actively paired, on the session's day, with its members on duty."""
    day = local_day(row, tenant)
    rows = (await ctx.session.execute(
        select(Constituent.id, Constituent.name, Member.name.label("member_name"))
        .join(Pairing, (Pairing.tenant_id == Constituent.tenant_id)
              & (Pairing.constituent_id == Constituent.id))
        .join(Member, (Member.tenant_id == Pairing.tenant_id) & (Member.id == Pairing.member_id))
        .join(SessionDuty, (SessionDuty.tenant_id == Pairing.tenant_id)
              & (SessionDuty.member_id == Pairing.member_id)
              & (SessionDuty.session_id == row.id))
        .where(Constituent.tenant_id == tenant.id, SessionDuty.status != DutyStatus.declined,
               Pairing.started_on <= day,
               Pairing.ended_on.is_(None) | (Pairing.ended_on >= day))
        .order_by(Constituent.name, Constituent.id, Member.name))).all()
    people: dict[uuid.UUID, PairedPerson] = {}
    for r in rows:
        known = people.get(r.id)
        people[r.id] = PairedPerson(r.id, r.name, (*known.member_names, r.member_name)
                                    if known else (r.member_name,))
    return list(people.values())
