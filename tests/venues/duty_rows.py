"""A rota to act on for the duty tests: county A's 城东 and 城西 stations, county B's station,
one session at 城东 with 张伟 on duty; service calls as an account on a pinned clock."""

import uuid
from dataclasses import dataclass

from sqlalchemy import select, update

from liaison.models import Account, ReceptionSession, RoleAssignment, SessionDuty, Venue
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.acting import act_as
from tests.builders import Roster, make_account
from tests.venues.venue_rows import at, give_venue, make_session, make_venue

NOW = at(2025, 6, 2, 9)  # a Monday
STARTS, ENDS = at(2025, 6, 12, 9), at(2025, 6, 12, 11, 30)  # a Thursday


async def act(database, account: Account, call, *args, now=NOW, **kwargs):
    """``call(ctx, *args, **kwargs)`` as ``account``, the clock pinned to ``now``."""
    return await act_as(database, account, call, *args, now=now, **kwargs)


async def staff_at(owner, tenant, venue: Venue, username: str, *, email: str | None = None,
                   active: bool = True) -> Account:
    """A venue staff account working at ``venue``."""
    account = await make_account(owner, tenant, username, (Role.venue_staff,))
    await apply_scope(owner, TenantScope.only(tenant.id))
    await owner.execute(update(RoleAssignment).where(
        RoleAssignment.tenant_id == tenant.id, RoleAssignment.account_id == account.id)
        .values(venue_id=venue.id))
    row = await owner.get(Account, (tenant.id, account.id))
    row.email, row.is_active = email, active
    await owner.commit()
    return account


async def duty(owner, tenant, duty_id: uuid.UUID) -> SessionDuty:
    """The duty as stored now."""
    await apply_scope(owner, TenantScope.only(tenant.id))
    return await owner.scalar(select(SessionDuty).where(
        SessionDuty.tenant_id == tenant.id, SessionDuty.id == duty_id)
        .execution_options(populate_existing=True))


async def duty_at(owner, session: ReceptionSession, member) -> uuid.UUID:
    await apply_scope(owner, TenantScope.only(session.tenant_id))
    return await owner.scalar(select(SessionDuty.id).where(
        SessionDuty.tenant_id == session.tenant_id, SessionDuty.session_id == session.id,
        SessionDuty.member_id == member.id))


@dataclass
class Rota:
    roster: Roster
    east: Venue  # county A, worked by the world's venue staff account of A
    west: Venue  # county A, worked by ``west_staff``
    county_b: Venue  # worked by the world's venue staff account of B
    session: ReceptionSession  # at 城东, 张伟 on duty
    duty_id: uuid.UUID
    west_staff: Account

    @property
    def world(self):
        return self.roster.world

    def account(self, role: Role, tenant=None) -> Account:
        return self.world.account(tenant or self.world.county_a, role)


async def build_rota(owner, roster: Roster) -> Rota:
    w = roster.world
    a, b = w.county_a, w.county_b
    east = await make_venue(owner, a, "城东委员联络站")
    west = await make_venue(owner, a, "城西委员联络站")
    there = await make_venue(owner, b, "县B委员联络站")
    await give_venue(owner, w, a, east)
    await give_venue(owner, w, b, there)
    west_staff = await staff_at(owner, a, west, "west-staff")
    session = await make_session(owner, east, STARTS, ENDS, members=[roster.members["张伟"]])
    return Rota(roster, east, west, there, session,
                await duty_at(owner, session, roster.members["张伟"]), west_staff)
