"""The public evaluation page over HTTP, without an account: the code's ballot shows its own
member's name and sector only; one answer per code; a used, random, other tenant's or
expired code answers the very same page; wrong codes from one address are slowed down
(429); bad input writes nothing; no CSRF token and no cookie are needed."""

from datetime import date

from sqlalchemy import select

from liaison.evaluation import codes
from liaison.evaluation import service as evaluation
from liaison.models import EvaluationCode
from liaison.models.account import Role
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.console.helpers import texts
from tests.evaluation.evaluation_rows import LATER, act, open_2025

INVALID = ["评议码无效或已使用"]


def page(tenant) -> str:
    return f"/p/{tenant.code}/evaluate"


async def ratings(owner, tenant) -> list[tuple[str, str | None]]:
    await apply_scope(owner, TenantScope.only(tenant.id))
    rows = await owner.execute(select(EvaluationCode.rating, EvaluationCode.comment).where(
        EvaluationCode.tenant_id == tenant.id, EvaluationCode.answered_at.is_not(None)))
    return sorted(rows.all())


async def test_a_person_answers_once_with_a_code(client, database, owner, roster):
    a = roster.world.county_a
    _, slips = await open_2025(database, roster)
    entry = await client.get(page(a))
    assert entry.status_code == 200
    assert entry.headers["cache-control"] == "no-store"
    assert entry.headers["referrer-policy"] == "no-referrer"
    assert 'data-testid="entry"' in entry.text and "set-cookie" not in entry.headers
    code = slips["黄群众"].code
    ballot = await client.get(page(a), params={"code": code.lower()})
    assert ballot.status_code == 200
    assert texts(ballot.text, "member") == ["2025 年度 · 委员 李娜（工会界别）"]
    for other in ("张伟", "王芳", "黄群众", "陈群众", "13700001234"):
        assert other not in ballot.text
    done = await client.post(page(a), data={"code": code.lower(), "rating": "fairly",
                                            "note": "多来社区走走\r\n谢谢"})
    assert (done.status_code, done.headers["location"]) == (303, f"{page(a)}?done=1")
    thanks = await client.get(done.headers["location"])
    assert texts(thanks.text, "done") == ["感谢您的评议！您的意见已经收到。"]
    assert await ratings(owner, a) == [("fairly", "多来社区走走\n谢谢")]
    again = await client.post(page(a), data={"code": code, "rating": "satisfied"})
    assert (again.status_code, texts(again.text, "message")) == (400, INVALID)
    assert await ratings(owner, a) == [("fairly", "多来社区走走\n谢谢")]


async def test_used_random_foreign_and_expired_codes_answer_alike(client, database, owner,
                                                                  roster):
    w = roster.world
    a, b = w.county_a, w.county_b
    issued, slips = await open_2025(database, roster)
    _, slips_b = await open_2025(database, roster, b)
    used = slips["陈群众"].code
    await client.post(page(a), data={"code": used, "rating": "satisfied"})
    unusable = [used, codes.new_code(), slips_b["周群众"].code, "不是评议码"]
    answers = []
    for code in unusable:
        answers.append(await client.get(page(a), params={"code": code}))
        answers.append(await client.post(page(a), data={"code": code, "rating": "fairly"}))
    assert {(r.status_code, r.text) for r in answers} == {(400, answers[0].text)}
    assert texts(answers[0].text, "message") == INVALID
    assert 'data-testid="code"' in answers[0].text and used not in answers[0].text
    await act(database, w.account(a, Role.chair), evaluation.review_and_close,
              issued.round.id, evaluation.Review(date(2025, 12, 18), "通过"), now=LATER)
    expired = await client.get(page(a), params={"code": slips["刘群众"].code})
    assert (expired.status_code, expired.text) == (400, answers[0].text)
    assert await ratings(owner, a) == [("satisfied", None)]
    assert await ratings(owner, b) == []
    unknown = await client.get("/p/no-such-tenant/evaluate", params={"code": used})
    assert unknown.status_code == 404


async def test_bad_answers_write_nothing(client, database, owner, roster):
    a = roster.world.county_a
    _, slips = await open_2025(database, roster)
    code = slips["陈群众"].code
    missing = await client.post(page(a), data={"code": code, "note": "很好"})
    assert missing.status_code == 400
    assert texts(missing.text, "error-rating") == ["请选择“满意”“基本满意”或“不满意”"]
    assert texts(missing.text, "member") == ["2025 年度 · 委员 张伟（中共界别）"]
    assert ">很好</textarea>" in missing.text
    long = await client.post(page(a), data={"code": code, "rating": "satisfied",
                                            "note": "好" * 501})
    assert texts(long.text, "error-comment") == ["意见不超过 500 个字符"]
    control = await client.post(page(a), data={"code": code, "rating": "satisfied",
                                               "note": "好\x00"})
    assert control.status_code == 400
    assert texts(control.text, "message") == ["意见中含有无法识别的字符，请删除后重新提交"]
    assert await ratings(owner, a) == []


async def test_wrong_codes_from_one_address_are_slowed_down(client, database, roster):
    a = roster.world.county_a
    _, slips = await open_2025(database, roster)
    for n in range(10):
        wrong = await client.get(page(a), params={"code": codes.new_code()})
        assert wrong.status_code == 400, n
    limited = await client.get(page(a), params={"code": codes.new_code()})
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 90
    assert texts(limited.text, "message") == ["尝试次数过多，请 2 分钟后再试。"]
    # The right code is refused too while the address is limited: the limit tells nothing.
    right = await client.post(page(a), data={"code": slips["陈群众"].code,
                                             "rating": "satisfied"})
    assert right.status_code == 429
