"""Writing the append-only audit log. Every state change and every login attempt lands here."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import AuditEntry


@dataclass(frozen=True)
class Origin:
    """Where a request came from: written beside each audit row."""

    source_addr: str | None = None
    request_id: str | None = None


async def record(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    action: str,
    origin: Origin,
    actor_id: uuid.UUID | None = None,
    target: tuple[str, Any] | None = None,
    before: dict | None = None,
    after: dict | None = None,
    detail: dict | None = None,
) -> None:
    session.add(
        AuditEntry(
            tenant_id=tenant_id,
            actor_id=actor_id,
            action=action,
            target_type=target[0] if target else None,
            target_id=str(target[1]) if target else None,
            before=before,
            after=after,
            detail=detail,
            source_addr=origin.source_addr,
            request_id=origin.request_id,
        )
    )
    await session.flush()
