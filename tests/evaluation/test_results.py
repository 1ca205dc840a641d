"""What each role sees: the office and the leaders per member (counts, rate, comments
sorted by text); a member only their own aggregate, only once the round is closed, and
"too few to show" under three answers; other members and tenants not found."""

from datetime import date

import pytest

from liaison.errors import Forbidden, NotFound
from liaison.evaluation import results
from liaison.evaluation import service as evaluation
from liaison.models.account import Role
from liaison.models.guidance import RoundState
from tests.builders import link_account
from tests.evaluation.evaluation_rows import LATER, act, add_third_person, answer, open_2025

ANSWERS = {"陈群众": ("satisfied", "帮忙解决了村道问题"), "刘群众": ("fairly", None),
           "孙群众": ("satisfied", "希望多来村里"), "黄群众": ("unsatisfied", "一年没见过")}


@pytest.fixture
async def answered(database, owner, roster):
    """County A's 2025 round with every code answered (张伟 3, 李娜 1); B's opened, unanswered."""
    await add_third_person(owner, roster)
    issued, slips = await open_2025(database, roster)
    for name, (rating, comment) in ANSWERS.items():
        await answer(database, roster.world.county_a, slips[name].code, rating, comment)
    await open_2025(database, roster, roster.world.county_b)
    return issued.round


async def close(database, roster, rnd):
    await act(database, roster.world.account(roster.world.county_a, Role.leadership),
              evaluation.review_and_close, rnd.id,
              evaluation.Review(date(2025, 12, 18), "通过"), now=LATER)


def shown(s: results.Summary) -> tuple:
    return (s.year, s.member_name, s.sector_name, s.hidden,
            s.tally and (s.tally.satisfied, s.tally.fairly, s.tally.unsatisfied), s.comments)


async def test_the_office_and_the_leaders_see_every_member(database, roster, answered):
    w = roster.world
    for role in (Role.office, Role.chair, Role.leadership):
        rows = await act(database, w.account(w.county_a, role), results.member_results,
                         answered)
        assert [(r.member_name, r.sector_name, r.codes, r.tally.satisfied, r.tally.fairly,
                 r.tally.unsatisfied, r.tally.rate, r.comments) for r in rows] == [
            ("张伟", "中共", 3, 2, 1, 0, 1.0, ("希望多来村里", "帮忙解决了村道问题")),
            ("李娜", "工会", 1, 0, 0, 1, 0.0, ("一年没见过",))]
    for role in (Role.member, Role.committee, Role.convenor):
        with pytest.raises(Forbidden):
            await act(database, w.account(w.county_a, role), results.member_results, answered)
    for outsider in (w.account(w.county_b, Role.office), w.account(w.city, Role.chair)):
        with pytest.raises(NotFound):
            await act(database, outsider, results.member_results, answered)


async def test_a_member_sees_their_aggregate_only_after_the_review(database, roster, answered):
    w = roster.world
    a = w.county_a
    zhang = w.account(a, Role.member)  # 张伟's account
    in_progress = await act(database, zhang, results.member_summary, a, 2025)
    assert shown(in_progress) == (2025, "张伟", "中共", "评议尚未结束，常委会审议后可查看结果",
                                  None, ())
    await close(database, roster, answered)
    mine = await act(database, zhang, results.member_summary, a, 2025, now=LATER)
    assert shown(mine) == (2025, "张伟", "中共", None, (2, 1, 0),
                           ("希望多来村里", "帮忙解决了村道问题"))
    assert mine.state is RoundState.closed
    assert [shown(s) for s in await act(database, zhang, results.member_summaries, a,
                                        now=LATER)] == [shown(mine)]


async def test_fewer_than_three_answers_are_too_few_to_show(database, owner, roster, answered):
    w = roster.world
    a = w.county_a
    await close(database, roster, answered)
    # 李娜 (one answer) signs in with the member account.
    await link_account(owner, w.account(a, Role.member), roster.members["李娜"])
    li = await act(database, w.account(a, Role.member), results.member_summary, a, 2025,
                   now=LATER)
    assert shown(li) == (2025, "李娜", "工会", "样本不足（少于3份），暂不显示", None, ())
    assert results.TOO_FEW == "样本不足（少于3份），暂不显示"
    # The office still sees her figures.
    office = await act(database, w.account(a, Role.office), results.member_summary, a, 2025,
                       roster.members["李娜"].id, now=LATER)
    assert shown(office) == (2025, "李娜", "工会", None, (0, 0, 1), ("一年没见过",))


async def test_a_member_sees_no_one_else(database, roster, answered):
    w = roster.world
    a, b = w.county_a, w.county_b
    zhang = w.account(a, Role.member)
    for member in ("李娜", "王芳", "赵强"):
        with pytest.raises(NotFound):
            await act(database, zhang, results.member_summary, a, 2025,
                      roster.members[member].id)
    with pytest.raises(NotFound):
        await act(database, zhang, results.member_summary, b, 2025)
    with pytest.raises(NotFound):
        await act(database, zhang, results.member_summary, a, 2024)  # no such round
    for role in (Role.committee, Role.venue_staff):
        with pytest.raises(Forbidden):
            await act(database, w.account(a, role), results.member_summary, a, 2025,
                      roster.members["张伟"].id)
    with pytest.raises(NotFound):
        await act(database, w.account(b, Role.office), results.member_summary, a, 2025,
                  roster.members["张伟"].id)
