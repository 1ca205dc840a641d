"""Rounds: the office opens a year once, a code per active pairing (stored hashed, shown
once), reissues unanswered ones; the chair or the leadership group reviews and closes it;
every role and the other tenant; bad input writes nothing; every write audited."""

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from liaison.errors import Forbidden, NotFound, ValidationFailed
from liaison.evaluation import codes
from liaison.evaluation import service as evaluation
from liaison.evaluation.errors import InvalidCode, RoundClosed, RoundExists
from liaison.models import EvaluationCode, EvaluationRound, Pairing
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.evaluation.evaluation_rows import (
    LATER,
    act,
    add_third_person,
    answer,
    open_2025,
)
from tests.readback import audit_entries, count

CLOSED = "2025 年度的群众评议已审议结束，不能再修改"


@pytest.fixture
async def third(owner, roster):
    return await add_third_person(owner, roster)


async def stored_codes(owner, tenant) -> list[EvaluationCode]:
    await apply_scope(owner, TenantScope.only(tenant.id))
    return list(await owner.scalars(select(EvaluationCode).where(
        EvaluationCode.tenant_id == tenant.id)))


def review(**changes) -> evaluation.Review:
    values = {"review_on": date(2025, 12, 18), "conclusion": "评议总体满意，予以通报。",
              "commended": [], "talks": []}
    return evaluation.Review(**{**values, **changes})


async def test_opening_gives_every_active_pairing_one_code_shown_once(database, owner, roster,
                                                                      third):
    w = roster.world
    a = w.county_a
    issued, slips = await open_2025(database, roster)
    assert [(s.recipient.member_name, s.recipient.sector_name, s.recipient.constituent_name)
            for s in issued.slips] == [("张伟", "中共", "刘群众"), ("张伟", "中共", "孙群众"),
                                       ("张伟", "中共", "陈群众"), ("李娜", "工会", "黄群众")]
    assert (issued.round.year, issued.round.state) == (2025, "open")
    stored = await stored_codes(owner, a)
    assert sorted(c.code_hash for c in stored) == sorted(
        codes.digest_of(s.code) for s in issued.slips)
    assert {c.pairing_id for c in stored} == {roster.pairings[n].id for n in slips}
    assert all(c.rating is None and c.answered_at is None for c in stored)
    assert await count(owner, EvaluationCode, w.county_b) == 0
    [entry] = await audit_entries(owner, a, "evaluation_round_opened")
    assert (entry.actor_id, entry.target_id) == (w.account(a, Role.office).id,
                                                 str(issued.round.id))
    assert entry.after["codes"] == 4 and entry.after["year"] == 2025
    assert not any(s.code in str(entry.after) for s in issued.slips)


async def test_an_ended_pairing_gets_no_code(database, owner, roster):
    await apply_scope(owner, TenantScope.only(roster.world.county_a.id))
    row = await owner.get(Pairing, (roster.world.county_a.id, roster.pairings["刘群众"].id))
    row.ended_on, row.end_reason = date(2025, 6, 30), "调整"
    await owner.commit()
    _, slips = await open_2025(database, roster)
    assert sorted(slips) == ["陈群众", "黄群众"]


async def test_a_year_is_opened_once_and_bad_years_write_nothing(database, owner, roster):
    w = roster.world
    office = w.account(w.county_a, Role.office)
    for year in (1999, 2026, 0):
        with pytest.raises(ValidationFailed) as refused:
            await act(database, office, evaluation.open_round, year)
        assert refused.value.problems[0].message == "评议年度须在 2000 到 2025 之间"
    await open_2025(database, roster)
    with pytest.raises(RoundExists) as again:
        await act(database, office, evaluation.open_round, 2025)
    assert (again.value.code, again.value.message) == (
        "ROUND_EXISTS", "2025 年度的群众评议已经开启，每年只能开启一次")
    assert await count(owner, EvaluationRound, w.county_a) == 1
    assert await count(owner, EvaluationCode, w.county_a) == 3
    # The city has no pairings: nothing to evaluate.
    with pytest.raises(ValidationFailed) as empty:
        await act(database, w.account(w.city, Role.office), evaluation.open_round, 2025)
    assert empty.value.problems[0].message == "本单位没有进行中的结对，无法开启评议"
    assert await count(owner, EvaluationRound, w.city) == 0


@pytest.mark.parametrize("role", [Role.chair, Role.leadership, Role.committee, Role.convenor,
                                  Role.member, Role.venue_staff])
async def test_only_the_office_opens_a_round(database, owner, roster, role):
    w = roster.world
    with pytest.raises(Forbidden) as refused:
        await act(database, w.account(w.county_a, role), evaluation.open_round, 2025)
    assert refused.value.message == "只有委员联络办可以开启评议或补发评议码"
    assert await count(owner, EvaluationRound, w.county_a) == 0


async def test_reissue_replaces_unanswered_codes_and_leaves_answers(database, owner, roster,
                                                                    third):
    w = roster.world
    a = w.county_a
    office = w.account(a, Role.office)
    issued, slips = await open_2025(database, roster)
    await answer(database, a, slips["陈群众"].code, "fairly", "常来看望")
    again = await act(database, office, evaluation.reissue, issued.round.id,
                      roster.members["张伟"].id)
    assert sorted(s.recipient.constituent_name for s in again.slips) == ["刘群众", "孙群众"]
    with pytest.raises(InvalidCode):
        await answer(database, a, slips["刘群众"].code)
    fresh = {s.recipient.constituent_name: s.code for s in again.slips}
    await answer(database, a, fresh["刘群众"])
    everyone = await act(database, office, evaluation.reissue, issued.round.id)
    assert sorted(s.recipient.constituent_name for s in everyone.slips) == ["孙群众", "黄群众"]
    stored = {c.pairing_id: c for c in await stored_codes(owner, a)}
    assert stored[roster.pairings["陈群众"].id].code_hash == codes.digest_of(
        slips["陈群众"].code)
    assert (stored[roster.pairings["陈群众"].id].rating,
            stored[roster.pairings["陈群众"].id].comment) == ("fairly", "常来看望")
    entries = await audit_entries(owner, a, "evaluation_codes_reissued")
    assert [(e.detail["member_id"], e.detail["count"]) for e in entries] == [
        (str(roster.members["张伟"].id), 2), (None, 2)]
    with pytest.raises(ValidationFailed) as nothing:
        await act(database, office, evaluation.reissue, issued.round.id,
                  roster.members["王芳"].id)  # no pairing, no code
    assert nothing.value.problems[0].message == "没有未使用的评议码，无需补发"
    with pytest.raises(NotFound):
        await act(database, office, evaluation.reissue, issued.round.id,
                  roster.members["赵强"].id)  # county B's member
    with pytest.raises(Forbidden):
        await act(database, w.account(a, Role.chair), evaluation.reissue, issued.round.id)
    with pytest.raises(NotFound):
        await act(database, w.account(w.county_b, Role.office), evaluation.reissue,
                  issued.round.id)


async def test_the_chair_reviews_and_closes_the_round(database, owner, roster, third):
    w = roster.world
    a = w.county_a
    issued, slips = await open_2025(database, roster)
    zhang, li = roster.members["张伟"].id, roster.members["李娜"].id
    done = await act(database, w.account(a, Role.chair), evaluation.review_and_close,
                     issued.round.id, review(commended=[zhang, zhang], talks=[li]), now=LATER)
    assert (done.state, done.review_on, done.conclusion) == (
        "closed", date(2025, 12, 18), "评议总体满意，予以通报。")
    assert (done.commended, done.talks) == ([zhang], [li])
    assert done.reviewed_by == w.account(a, Role.chair).id and done.closed_at == LATER
    [entry] = await audit_entries(owner, a, "evaluation_round_reviewed")
    assert entry.after == {"state": "closed", "review_on": "2025-12-18",
                           "conclusion": "评议总体满意，予以通报。", "commended": [str(zhang)],
                           "talks": [str(li)]}
    # Frozen: codes expire, nothing is reissued or reviewed again.
    with pytest.raises(InvalidCode):
        await answer(database, a, slips["陈群众"].code, now=LATER)
    for account, call, args in (
            (w.account(a, Role.office), evaluation.reissue, (issued.round.id,)),
            (w.account(a, Role.leadership), evaluation.review_and_close,
             (issued.round.id, review()))):
        with pytest.raises(RoundClosed) as closed:
            await act(database, account, call, *args, now=LATER)
        assert (closed.value.code, closed.value.message) == ("ROUND_CLOSED", CLOSED)
    assert {c.answered_at for c in await stored_codes(owner, a)} == {None}


async def test_a_review_is_checked_before_anything_is_written(database, owner, roster):
    w = roster.world
    a = w.county_a
    issued, _ = await open_2025(database, roster)
    leadership = w.account(a, Role.leadership)
    zhao, zhang = roster.members["赵强"].id, roster.members["张伟"].id
    stranger = uuid.uuid4()
    cases = [
        (review(review_on=date(2025, 12, 21)), ["审议日期须在评议开启之后、今天之前"]),
        (review(review_on=date(2025, 11, 30)), ["审议日期须在评议开启之后、今天之前"]),
        (review(conclusion="  "), ["请填写审议结论"]),
        (review(conclusion="好" * 2001), ["审议结论不超过 2000 个字符"]),
        (review(commended=[zhao], talks=[stranger]),
         [f"找不到委员：{zhao}", f"找不到委员：{stranger}"]),
        (review(commended=[zhang], talks=[zhang]), ["同一委员不能既列入表扬又列入约谈"]),
        # 40,000 ids are refused by count before any lookup (past asyncpg's 32,767
        # parameters the lookup itself was a 500)
        (review(talks=[uuid.uuid4() for _ in range(40_000)]), ["名单不超过 500 人"]),
    ]
    for bad, messages in cases:
        with pytest.raises(ValidationFailed) as refused:
            await act(database, leadership, evaluation.review_and_close, issued.round.id, bad,
                      now=LATER)
        assert [p.message for p in refused.value.problems] == messages
    for role in (Role.office, Role.member, Role.committee, Role.convenor):
        with pytest.raises(Forbidden) as forbidden:
            await act(database, w.account(a, role), evaluation.review_and_close,
                      issued.round.id, review(), now=LATER)
        assert forbidden.value.message == "只有主席或党组（领导小组）可以审议并结束评议"
    for outsider in (w.account(w.county_b, Role.chair), w.account(w.city, Role.chair)):
        with pytest.raises(NotFound):
            await act(database, outsider, evaluation.review_and_close, issued.round.id,
                      review(), now=LATER)
    await apply_scope(owner, TenantScope.only(a.id))
    row = await owner.get(EvaluationRound, (a.id, issued.round.id))
    assert (row.state, row.review_on, row.conclusion) == ("open", None, None)
    assert await audit_entries(owner, a, "evaluation_round_reviewed") == []


async def test_rounds_are_read_by_the_office_and_leaders_of_their_tenant(database, roster):
    w = roster.world
    a = w.county_a
    issued, _ = await open_2025(database, roster)
    for role in (Role.office, Role.chair, Role.leadership):
        rounds = await act(database, w.account(a, role), evaluation.list_rounds, a)
        assert [(r.year, r.state) for r in rounds] == [(2025, "open")]
        assert await act(database, w.account(a, role), evaluation.totals, issued.round) == (
            3, 0)
    for role in (Role.member, Role.committee, Role.convenor, Role.venue_staff):
        with pytest.raises(Forbidden):
            await act(database, w.account(a, role), evaluation.list_rounds, a)
    assert await act(database, w.account(w.county_b, Role.office), evaluation.list_rounds,
                     w.county_b) == []
    for outsider in (w.account(w.county_b, Role.office), w.account(w.city, Role.office)):
        with pytest.raises(NotFound):
            await act(database, outsider, evaluation.list_rounds, a)
        with pytest.raises(NotFound):
            await act(database, outsider, evaluation.access_round, issued.round.id)
