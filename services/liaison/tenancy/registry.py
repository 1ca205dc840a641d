"""Lookups in the tenant directory. ``get_*`` are raw lookups; callers decide visibility."""

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import Tenant


async def get_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> Tenant | None:
    return await session.get(Tenant, tenant_id)


async def get_tenant_by_code(session: AsyncSession, code: str) -> Tenant | None:
    return await session.scalar(select(Tenant).where(Tenant.code == code))


async def descendant_ids(session: AsyncSession, path: str) -> list[uuid.UUID]:
    """Ids of every tenant below ``path`` (counties and districts of a city)."""
    prefix = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"
    rows = await session.scalars(select(Tenant.id).where(Tenant.path.like(prefix)))
    return list(rows)


async def tenants_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Tenant]:
    rows = await session.scalars(select(Tenant).where(Tenant.id.in_(ids)))
    return list(rows)
