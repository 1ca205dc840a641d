"""Answering without an account: a code shows its own member only and answers once; used,
random, malformed, replaced, closed and other tenants' codes are one refusal; wrong codes
are slowed per address; two answers with one code cannot both count; the audit log cannot
tell who answered what."""

import asyncio
from datetime import date

import pytest
from sqlalchemy import select

from liaison.errors import ValidationFailed
from liaison.evaluation import codes, public
from liaison.evaluation import service as evaluation
from liaison.evaluation.errors import INVALID_CODE, InvalidCode
from liaison.models import EvaluationCode
from liaison.models.account import Role
from liaison.security.ratelimit import RateLimited
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.evaluation.evaluation_rows import LATER, act, anonymous, answer, open_2025
from tests.readback import audit_entries


async def answered(owner, tenant) -> list[tuple[str, str | None, str | None]]:
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = await owner.scalars(select(EvaluationCode).where(
        EvaluationCode.tenant_id == tenant.id, EvaluationCode.answered_at.is_not(None)))
    return sorted((str(r.pairing_id), r.rating, r.comment) for r in rows)


async def test_a_code_shows_its_own_member_and_answers_once(database, owner, roster):
    w = roster.world
    a = w.county_a
    issued, slips = await open_2025(database, roster)
    li = slips["黄群众"]
    ballot = await anonymous(database, a, public.ballot, li.code.lower().replace("-", " "))
    assert ballot == public.Ballot(year=2025, member_name="李娜", sector_name="工会")
    made = await answer(database, a, li.code, "unsatisfied", "  很少联系  ")
    assert made == ballot
    assert await answered(owner, a) == [(str(roster.pairings["黄群众"].id), "unsatisfied",
                                         "很少联系")]
    with pytest.raises(InvalidCode) as used:
        await answer(database, a, li.code, "satisfied")
    assert used.value.message == INVALID_CODE == "评议码无效或已使用"
    with pytest.raises(InvalidCode):
        await anonymous(database, a, public.ballot, li.code)
    assert await answered(owner, a) == [(str(roster.pairings["黄群众"].id), "unsatisfied",
                                         "很少联系")]
    [entry] = await audit_entries(owner, a, "evaluation_answered")
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.before, entry.after,
            entry.detail) == (None, "evaluation_round", str(issued.round.id), None, None,
                              None)


async def test_every_unusable_code_is_one_refusal(database, owner, roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    issued_a, slips_a = await open_2025(database, roster)
    _, slips_b = await open_2025(database, roster, b)
    await answer(database, a, slips_a["陈群众"].code)
    used = slips_a["陈群众"].code
    random = codes.new_code()
    other_tenant = slips_b["周群众"].code
    for code in (used, random, other_tenant, "", None, "12345-67890", "x" * 500):
        for call, args in ((public.ballot, ()), (public.answer, ("satisfied", None))):
            with pytest.raises(InvalidCode) as refused:
                await anonymous(database, a, call, code, *args)
            assert refused.value.message == "评议码无效或已使用"
    # Replaced by a reissue, or its round closed: the same.
    replaced = slips_a["黄群众"].code
    await act(database, w.account(a, Role.office), evaluation.reissue, issued_a.round.id,
              roster.members["李娜"].id)
    await act(database, w.account(a, Role.chair), evaluation.review_and_close,
              issued_a.round.id, evaluation.Review(date(2025, 12, 18), "通过"), now=LATER)
    for code in (replaced, slips_a["刘群众"].code):
        with pytest.raises(InvalidCode):
            await answer(database, a, code, now=LATER)
    assert len(await answered(owner, a)) == 1
    # County B's codes still work on county B's page.
    await answer(database, b, other_tenant)
    assert len(await answered(owner, b)) == 1


async def test_a_bad_answer_writes_nothing(database, owner, roster):
    a = roster.world.county_a
    _, slips = await open_2025(database, roster)
    code = slips["陈群众"].code
    for rating, comment, messages in (
            (None, None, ["请选择“满意”“基本满意”或“不满意”"]),
            ("excellent", None, ["请选择“满意”“基本满意”或“不满意”"]),
            ("satisfied", "好" * 501, ["意见不超过 500 个字符"])):
        with pytest.raises(ValidationFailed) as refused:
            await answer(database, a, code, rating, comment)
        assert [p.message for p in refused.value.problems] == messages
    assert await answered(owner, a) == []
    await answer(database, a, code, "fairly", "好" * 500)
    assert len(await answered(owner, a)) == 1


async def test_two_answers_with_one_code_count_once(database, owner, roster):
    a = roster.world.county_a
    _, slips = await open_2025(database, roster)
    code = slips["刘群众"].code
    outcomes = await asyncio.gather(answer(database, a, code, "satisfied"),
                                    answer(database, a, code, "unsatisfied"),
                                    return_exceptions=True)
    assert sorted(type(o).__name__ for o in outcomes) == ["Ballot", "InvalidCode"]
    assert len(await answered(owner, a)) == 1


async def check_limit(ctx, _tenant):
    await public.check_limit(ctx)


async def count_wrong(ctx, _tenant):
    await public.count_wrong(ctx)


async def test_wrong_codes_are_slowed_down_per_address(database, roster, source_addr):
    a = roster.world.county_a
    _, slips = await open_2025(database, roster)
    for _ in range(public.WRONG_CODES.count):
        await anonymous(database, a, check_limit, addr=source_addr)
        await anonymous(database, a, count_wrong, addr=source_addr)
    with pytest.raises(RateLimited) as limited:
        await anonymous(database, a, count_wrong, addr=source_addr)
    assert 1 <= limited.value.retry_after <= 90
    # Past the limit even a right code is refused before it is looked up.
    with pytest.raises(RateLimited):
        await anonymous(database, a, check_limit, addr=source_addr)
    # Another address is not slowed.
    await anonymous(database, a, check_limit, addr=f"{source_addr}-b")
    await answer(database, a, slips["陈群众"].code, addr=f"{source_addr}-b")
