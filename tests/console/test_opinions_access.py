"""意见建议 pages by role and tenant: who sees the board and the forms, another tenant's ids
answer not found, a forged or malformed post changes nothing; the city compares its counties,
reads a county's opinions without controls and adds a guidance note the county reads."""

from liaison.models import Opinion
from liaison.models.account import Role
from liaison.web.files import DOCX, XLSX
from tests.console.helpers import csrf, post, sign_in, table, texts
from tests.console.opinion_data import register
from tests.readback import count
from tests.workbooks import read_workbook

STALE = "页面已过期或请求来源无法验证，请刷新页面后重试。"


async def test_each_role_sees_what_it_may(client, roster):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.office))
    page = await register(client, roster)
    for role in (Role.leadership, Role.chair, Role.convenor):
        sign_in(client, w.token(w.county_a, role))
        board = await client.get(f"/t/{a}/opinions")
        assert board.status_code == 200, role
        assert f'href="/t/{a}/opinions"' in board.text  # the nav
        assert texts(board.text, "opinion-title") == ["修缮村道"], role
        assert texts(board.text, "next-step") == ["下一步：交办"], role
        assert 'data-testid="new-opinion"' not in board.text
        shown = await client.get(page)
        assert shown.status_code == 200
        assert table(shown.text, "people") == [["陈群众", "139****1111"]], role
        assert 'data-testid="actions"' not in shown.text
        assert (await client.get(f"/t/{a}/opinions/new")).status_code == 403, role
        refused = await post(client, f"{page}/assign", {"note": "伪造"}, form_page=page)
        assert refused.status_code == 403
        assert "只有委员联络办可以交办" in refused.text
    sign_in(client, w.token(w.county_a, Role.committee))  # no committee of its own yet
    assert (await client.get(f"/t/{a}/opinions")).status_code == 403
    assert (await client.get(page)).status_code == 404
    sign_in(client, w.token(w.county_a, Role.venue_staff))
    assert (await client.get(f"/t/{a}/opinions")).status_code == 403
    assert (await client.get(page)).status_code == 404
    sign_in(client, w.token(w.county_a, Role.member))
    nav = await client.get("/me")
    assert 'href="/me/opinions"' in nav.text
    assert texts((await client.get("/me/opinions")).text, "my-opinion-title") == ["修缮村道"]
    assert table((await client.get(page)).text, "people") == [["陈群众", "13900001111"]]


async def test_other_tenants_and_bad_posts_change_nothing(client, owner, roster):
    w = roster.world
    a, b = w.county_a.code, w.county_b.code
    sign_in(client, w.token(w.county_a, Role.office))
    page = await register(client, roster)
    oid = page.rsplit("/", 1)[1]
    token = await csrf(client, page)
    forged = await client.post(f"{page}/assign", data={"note": "没有令牌"})
    assert forged.status_code == 403
    assert STALE in forged.text
    for fields, message in (
            ({"note": "请\u0001办理"}, "note 含有不允许的控制字符（U+0001），未做任何修改"),
            ({"note": "长" * 5001}, "note 超过 5000 个字符，未做任何修改")):
        refused = await client.post(f"{page}/assign", data={**fields, "_csrf_token": token})
        assert refused.status_code == 400, fields
        assert message in refused.text
    title = await client.post(f"/t/{a}/opinions/new", data={
        "title": "村\u0007道", "content": "x", "raised_on": "2025-03-01", "unnamed_count": "2",
        "_csrf_token": token})
    assert title.status_code == 400
    assert "title 含有不允许的控制字符（U+0007），未做任何修改" in title.text
    assert (await client.post(f"{page}/unknown", data={"_csrf_token": token})).status_code == 404
    shown = await client.get(page)
    assert texts(shown.text, "state") == ["已登记"]
    assert len(table(shown.text, "history")) == 1
    assert await count(owner, Opinion, w.county_a) == 1

    sign_in(client, w.token(w.county_b, Role.office))
    for path in (page, f"/t/{b}/opinions/{oid}", f"/t/{a}/opinions", f"/t/{b}/opinions/x"):
        assert (await client.get(path)).status_code == 404, path
    token = await csrf(client, f"/t/{b}/opinions")
    for path in (f"{page}/assign", f"/t/{b}/opinions/{oid}/assign"):
        assert (await client.post(path, data={"_csrf_token": token})).status_code == 404
    assert texts((await client.get(f"/t/{b}/opinions")).text, "count-all") == ["0"]
    assert (await client.get("/city/opinions")).status_code == 404  # a county has none


async def test_the_city_compares_and_guides_its_counties(client, roster):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.office))
    page = await register(client, roster)
    sign_in(client, w.token(w.city, Role.office))
    side = await client.get("/city/opinions?year=2025")
    assert side.status_code == 200
    assert table(side.text, "opinion-counties") == [
        ["测试市政协 （本级）", "0", "0", "0", "0", "0", "0", "0", "—", "—", "0"],
        ["测试0县政协", "1", "1", "0", "0", "0", "0", "0", "0.0%", "—", "0"],
        ["测试1县政协", "0", "0", "0", "0", "0", "0", "0", "—", "—", "0"]]
    assert 'href="/city/opinions"' in side.text
    board = await client.get(f"/t/{a}/opinions")
    assert texts(board.text, "read-only") == ["只读：这是下级单位的数据，不能在此修改。"]
    assert texts(board.text, "opinion-title") == ["修缮村道"]
    assert 'data-testid="convert-form"' not in board.text
    shown = await client.get(page)
    assert 'data-testid="actions"' not in shown.text
    assert texts(shown.text, "no-notes") == ["暂无指导意见。"]
    empty = await post(client, f"{page}/notes", {"text": " "}, form_page=page)
    assert empty.status_code == 400
    assert texts(empty.text, "error-text") == ["请填写指导意见"]
    noted = await post(client, f"{page}/notes", {"text": "请结合全市村道规划\n一并研究"},
                       form_page=page)
    assert (noted.status_code, noted.headers["location"]) == (303, page)
    forged = await post(client, f"{page}/assign", {"note": "越级"}, form_page=page)
    assert forged.status_code == 404
    sign_in(client, w.token(w.county_a, Role.office))
    shown = await client.get(page)
    assert texts(shown.text, "note")[0].endswith("请结合全市村道规划 一并研究")
    assert texts(shown.text, "note")[0].startswith("测试市政协 office（测试）")
    assert 'data-testid="note-form"' not in shown.text
    own = await post(client, f"{page}/notes", {"text": "自己写"}, form_page=page)
    assert own.status_code == 403


async def test_the_board_and_a_social_info_download_with_the_session(client, roster):
    w = roster.world
    a, b = w.county_a.code, w.county_b.code
    sign_in(client, w.token(w.county_a, Role.office))
    page = await register(client, roster)
    await register(client, roster, "路灯不亮", "2025-03-02")
    board = await client.get(f"/t/{a}/opinions?state=registered")
    link = f"/t/{a}/opinions/export.xlsx?state=registered"
    assert f'href="{link}"' in board.text
    listed = await client.get(link)
    assert listed.status_code == 200
    assert listed.headers["content-type"].startswith(XLSX)
    sheet = read_workbook(listed.content).active
    assert sheet["A1"].value == f"{w.county_a.short_name}意见建议清单（共 2 件）"
    assert [sheet.cell(row=r, column=2).value for r in (4, 5)] == ["修缮村道", "路灯不亮"]
    assert (await client.get(f"/t/{a}/opinions/export.xlsx?state=bogus")).status_code == 400
    assert 'data-testid="social-info-docx"' not in (await client.get(page)).text
    await post(client, f"{page}/assign", {"note": ""}, form_page=page)  # kept by the office
    info = await post(client, f"{page}/outcome", {
        "kind": "social_info", "title": "关于村道破损的情况反映", "sent_to": "市政协",
        "on": "2025-04-01"}, form_page=page)
    assert info.status_code == 303
    shown = await client.get(page)
    assert texts(shown.text, "committee") == ["委员联络办"]
    draft = await client.get(f"{page}/social-info.docx")
    assert draft.status_code == 200
    assert draft.headers["content-type"].startswith(DOCX)
    adopted = await post(client, f"{page}/adopt", {"adopted_on": "2025-05-01",
                                                   "instruction": "请交通部门落实"},
                         form_page=page)
    assert adopted.status_code == 303
    assert texts((await client.get(page)).text, "adopted-on") == ["2025年5月1日"]
    sign_in(client, w.token(w.county_b, Role.office))
    oid = page.rsplit("/", 1)[1]
    for path in (f"{page}/social-info.docx", f"/t/{b}/opinions/{oid}/social-info.docx",
                 f"/t/{a}/opinions/export.xlsx"):
        assert (await client.get(path)).status_code == 404, path
