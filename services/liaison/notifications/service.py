"""The caller's notifications: list and mark read (only their own).

A member's account reads its member's; a committee account reads its committee's too (the
committees whose opinions it handles); a venue staff account its venues' (a member on duty
declined or asks to swap). A committee's or a venue's notification is one row for all of its
accounts: read by one, read for all.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import false, func, or_, select

from liaison.authz import policies
from liaison.authz.objects import Act
from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import NotFound
from liaison.models import Notification
from liaison.tenancy.access import own_tenant


async def _committees(ctx: ServiceContext) -> frozenset[uuid.UUID]:
    principal = ctx.require_principal()
    if not any(grant.committee_id for grant in principal.grants):
        return frozenset()
    return policies.opinion_scope(principal, await own_tenant(ctx), Act.handle).committee_ids


async def _venues(ctx: ServiceContext) -> frozenset[uuid.UUID]:
    principal = ctx.require_principal()
    if not any(grant.venue_id for grant in principal.grants):
        return frozenset()
    return policies.venue_scope(principal, await own_tenant(ctx), Act.manage).venue_ids


async def _mine(ctx: ServiceContext):
    principal = ctx.require_principal()
    recipients = []
    if principal.member_id is not None:
        recipients.append(Notification.member_id == principal.member_id)
    if committees := await _committees(ctx):
        recipients.append(Notification.committee_id.in_(committees))
    if venues := await _venues(ctx):
        recipients.append(Notification.venue_id.in_(venues))
    return (Notification.tenant_id == principal.tenant_id,
            or_(*recipients) if recipients else false())


async def list_mine(ctx: ServiceContext, *, unread_only: bool, first: int,
                    after: str | None) -> Page[Notification]:
    stmt = select(Notification).where(*await _mine(ctx))
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return await paginate(ctx.session, stmt, [Notification.created_at, Notification.id],
                          first=first, after=after)


async def unread_count(ctx: ServiceContext) -> int:
    """How many of the caller's notifications are unread (0 for an account with none)."""
    return await ctx.session.scalar(select(func.count()).select_from(Notification).where(
        *await _mine(ctx), Notification.read_at.is_(None)))


async def mark_read(ctx: ServiceContext, notification_id: uuid.UUID) -> Notification:
    principal = ctx.require_principal()
    row = await ctx.session.get(Notification, (principal.tenant_id, notification_id))
    mine = row is not None and (
        (principal.member_id is not None and row.member_id == principal.member_id)
        or (row.committee_id is not None and row.committee_id in await _committees(ctx))
        or (row.venue_id is not None and row.venue_id in await _venues(ctx)))
    if not mine:
        raise NotFound("通知", notification_id)
    if row.read_at is None:
        row.read_at = datetime.now(UTC)
        await ctx.session.flush()
    return row
