"""A reception day's page in the console: the staff record it held and who came — a paired
person of the member on duty (the pairing it satisfied named), people who gave no name with
what they raised as an opinion record — and remove a visitor entered by mistake; the staff
approve a swap and pick a member for a declined duty; bad input changes nothing; others read
counts only, or nothing."""

import re

import pytest

from liaison.models import Contact, Opinion, SessionVisitor
from liaison.models.account import Role
from liaison.models.venues import DutyStatus
from liaison.tenancy import clock
from liaison.venues import duties
from tests.builders import token_for
from tests.console.helpers import post, sign_in, table, texts
from tests.readback import count
from tests.venues import duty_rows
from tests.venues.venue_rows import at, give_venue, make_session, make_venue

NOW = at(2025, 10, 20, 9)


@pytest.fixture(autouse=True)
def pinned():
    with clock.pinned(NOW):
        yield


async def held_session(owner, roster):
    w = roster.world
    east = await make_venue(owner, w.county_a)
    await give_venue(owner, w, w.county_a, east)
    row = await make_session(owner, east, at(2025, 10, 16, 9), at(2025, 10, 16, 11),
                             members=[roster.members["张伟"]], duty=DutyStatus.confirmed)
    return east, row


async def test_staff_record_a_session_and_its_visitors(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    east, row = await held_session(owner, roster)
    page = f"/t/{a}/sessions/{row.id}"
    sign_in(client, w.token(w.county_a, Role.venue_staff))
    shown = await client.get(page)
    assert shown.status_code == 200
    assert texts(shown.text, "session-title") == ["2025年10月16日（星期四）接待日"]
    assert texts(shown.text, "duty-name") == ["张伟"]
    assert texts(shown.text, "duty-status") == ["已确认"]
    assert f'href="/t/{a}/venues/{east.id}/calendar?month=2025-10"' in shown.text
    assert 'data-testid="visitor-form"' not in shown.text  # not held yet
    bad = await post(client, f"{page}/record", {"minutes": "两小时", "notes": ""},
                     form_page=page)
    assert bad.status_code == 400
    assert texts(bad.text, "error-minutes") == ["接待时长须为整数"]
    long = await post(client, f"{page}/record", {"minutes": "721", "notes": ""}, form_page=page)
    assert texts(long.text, "error-minutes") == ["接待时长须在 1 到 720 分钟之间"]
    assert texts(long.text, "status") == ["已排班"]
    held = await post(client, f"{page}/record", {"minutes": "120", "notes": "群众反映路灯问题"},
                      form_page=page)
    assert (held.status_code, held.headers["location"]) == (303, f"{page}?done=held")
    shown = await client.get(held.headers["location"])
    assert texts(shown.text, "notice") == ["已登记接待情况。"]
    assert texts(shown.text, "status") == ["已举行"]
    assert texts(shown.text, "minutes") == ["120 分钟"]
    chen = str(roster.pairings["陈群众"].constituent_id)
    assert f'<option value="{chen}">陈群众（张伟的结对联系对象）</option>' in shown.text

    nameless = await post(client, f"{page}/visitor", {"raised": "路灯不亮"}, form_page=page)
    assert nameless.status_code == 400
    assert texts(nameless.text, "error-name") == ["请填写来访人姓名，或只登记未留姓名的人数"]
    met = await post(client, f"{page}/visitor", {"constituent": chen, "raised": "路灯不亮"},
                     form_page=page)
    assert met.headers["location"] == f"{page}?done=visitor"
    category = re.search(r'<option value="([^"]+)">归入“社会民生”</option>',
                         (await client.get(page)).text).group(1)
    crowd = await post(client, f"{page}/visitor", {
        "unnamed_count": "3", "raised": "建议增设公交站", "opinion_category": category},
        form_page=page)
    assert crowd.status_code == 303
    mistake = await post(client, f"{page}/visitor", {"name": "王某", "phone": "13900002222"},
                         form_page=page)
    assert mistake.status_code == 303
    shown = await client.get(page)
    assert texts(shown.text, "visitor-people") == ["5"]
    assert [r[:6] for r in table(shown.text, "visitors")] == [
        ["王某", "139****2222", "", "", "", ""],  # masked but for the office
        ["陈群众（结对联系对象）", "", "基层群众", "路灯不亮", "张伟—陈群众", ""],
        ["未留姓名 3 人", "", "", "建议增设公交站", "", "已登记"]]
    assert texts(shown.text, "remove-visitor") == ["删除"]  # only the one that made nothing
    assert await count(owner, Contact, w.county_a) == 1
    assert await count(owner, Opinion, w.county_a) == 1
    visitor = re.search(r'name="visitor" value="([^"]+)"', shown.text).group(1)
    removed = await post(client, f"{page}/remove-visitor", {"visitor": visitor}, form_page=page)
    assert removed.headers["location"] == f"{page}?done=removed"
    assert await count(owner, SessionVisitor, w.county_a) == 2

    sign_in(client, w.token(w.city, Role.office))
    city = await client.get(page)
    assert texts(city.text, "read-only") == ["只读：这是下级单位的数据，不能在此修改。"]
    assert texts(city.text, "visitor-people") == ["4"]
    assert 'data-testid="visitors"' not in city.text and "陈群众" not in city.text
    refused = await post(client, f"{page}/record", {"minutes": "1"}, form_page=page)
    assert refused.status_code == 404
    for tenant, role in ((w.county_b, Role.office), (w.county_b, Role.venue_staff)):
        sign_in(client, w.token(tenant, role))
        assert (await client.get(page)).status_code == 404
        assert (await client.get(f"/t/{w.county_b.code}/sessions/{row.id}")).status_code == 404
    sign_in(client, w.token(w.county_a, Role.member))
    assert texts((await client.get(page)).text, "visitor-people") == ["4"]
    assert (await post(client, f"{page}/record", {"minutes": "1"}, form_page="/me")
            ).status_code == 403


async def test_staff_decide_swaps_and_replace_a_declined_duty(client, database, owner, roster):
    rota = await duty_rows.build_rota(owner, roster)
    w = roster.world
    member = w.account(w.county_a, Role.member)
    li, wang = roster.members["李娜"], roster.members["王芳"]
    later = await make_session(owner, rota.east, at(2025, 6, 19, 9), at(2025, 6, 19, 11),
                               members=[roster.members["张伟"]])
    declined = await duty_rows.duty_at(owner, later, roster.members["张伟"])
    await duty_rows.act(database, member, duties.decline_duty, declined, "外出")
    await duty_rows.act(database, member, duties.request_swap, rota.duty_id, li.id)
    page = f"/t/{w.county_a.code}/sessions/{rota.session.id}"
    duty = {"duty": str(rota.duty_id)}
    with clock.pinned(duty_rows.NOW):
        sign_in(client, w.token(w.county_a, Role.venue_staff))
        shown = await client.get(page)
        assert texts(shown.text, "duty-swap") == ["申请与李娜换班"]
        rejected = await post(client, f"{page}/reject-swap", duty, form_page=page)
        assert rejected.headers["location"] == f"{page}?done=rejected"
        assert texts((await client.get(page)).text, "duty-swap") == []
        await duty_rows.act(database, member, duties.request_swap, rota.duty_id, li.id)
        approved = await post(client, f"{page}/approve-swap", duty, form_page=page)
        assert approved.headers["location"] == f"{page}?done=approved"
        shown = await client.get(approved.headers["location"])
        assert texts(shown.text, "duty-name") == ["李娜"]
        assert texts(shown.text, "duty-status") == ["待确认"]
        again = await post(client, f"{page}/approve-swap", duty, form_page=page)
        assert again.status_code == 400
        assert texts(again.text, "form-error") == ["该值班没有待审批的换班申请"]

        other = f"/t/{w.county_a.code}/sessions/{later.id}"
        shown = await client.get(other)
        assert texts(shown.text, "duty-reason") == ["请假原因：外出"]
        nobody = await post(client, f"{other}/replace", {"duty": str(declined), "member": ""},
                            form_page=other)
        assert texts(nobody.text, "error-member") == ["请选择委员"]
        replaced = await post(client, f"{other}/replace", {"duty": str(declined),
                                                           "member": str(wang.id)},
                              form_page=other)
        assert replaced.headers["location"] == f"{other}?done=replaced"
        assert texts((await client.get(other)).text, "duty-name") == ["王芳"]

        sign_in(client, w.token(w.county_a, Role.office))  # the office may too
        assert 'data-testid="replace-form"' not in (await client.get(other)).text
        sign_in(client, token_for(rota.west_staff))
        assert (await client.get(page)).status_code == 404  # another venue's staff
        mine = f"/t/{w.county_a.code}/venues/{rota.west.id}/calendar"
        refused = await post(client, f"{page}/reject-swap", duty, form_page=mine)
        assert refused.status_code == 404
    assert (await duty_rows.duty(owner, w.county_a, rota.duty_id)).member_id == li.id
