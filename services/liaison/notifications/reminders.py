"""The reminder job: notifications for what is about to be late, each exactly once.

- Two weeks before a quarter ends: one notification per member with a due pairing not yet
  contacted this quarter (key ``quarter:{year}Q{n}:{member}``).
- A week before a deadline: one per serving member whose plan or report for the year is not
  submitted (key ``{kind}:{year}:{member}``).
- Overdue opinions: per overdue step, one to the member and one to the handling committee
  (``opinion_reminders.py``).
- Reception-day duties: one per member on duty at a session starting tomorrow or the day
  after (``duty_reminders.py``).
The key is unique per tenant, so running the job again (or on two workers) adds nothing.
New notifications are then delivered through the configured channels (e-mail) to the
accounts linked to the member, holding the committee role for the committee, or the venue
staff role at the venue (a venue's notifications: a member on duty declined or asks to swap),
that have an address.
"""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.compliance import queries as compliance
from liaison.compliance.quarters import Quarter
from liaison.filings.service import deadline
from liaison.models import (
    Account,
    AnnualFiling,
    Constituent,
    Member,
    Notification,
    RoleAssignment,
    Tenant,
)
from liaison.models.account import Role
from liaison.models.contacts import FILING_LABELS, FilingKind, FilingStatus
from liaison.models.members import MemberStatus
from liaison.notifications import duty_reminders, opinion_reminders
from liaison.notifications.channels import Channel, one_line
from liaison.tenancy import clock
from liaison.tenancy.clock import today_in
from liaison.tenancy.scope import TenantScope, apply_scope

log = logging.getLogger(__name__)
QUARTER_LEAD_DAYS = 14
DEADLINE_LEAD_DAYS = 7


@dataclass
class RunReport:
    created: int = 0
    delivered: int = 0
    failed: int = 0
    tenants_failed: int = 0


async def _create(session: AsyncSession, tenant_id: uuid.UUID, member_id: uuid.UUID | None,
                  key: str, kind: str, title: str, body: str, *,
                  committee_id: uuid.UUID | None = None) -> int:
    result = await session.execute(
        insert(Notification).values(tenant_id=tenant_id, id=uuid.uuid4(), member_id=member_id,
                                    committee_id=committee_id, key=key, kind=kind, title=title,
                                    body=body)
        .on_conflict_do_nothing(index_elements=["tenant_id", "key"])
        .returning(Notification.id))
    return len(result.all())


async def remind_tenant(session: AsyncSession, tenant: Tenant, now: datetime) -> int:
    """Create this tenant's due notifications; the session's scope is set to the tenant."""
    await apply_scope(session, TenantScope.only(tenant.id))
    today = today_in(tenant.timezone, now)
    created = 0
    quarter = Quarter.of(today)
    days_left = (quarter.end - today).days
    if 0 <= days_left <= QUARTER_LEAD_DAYS:
        items, _ = await compliance.behind(session, [tenant.id], quarter, today, None,
                                           offset=0, limit=1_000_000)
        waiting = defaultdict(list)
        for item in items:
            if item.state is compliance.PairingState.not_yet:
                waiting[item.member_id].append(item.constituent_id)
        names = dict((await session.execute(select(Constituent.id, Constituent.name).where(
            Constituent.tenant_id == tenant.id,
            Constituent.id.in_([c for cs in waiting.values() for c in cs])))).all())
        for member_id, constituents in waiting.items():
            who = "、".join(sorted(one_line(names[c]) for c in constituents))
            created += await _create(
                session, tenant.id, member_id, f"quarter:{quarter.year}Q{quarter.number}:"
                f"{member_id}", "quarter", f"{quarter.label}尚未联系：{who}",
                f"{quarter.label}将于 {quarter.end} 结束（还有 {days_left} 天）。"
                f"您本季度尚未联系结对联系对象：{who}。请及时联系并登记。")
    for kind in FilingKind:
        due = await deadline(session, tenant.id, kind, today.year)
        if not 0 <= (due - today).days <= DEADLINE_LEAD_DAYS:
            continue
        done = set(await session.scalars(select(AnnualFiling.member_id).where(
            AnnualFiling.tenant_id == tenant.id, AnnualFiling.kind == kind,
            AnnualFiling.year == today.year,
            AnnualFiling.status.in_([FilingStatus.submitted, FilingStatus.accepted]))))
        members = await session.scalars(select(Member.id).where(
            Member.tenant_id == tenant.id, Member.status == MemberStatus.serving))
        label = FILING_LABELS[kind]
        for member_id in members:
            if member_id in done:
                continue
            created += await _create(
                session, tenant.id, member_id, f"{kind.value}:{today.year}:{member_id}", kind.value,
                f"请在 {due} 前提交{today.year}年{label}",
                f"您的{today.year}年{label}尚未提交，截止日期为 {due}。")
    notes = [*await opinion_reminders.due(session, tenant, today),
             *await duty_reminders.due(session, tenant, now)]
    for note in notes:
        created += await _create(session, tenant.id, note.member_id, note.key, note.kind,
                                 note.title, note.body, committee_id=note.committee_id)
    return created


MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=5)  # then 10, 20, 40 minutes; given up after MAX_ATTEMPTS


async def _recipients(session: AsyncSession, tenant: Tenant,
                      now: datetime) -> dict[uuid.UUID, list[str]]:
    """The notifications due for sending, oldest first, each with its addresses: those of the
    active accounts linked to its member, of those holding the committee role for its
    committee, and of those holding the venue staff role at its venue."""
    due = (Notification.tenant_id == tenant.id, Notification.delivered_at.is_(None),
           Notification.failed_at.is_(None),
           (Notification.next_attempt_at.is_(None)) | (Notification.next_attempt_at <= now),
           Account.email.is_not(None), Account.is_active)
    columns = (Notification.created_at, Notification.id, Account.email)
    to_member = select(*columns).join(
        Account, (Account.tenant_id == Notification.tenant_id)
        & (Account.member_id == Notification.member_id))
    to_committee = select(*columns).join(
        RoleAssignment, (RoleAssignment.tenant_id == Notification.tenant_id)
        & (RoleAssignment.committee_id == Notification.committee_id)
        & (RoleAssignment.role == Role.committee)).join(
        Account, (Account.tenant_id == RoleAssignment.tenant_id)
        & (Account.id == RoleAssignment.account_id))
    to_venue = select(*columns).join(
        RoleAssignment, (RoleAssignment.tenant_id == Notification.tenant_id)
        & (RoleAssignment.venue_id == Notification.venue_id)
        & (RoleAssignment.role == Role.venue_staff)).join(
        Account, (Account.tenant_id == RoleAssignment.tenant_id)
        & (Account.id == RoleAssignment.account_id))
    rows = [row for stmt in (to_member, to_committee, to_venue)
            for row in (await session.execute(stmt.where(*due))).all()]
    found: dict[uuid.UUID, list[str]] = {}
    for _, notification_id, email in sorted(rows):
        addresses = found.setdefault(notification_id, [])
        if email not in addresses:
            addresses.append(email)
    return found


async def deliver(session: AsyncSession, tenant: Tenant, channels: list[Channel],
                  now: datetime) -> tuple[int, int]:
    """Send due notifications to the e-mail of the accounts linked to the member, or of the
    committee's or the venue's staff accounts (each of them; a retry may send again to those
    already reached).

    Each notification is sent and recorded in its own transaction. A failure of any kind
    (the mail server down, an address or text the library refuses) is isolated: the
    notification waits RETRY_BASE × 2^(attempts−1) and is given up (``failed_at``) after
    MAX_ATTEMPTS, so one bad row never stops the run or the runs after it."""
    if not channels:
        return 0, 0
    await apply_scope(session, TenantScope.only(tenant.id))
    pending = await _recipients(session, tenant, now)
    await session.commit()
    delivered = failed = 0
    for notification_id, emails in pending.items():
        await apply_scope(session, TenantScope.only(tenant.id))
        notification = await session.get(Notification, (tenant.id, notification_id),
                                         with_for_update=True)
        if notification is None or notification.delivered_at is not None:
            await session.commit()
            continue
        try:
            for channel in channels:
                for email in emails:
                    await channel.send(email, one_line(f"【委员联系群众】{notification.title}"),
                                       notification.body)
        except Exception as exc:  # noqa: BLE001 (isolated: recorded, retried, reported)
            notification.attempts += 1
            notification.last_error = f"{type(exc).__name__}: {exc}"[:200]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.failed_at = now
                log.error("delivery of %s given up after %d attempts: %s", notification.id,
                          notification.attempts, exc)
            else:
                notification.next_attempt_at = now + RETRY_BASE * 2 ** (notification.attempts
                                                                         - 1)
                log.warning("delivery of %s failed (attempt %d): %s", notification.id,
                            notification.attempts, exc)
            failed += 1
        else:
            notification.delivered_at = now
            delivered += 1
        await session.commit()
    return delivered, failed


async def run(session_factory, channels: list[Channel],
              now: datetime | None = None) -> RunReport:
    """Every tenant, each in its own transaction."""
    now = now or clock.now()
    report = RunReport()
    async with session_factory() as session:
        tenants = list(await session.scalars(select(Tenant).order_by(Tenant.path)))
    for tenant in tenants:
        try:
            async with session_factory() as session:
                report.created += await remind_tenant(session, tenant, now)
                await session.commit()
                delivered, failed = await deliver(session, tenant, channels, now)
                await session.commit()
        except Exception:  # one tenant's trouble never stops the others
            log.exception("reminders for tenant %s failed", tenant.code)
            report.tenants_failed += 1
            continue
        report.delivered += delivered
        report.failed += failed
    return report
