"""The append-only audit log: every state change and every login attempt lands here; the
tenant's office and leaders read their own tenant's log (``list_entries``)."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.audit.snapshots import changed, snapshot
from liaison.models import AuditEntry

if TYPE_CHECKING:  # the context imports Origin from here
    from liaison.context import ServiceContext
    from liaison.db.pagination import Page
    from liaison.models import Tenant


@dataclass(frozen=True)
class Origin:
    """Where a request came from: written beside each audit row."""

    source_addr: str | None = None
    request_id: str | None = None


def values(
    *,
    tenant_id: uuid.UUID,
    action: str,
    origin: Origin,
    actor_id: uuid.UUID | None = None,
    target: tuple[str, Any] | None = None,
    before: dict | None = None,
    after: dict | None = None,
    detail: dict | None = None,
) -> dict:
    """An audit row's columns, for ``record`` or for a statement that writes it together with
    the rows it audits (``contacts.service.write_contact``)."""
    return {"tenant_id": tenant_id, "actor_id": actor_id, "action": action,
            "target_type": target[0] if target else None,
            "target_id": str(target[1]) if target else None,
            "before": before, "after": after, "detail": detail,
            "source_addr": origin.source_addr, "request_id": origin.request_id}


async def record(session: AsyncSession, **row: Any) -> None:
    """Write an audit row (the keywords of ``values``)."""
    session.add(AuditEntry(**values(**row)))
    await session.flush()


async def record_change(ctx: "ServiceContext", action: str, row: Any, before: dict | None, *,
                        only_if_changed: bool = False, target_type: str | None = None,
                        extra_after: dict | None = None) -> None:
    """The audit tail of a write: flush, compare the row with its snapshot ``before`` (None for
    a new row) and record what changed, as the caller. ``only_if_changed`` skips an update
    that changed nothing."""
    await ctx.session.flush()
    old, new = changed(before or {}, snapshot(row))
    if only_if_changed and not new:
        return
    await record(ctx.session, tenant_id=row.tenant_id, action=action, origin=ctx.origin,
                 actor_id=ctx.principal.account_id if ctx.principal else None,
                 target=(target_type or row.__tablename__, row.id), before=old or None,
                 after={**new, **(extra_after or {})})


async def record_import(ctx: "ServiceContext", action: str, target_type: str,
                        rows: list[dict]) -> None:
    """One audit row for an all-or-nothing import: how many rows, and their ids."""
    await record(ctx.session, tenant_id=ctx.require_principal().tenant_id, action=action,
                 origin=ctx.origin, actor_id=ctx.require_principal().account_id,
                 target=(target_type, "import"),
                 after={"count": len(rows), "ids": [str(r["id"]) for r in rows]})


async def list_entries(ctx: "ServiceContext", tenant: "Tenant", *,
                       actor_id: uuid.UUID | None = None, action: str | None = None,
                       since: date | None = None, until: date | None = None, first: int,
                       after: str | None = None) -> "Page[AuditEntry]":
    """The audit log of the caller's own tenant, newest first; ``since`` and ``until`` are
    days (inclusive) in the tenant's zone. Another tenant's log is not found."""
    from liaison.authz import policies
    from liaison.db.pagination import paginate
    from liaison.errors import Forbidden, NotFound

    principal = ctx.require_principal()
    if tenant.id != principal.tenant_id:
        raise NotFound("单位", tenant.code)
    if not policies.can_read_audit(principal, tenant):
        raise Forbidden("没有权限查看操作日志")
    zone = ZoneInfo(tenant.timezone)
    stmt = select(AuditEntry).where(AuditEntry.tenant_id == tenant.id)
    if actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(since, time(), zone))
    if until is not None:
        stmt = stmt.where(AuditEntry.at < datetime.combine(until + timedelta(days=1), time(),
                                                           zone))
    return await paginate(ctx.session, stmt, [AuditEntry.at, AuditEntry.id], first=first,
                          after=after, descending=True)


async def actors(ctx: "ServiceContext", tenant: "Tenant") -> dict[uuid.UUID, str]:
    """The accounts of the caller's own tenant by display name (who did what in its log)."""
    from liaison.authz import policies
    from liaison.errors import Forbidden, NotFound
    from liaison.models import Account

    principal = ctx.require_principal()
    if tenant.id != principal.tenant_id:
        raise NotFound("单位", tenant.code)
    if not policies.can_read_audit(principal, tenant):
        raise Forbidden("没有权限查看操作日志")
    rows = await ctx.session.execute(
        select(Account.id, Account.display_name).where(Account.tenant_id == tenant.id)
        .order_by(Account.display_name, Account.id))
    return dict(rows.all())
