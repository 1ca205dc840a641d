"""The record of a reception day (委员接待日): held (how long, notes), who came, what they
raised. A visit by a paired person is a contact of method 委员接待日 for each member on duty
(duty not declined) actively paired with them, written as every contact is
(``contacts.service.write_contact``: same checks, ``contact_constituent`` rows, audit), so it
counts in quarterly compliance; what a visitor raised may become an opinion record
(``opinions.service.write_opinion``).

The venue's staff and the tenant's office write records (``access_session(…, manage)``:
another tenant's session, or another venue's, is not found). A visitor who made a contact or
an opinion record cannot be removed: contacts are never deleted (the database grants no
DELETE on them), so neither is the visit that made one. Reads are in ``visitors.py``.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from liaison import fields
from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz.objects import Act
from liaison.contacts.service import ContactInput, write_contact
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, NotFound, ValidationFailed
from liaison.fields import clean_texts
from liaison.models import (
    Constituent,
    Contact,
    Member,
    Opinion,
    OpinionCategory,
    Pairing,
    ReceptionSession,
    SessionDuty,
    SessionVisitor,
    Tenant,
    Venue,
)
from liaison.models.contacts import Method
from liaison.models.members import CATEGORY_LABELS, ConstituentCategory
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.opinions import queries as opinion_queries
from liaison.opinions.intake import title_of
from liaison.opinions.service import NewOpinion, write_opinion
from liaison.tenancy import clock
from liaison.tenancy.access import own_tenant
from liaison.validation import normalize_phone
from liaison.venues.access import access_session

VISITOR = "来访记录"
MAX_MINUTES = 12 * 60
MAX_UNNAMED = 1000


@dataclass
class VisitorInput:
    """A named visitor (``name``; maybe a paired person, ``constituent_id``) or a count of
    people who gave no name (``unnamed_count``). With ``opinion_category_id`` what they
    raised becomes an opinion record."""

    name: str | None = None
    phone: str | None = None
    category: str | None = None
    constituent_id: uuid.UUID | None = None
    unnamed_count: int | None = None
    raised: str | None = None
    opinion_category_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PairingMet:
    """A pairing a visit satisfied: the contact logged for the member with their person."""

    member_id: uuid.UUID
    member_name: str
    constituent_id: uuid.UUID
    constituent_name: str
    contact_id: uuid.UUID


@dataclass
class VisitorRecorded:
    visitor: SessionVisitor
    session: ReceptionSession
    satisfied: list[PairingMet] = field(default_factory=list)
    paired_off_duty: list[str] = field(default_factory=list)  # paired members not on duty
    opinion: Opinion | None = None

    @property
    def summary(self) -> str:
        if self.satisfied:
            pairs = "、".join(f"{p.member_name}—{p.constituent_name}" for p in self.satisfied)
            return f"已记为委员联系服务（委员接待日），计入本季度结对联系：{pairs}"
        if self.paired_off_duty:
            return (f"该联系对象的结对委员（{'、'.join(self.paired_off_duty)}）"
                    "不在本次值班，未记为联系服务")
        return "未记为联系服务（不是值班委员的结对联系对象）"


def local_day(row: ReceptionSession, tenant: Tenant):
    return row.starts_at.astimezone(ZoneInfo(tenant.timezone)).date()


async def writable_session(ctx: ServiceContext, session_id: uuid.UUID
                           ) -> tuple[ReceptionSession, Tenant]:
    """The session, locked, if the caller keeps its venue's records."""
    tenant = await own_tenant(ctx)
    row = await access_session(ctx, session_id, Act.manage, tenant=tenant)
    await ctx.session.execute(select(ReceptionSession.id).where(
        ReceptionSession.tenant_id == tenant.id, ReceptionSession.id == row.id)
        .with_for_update())
    return row, tenant


async def record_held(ctx: ServiceContext, session_id: uuid.UUID, minutes: int | None,
                      notes: str | None, now: datetime | None = None) -> ReceptionSession:
    """Mark a planned session whose start has passed as held, with how long it took and
    notes; recording a held session again updates its record. A cancelled one is refused."""
    row, _ = await writable_session(ctx, session_id)
    now = now or clock.now()
    texts, problems = clean_texts({"notes": notes}, fields.SESSION_RECORD)
    if row.status == SessionStatus.cancelled:
        problems.append(FieldProblem("sessionId", "接待日已取消，不能登记为已举行"))
    elif row.starts_at > now:
        problems.append(FieldProblem("sessionId", "接待日尚未开始，不能登记为已举行"))
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        problems.append(FieldProblem("minutes", f"接待时长须在 1 到 {MAX_MINUTES} 分钟之间"))
    if problems:
        raise ValidationFailed(problems)
    before = snapshot(row)
    action = "session_record_updated" if row.status == SessionStatus.held else "session_held"
    row.status, row.minutes, row.notes, row.recorded_at = (
        SessionStatus.held, minutes, texts["notes"], now)
    await audit.record_change(ctx, action, row, before, only_if_changed=True)
    await ctx.session.refresh(row)
    return row


def _category(value: str | None) -> str | None:
    """A constituent category (its value, given as value or label) or free text."""
    for category in ConstituentCategory:
        if value in (category.value, CATEGORY_LABELS[category]):
            return category.value
    return value


async def _check_visitor(ctx: ServiceContext, tenant: Tenant, row: ReceptionSession,
                         data: VisitorInput) -> tuple[dict, Constituent | None]:
    values, problems = clean_texts(
        {"name": data.name, "phone": data.phone, "category": data.category,
         "raised": data.raised}, fields.VISITOR)
    if row.status != SessionStatus.held:
        problems.append(FieldProblem("sessionId", "请先将接待日登记为已举行，再登记来访群众"))
    constituent = None
    if data.constituent_id is not None:
        constituent = await ctx.session.get(Constituent, (tenant.id, data.constituent_id))
        if constituent is None:
            raise NotFound("联系对象", data.constituent_id)
        values["name"] = values["name"] or constituent.name
        values["category"] = values["category"] or constituent.category
        if await ctx.session.scalar(select(SessionVisitor.id).where(
                SessionVisitor.tenant_id == tenant.id, SessionVisitor.session_id == row.id,
                SessionVisitor.constituent_id == constituent.id)) is not None:
            problems.append(FieldProblem(
                "constituentId", f"{constituent.name} 已登记为本次接待日的来访群众"))
    if data.unnamed_count is not None:
        if values["name"] or values["phone"] or constituent is not None:
            problems.append(FieldProblem(
                "unnamedCount", "未留姓名的来访只登记人数，不填姓名、电话或联系对象"))
        elif not 1 <= data.unnamed_count <= MAX_UNNAMED:
            problems.append(FieldProblem("unnamedCount", f"人数须在 1 到 {MAX_UNNAMED} 之间"))
    elif not values["name"]:
        problems.append(FieldProblem("name", "请填写来访人姓名，或只登记未留姓名的人数"))
    phone = (values["phone"] or "").strip()
    values["phone"] = normalize_phone(phone) if phone else None
    if phone and values["phone"] is None:
        problems.append(FieldProblem("phone", "联系电话格式不正确"))
    values["category"] = _category(values["category"])
    if data.opinion_category_id is not None:
        if not values["raised"]:
            problems.append(FieldProblem("raised", "登记为意见建议时请填写反映的问题"))
        await opinion_queries.categories(ctx.session, tenant.id, seed=True)
        if await ctx.session.get(OpinionCategory, (tenant.id, data.opinion_category_id)) is None:
            problems.append(FieldProblem("opinionCategoryId", "未知的意见建议类别"))
    if problems:
        raise ValidationFailed(problems)
    return values, constituent


async def on_duty(ctx: ServiceContext, row: ReceptionSession) -> list[tuple[uuid.UUID, str]]:
    """The members on duty (not declined), as (id, name), in the order they were assigned."""
    return [(r.id, r.name) for r in (await ctx.session.execute(
        select(Member.id, Member.name).join(SessionDuty, (SessionDuty.tenant_id
                                                          == Member.tenant_id)
                                            & (SessionDuty.member_id == Member.id))
        .where(SessionDuty.tenant_id == row.tenant_id, SessionDuty.session_id == row.id,
               SessionDuty.status != DutyStatus.declined)
        .order_by(SessionDuty.created_at, Member.name, Member.id))).all()]


async def paired_members(ctx: ServiceContext, tenant: Tenant, constituent_id: uuid.UUID,
                         day) -> list[tuple[uuid.UUID, str]]:
    """The members actively paired with the constituent on ``day``, by name."""
    return [(r.id, r.name) for r in (await ctx.session.execute(
        select(Member.id, Member.name).join(Pairing, (Pairing.tenant_id == Member.tenant_id)
                                            & (Pairing.member_id == Member.id))
        .where(Pairing.tenant_id == tenant.id, Pairing.constituent_id == constituent_id,
               Pairing.started_on <= day,
               Pairing.ended_on.is_(None) | (Pairing.ended_on >= day))
        .order_by(Member.name, Member.id))).all()]


async def add_visitor(ctx: ServiceContext, session_id: uuid.UUID, data: VisitorInput,
                      now: datetime | None = None) -> VisitorRecorded:
    """Record a visitor at a held session; contacts for the members on duty paired with them
    (occurred at the session's start), and what they raised as an opinion record when asked:
    its member is the duty member they are paired with, else the first member on duty."""
    row, tenant = await writable_session(ctx, session_id)
    values, constituent = await _check_visitor(ctx, tenant, row, data)
    duties = await on_duty(ctx, row)
    day = local_day(row, tenant)
    paired = await paired_members(ctx, tenant, constituent.id, day) if constituent else []
    duty_ids = {member_id for member_id, _ in duties}
    meeting = [(m, n) for m, n in duties if m in {p for p, _ in paired}]
    result = VisitorRecorded(visitor=SessionVisitor(
        tenant_id=tenant.id, id=uuid.uuid4(), session_id=row.id,
        constituent_id=constituent.id if constituent else None,
        unnamed_count=data.unnamed_count, **values), session=row,
        paired_off_duty=[n for m, n in paired if m not in duty_ids])
    ctx.session.add(result.visitor)
    await ctx.session.flush()
    venue = await ctx.session.get(Venue, (tenant.id, row.venue_id))
    making_opinion = data.opinion_category_id is not None
    contacts: dict[uuid.UUID, Contact] = {}
    for member_id, member_name in meeting:
        contacts[member_id] = await write_contact(ctx, tenant, ContactInput(
            member_id=member_id, constituent_ids=[constituent.id], occurred_at=row.starts_at,
            method=Method.reception_day, place=venue.name if venue else None,
            content=f"委员接待日接待来访（{row.theme}）" if row.theme else "委员接待日接待来访",
            opinions=None if making_opinion else values["raised"]), now)
        result.satisfied.append(PairingMet(member_id, member_name, constituent.id,
                                           constituent.name, contacts[member_id].id))
    if result.satisfied:
        result.visitor.contact_id = result.satisfied[0].contact_id
    if making_opinion:
        member_id = meeting[0][0] if meeting else (duties[0][0] if duties else None)
        result.opinion = await write_opinion(ctx, tenant, NewOpinion(
            title=title_of(values["raised"]), content=values["raised"],
            category_id=data.opinion_category_id, raised_on=day, member_id=member_id,
            contact_id=contacts[member_id].id if member_id in contacts else None,
            constituent_ids=[constituent.id] if constituent else [],
            unnamed_count=None if constituent else (data.unnamed_count or 1)))
        result.visitor.opinion_id = result.opinion.id
    await audit.record_change(ctx, "session_visitor_added", result.visitor, None,
                              extra_after={"pairings": [[str(p.member_id),
                                                         str(p.constituent_id)]
                                                        for p in result.satisfied]})
    return result


async def remove_visitor(ctx: ServiceContext, visitor_id: uuid.UUID) -> ReceptionSession:
    """Remove a visitor recorded by mistake, unless it made a contact or an opinion record
    (those stay: correct them where they are). Returns the session."""
    tenant = await own_tenant(ctx)
    visitor = await ctx.session.get(SessionVisitor, (tenant.id, visitor_id))
    if visitor is None:
        raise NotFound(VISITOR, visitor_id)
    try:
        row, _ = await writable_session(ctx, visitor.session_id)
    except NotFound:
        raise NotFound(VISITOR, visitor_id) from None
    if visitor.contact_id is not None or visitor.opinion_id is not None:
        made = "委员联系服务" if visitor.contact_id is not None else "意见建议"
        raise ValidationFailed([FieldProblem(
            "visitorId", f"该来访已记为{made}，不能删除；如有误，请更正相应的{made}记录")])
    before = snapshot(visitor)
    await ctx.session.delete(visitor)
    await ctx.session.flush()
    await audit.record(ctx.session, tenant_id=tenant.id, action="session_visitor_removed",
                       origin=ctx.origin, actor_id=ctx.require_principal().account_id,
                       target=("session_visitor", visitor_id), before=before)
    return row
