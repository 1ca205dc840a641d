"""County A's first half of 2025, hand-counted, for the disclosure tests (seen on 2025-07-10),
over the roster (tests/builders.py) plus 孙群众 paired with 张伟. Recognisable secrets
everywhere: constituent names and phones, member phones, contact contents, opinion texts,
a visitor, an evaluation comment — none may reach the public page or JSON.

Period 2025-01-01..2025-06-30 (Q2):
- contacts: 张伟 2 (02-01, 05-01; 09-01 and 2024 are outside), 李娜 1 (03-03), 王芳 0;
- reception: S1 03-05 held, 张伟 + 王芳 (both 中共); S2 04-10 held, 李娜 (张伟 declined);
  S3 05-01 planned 张伟; S4 08-01 held 张伟 (outside) → 中共 1 day, 工会 1, total 2;
  duties 张伟 1, 王芳 1, 李娜 1;
- opinions: 张伟 02-02 proposal, 05-05 rejected, 08-01 (outside); 李娜 06-01 referred; one
  without a member → 张伟 2 raised 1 converted, 李娜 1 and 1;
- evaluation 2025: 张伟's three people 满意, 基本满意, 不满意 → 中共 3 answers, 67%;
  李娜's 黄群众 满意 → 工会 1 answer, not shown; overall 4 answers, 75%.
County B: 赵强 with one contact (2025-03-01).
"""

import hashlib
import uuid
from datetime import date

from sqlalchemy import update

from liaison.models import Contact, EvaluationCode, EvaluationRound, Opinion
from liaison.models.account import Role
from liaison.models.guidance import Rating, RoundState
from liaison.models.opinions import OutcomeKind
from liaison.models.venues import DutyStatus, SessionStatus
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import Roster, make_contact, make_pairing
from tests.opinions.opinion_rows import make_opinion
from tests.venues.schedule_rows import add_visitor, set_duty
from tests.venues.venue_rows import at, make_session, make_venue

NOW = at(2025, 7, 10, 9)
SECRETS = ("陈群众", "刘群众", "孙群众", "黄群众", "周群众", "吴群众", "13900001111",
           "13812345678", "13700001234", "13611112222", "走访了解情况", "秘密联系内容",
           "秘密意见", "建议修缮村道", "孙来访", "13500009999", "评议秘密留言")


async def _set(owner, model, row, **values) -> None:
    await apply_scope(owner, TenantScope.only(row.tenant_id))
    await owner.execute(update(model).where(model.tenant_id == row.tenant_id,
                                            model.id == row.id).values(**values))
    await owner.commit()


async def _answers(owner, roster: Roster, tenant, ratings: dict) -> None:
    office = roster.world.account(tenant, Role.office)
    # closed (reviewed): an open round's answers are not counted on the public page
    rnd = EvaluationRound(tenant_id=tenant.id, id=uuid.uuid4(), year=2025,
                          state=RoundState.closed, opened_by=office.id,
                          opened_at=at(2025, 6, 1, 9), closed_at=at(2025, 6, 20, 9),
                          review_on=date(2025, 6, 20), conclusion="评议总体满意",
                          reviewed_by=office.id)
    await apply_scope(owner, TenantScope.only(tenant.id))
    owner.add(rnd)
    await owner.flush()
    for person, rating in ratings.items():
        pairing = roster.pairings[person]
        owner.add(EvaluationCode(
            tenant_id=tenant.id, id=uuid.uuid4(), round_id=rnd.id, pairing_id=pairing.id,
            member_id=pairing.member_id, code_hash=hashlib.sha256(person.encode()).hexdigest(),
            rating=rating, comment="评议秘密留言", answered_at=at(2025, 6, 2, 9)))
    await owner.commit()


async def build_half_year(owner, roster: Roster) -> Roster:
    w, m, p = roster.world, roster.members, roster.pairings
    a = w.county_a
    p["孙群众"] = await make_pairing(owner, m["张伟"], "孙群众")
    for person, day in (("陈群众", (2, 1)), ("刘群众", (5, 1)), ("陈群众", (9, 1))):
        await make_contact(owner, p[person], at(2025, *day, 10), opinions="建议修缮村道")
    await make_contact(owner, p["陈群众"], at(2024, 9, 1, 10))
    contact = await make_contact(owner, p["黄群众"], at(2025, 3, 3, 10))
    await _set(owner, Contact, contact, content="秘密联系内容甲", remarks="秘密联系内容乙")
    await make_contact(owner, p["周群众"], at(2025, 3, 1, 10))
    venue = await make_venue(owner, a)
    s1 = await make_session(owner, venue, at(2025, 3, 5, 9), at(2025, 3, 5, 11),
                            members=(m["张伟"], m["王芳"]), status=SessionStatus.held)
    await add_visitor(owner, s1, name="孙来访", phone="13500009999")
    s2 = await make_session(owner, venue, at(2025, 4, 10, 9), at(2025, 4, 10, 11),
                            members=(m["李娜"],), status=SessionStatus.held)
    await set_duty(owner, s2, m["张伟"], DutyStatus.declined)
    await make_session(owner, venue, at(2025, 5, 1, 9), at(2025, 5, 1, 11),
                       members=(m["张伟"],))
    await make_session(owner, venue, at(2025, 8, 1, 9), at(2025, 8, 1, 11),
                       members=(m["张伟"],), status=SessionStatus.held)
    for title, raised, member, outcome in (
            ("秘密意见一", date(2025, 2, 2), m["张伟"], OutcomeKind.proposal),
            ("秘密意见二", date(2025, 5, 5), m["张伟"], OutcomeKind.rejected),
            ("秘密意见三", date(2025, 8, 1), m["张伟"], OutcomeKind.proposal),
            ("秘密意见四", date(2025, 6, 1), m["李娜"], OutcomeKind.referred),
            ("秘密意见五", date(2025, 3, 1), None, OutcomeKind.proposal)):
        row = await make_opinion(owner, a, title, raised_on=raised, member=member)
        await _set(owner, Opinion, row, outcome_kind=outcome, outcome_on=raised)
    await _answers(owner, roster, a, {"陈群众": Rating.satisfied, "刘群众": Rating.fairly,
                                      "孙群众": Rating.unsatisfied, "黄群众": Rating.satisfied})
    return roster


def figures(name, members, contacts, days, raised, converted, answers, rate) -> dict:
    found = {"members": members, "contacts": contacts, "reception_days": days,
             "opinions_raised": raised, "opinions_converted": converted,
             "satisfaction": {"answers": answers, "rate": rate}}
    return {"name": name, **found} if name else found


def member(name, sector, contacts, duties, raised, converted) -> dict:
    return {"name": name, "sector": sector, "contacts": contacts, "reception_duties": duties,
            "opinions_raised": raised, "opinions_converted": converted}


EXPECTED_A = {
    "year": 2025, "quarter": 2, "from": "2025-01-01", "until": "2025-06-30",
    "totals": figures(None, 3, 3, 2, 3, 2, 4, 75),
    "sectors": [figures("中共", 2, 2, 1, 2, 1, 3, 67), figures("工会", 1, 1, 1, 1, 1, 1, None)],
    "members": [member("张伟", "中共", 2, 1, 2, 1), member("王芳", "中共", 0, 1, 0, 0),
                member("李娜", "工会", 1, 1, 1, 1)]}
