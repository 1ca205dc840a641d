"""The hand-computed assessment fixture for 2025, written straight into the database, with
the clock in January 2026 (the year is over: all four quarters count).

County A (default weights 40/20/15/15/10):
- 张伟 (中共; 陈群众, 刘群众, and 孙群众 paired on 20 Dec: not due in 2025): both contacted
  in Q1, Q3, Q4, only 陈 in Q2 → 3/4; plan on time, report late → 1/2; one proposal and one
  rejected opinion → min(1/2, 1) = 1/2; duties at held sessions: one served, one declined
  (one more at a cancelled session does not count) → 1/2; closed round: 满意 2, 基本满意 1
  → (2 + 0.5) / 3 = 5/6. Score 30 + 10 + 7.5 + 7.5 + 8.333 = 63.3.
- 李娜 (工会; 黄群众): contacted every quarter → 1; no filings → 0; three converted opinions
  → 1; no duty (excluded); one answer (too few, excluded). Basis 40 + 20 + 15 = 75:
  quarters 53.3, filings 0.0, opinions 20.0; score 55 × 100 / 75 = 73.3.
- 王芳 (中共; no pairings): quarters, duties and evaluation excluded; 0 elsewhere → 0.0.
Ranks in A: 李娜 1, 张伟 2, 王芳 3; in 中共: 张伟 1, 王芳 2; in 工会: 李娜 1.

County B (weights 50/20/10/10/10, set by its office): 赵强 (中共; 周群众, 吴群众) both
contacted in Q1 only → 1/4; plan and report on time → 1; nothing else. Basis 80: quarters
15.6, filings 25.0, opinions 0.0; score 32.5 × 100 / 80 = 40.6.
"""

import uuid
from datetime import date, datetime

from liaison.assessment import service as assessment
from liaison.assessment.rules import Weights
from liaison.models import AnnualFiling, EvaluationCode, EvaluationRound
from liaison.models.account import Role
from liaison.models.contacts import FilingKind, FilingStatus
from liaison.models.guidance import RoundState
from liaison.models.opinions import OpinionState, OutcomeKind
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.acting import act_as
from tests.builders import BEIJING, Roster, make_contact, make_pairing
from tests.opinions.opinion_rows import make_opinion
from tests.venues.venue_rows import at, make_session, make_venue

NOW = datetime(2026, 1, 10, 9, tzinfo=BEIJING)
B_WEIGHTS = Weights(quarters=50, filings=20, opinions=10, duties=10, evaluation=10)


def day(m: int, d: int) -> datetime:
    return datetime(2025, m, d, 10, tzinfo=BEIJING)


async def filing(owner, member, kind: FilingKind, *, late: bool,
                 status: FilingStatus = FilingStatus.submitted) -> None:
    await apply_scope(owner, TenantScope.only(member.tenant_id))
    owner.add(AnnualFiling(tenant_id=member.tenant_id, id=uuid.uuid4(), member_id=member.id,
                           year=2025, kind=kind, status=status, late=late, body="计划",
                           submitted_at=day(3, 1)))
    await owner.commit()


async def opinion(owner, tenant, member, outcome: OutcomeKind, n: int) -> None:
    row = await make_opinion(owner, tenant, f"意见{n}",
                             raised_on=date(2025, 6, n), state=OpinionState.closed,
                             member=member)
    await apply_scope(owner, TenantScope.only(member.tenant_id))
    row.outcome_kind = outcome
    owner.add(row)
    await owner.commit()


async def closed_round(owner, roster: Roster, answers: dict[str, str]) -> None:
    tenant = roster.world.county_a
    await apply_scope(owner, TenantScope.only(tenant.id))
    rnd = EvaluationRound(tenant_id=tenant.id, id=uuid.uuid4(), year=2025,
                          state=RoundState.closed, opened_at=day(12, 1), closed_at=day(12, 18),
                          opened_by=roster.world.account(tenant, Role.office).id)
    owner.add(rnd)
    await owner.flush()
    for person, rating in answers.items():
        pairing = roster.pairings[person]
        owner.add(EvaluationCode(tenant_id=tenant.id, id=uuid.uuid4(), round_id=rnd.id,
                                 pairing_id=pairing.id, member_id=pairing.member_id,
                                 code_hash=uuid.uuid4().hex, rating=rating,
                                 answered_at=day(12, 5)))
    await owner.commit()


async def build(owner, database, roster: Roster) -> Roster:
    w, m, p = roster.world, roster.members, roster.pairings
    p["孙群众"] = await make_pairing(owner, m["张伟"], "孙群众", started_on=date(2025, 12, 20))
    for when in (day(2, 1), day(8, 1), day(11, 1)):
        await make_contact(owner, p["陈群众"], when)
        await make_contact(owner, p["刘群众"], when)
    await make_contact(owner, p["陈群众"], day(5, 1))
    for when in (day(1, 5), day(4, 5), day(7, 5), day(10, 5)):
        await make_contact(owner, p["黄群众"], when)
    await make_contact(owner, p["周群众"], day(3, 3))
    await make_contact(owner, p["吴群众"], day(3, 4))
    await filing(owner, m["张伟"], FilingKind.plan, late=False, status=FilingStatus.accepted)
    await filing(owner, m["张伟"], FilingKind.report, late=True)
    await filing(owner, m["赵强"], FilingKind.plan, late=False)
    await filing(owner, m["赵强"], FilingKind.report, late=False)
    await opinion(owner, w.county_a, m["张伟"], OutcomeKind.proposal, 1)
    await opinion(owner, w.county_a, m["张伟"], OutcomeKind.rejected, 2)
    for n, kind in enumerate((OutcomeKind.proposal, OutcomeKind.social_info,
                              OutcomeKind.referred), start=3):
        await opinion(owner, w.county_a, m["李娜"], kind, n)
    venue = await make_venue(owner, w.county_a)
    await make_session(owner, venue, at(2025, 4, 1, 9), at(2025, 4, 1, 11),
                       members=[m["张伟"]], status=SessionStatus.held,
                       duty=DutyStatus.confirmed)
    await make_session(owner, venue, at(2025, 5, 1, 9), at(2025, 5, 1, 11),
                       members=[m["张伟"]], status=SessionStatus.held,
                       duty=DutyStatus.declined)
    await make_session(owner, venue, at(2025, 6, 1, 9), at(2025, 6, 1, 11),
                       members=[m["张伟"]], status=SessionStatus.cancelled)
    await closed_round(owner, roster, {"陈群众": "satisfied", "刘群众": "fairly",
                                       "孙群众": "satisfied", "黄群众": "satisfied"})
    await act_as(database, w.account(w.county_b, Role.office), assessment.set_weights,
                 B_WEIGHTS, now=NOW)
    return roster
