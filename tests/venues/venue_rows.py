"""Venue rows written straight into the database, for tests that need a rota to act on (the
service under test is not the one building it)."""

import uuid
from datetime import datetime

from sqlalchemy import update

from liaison.models import ReceptionSession, RoleAssignment, SessionDuty, Venue, VenueSector
from liaison.models.account import Role
from liaison.models.venues import DutyStatus, SessionStatus, VenueKind
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING


async def make_venue(owner, tenant, name: str = "城东委员联络站", *,
                     kind: VenueKind = VenueKind.station, active: bool = True,
                     sector_ids: tuple[uuid.UUID, ...] = ()) -> Venue:
    await apply_scope(owner, TenantScope.only(tenant.id))
    venue = Venue(tenant_id=tenant.id, id=uuid.uuid4(), kind=kind, name=name, area="城东街道",
                  address="城东路 1 号", opening_hours="工作日 9:00–17:00", phone="0774-1234567",
                  description=f"{name}：欢迎群众来访", is_active=active)
    owner.add(venue)
    await owner.flush()
    owner.add_all([VenueSector(tenant_id=tenant.id, venue_id=venue.id, sector_id=s)
                   for s in sector_ids])
    await owner.commit()
    return venue


async def make_session(owner, venue: Venue, starts_at: datetime, ends_at: datetime, *,
                       members=(), theme: str | None = "倾听群众心声",
                       status: SessionStatus = SessionStatus.planned,
                       duty: DutyStatus = DutyStatus.assigned) -> ReceptionSession:
    """A session with ``members`` (Member rows) on duty; times aware."""
    await apply_scope(owner, TenantScope.only(venue.tenant_id))
    row = ReceptionSession(
        tenant_id=venue.tenant_id, id=uuid.uuid4(), venue_id=venue.id, starts_at=starts_at,
        ends_at=ends_at, theme=theme, capacity=20, notice="请携带身份证", status=status,
        cancel_reason="天气原因" if status is SessionStatus.cancelled else None)
    owner.add(row)
    await owner.flush()
    owner.add_all([SessionDuty(tenant_id=venue.tenant_id, id=uuid.uuid4(), session_id=row.id,
                               member_id=m.id, status=duty) for m in members])
    await owner.commit()
    return row


async def give_venue(owner, world, tenant, venue: Venue) -> None:
    """The tenant's venue-staff account works at ``venue`` (as assignRole venueId leaves it)."""
    account = world.account(tenant, Role.venue_staff)
    await apply_scope(owner, TenantScope.only(tenant.id))
    await owner.execute(update(RoleAssignment).where(
        RoleAssignment.tenant_id == tenant.id, RoleAssignment.account_id == account.id,
        RoleAssignment.role == Role.venue_staff).values(venue_id=venue.id))
    await owner.commit()


def at(y: int, m: int, d: int, hour: int, minute: int = 0) -> datetime:
    """A Beijing wall-clock time as an aware instant."""
    return datetime(y, m, d, hour, minute, tzinfo=BEIJING)
