"""A held reception day to record, for the records and sector-activity tests: county A's
城东 station (worked by A's venue-staff account) and 城西 station, a studio, county B's
station; a session at 城东 on 10 May 2025 with 王芳 then 张伟 on duty (assigned in that
order); service calls as an account on the liaison clock pinned to 20 May 2025."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update

from liaison.compliance import service as compliance
from liaison.compliance.quarters import Quarter
from liaison.models import Account, Pairing, ReceptionSession, SessionDuty, Venue
from liaison.models.account import Role
from liaison.models.venues import DutyStatus, SessionStatus, VenueKind
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.acting import act_as
from tests.builders import Roster, sector_named
from tests.venues.venue_rows import at, give_venue, make_session, make_venue

NOW = at(2025, 5, 20, 10)
STARTS, ENDS = at(2025, 5, 10, 9), at(2025, 5, 10, 11, 30)
Q2 = Quarter(2025, 2)


async def act(database, account: Account, call, *args, now=NOW, **kwargs):
    """``call(ctx, *args, **kwargs)`` as ``account``, the clock pinned to ``now``."""
    return await act_as(database, account, call, *args, now=now, **kwargs)


@dataclass
class Records:
    roster: Roster
    east: Venue  # county A, worked by the world's venue-staff account of A
    west: Venue  # county A, nobody's
    studio: Venue  # county A, a 中共 sector studio
    county_b: Venue
    session: ReceptionSession  # at 城东, held-able: 王芳 then 张伟 on duty
    session_b: ReceptionSession  # county B, 赵强 on duty

    @property
    def world(self):
        return self.roster.world

    def account(self, role: Role, tenant=None) -> Account:
        return self.world.account(tenant or self.world.county_a, role)

    def member(self, name: str):
        return self.roster.members[name]

    def person(self, name: str) -> uuid.UUID:
        return self.roster.pairings[name].constituent_id


async def duties_in_order(owner, session: ReceptionSession, members) -> None:
    """Duties assigned one after another (their order decides the "first member on duty")."""
    await apply_scope(owner, TenantScope.only(session.tenant_id))
    for n, member in enumerate(members):
        owner.add(SessionDuty(tenant_id=session.tenant_id, id=uuid.uuid4(),
                              session_id=session.id, member_id=member.id,
                              status=DutyStatus.assigned,
                              created_at=NOW - timedelta(days=30 - n)))
    await owner.commit()


async def build_records(owner, roster: Roster) -> Records:
    w = roster.world
    a, b = w.county_a, w.county_b
    east = await make_venue(owner, a, "城东委员联络站")
    west = await make_venue(owner, a, "城西委员联络站")
    studio = await make_venue(owner, a, "中共界别委员工作室", kind=VenueKind.studio,
                              sector_ids=(await sector_named(owner, a, "中共"),))
    venue_b = await make_venue(owner, b, "河东委员联络站")
    await give_venue(owner, w, a, east)
    await give_venue(owner, w, b, venue_b)
    session = await make_session(owner, east, STARTS, ENDS)
    await duties_in_order(owner, session, [roster.members["王芳"], roster.members["张伟"]])
    session_b = await make_session(owner, venue_b, STARTS, ENDS,
                                   members=[roster.members["赵强"]])
    return Records(roster, east, west, studio, venue_b, session, session_b)


async def mark_held(owner, session: ReceptionSession) -> None:
    await apply_scope(owner, TenantScope.only(session.tenant_id))
    await owner.execute(update(ReceptionSession).where(
        ReceptionSession.tenant_id == session.tenant_id, ReceptionSession.id == session.id)
        .values(status=SessionStatus.held, recorded_at=NOW))
    await owner.commit()


async def pair(owner, member, constituent_id: uuid.UUID,
               started_on: date = date(2024, 1, 1)) -> None:
    """``member`` paired with an existing constituent too."""
    await apply_scope(owner, TenantScope.only(member.tenant_id))
    owner.add(Pairing(tenant_id=member.tenant_id, id=uuid.uuid4(), member_id=member.id,
                      constituent_id=constituent_id, term_id=member.term_id,
                      started_on=started_on))
    await owner.commit()


async def behind(database, records: Records, tenant=None) -> set[tuple[str, str]]:
    """The (member, person) pairings of ``tenant`` not yet contacted in 2025 Q2, as its
    office reads them in the compliance service."""
    tenant = tenant or records.world.county_a
    office = records.world.account(tenant, Role.office)

    async def read(ctx):
        rows, _ = await compliance.behind_named(ctx, tenant, Q2, first=100, after=None)
        return {(r.member_name, r.constituent_name) for r in rows}

    return await act(database, office, read)
