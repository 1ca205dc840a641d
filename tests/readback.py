"""Reading back what the service stored, as the owner (row counts, audit rows), and running
the reminders as the scheduler does."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import AuditEntry, Tenant
from liaison.notifications import reminders
from liaison.tenancy.scope import TenantScope, apply_scope


async def count(session: AsyncSession, model, tenant: Tenant) -> int:
    """Rows of a tenant table that belong to ``tenant``."""
    await apply_scope(session, TenantScope.only(tenant.id))
    return await session.scalar(select(func.count()).select_from(model)
                                .where(model.tenant_id == tenant.id))


async def audit_entries(session: AsyncSession, tenant: Tenant, action: str | None = None, *,
                        logins: bool = False) -> list[AuditEntry]:
    """The tenant's audit rows, oldest first: only ``action`` if given, else every action
    but login attempts (those too with ``logins``)."""
    await apply_scope(session, TenantScope.only(tenant.id))
    query = select(AuditEntry).where(AuditEntry.tenant_id == tenant.id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    elif not logins:
        query = query.where(~AuditEntry.action.like("login%"))
    return list(await session.scalars(query.order_by(AuditEntry.id)))


async def remind(database, tenant: Tenant, now: datetime) -> int:
    """One reminder run for ``tenant`` at ``now``, committed; returns how many were made."""
    async with database.sessions() as session:
        created = await reminders.remind_tenant(session, tenant, now)
        await session.commit()
    return created
