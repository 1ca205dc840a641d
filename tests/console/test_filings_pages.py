"""年度计划和报告 in the console: a member starts (a report draft filled from the year's
contacts), edits and submits; the office sees who has not submitted and who was late, returns
with a reason or accepts; other roles and tenants are refused."""

import re
from datetime import datetime

import pytest

from liaison.models import AnnualFiling
from liaison.models.account import Role
from liaison.tenancy import clock
from tests.builders import BEIJING
from tests.console.helpers import csrf, post, sign_in, table, texts
from tests.readback import count

pytestmark = pytest.mark.usefixtures("contacts_2025")
MAY_2025 = datetime(2025, 5, 15, 12, tzinfo=BEIJING)
LATE_2025 = datetime(2025, 12, 22, 9, tzinfo=BEIJING)
TEXTAREA = r'<textarea name="{}"[^>]*>(.*?)</textarea>'


def textarea(html: str, name: str) -> str:
    return re.search(TEXTAREA.format(name), html, re.S).group(1)


async def start(client, kind: str) -> str:
    started = await post(client, "/me/filings/start", {"kind": kind}, form_page="/me/filings")
    assert started.status_code == 303
    return started.headers["location"].split("/")[3]


async def test_a_member_starts_edits_and_submits_a_report(client, roster):
    w = roster.world
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(MAY_2025):
        mine = await client.get("/me/filings")
        assert mine.status_code == 200
        assert 'name="_csrf_token"' in mine.text
        assert texts(mine.text, "plan-status") == ["未开始"]
        assert texts(mine.text, "report-status") == ["未开始"]
        assert 'href="/me/filings"' in (await client.get("/me")).text
        report = await start(client, "report")
        edit = f"/me/filings/{report}/edit"
        draft = await client.get(edit)
        assert textarea(draft.text, "main_practices") == (
            "全年联系服务界别群众 3 次，联系 2 名结对联系对象。联系方式：电话 1 次、走访 2 次。"
            "服务内容：政策咨询 1 次。")
        assert textarea(draft.text, "opinions") == "1. 建议修缮村道"
        assert texts(draft.text, "figure-contacts") == ["3"]
        assert await start(client, "report") == report  # one report a year
        too_long = await post(client, edit, {"main_practices": "长" * 20_001, "opinions": "",
                                              "body": ""}, form_page=edit)
        assert too_long.status_code == 400
        assert texts(too_long.text, "error-main_practices") == ["不超过 20000 个字符"]
        saved = await post(client, edit, {"main_practices": "走访为主", "opinions": "修路",
                                          "body": "其他"}, form_page=edit)
        assert (saved.status_code, saved.headers["location"]) == (303, f"{edit}?saved=1")
        submitted = await post(client, f"/me/filings/{report}/submit", {}, form_page=edit)
        assert (submitted.status_code, submitted.headers["location"]) == (
            303, "/me/filings?done=1")
        mine = await client.get("/me/filings?done=1")
    assert texts(mine.text, "report-status") == ["已提交"]
    assert texts(mine.text, "notice") == ["已提交，等待委员联络办审核。"]
    view = await client.get(edit)
    assert 'data-testid="filing-form"' not in view.text
    assert texts(view.text, "main-practices") == ["走访为主"]
    again = await post(client, edit, {"body": "改"}, form_page="/me/filings")
    assert again.status_code == 400
    assert texts(again.text, "form-error") == ["已提交或已采纳的计划、报告不能再修改"]


async def test_a_plan_needs_its_text_before_it_is_submitted(client, owner, roster):
    w = roster.world
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(MAY_2025):
        plan = await start(client, "plan")
        edit = f"/me/filings/{plan}/edit"
        refused = await post(client, f"/me/filings/{plan}/submit", {}, form_page=edit)
        assert refused.status_code == 400
        assert texts(refused.text, "error-body") == ["请先填写年度联系群众计划"]
        bad = await post(client, "/me/filings/start", {"kind": "poem"}, form_page="/me/filings")
        assert bad.status_code == 400
        assert texts(bad.text, "form-error") == ["请选择年度计划或年度报告"]
    assert await count(owner, AnnualFiling, w.county_a) == 1


async def test_the_office_sees_who_is_missing_returns_and_accepts(client, roster):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(LATE_2025):
        report = await start(client, "report")
        await post(client, f"/me/filings/{report}/submit", {},
                   form_page=f"/me/filings/{report}/edit")
    sign_in(client, w.token(w.county_a, Role.office))
    with clock.pinned(LATE_2025):
        overview = await client.get(f"/t/{a}/filings?kind=report&year=2025")
    assert overview.status_code == 200
    assert table(overview.text, "filings") == [
        ["张伟", "已提交", "2025-12-22 09:00", "逾期", "查看"],
        ["李娜", "未开始", "", "", ""], ["王芳", "未开始", "", "", ""]]
    assert [texts(overview.text, k) for k in ("expected", "outstanding", "late", "due")] == [
        ["3"], ["2"], ["1"], ["2025年12月20日"]]
    page = f"/t/{a}/filings/{report}"
    shown = await client.get(page)
    assert texts(shown.text, "filing-title") == ["张伟：2025年年度报告"]
    assert texts(shown.text, "status") == ["已提交（逾期提交）"]
    assert 'data-confirm="确定退回 张伟 的年度报告吗？"' in shown.text
    no_reason = await post(client, f"{page}/return", {"reason": " "}, form_page=page)
    assert no_reason.status_code == 400
    assert texts(no_reason.text, "error-reason") == ["请填写退回原因（不超过 500 个字符）"]
    returned = await post(client, f"{page}/return", {"reason": "请补充走访照片"},
                          form_page=page)
    assert (returned.status_code, returned.headers["location"]) == (303, page)
    shown = await client.get(page)
    assert texts(shown.text, "returned-reason") == ["退回原因：请补充走访照片"]
    assert 'data-testid="accept"' not in shown.text
    twice = await post(client, f"{page}/accept", {}, form_page=page)
    assert texts(twice.text, "form-error") == ["只有已提交的计划、报告可以退回或采纳"]
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(LATE_2025):
        mine = await client.get("/me/filings")
        assert texts(mine.text, "report-returned-reason") == ["退回原因：请补充走访照片"]
        await post(client, f"/me/filings/{report}/submit", {},
                   form_page=f"/me/filings/{report}/edit")
    sign_in(client, w.token(w.county_a, Role.office))
    accepted = await post(client, f"{page}/accept", {}, form_page=page)
    assert accepted.status_code == 303
    assert texts((await client.get(page)).text, "status") == ["已采纳（逾期提交）"]


async def test_other_roles_and_tenants_are_refused(client, roster):
    w = roster.world
    a, b = w.county_a.code, w.county_b.code
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(MAY_2025):
        report = await start(client, "report")
    page = f"/t/{a}/filings/{report}"
    sign_in(client, w.token(w.county_a, Role.convenor))
    shown = await client.get(page)
    assert shown.status_code == 200
    assert 'data-testid="review"' not in shown.text
    token = await csrf(client, page)
    refused = await client.post(f"{page}/accept", data={"_csrf_token": token})
    assert refused.status_code == 403
    assert "只有本级委员联络办、领导小组或主席可以退回或采纳" in refused.text
    sign_in(client, w.token(w.county_a, Role.committee))
    assert (await client.get(f"/t/{a}/filings")).status_code == 403
    sign_in(client, w.token(w.county_b, Role.office))
    for path in (page, f"/t/{b}/filings/{report}", f"/t/{a}/filings",
                 f"/t/{b}/filings/not-an-id"):
        assert (await client.get(path)).status_code == 404, path
    sign_in(client, w.token(w.county_a, Role.member))
    assert (await client.get(f"/me/filings/{report}/edit")).status_code == 200
    sign_in(client, w.token(w.city, Role.office))  # reads the county, reviews nothing there
    with clock.pinned(MAY_2025):
        county = await client.get(f"/t/{a}/filings?kind=report")
    assert texts(county.text, "read-only") == ["只读：这是下级单位的数据，不能在此修改。"]
    assert [r[:2] for r in table(county.text, "filings")] == [
        ["张伟", "草稿"], ["李娜", "未开始"], ["王芳", "未开始"]]
    token = await csrf(client, "/city")
    assert (await client.post(f"{page}/return", data={"_csrf_token": token,
                                                      "reason": "x"})).status_code == 404
    assert (await client.get(f"/me/filings/{report}/edit")).status_code == 404


@pytest.mark.parametrize("role", [Role.leadership, Role.chair])
async def test_the_leadership_group_and_the_chair_return_and_accept(client, roster, role):
    w = roster.world
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(MAY_2025):
        report = await start(client, "report")
        await post(client, f"/me/filings/{report}/submit", {},
                   form_page=f"/me/filings/{report}/edit")
    page = f"/t/{w.county_a.code}/filings/{report}"
    sign_in(client, w.token(w.county_a, role))
    assert 'data-testid="review"' in (await client.get(page)).text
    returned = await post(client, f"{page}/return", {"reason": "请补充走访照片"}, form_page=page)
    assert (returned.status_code, returned.headers["location"]) == (303, page)
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(MAY_2025):
        await post(client, f"/me/filings/{report}/submit", {},
                   form_page=f"/me/filings/{report}/edit")
    sign_in(client, w.token(w.county_a, role))
    assert (await post(client, f"{page}/accept", {}, form_page=page)).status_code == 303
    assert texts((await client.get(page)).text, "status") == ["已采纳"]
