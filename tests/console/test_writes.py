"""Console forms call the services in the request boundary: field errors next to the field,
nothing written on a refusal, and a forged post refused by the service (403 / 404)."""

from datetime import datetime

from sqlalchemy import select

from liaison.models import Contact, Member, Pairing
from liaison.models.account import Role
from liaison.tenancy import clock
from liaison.tenancy.scope import TenantScope, apply_scope
from tests.builders import BEIJING
from tests.console.helpers import csrf, post, sign_in, table, texts
from tests.readback import count
from tests.web.test_files import MEMBER_HEADER
from tests.workbooks import workbook

MAY_2025 = datetime(2025, 5, 15, 12, tzinfo=BEIJING)


async def test_creating_a_member_shows_field_errors_then_saves(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.office))
    form = f"/t/{a}/members/new"
    refused = await post(client, form, {"name": "", "sector": "", "phone": "123"},
                         form_page=form)
    assert refused.status_code == 400
    assert texts(refused.text, "error-name") == ["姓名必填"]
    assert texts(refused.text, "error-sector") == ["界别必填"]
    assert texts(refused.text, "error-phone") == ["联系电话格式不正确（手机号或 0774-5123911）"]
    assert await count(owner, Member, w.county_a) == 3
    sector = roster.members["李娜"].sector_id
    saved = await post(client, form, {"name": "孙丽", "sector": str(sector),
                                      "phone": "13800002222", "work_unit": "某中学",
                                      "post": "教师"}, form_page=form)
    assert saved.status_code == 303
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    sun = await owner.scalar(select(Member).where(Member.tenant_id == w.county_a.id,
                                                  Member.name == "孙丽"))
    assert saved.headers["location"] == f"/t/{a}/members/{sun.id}"
    assert (sun.sector_id, sun.phone, sun.work_unit, sun.post) == (sector, "13800002222",
                                                                   "某中学", "教师")


async def test_pairing_ending_and_marking_left_from_the_member_page(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    wang = roster.members["王芳"]
    page = f"/t/{a}/members/{wang.id}"
    sign_in(client, w.token(w.county_a, Role.office))
    refused = await post(client, f"{page}/pairings", {
        "constituent_name": "", "constituent_phone": "12", "category": "",
        "started_on": "2025-01-01"}, form_page=page)
    assert refused.status_code == 400
    assert texts(refused.text, "error-constituent_name") == ["联系对象姓名必填"]
    assert texts(refused.text, "error-constituent_phone") == ["联系电话格式不正确"]
    assert texts(refused.text, "error-category") == ["请选择联系对象类别"]
    assert await count(owner, Pairing, w.county_a) == 3
    paired = await post(client, f"{page}/pairings", {
        "constituent_name": "孙群众", "constituent_phone": "13900002222",
        "category": "grassroots", "started_on": "2025-01-01"}, form_page=page)
    assert (paired.status_code, paired.headers["location"]) == (303, page)
    shown = await client.get(page)
    assert table(shown.text, "pairings")[0][:5] == ["孙群众", "基层群众", "13900002222",
                                                    "2025年1月1日", "进行中"]
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    pairing = await owner.scalar(select(Pairing).where(Pairing.tenant_id == w.county_a.id,
                                                       Pairing.member_id == wang.id))
    no_reason = await post(client, f"/t/{a}/pairings/{pairing.id}/end",
                           {"ended_on": "2025-03-01", "reason": ""}, form_page=page)
    assert no_reason.status_code == 400
    assert texts(no_reason.text, "form-error") == ["结束结对未成功：请填写调整原因"]
    ended = await post(client, f"/t/{a}/pairings/{pairing.id}/end",
                       {"ended_on": "2025-03-01", "reason": "对象迁居外地"}, form_page=page)
    assert ended.status_code == 303
    left = await post(client, f"{page}/left", {"left_on": "2025-04-01", "reason": "工作调动"},
                      form_page=page)
    assert left.status_code == 303
    assert texts((await client.get(page)).text, "status") == [
        "已离任（2025年4月1日离任：工作调动）"]


async def test_forged_posts_are_refused_by_the_services(client, owner, roster):
    w = roster.world
    a, b = w.county_a.code, w.county_b.code
    zhang, zhao = roster.members["张伟"], roster.members["赵强"]
    sign_in(client, w.token(w.county_a, Role.member))
    token = await csrf(client, "/me")
    leave = {"left_on": "2025-04-01", "reason": "伪造", "_csrf_token": token}
    own = await client.post(f"/t/{a}/members/{zhang.id}/left", data=leave)
    assert own.status_code == 403
    assert "委员离任须由委员联络办或界别召集人办理" in own.text
    assert (await client.post(f"/t/{a}/members/{roster.members['李娜'].id}/left",
                              data=leave)).status_code == 404
    sign_in(client, w.token(w.city, Role.office))  # reads county A, changes nothing there
    token = await csrf(client, "/city")
    for path in (f"/t/{a}/members/{zhang.id}/left", f"/t/{b}/members/{zhao.id}/left",
                 f"/t/{a}/pairings/{roster.pairings['陈群众'].id}/end"):
        refused = await client.post(path, data={**leave, "_csrf_token": token,
                                                "ended_on": "2025-04-01"})
        assert refused.status_code == 404, path
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    assert str((await owner.get(Member, (w.county_a.id, zhang.id))).status) == "serving"


async def test_logging_contacts_on_the_phone_and_on_a_members_behalf(client, owner, roster):
    w = roster.world
    chen, liu = roster.pairings["陈群众"], roster.pairings["刘群众"]
    sign_in(client, w.token(w.county_a, Role.member))
    with clock.pinned(MAY_2025):
        form = await client.get("/me/contacts/new")
        assert 'name="occurred_on" value="2025-05-15"' in form.text
        assert form.text.count('data-testid="constituent"') == 2
        none = await post(client, "/me/contacts/new", {"occurred_on": "2025-05-15",
                                                       "method": "phone"},
                          form_page="/me/contacts/new")
        assert none.status_code == 400
        assert texts(none.text, "error-constituents") == ["请选择至少一名结对联系对象"]
        future = await post(client, "/me/contacts/new", {
            "occurred_on": "2025-05-16", "method": "phone",
            "constituents": str(chen.constituent_id)}, form_page="/me/contacts/new")
        assert texts(future.text, "error-occurred_on") == ["联系时间不能晚于现在"]
        assert await count(owner, Contact, w.county_a) == 0
        saved = await post(client, "/me/contacts/new", {
            "occurred_on": "2025-05-15", "method": "phone", "content": "电话了解近况",
            "constituents": [str(chen.constituent_id), str(liu.constituent_id)]},
            form_page="/me/contacts/new")
        assert (saved.status_code, saved.headers["location"]) == (303,
                                                                  "/me/contacts?saved=1")
        history = await client.get("/me/contacts?saved=1")
        assert texts(history.text, "history-item") == [
            "2025年5月15日 · 电话 · 刘群众、陈群众 电话了解近况"]
        sign_in(client, w.token(w.county_a, Role.office))
        member_page = f"/t/{w.county_a.code}/members/{roster.members['张伟'].id}"
        on_behalf = await post(client, f"{member_page}/contacts/new", {
            "occurred_on": "2025-04-02", "method": "visit", "opinions": "建议增设公交站",
            "constituents": str(chen.constituent_id)}, form_page=f"{member_page}/contacts/new")
        assert on_behalf.status_code == 303  # with opinion text: offered to register it
        assert on_behalf.headers["location"].startswith(f"{member_page}?offer=")
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    rows = (await owner.scalars(select(Contact).where(Contact.tenant_id == w.county_a.id)
                                .order_by(Contact.occurred_on))).all()
    assert [(str(r.occurred_on), str(r.method), r.entered_by_office) for r in rows] == [
        ("2025-04-02", "visit", True), ("2025-05-15", "phone", False)]


async def test_imports_serve_templates_and_list_a_refused_files_rows(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    sign_in(client, w.token(w.county_a, Role.office))
    template = await client.get(f"/t/{a}/imports/templates/members.xlsx")
    assert template.status_code == 200
    assert template.content[:2] == b"PK"
    bad = workbook(MEMBER_HEADER, [None, "男", None, None, "无此界别"])
    token = await csrf(client, f"/t/{a}/imports")
    refused = await client.post(f"/t/{a}/imports/members", data={"_csrf_token": token},
                                files={"file": ("委员.xlsx", bad, "application/octet-stream")})
    assert refused.status_code == 422
    assert table(refused.text, "import-errors") == [["2", "姓名", "必填"],
                                                    ["2", "界别", "本单位没有该界别：无此界别"]]
    assert "整个文件未导入" in refused.text
    assert await count(owner, Member, w.county_a) == 3
    good = workbook(MEMBER_HEADER, ["孙丽", "女", None, None, "工会"],
                    ["周杰", "男", None, None, "中共"])
    done = await client.post(f"/t/{a}/imports/members", data={"_csrf_token": token},
                             files={"file": ("委员.xlsx", good, "application/octet-stream")})
    assert done.status_code == 200
    assert texts(done.text, "import-done") == ["已导入 2 条委员。"]
    assert await count(owner, Member, w.county_a) == 5
    no_token = await client.post(f"/t/{a}/imports/members",
                                 files={"file": ("委员.xlsx", good, "application/octet-stream")})
    assert no_token.status_code == 403
    sign_in(client, w.token(w.county_a, Role.committee))
    assert (await client.get(f"/t/{a}/imports")).status_code == 403
    assert f'href="/t/{a}/imports"' not in (await client.get(f"/t/{a}/members")).text
    assert (await client.post(f"/t/{a}/imports/members", data={"_csrf_token": token},
                              files={"file": ("委员.xlsx", good, "application/octet-stream")})
            ).status_code == 403


async def test_control_characters_and_oversized_fields_refuse_a_console_post(
        client, owner, roster):
    """The console is an input path like GraphQL: a U+0001 in a member's post, a line break
    in a name, or a field past the console's limit refuses the whole post, saying why."""
    w = roster.world
    zhang = roster.members["张伟"]
    sign_in(client, w.token(w.county_a, Role.office))
    path = f"/t/{w.county_a.code}/members/{zhang.id}/edit"
    for fields, message in (
            ({"post": "职员\u0001"}, "post 含有不允许的控制字符（U+0001），未做任何修改"),
            ({"name": "张\n伟"}, "name 含有不允许的换行或制表符（U+000A），未做任何修改"),
            ({"work_unit": "单" * 5001}, "work_unit 超过 5000 个字符，未做任何修改")):
        response = await post(client, path, {"name": "张伟", **fields}, form_page=path)
        assert response.status_code == 400, fields
        assert message in response.text
    await apply_scope(owner, TenantScope.only(w.county_a.id))
    stored = await owner.get(Member, (w.county_a.id, zhang.id))
    await owner.refresh(stored)
    assert (stored.name, stored.post) == ("张伟", None)
