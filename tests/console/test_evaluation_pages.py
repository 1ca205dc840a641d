"""群众评议 in the console: the office opens a round and gets the slips at once (.docx or a
print page), sees every member's results, reissues lost slips; the chair records the review
(errors next to the fields, nothing written) which closes the round; a member sees their own
aggregate; other tenants are not found, other roles forbidden."""

import io
import re

from docx import Document

from liaison.models import EvaluationCode, EvaluationRound
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import make_pairing
from tests.console.helpers import post, sign_in, table, texts
from tests.evaluation.evaluation_rows import answer
from tests.readback import count

CODE = re.compile(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def open_round(client, tenant, fmt: str = "print"):
    page = f"/t/{tenant.code}/evaluation"
    return await post(client, page, {"year": "2025", "format": fmt}, form_page=page)


def slip_codes(html: str) -> list[str]:
    return texts(html, "slip-code")


async def test_the_office_opens_a_round_and_prints_the_slips(client, owner, roster):
    w = roster.world
    a = w.county_a
    sign_in(client, w.token(a, Role.office))
    empty = await client.get(f"/t/{a.code}/evaluation")
    assert empty.status_code == 200
    assert texts(empty.text, "no-rounds") == ["还没有开启过群众评议。"]
    assert f'href="/t/{a.code}/evaluation"' in empty.text  # the nav
    printed = await open_round(client, a)
    assert printed.status_code == 200 and printed.headers["cache-control"] == "no-store"
    codes = slip_codes(printed.text)
    assert len(codes) == 3 and all(CODE.fullmatch(c) for c in codes)
    assert texts(printed.text, "slip-member") == ["张伟（中共界别）", "张伟（中共界别）",
                                                  "李娜（工会界别）"]
    assert f"http://test/p/{a.code}/evaluate" in printed.text
    assert printed.text.count('src="data:image/svg+xml') == 3
    listing = await client.get(f"/t/{a.code}/evaluation")
    assert table(listing.text, "rounds") == [["2025", "评议中", "3", "0", "", "查看"]]
    again = await open_round(client, a)
    assert again.status_code == 400
    assert texts(again.text, "error-year") == ["2025 年度的群众评议已经开启，每年只能开启一次"]
    assert await count(owner, EvaluationRound, a) == 1
    assert await count(owner, EvaluationCode, a) == 3


async def test_slips_as_a_docx_and_reissued(client, database, roster):
    w = roster.world
    a = w.county_a
    sign_in(client, w.token(a, Role.office))
    made = await open_round(client, a, "docx")
    assert made.status_code == 200 and made.headers["content-type"].startswith(DOCX)
    assert "attachment" in made.headers["content-disposition"]
    cells = [c for row in Document(io.BytesIO(made.content)).tables[0].rows for c in row.cells]
    first = [CODE.search(c.text).group() for c in cells if CODE.search(c.text)]
    assert len(first) == 3
    await answer(database, a, first[0])
    page = f"/t/{a.code}/evaluation/2025"
    shown = await client.get(page)
    assert table(shown.text, "results") == [
        ["张伟", "中共", "2", "1", "1", "0", "0", "100.0%"],
        ["李娜", "工会", "1", "0", "0", "0", "0", "—"]]
    reissued = await post(client, f"{page}/reissue", {"member": "", "format": "print"},
                          form_page=page)
    assert reissued.status_code == 200
    fresh = slip_codes(reissued.text)
    assert len(fresh) == 2 and not set(fresh) & set(first)
    gone = await client.get(f"/p/{a.code}/evaluate", params={"code": first[1]})
    assert texts(gone.text, "message") == ["评议码无效或已使用"]
    zhao = str(roster.members["赵强"].id)  # county B's member: not found
    forged = await post(client, f"{page}/reissue", {"member": zhao}, form_page=page)
    assert forged.status_code == 404


async def test_the_chair_reviews_and_the_member_sees_their_aggregate(client, database, owner,
                                                                     roster):
    w = roster.world
    a = w.county_a
    await make_pairing(owner, roster.members["张伟"], "孙群众")
    sign_in(client, w.token(a, Role.office))
    codes = slip_codes((await open_round(client, a)).text)
    for code, rating, note in zip(codes, ["satisfied", "fairly", "satisfied", "unsatisfied"],
                                  ["常来看望", None, "帮忙办了低保", None], strict=True):
        await answer(database, a, code, rating, note)
    page = f"/t/{a.code}/evaluation/2025"
    office_view = await client.get(page)
    assert 'data-testid="review-form"' not in office_view.text
    assert texts(office_view.text, "comment") == ["帮忙办了低保", "常来看望"]
    sign_in(client, w.token(a, Role.member))
    mine = await client.get("/me/evaluation")
    assert texts(mine.text, "hidden") == ["评议尚未结束，常委会审议后可查看结果"]
    assert 'href="/me/evaluation"' in mine.text

    sign_in(client, w.token(a, Role.chair))
    shown = await client.get(page)
    assert 'data-testid="review-form"' in shown.text
    assert 'data-testid="reissue-form"' not in shown.text
    zhang, li = str(roster.members["张伟"].id), str(roster.members["李娜"].id)
    refused = await post(client, f"{page}/review", {
        "review_on": "2099-01-01", "text": "", "commended": [zhang], "talks": [zhang]},
        form_page=page)
    assert refused.status_code == 400
    assert texts(refused.text, "error-reviewOn") == ["审议日期须在评议开启之后、今天之前"]
    assert texts(refused.text, "error-conclusion") == ["请填写审议结论"]
    assert texts(refused.text, "error-talkMemberIds") == ["同一委员不能既列入表扬又列入约谈"]
    assert f'value="{zhang}" aria-label="表扬张伟" checked' in refused.text
    reviewed = await post(client, f"{page}/review", {
        "review_on": clock.today_in("Asia/Shanghai").isoformat(), "text": "总体满意。\n予以通报。",
        "commended": [zhang], "talks": [li]}, form_page=page)
    assert (reviewed.status_code, reviewed.headers["location"]) == (303, page)
    closed = await client.get(page)
    assert texts(closed.text, "state") == ["已结束"]
    assert texts(closed.text, "commended") == ["表扬：张伟"]
    assert texts(closed.text, "talks") == ["约谈：李娜"]
    assert texts(closed.text, "conclusion") == ["总体满意。 予以通报。"]
    assert 'data-testid="review-form"' not in closed.text

    sign_in(client, w.token(a, Role.member))  # 张伟: three answers
    mine = await client.get("/me/evaluation")
    assert [texts(mine.text, f"my-{k}") for k in ("answers", "satisfied", "fairly",
                                                   "unsatisfied", "rate")] == [
        ["3"], ["2"], ["1"], ["0"], ["100.0%"]]
    assert texts(mine.text, "my-comment") == ["帮忙办了低保", "常来看望"]
    assert "刘群众" not in mine.text and "陈群众" not in mine.text


async def test_other_tenants_and_roles_are_refused(client, owner, roster):
    w = roster.world
    a = w.county_a
    sign_in(client, w.token(a, Role.office))
    await open_round(client, a)
    page = f"/t/{a.code}/evaluation"
    for outsider in (w.token(w.county_b, Role.office), w.token(w.city, Role.office),
                     w.token(w.city, Role.chair)):
        sign_in(client, outsider)
        for path in (page, f"{page}/2025"):
            assert (await client.get(path)).status_code == 404
    for role in (Role.committee, Role.convenor):
        sign_in(client, w.token(a, role))
        refused = await client.get(page)
        assert refused.status_code == 403
        assert f'href="{page}"' not in (await client.get(f"/t/{a.code}")).text
    sign_in(client, w.token(a, Role.office))
    forged = await post(client, f"{page}/2025/review", {
        "review_on": "2025-12-01", "text": "通过"}, form_page=f"{page}/2025")
    assert forged.status_code == 403
    sign_in(client, w.token(a, Role.chair))
    forged = await post(client, page, {"year": "2024"}, form_page=f"{page}/2025")
    assert forged.status_code == 403
    assert await count(owner, EvaluationRound, a) == 1
    sign_in(client, w.token(a, Role.office))
    assert (await client.get(f"{page}/2024")).status_code == 404
