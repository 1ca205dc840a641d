"""Logging contacts (联系服务登记, Form 2): by the member, or by the office on their behalf.

A contact reaches one or more constituents paired with the member on that day; it cannot be
in the future. Dates are the tenant's local dates (a contact at 07:00 on 1 January Beijing
time belongs to the first quarter).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import make_transient_to_detached

from liaison import fields
from liaison.audit import service as audit
from liaison.audit.snapshots import changed, snapshot
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.contacts.statements import (
    AUDIT_KEYS,
    INSERT_CONTACT,
    LOG_CONTACT,
    MEMBER_PAIRED,
    PAIRED_ON,
)
from liaison.context import ServiceContext
from liaison.db import raw
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.fields import clean_texts
from liaison.members.service import access_member, check_readable
from liaison.models import (
    Constituent,
    Contact,
    ContactConstituent,
    MajorDecision,
    Pairing,
)
from liaison.models.contacts import Method, ServiceKind
from liaison.models.tenant import Tenant
from liaison.tenancy import access, clock
from liaison.tenancy.access import own_tenant


@dataclass
class ContactInput:
    member_id: uuid.UUID
    constituent_ids: list[uuid.UUID]
    occurred_at: datetime
    method: Method
    service_kinds: list[ServiceKind] = field(default_factory=list)
    place: str | None = None
    content: str | None = None
    opinions: str | None = None
    remarks: str | None = None
    decision_id: uuid.UUID | None = None


def local_datetime(value: datetime, tenant: Tenant) -> datetime:
    """A naive time is the tenant's local time; an aware one is kept as is."""
    if value.tzinfo is None:
        return value.replace(tzinfo=ZoneInfo(tenant.timezone))
    return value


def _day(data: ContactInput, tenant: Tenant) -> tuple[datetime, date]:
    occurred_at = local_datetime(data.occurred_at, tenant)
    return occurred_at, occurred_at.astimezone(ZoneInfo(tenant.timezone)).date()


@dataclass
class _Checked:
    """What a contact's input says before the database is asked: its values, its people (each
    once), and the problems found so far — those before the pairing check and those after,
    in the order they are reported."""
    values: dict
    people: list[uuid.UUID]
    before: list[FieldProblem]
    after: list[FieldProblem]


async def _prepare(ctx: ServiceContext, tenant: Tenant, data: ContactInput,
                   now: datetime) -> _Checked:
    before: list[FieldProblem] = []
    occurred_at, occurred_on = _day(data, tenant)
    if occurred_at > now:
        before.append(FieldProblem("occurredAt", "联系时间不能晚于现在"))
    texts, found = clean_texts({k: getattr(data, k) for k in fields.CONTACT}, fields.CONTACT)
    before += found
    people = list(dict.fromkeys(data.constituent_ids))
    if not people:
        before.append(FieldProblem("constituentIds", "请选择至少一名结对联系对象"))
    after = []
    if data.decision_id is not None and await ctx.session.get(
            MajorDecision, (tenant.id, data.decision_id)) is None:
        after.append(FieldProblem("decisionId", f"本单位没有该重大决策：{data.decision_id}"))
    values = {"occurred_at": occurred_at, "occurred_on": occurred_on, "method": data.method,
              "service_kinds": sorted({k.value for k in data.service_kinds}),
              "decision_id": data.decision_id, **texts}
    return _Checked(values, people, before, after)


async def _problems(ctx: ServiceContext, tenant: Tenant, data: ContactInput, checked: _Checked,
                    paired: set[uuid.UUID]) -> list[FieldProblem]:
    """Every problem, in order, once it is known which people were paired on the day."""
    unpaired = [c for c in checked.people if c not in paired]
    # Named only when ever paired with this member: an id alone must not reveal who else
    # is among the tenant's constituents. (Looked up only when one is refused.)
    names = dict((await ctx.session.execute(
        select(Constituent.id, Constituent.name)
        .join(Pairing, (Pairing.tenant_id == Constituent.tenant_id)
              & (Pairing.constituent_id == Constituent.id))
        .where(Constituent.tenant_id == tenant.id, Constituent.id.in_(unpaired),
               Pairing.member_id == data.member_id))).all()) if unpaired else {}
    day = checked.values["occurred_on"]
    return [*checked.before, *(FieldProblem("constituentIds",
                                            f"{names.get(c, str(c))} 在 {day} 未与该委员结对")
                               for c in unpaired), *checked.after]


async def _check(ctx: ServiceContext, tenant: Tenant, data: ContactInput,
                 now: datetime) -> tuple[dict, list[uuid.UUID]]:
    """The contact's values and people, or ``ValidationFailed``."""
    checked = await _prepare(ctx, tenant, data, now)
    paired = set(await ctx.session.scalars(PAIRED_ON, {
        "tenant_id": tenant.id, "member_id": data.member_id, "ids": checked.people,
        "day": checked.values["occurred_on"]}))
    problems = await _problems(ctx, tenant, data, checked, paired)
    if problems:
        raise ValidationFailed(problems)
    return checked.values, checked.people


def _snapshot(contact: Contact, constituent_ids: list[uuid.UUID]) -> dict:
    return {**snapshot(contact), "constituent_ids": sorted(str(c) for c in constituent_ids)}


async def log_contact(ctx: ServiceContext, data: ContactInput,
                      now: datetime | None = None) -> Contact:
    """The member must be one the caller reads (not found otherwise) and logs contacts for
    (forbidden otherwise) — ``access_member``'s rule — and the contact's checks hold.

    One statement (``LOG_CONTACT``) answers the member's sector and who of the people were
    paired on the day, and writes the contact, its people and its audit row when the member
    exists and every person was paired (input already refused only asks: ``MEMBER_PAIRED``).
    The rules are then decided here as ever; a refusal raised after it wrote rolls the write
    back with the request (or the caller's savepoint), as any refused mutation does."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx, shared=True)  # its columns are all a contact reads
    checked = await _prepare(ctx, tenant, data, now or clock.now())
    params = {"tenant_id": tenant.id, "member_id": data.member_id, "ids": checked.people,
              "day": checked.values["occurred_on"]}
    contact = None
    if checked.before or checked.after:  # refused whatever else is found: only ask
        rows = await raw.fetch(ctx.session, MEMBER_PAIRED, params)
    else:
        contact, written = _rows(ctx, tenant, data, checked)
        rows = await raw.fetch(ctx.session, LOG_CONTACT, {**written, **params})
    row = rows[0] if rows else None
    if row is None or not policies.readable_members(principal, tenant).allows(
            data.member_id, row["sector_id"]):
        raise NotFound("委员", data.member_id)
    if not policies.member_scope(principal, tenant, Obj.contact, Act.manage).allows(
            data.member_id, row["sector_id"]):
        raise Forbidden("没有权限为该委员登记联系服务")
    problems = await _problems(ctx, tenant, data, checked, set(row["paired"] or ()))
    if problems:
        raise ValidationFailed(problems)
    if contact is None or row["created_at"] is None:  # the statement's guard is the rules'
        raise RuntimeError("a contact nothing refused was not written")
    return _written(ctx, contact, row["created_at"], row["updated_at"])


async def write_contact(ctx: ServiceContext, tenant: Tenant, data: ContactInput,
                        now: datetime | None = None) -> Contact:
    """``log_contact`` once the caller's right to log it was checked elsewhere (a reception
    day's visitor, a sector activity): the same checks, rows and audit."""
    values, people = await _check(ctx, tenant, data, now or clock.now())
    contact, params = _rows(ctx, tenant, data, _Checked(values, people, [], []))
    (stamps,) = await raw.fetch(ctx.session, INSERT_CONTACT, params)
    return _written(ctx, contact, *stamps)


def _rows(ctx: ServiceContext, tenant: Tenant, data: ContactInput,
          checked: _Checked) -> tuple[Contact, dict]:
    """The contact and the parameters of its insert: its columns, its people, its audit
    row."""
    principal = ctx.require_principal()
    contact = Contact(tenant_id=tenant.id, id=uuid.uuid4(), member_id=data.member_id,
                      entered_by=principal.account_id,
                      entered_by_office=principal.member_id != data.member_id,
                      **checked.values)
    logged = audit.values(tenant_id=tenant.id, action="contact_logged", origin=ctx.origin,
                          actor_id=principal.account_id, target=("contact", contact.id),
                          after=_snapshot(contact, checked.people))
    params = {f"c_{c.key}": getattr(contact, c.key) for c in Contact.__table__.c
              if c.key not in ("created_at", "updated_at")}
    params.update({f"a_{k}": logged[k] for k in AUDIT_KEYS}, people=checked.people)
    return contact, params


def _written(ctx: ServiceContext, contact: Contact, created_at, updated_at) -> Contact:
    """The inserted contact joins the session as if loaded."""
    contact.created_at, contact.updated_at = created_at, updated_at
    make_transient_to_detached(contact)
    ctx.session.add(contact)
    return contact


async def _link(ctx: ServiceContext, contact: Contact, constituent_ids: list[uuid.UUID]):
    ctx.session.add_all(ContactConstituent(
        tenant_id=contact.tenant_id, contact_id=contact.id, constituent_id=c,
        member_id=contact.member_id, occurred_on=contact.occurred_on) for c in constituent_ids)
    await ctx.session.flush()


async def constituents_of(ctx: ServiceContext, contact: Contact) -> list[uuid.UUID]:
    return list(await ctx.session.scalars(select(ContactConstituent.constituent_id).where(
        ContactConstituent.tenant_id == contact.tenant_id,
        ContactConstituent.contact_id == contact.id)))


async def access_contact(ctx: ServiceContext, contact_id: uuid.UUID, act: Act = Act.read, *,
                         tenant: Tenant | None = None) -> Contact:
    principal = ctx.require_principal()
    contact, tenant = await access.get_readable(ctx, Contact, contact_id, "联系服务记录",
                                                act=act, tenant=tenant)
    try:
        member = await access_member(ctx, contact.member_id, tenant=tenant)
    except NotFound:
        raise NotFound("联系服务记录", contact_id) from None
    if not policies.readable_members(principal, tenant, Obj.contact).allows(
            member.id, member.sector_id):
        raise NotFound("联系服务记录", contact_id)
    if act != Act.read and not policies.member_scope(principal, tenant, Obj.contact, act).allows(
            member.id, member.sector_id):
        raise Forbidden("没有权限修改该联系服务记录")
    return contact


async def update_contact(ctx: ServiceContext, contact_id: uuid.UUID, data: ContactInput,
                         now: datetime | None = None) -> Contact:
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx)
    contact = await access_contact(ctx, contact_id, Act.manage)
    data.member_id = contact.member_id
    values, constituent_ids = await _check(ctx, tenant, data, now or clock.now())
    before = _snapshot(contact, await constituents_of(ctx, contact))
    for key, value in values.items():
        setattr(contact, key, value)
    await ctx.session.execute(delete(ContactConstituent).where(
        ContactConstituent.tenant_id == tenant.id, ContactConstituent.contact_id == contact.id))
    await _link(ctx, contact, constituent_ids)
    old, new = changed(before, _snapshot(contact, constituent_ids))
    if new:
        await audit.record(ctx.session, tenant_id=tenant.id, action="contact_updated",
                           origin=ctx.origin, actor_id=principal.account_id,
                           target=("contact", contact.id), before=old, after=new)
    return contact


async def member_contacts(ctx: ServiceContext, tenant: Tenant, member, *, first: int,
                          after: str | None) -> Page[Contact]:
    """A readable member's contacts, newest first (keyset pages) — or Forbidden when the
    caller may not read them."""
    check_readable(ctx, tenant, member, Obj.contact)
    stmt = select(Contact).where(Contact.tenant_id == tenant.id, Contact.member_id == member.id)
    return await paginate(ctx.session, stmt, [Contact.occurred_on, Contact.id], first=first,
                          after=after, descending=True)


async def constituent_names(ctx: ServiceContext, contacts: list[Contact]
                            ) -> dict[uuid.UUID, list[str]]:
    """The people each contact reached, by name (for contacts the caller already read)."""
    if not contacts:
        return {}
    rows = await ctx.session.execute(
        select(ContactConstituent.contact_id, Constituent.name)
        .join(Constituent, (Constituent.tenant_id == ContactConstituent.tenant_id)
              & (Constituent.id == ContactConstituent.constituent_id))
        .where(tuple_(ContactConstituent.tenant_id, ContactConstituent.contact_id).in_(
            [(c.tenant_id, c.id) for c in contacts]))
        .order_by(Constituent.name))
    names: dict[uuid.UUID, list[str]] = {c.id: [] for c in contacts}
    for contact_id, name in rows.all():
        names[contact_id].append(name)
    return names
