"""Logging contacts (联系服务登记, Form 2): by the member, or by the office on their behalf.

A contact reaches one or more constituents paired with the member on that day; it cannot be
in the future. Dates are the tenant's local dates (a contact at 07:00 on 1 January Beijing
time belongs to the first quarter).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ARRAY, Date, Uuid, any_, bindparam, delete, func, insert, select, tuple_
from sqlalchemy.orm import make_transient_to_detached

from liaison import fields
from liaison.audit import service as audit
from liaison.audit.snapshots import changed, snapshot
from liaison.authz import policies
from liaison.authz.objects import Act, Obj
from liaison.context import ServiceContext
from liaison.db import raw
from liaison.db.pagination import Page, paginate
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.fields import clean_texts
from liaison.members.service import access_member, check_readable
from liaison.models import (
    AuditEntry,
    Constituent,
    Contact,
    ContactConstituent,
    MajorDecision,
    Member,
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


_P = Pairing.__table__
# Which of the people were paired with the member on the day: made once (a statement built per
# request cost more than running it), every value a parameter.
PAIRED_ON = select(_P.c.constituent_id).where(
    _P.c.tenant_id == bindparam("tenant_id", type_=Uuid),
    _P.c.member_id == bindparam("member_id", type_=Uuid),
    _P.c.constituent_id == any_(bindparam("ids", type_=ARRAY(Uuid))),
    _P.c.started_on <= bindparam("day", type_=Date),
    _P.c.ended_on.is_(None) | (_P.c.ended_on >= bindparam("day", type_=Date)))
_M = Member.__table__
# The member's sector and, of the people, those paired with them on the day (``PAIRED_ON``):
# one round trip and no entity where logging a contact used to load the member and then ask.
MEMBER_PAIRED = select(
    _M.c.sector_id,
    PAIRED_ON.with_only_columns(func.array_agg(_P.c.constituent_id)).scalar_subquery(),
).where(_M.c.tenant_id == bindparam("tenant_id", type_=Uuid),
        _M.c.id == bindparam("member_id", type_=Uuid))


def _day(data: ContactInput, tenant: Tenant) -> tuple[datetime, date]:
    occurred_at = local_datetime(data.occurred_at, tenant)
    return occurred_at, occurred_at.astimezone(ZoneInfo(tenant.timezone)).date()


async def _check(ctx: ServiceContext, tenant: Tenant, data: ContactInput, now: datetime,
                 paired: set[uuid.UUID] | None = None) -> tuple[dict, list[uuid.UUID]]:
    """The contact's values, or ``ValidationFailed``; ``paired`` when the caller already
    asked which people were paired on the day."""
    problems: list[FieldProblem] = []
    occurred_at, occurred_on = _day(data, tenant)
    if occurred_at > now:
        problems.append(FieldProblem("occurredAt", "联系时间不能晚于现在"))
    texts, found = clean_texts({k: getattr(data, k) for k in fields.CONTACT}, fields.CONTACT)
    problems += found
    constituent_ids = list(dict.fromkeys(data.constituent_ids))
    if not constituent_ids:
        problems.append(FieldProblem("constituentIds", "请选择至少一名结对联系对象"))
    if paired is None:
        paired = set(await ctx.session.scalars(PAIRED_ON, {
            "tenant_id": tenant.id, "member_id": data.member_id, "ids": constituent_ids,
            "day": occurred_on}))
    unpaired = [c for c in constituent_ids if c not in paired]
    # Named only when ever paired with this member: an id alone must not reveal who else
    # is among the tenant's constituents. (Looked up only when one is refused.)
    names = dict((await ctx.session.execute(
        select(Constituent.id, Constituent.name)
        .join(Pairing, (Pairing.tenant_id == Constituent.tenant_id)
              & (Pairing.constituent_id == Constituent.id))
        .where(Constituent.tenant_id == tenant.id, Constituent.id.in_(unpaired),
               Pairing.member_id == data.member_id))).all()) if unpaired else {}
    for constituent_id in constituent_ids:
        if constituent_id not in paired:
            who = names.get(constituent_id, str(constituent_id))
            problems.append(FieldProblem(
                "constituentIds", f"{who} 在 {occurred_on} 未与该委员结对"))
    if data.decision_id is not None and await ctx.session.get(
            MajorDecision, (tenant.id, data.decision_id)) is None:
        problems.append(FieldProblem("decisionId", f"本单位没有该重大决策：{data.decision_id}"))
    if problems:
        raise ValidationFailed(problems)
    values = {"occurred_at": occurred_at, "occurred_on": occurred_on, "method": data.method,
              "service_kinds": sorted({k.value for k in data.service_kinds}),
              "decision_id": data.decision_id, **texts}
    return values, constituent_ids


def _snapshot(contact: Contact, constituent_ids: list[uuid.UUID]) -> dict:
    return {**snapshot(contact), "constituent_ids": sorted(str(c) for c in constituent_ids)}


async def log_contact(ctx: ServiceContext, data: ContactInput,
                      now: datetime | None = None) -> Contact:
    """The member must be one the caller reads (not found otherwise) and logs contacts for
    (forbidden otherwise) — ``access_member``'s rule, asked together with the pairings."""
    principal = ctx.require_principal()
    tenant = await own_tenant(ctx, shared=True)  # its columns are all a contact reads
    rows = await raw.fetch(ctx.session, MEMBER_PAIRED, {
        "tenant_id": tenant.id, "member_id": data.member_id, "day": _day(data, tenant)[1],
        "ids": list(dict.fromkeys(data.constituent_ids))})
    row = rows[0] if rows else None
    if row is None or not policies.readable_members(principal, tenant).allows(
            data.member_id, row[0]):
        raise NotFound("委员", data.member_id)
    if not policies.member_scope(principal, tenant, Obj.contact, Act.manage).allows(
            data.member_id, row[0]):
        raise Forbidden("没有权限为该委员登记联系服务")
    return await write_contact(ctx, tenant, data, now, set(row[1] or ()))


async def write_contact(ctx: ServiceContext, tenant: Tenant, data: ContactInput,
                        now: datetime | None = None,
                        paired: set[uuid.UUID] | None = None) -> Contact:
    """``log_contact`` once the caller's right to log it was checked elsewhere (a reception
    day's visitor, a sector activity): the same checks, rows and audit."""
    principal = ctx.require_principal()
    values, constituent_ids = await _check(ctx, tenant, data, now or clock.now(), paired)
    contact = Contact(tenant_id=tenant.id, id=uuid.uuid4(), member_id=data.member_id,
                      entered_by=principal.account_id,
                      entered_by_office=principal.member_id != data.member_id, **values)
    logged = audit.values(tenant_id=tenant.id, action="contact_logged", origin=ctx.origin,
                          actor_id=principal.account_id, target=("contact", contact.id),
                          after=_snapshot(contact, constituent_ids))
    await _insert(ctx, contact, constituent_ids, logged)
    return contact


def _insert_statement():
    """The contact, its people (one row per id of ``people``) and its audit row, in one
    statement made once, every value a parameter (so compiled once, too)."""
    contact, linked = Contact.__table__, ContactConstituent.__table__
    audit_log = AuditEntry.__table__
    columns = [c for c in contact.c if c.key not in ("created_at", "updated_at")]
    written = (insert(contact).values({c.key: bindparam(f"c_{c.key}", type_=c.type)
                                       for c in columns})
               .returning(contact.c.created_at, contact.c.updated_at).cte("contact_row"))
    people = insert(linked).from_select(
        ["tenant_id", "contact_id", "constituent_id", "member_id", "occurred_on"],
        select(bindparam("c_tenant_id", type_=Uuid), bindparam("c_id", type_=Uuid),
               func.unnest(bindparam("people", type_=ARRAY(Uuid))),
               bindparam("c_member_id", type_=Uuid), bindparam("c_occurred_on", type_=Date)),
    ).cte("contact_people")
    audited = insert(audit_log).values(
        {k: bindparam(f"a_{k}", type_=audit_log.c[k].type) for k in AUDIT_KEYS}
    ).cte("audit_row")
    return select(written.c.created_at, written.c.updated_at).add_cte(people, audited)


AUDIT_KEYS = ("tenant_id", "actor_id", "action", "target_type", "target_id", "before",
              "after", "detail", "source_addr", "request_id")
INSERT_CONTACT = _insert_statement()


async def _insert(ctx: ServiceContext, contact: Contact, constituent_ids: list[uuid.UUID],
                  logged: dict) -> None:
    """The contact, its people and its audit row in one statement (data-modifying CTEs: one
    round trip instead of three; the foreign keys are checked at its end, row-level security
    on every row). The contact then joins the session as if loaded."""
    params = {f"c_{c.key}": getattr(contact, c.key) for c in Contact.__table__.c
              if c.key not in ("created_at", "updated_at")}
    params.update({f"a_{k}": logged[k] for k in AUDIT_KEYS}, people=constituent_ids)
    (stamps,) = await raw.fetch(ctx.session, INSERT_CONTACT, params)
    contact.created_at, contact.updated_at = stamps
    make_transient_to_detached(contact)
    ctx.session.add(contact)


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
