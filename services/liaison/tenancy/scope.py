"""The one place that tells PostgreSQL which tenants a transaction may see and write.

``app.tenant_id`` is the active tenant (writes must match it); ``app.readable_tenants`` the
tenants reads may see. Both are set with ``set_config(..., true)``: transaction-local, so a
pooled connection never carries one request's tenant into the next.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_SET = text(
    "SELECT set_config('app.tenant_id', :active, true),"
    " set_config('app.readable_tenants', :readable, true)"
)


@dataclass(frozen=True)
class TenantScope:
    active: uuid.UUID
    readable: tuple[uuid.UUID, ...]

    @classmethod
    def only(cls, tenant_id: uuid.UUID) -> "TenantScope":
        return cls(active=tenant_id, readable=(tenant_id,))

    def can_read(self, tenant_id: uuid.UUID) -> bool:
        return tenant_id in self.readable


async def apply_scope(session: AsyncSession, scope: TenantScope) -> None:
    """Set the scope for the session's current transaction (starting one if needed)."""
    await session.execute(
        _SET, {"active": str(scope.active), "readable": _join(scope.readable)}
    )


async def clear_scope(session: AsyncSession) -> None:
    await session.execute(_SET, {"active": "", "readable": ""})


def _join(ids: Iterable[uuid.UUID]) -> str:
    return ",".join(str(i) for i in ids)
