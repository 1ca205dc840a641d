"""Who and what is already busy: a member on duty elsewhere at that time, a venue already
booked. Cancelled sessions and declined duties do not count. Callers lock the venue row
(``SELECT … FOR UPDATE``) before checking, so two writers cannot book the same hour."""

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from liaison.models import ReceptionSession, SessionDuty, Venue
from liaison.models.venues import DutyStatus, SessionStatus


def _overlapping(tenant_id: uuid.UUID, starts_at: datetime, ends_at: datetime,
                 exclude: uuid.UUID | None):
    conditions = [ReceptionSession.tenant_id == tenant_id,
                  ReceptionSession.status != SessionStatus.cancelled,
                  ReceptionSession.starts_at < ends_at, ReceptionSession.ends_at > starts_at]
    if exclude is not None:
        conditions.append(ReceptionSession.id != exclude)
    return conditions


async def venue_busy(session: AsyncSession, tenant_id: uuid.UUID, venue_id: uuid.UUID,
                     starts_at: datetime, ends_at: datetime,
                     exclude: uuid.UUID | None = None) -> ReceptionSession | None:
    """The session already booked at the venue in that time, if any."""
    return await session.scalar(select(ReceptionSession).where(
        *_overlapping(tenant_id, starts_at, ends_at, exclude),
        ReceptionSession.venue_id == venue_id).order_by(ReceptionSession.starts_at).limit(1))


async def members_busy(session: AsyncSession, tenant_id: uuid.UUID,
                       member_ids: list[uuid.UUID], starts_at: datetime, ends_at: datetime,
                       exclude: uuid.UUID | None = None
                       ) -> dict[uuid.UUID, ReceptionSession]:
    """For each member already on duty (not declined) at another session in that time, that
    session."""
    if not member_ids:
        return {}
    rows = (await session.execute(select(SessionDuty.member_id, ReceptionSession).join(
        ReceptionSession, (ReceptionSession.tenant_id == SessionDuty.tenant_id)
        & (ReceptionSession.id == SessionDuty.session_id)).where(
        *_overlapping(tenant_id, starts_at, ends_at, exclude),
        SessionDuty.member_id.in_(member_ids), SessionDuty.status != DutyStatus.declined)
        .order_by(ReceptionSession.starts_at))).all()
    busy: dict[uuid.UUID, ReceptionSession] = {}
    for member_id, row in rows:
        busy.setdefault(member_id, row)
    return busy


async def lock_venue(session: AsyncSession, tenant_id: uuid.UUID,
                     venue_id: uuid.UUID) -> Venue | None:
    """The venue row, locked until the transaction ends: bookings at one venue queue."""
    return await session.get(Venue, (tenant_id, venue_id), with_for_update=True)
