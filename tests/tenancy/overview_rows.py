"""A hand-counted year for the overview (tenancy/overview.py): 2025, asked in Q3 (pinned to
2025-08-15 in Beijing), over the roster's city and two counties.

County A (张伟, 李娜, 王芳 serving; 张伟 has two pairings, 李娜 one):
- contacts in Q3: 张伟 with 陈群众 → due 3, contacted 1 (the quarter still open: 0 overdue);
- plans: 张伟 submitted late, 李娜 accepted on time, 王芳 a draft → 2 submitted, 1 late,
  1 missing; reports: 张伟 returned → 0, 0, 3 missing;
- opinions raised in 2025: one registered, one closed as a proposal (and one from 2024, not
  counted) → total 2, conversion 50%;
- Q3 sessions at 城东委员联络站: 2 held, 1 planned, 1 cancelled (a Q2 one not counted).
County B (赵强 serving, two pairings, no contact): due 2; plan none, a 2024 plan submitted
  (not counted), report submitted on time → plans 0/0/1, reports 1/0/0; no opinions; one
  planned session.
The city: no members, no opinions, no venue → zeros, rates empty, sessions zeros.
"""

import uuid
from datetime import date, datetime

from liaison.models import AnnualFiling, Tenant
from liaison.models.contacts import FilingKind, FilingStatus
from liaison.models.opinions import OpinionState, OutcomeKind
from liaison.models.tenant import TenantLevel
from liaison.models.venues import SessionStatus
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING, Roster, make_contact, unique_code
from tests.opinions.opinion_rows import make_opinion
from tests.venues.venue_rows import at, make_session, make_venue

NOW = datetime(2025, 8, 15, 10, tzinfo=BEIJING)
P, R = FilingKind.plan, FilingKind.report


async def make_filing(owner, member, kind: FilingKind, year: int, status: FilingStatus, *,
                      late: bool = False) -> None:
    await apply_scope(owner, TenantScope.only(member.tenant_id))
    owner.add(AnnualFiling(
        tenant_id=member.tenant_id, id=uuid.uuid4(), member_id=member.id, year=year,
        kind=kind, status=status, late=late, body="计划",
        submitted_at=None if status is FilingStatus.draft else NOW))
    await owner.commit()


async def build_overview(owner, roster: Roster) -> None:
    w, m, S = roster.world, roster.members, FilingStatus
    a, b = w.county_a, w.county_b
    await make_contact(owner, roster.pairings["陈群众"], datetime(2025, 7, 2, 10, tzinfo=BEIJING))
    for member, kind, year, status, late in (
            ("张伟", P, 2025, S.submitted, True), ("李娜", P, 2025, S.accepted, False),
            ("王芳", P, 2025, S.draft, False), ("张伟", R, 2025, S.returned, False),
            ("赵强", P, 2024, S.submitted, False), ("赵强", R, 2025, S.submitted, False)):
        await make_filing(owner, m[member], kind, year, status, late=late)
    await make_opinion(owner, a, "修缮村道", raised_on=date(2025, 3, 1))
    done = await make_opinion(owner, a, "增设公交站", raised_on=date(2025, 5, 1),
                              state=OpinionState.closed)
    await make_opinion(owner, a, "去年的意见", raised_on=date(2024, 5, 1))
    await apply_scope(owner, TenantScope.only(a.id))
    done.outcome_kind, done.outcome_on = OutcomeKind.proposal, date(2025, 6, 1)
    owner.add(done)
    await owner.commit()
    east = await make_venue(owner, a)
    for day, status in ((3, SessionStatus.held), (10, SessionStatus.held),
                        (17, SessionStatus.cancelled), (24, SessionStatus.planned)):
        await make_session(owner, east, at(2025, 7, day, 9), at(2025, 7, day, 11),
                           status=status)
    await make_session(owner, east, at(2025, 6, 3, 9), at(2025, 6, 3, 11),
                       status=SessionStatus.held)
    town = await make_venue(owner, b, "县城委员联络站")
    await make_session(owner, town, at(2025, 9, 1, 9), at(2025, 9, 1, 11))


async def add_district(owner, county) -> Tenant:
    """A tenant below a county (the manifest stops at two levels; the tree does not)."""
    code = unique_code("d")
    district = Tenant(id=uuid.uuid4(), code=code, name=f"测试区政协{code}",
                      short_name="测试区政协", level=TenantLevel.district,
                      parent_id=county.id, path=f"{county.path}/{code}",
                      timezone="Asia/Shanghai")
    owner.add(district)
    await owner.commit()
    return district
