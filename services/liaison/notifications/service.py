"""A member's notifications: list and mark read (only their own)."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select

from liaison.context import ServiceContext
from liaison.db.pagination import Page, paginate
from liaison.errors import NotFound
from liaison.models import Notification


def _mine(ctx: ServiceContext):
    principal = ctx.require_principal()
    return (Notification.tenant_id == principal.tenant_id,
            Notification.member_id == principal.member_id)


async def list_mine(ctx: ServiceContext, *, unread_only: bool, first: int,
                    after: str | None) -> Page[Notification]:
    principal = ctx.require_principal()
    stmt = select(Notification).where(*_mine(ctx))
    if principal.member_id is None:
        stmt = stmt.where(Notification.id.is_(None))  # not a member's account: nothing
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return await paginate(ctx.session, stmt, [Notification.created_at, Notification.id],
                          first=first, after=after)


async def unread_count(ctx: ServiceContext) -> int:
    """How many of the caller's notifications are unread (0 for an account not a member's)."""
    if ctx.require_principal().member_id is None:
        return 0
    return await ctx.session.scalar(select(func.count()).select_from(Notification).where(
        *_mine(ctx), Notification.read_at.is_(None)))


async def mark_read(ctx: ServiceContext, notification_id: uuid.UUID) -> Notification:
    principal = ctx.require_principal()
    row = await ctx.session.get(Notification, (principal.tenant_id, notification_id))
    if row is None or principal.member_id is None or row.member_id != principal.member_id:
        raise NotFound("通知", notification_id)
    if row.read_at is None:
        row.read_at = datetime.now(UTC)
        await ctx.session.flush()
    return row
