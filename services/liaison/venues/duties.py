"""Members on duty (值班) at reception days: their upcoming duties; confirm, decline (with a
reason: the venue's staff are notified) and ask to swap with another member; the venue's
staff (or the office) approve or reject a swap and pick a replacement for a declined duty.

A duty is ``assigned`` → ``confirmed`` or ``declined`` by its member (confirming twice,
or confirming, declining or swapping a declined duty, is an ``IllegalDutyMove``). A swap
request (``swap_member_id``) waits on an assigned or confirmed duty: approved, the other
member takes the duty, ``assigned`` again (they confirm it themselves); rejected, it is
cleared; declining clears it too. A declined duty waits for the staff to pick a member
(``assigned`` again; the decline stays in the audit log). The member taking a duty must be
serving, not on this session already and not on duty elsewhere at that time (the rota's
``Conflict``). A session held or cancelled (``SessionNotPlanned``) or started
(``SessionStarted``) takes no change.

Members act on their own duties only (``policies.can_manage_duty``), staff on their venues'
(``access_session(..., Act.manage)``); another tenant's ids are not found. Every move locks
the venue (``conflicts.lock_venue``), reads the duty afresh, and writes an audit row.
"""

import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from liaison import fields
from liaison.audit import service as audit
from liaison.audit.snapshots import snapshot
from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from liaison.members import service as members
from liaison.models import Member, Notification, ReceptionSession, SessionDuty, Tenant, Venue
from liaison.models.members import MemberStatus
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.notifications import duty_reminders
from liaison.tenancy import access, clock
from liaison.tenancy.access import own_tenant
from liaison.validation import clean_text
from liaison.venues import access as venue_access
from liaison.venues import conflicts
from liaison.venues.duty_errors import IllegalDutyMove, SessionStarted
from liaison.venues.errors import Conflict, ConflictKind, ConflictRow, SessionNotPlanned

KIND = "值班"
MEMBER = "委员"


@dataclass(frozen=True)
class DutyView:
    """A duty with its session and venue: what the lists and every move answer."""

    duty: SessionDuty
    session: ReceptionSession
    venue: Venue


async def upcoming_duties(ctx: ServiceContext, member_id: uuid.UUID) -> list[DutyView]:
    """The member's duties at sessions not yet ended, by start (declined duties and cancelled
    sessions included, with their state). The member sees all their own; anyone else who may
    read the member sees those at the venues they may read (venue staff: their own)."""
    principal = ctx.require_principal()
    member = await members.access_member(ctx, member_id)
    stmt = (select(SessionDuty, ReceptionSession, Venue)
            .join(ReceptionSession, (ReceptionSession.tenant_id == SessionDuty.tenant_id)
                  & (ReceptionSession.id == SessionDuty.session_id))
            .join(Venue, (Venue.tenant_id == ReceptionSession.tenant_id)
                  & (Venue.id == ReceptionSession.venue_id))
            .where(SessionDuty.tenant_id == member.tenant_id, SessionDuty.member_id == member.id,
                   ReceptionSession.ends_at > clock.now()))
    if principal.member_id != member.id:
        tenant = await access.tenant_of(ctx, member)
        stmt = stmt.where(venue_access.scope(ctx, tenant).condition(ReceptionSession.venue_id))
    rows = await ctx.session.execute(stmt.order_by(ReceptionSession.starts_at,
                                                   ReceptionSession.id))
    return [DutyView(duty, row, venue) for duty, row, venue in rows.all()]


async def _locked(ctx: ServiceContext, duty_id: uuid.UUID) -> DutyView:
    """The duty in the caller's own tenant (NotFound otherwise), its venue locked, the duty
    and its session read afresh under the lock."""
    duty, _ = await access.get_readable(ctx, SessionDuty, duty_id, KIND, act=Act.manage)
    row = await ctx.session.get(ReceptionSession, (duty.tenant_id, duty.session_id))
    venue = await conflicts.lock_venue(ctx.session, duty.tenant_id, row.venue_id)
    duty = await ctx.session.get(SessionDuty, (duty.tenant_id, duty.id), with_for_update=True,
                                 populate_existing=True)
    row = await ctx.session.get(ReceptionSession, (row.tenant_id, row.id),
                                populate_existing=True)
    return DutyView(duty, row, venue)


def _check_open(row: ReceptionSession) -> None:
    if row.status != SessionStatus.planned:
        raise SessionNotPlanned(SessionStatus(row.status), "更改值班")
    if row.starts_at <= clock.now():
        raise SessionStarted()


async def _own(ctx: ServiceContext, duty_id: uuid.UUID) -> tuple[Tenant, DutyView]:
    """A duty of the caller's own member record, open for changes."""
    principal = ctx.require_principal()
    view = await _locked(ctx, duty_id)
    tenant = await own_tenant(ctx)
    if not policies.can_manage_duty(principal, tenant, view.duty.member_id):
        raise Forbidden("已离任的委员不能更改值班" if principal.member_id == view.duty.member_id
                        else "只有值班委员本人可以确认、请假或申请换班")
    _check_open(view.session)
    return tenant, view


async def _staffed(ctx: ServiceContext, duty_id: uuid.UUID) -> tuple[Tenant, DutyView]:
    """A duty at a venue the caller manages (office; that venue's staff), open for changes."""
    view = await _locked(ctx, duty_id)
    try:
        await venue_access.access_session(ctx, view.session.id, Act.manage)
    except NotFound:
        raise NotFound(KIND, duty_id) from None
    _check_open(view.session)
    return await own_tenant(ctx), view


async def _available(ctx: ServiceContext, tenant: Tenant, view: DutyView,
                     member_id: uuid.UUID) -> Member:
    """The member of ``tenant`` who would take the duty, if they can: serving
    (``member_left``), not on this session already nor on duty elsewhere at that time
    (``member_busy``, with the session they are on duty at)."""
    member = await ctx.session.get(Member, (tenant.id, member_id))
    if member is None:
        raise NotFound(MEMBER, member_id)
    on = view.session.starts_at.astimezone(ZoneInfo(tenant.timezone)).date()

    def refuse(kind: ConflictKind, message: str, session_id: uuid.UUID | None = None):
        return Conflict([ConflictRow(kind, message, on, member.id, session_id)])

    if member.status != MemberStatus.serving:
        raise refuse(ConflictKind.member_left, f"{member.name}已离任，不能值班")
    taken = await ctx.session.scalar(select(SessionDuty.id).where(
        SessionDuty.tenant_id == tenant.id, SessionDuty.session_id == view.session.id,
        SessionDuty.member_id == member.id, SessionDuty.id != view.duty.id))
    if taken is not None:
        raise refuse(ConflictKind.member_busy, f"{member.name}已在本次接待日值班",
                     view.session.id)
    busy = await conflicts.members_busy(ctx.session, tenant.id, [member.id],
                                        view.session.starts_at, view.session.ends_at,
                                        exclude=view.session.id)
    if (other := busy.get(member.id)) is not None:
        venue = await ctx.session.get(Venue, (tenant.id, other.venue_id))
        raise refuse(ConflictKind.member_busy, f"{member.name}在该时段已有值班：{venue.name}，"
                     f"{duty_reminders.when(other, tenant.timezone)}", other.id)
    return member


async def _notify_staff(ctx: ServiceContext, view: DutyView, key: str, kind: str,
                        text: tuple[str, str]) -> None:
    """A notification to the venue's staff (in the app, and e-mailed by the reminder job);
    the key makes it once."""
    title, body = text
    await ctx.session.execute(
        insert(Notification).values(tenant_id=view.duty.tenant_id, id=uuid.uuid4(),
                                    venue_id=view.venue.id, key=key, kind=kind, title=title,
                                    body=body)
        .on_conflict_do_nothing(index_elements=["tenant_id", "key"]))


def _refuse_declined(duty: SessionDuty, message: str) -> None:
    if duty.status == DutyStatus.declined:
        raise IllegalDutyMove(DutyStatus.declined, message)


async def confirm_duty(ctx: ServiceContext, duty_id: uuid.UUID) -> DutyView:
    """The member will be there: ``assigned`` → ``confirmed``."""
    _, view = await _own(ctx, duty_id)
    duty = view.duty
    _refuse_declined(duty, "已请假的值班不能再确认；如能到岗，请联系工作人员")
    if duty.status == DutyStatus.confirmed:
        raise IllegalDutyMove(DutyStatus.confirmed, "该值班已确认")
    before = snapshot(duty)
    duty.status, duty.responded_at = DutyStatus.confirmed, clock.now()
    await audit.record_change(ctx, "duty_confirmed", duty, before)
    return view


async def decline_duty(ctx: ServiceContext, duty_id: uuid.UUID, reason: str | None) -> DutyView:
    """The member cannot come (reason required): ``declined``, a pending swap request
    dropped, and the venue's staff notified (key ``duty-declined:{duty}:{member}``)."""
    tenant, view = await _own(ctx, duty_id)
    duty = view.duty
    _refuse_declined(duty, "该值班已请假")
    reason = clean_text(reason)
    if problem := fields.DUTY_DECLINE_REASON.required_problem(reason):
        raise ValidationFailed([problem])
    before = snapshot(duty)
    duty.status, duty.reason, duty.swap_member_id = DutyStatus.declined, reason, None
    duty.responded_at = clock.now()
    await audit.record_change(ctx, "duty_declined", duty, before)
    member = await ctx.session.get(Member, (tenant.id, duty.member_id))
    await _notify_staff(ctx, view, f"duty-declined:{duty.id}:{duty.member_id}", "duty_declined",
                        duty_reminders.declined_notice(member, reason, view.session, view.venue,
                                                       tenant.timezone))
    return view


async def request_swap(ctx: ServiceContext, duty_id: uuid.UUID,
                       member_id: uuid.UUID) -> DutyView:
    """The member asks to hand the duty to another member (serving, free at that time); the
    venue's staff are notified (key ``duty-swap:{duty}:{other member}``) and decide."""
    tenant, view = await _own(ctx, duty_id)
    duty = view.duty
    _refuse_declined(duty, "已请假的值班不能申请换班")
    if member_id == duty.member_id:
        raise ValidationFailed([FieldProblem("memberId", "不能与自己换班")])
    if duty.swap_member_id == member_id:
        raise IllegalDutyMove(DutyStatus(duty.status), "已提交与该委员的换班申请，等待审批")
    other = await _available(ctx, tenant, view, member_id)
    before = snapshot(duty)
    duty.swap_member_id = other.id
    await audit.record_change(ctx, "duty_swap_requested", duty, before)
    member = await ctx.session.get(Member, (tenant.id, duty.member_id))
    await _notify_staff(ctx, view, f"duty-swap:{duty.id}:{other.id}", "duty_swap",
                        duty_reminders.swap_notice(member, other, view.session, view.venue,
                                                   tenant.timezone))
    return view


def _pending_swap(duty: SessionDuty) -> uuid.UUID:
    if duty.swap_member_id is None:
        raise IllegalDutyMove(DutyStatus(duty.status), "该值班没有待审批的换班申请")
    return duty.swap_member_id


async def approve_swap(ctx: ServiceContext, duty_id: uuid.UUID) -> DutyView:
    """The other member takes the duty (checked again under the venue's lock), ``assigned``."""
    tenant, view = await _staffed(ctx, duty_id)
    duty = view.duty
    other = await _available(ctx, tenant, view, _pending_swap(duty))
    before = snapshot(duty)
    duty.member_id, duty.swap_member_id, duty.status = other.id, None, DutyStatus.assigned
    duty.reason = duty.responded_at = None
    await audit.record_change(ctx, "duty_swap_approved", duty, before)
    return view


async def reject_swap(ctx: ServiceContext, duty_id: uuid.UUID) -> DutyView:
    """The swap request is cleared; the member keeps the duty as it was."""
    _, view = await _staffed(ctx, duty_id)
    duty = view.duty
    _pending_swap(duty)
    before = snapshot(duty)
    duty.swap_member_id = None
    await audit.record_change(ctx, "duty_swap_rejected", duty, before)
    return view


async def replace_member(ctx: ServiceContext, duty_id: uuid.UUID,
                         member_id: uuid.UUID) -> DutyView:
    """The staff pick a member for a declined duty (the same member again, if they can come
    after all): ``assigned``, the reason cleared (it stays in the audit log)."""
    tenant, view = await _staffed(ctx, duty_id)
    duty = view.duty
    if duty.status != DutyStatus.declined:
        raise IllegalDutyMove(DutyStatus(duty.status), "只有已请假的值班可以另选委员")
    member = await _available(ctx, tenant, view, member_id)
    before = snapshot(duty)
    duty.member_id, duty.status, duty.reason = member.id, DutyStatus.assigned, None
    duty.swap_member_id = duty.responded_at = None
    await audit.record_change(ctx, "duty_member_replaced", duty, before)
    return view
