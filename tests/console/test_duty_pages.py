"""我的值班 in the console: a member confirms a duty, asks for leave (a reason required) and
asks to swap; the staff see it on the session's page; another member's, another tenant's or
a closed session's duty is refused with nothing changed."""

import re

import pytest

from liaison.models.account import Role
from liaison.models.venues import DutyStatus
from liaison.tenancy import clock
from tests.builders import link_account
from tests.console.helpers import post, sign_in, texts
from tests.venues.duty_rows import NOW, build_rota, duty


@pytest.fixture
async def rota(owner, roster):
    return await build_rota(owner, roster)


@pytest.fixture(autouse=True)
def pinned():
    with clock.pinned(NOW):
        yield


async def test_a_member_confirms_declines_and_asks_to_swap(client, owner, rota):
    w = rota.world
    sign_in(client, w.token(w.county_a, Role.member))
    mine = await client.get("/me/duties")
    assert mine.status_code == 200
    assert texts(mine.text, "duty-when") == ["2025年6月12日（星期四）09:00–11:30"]
    assert texts(mine.text, "duty-venue") == ["城东委员联络站 · 城东路 1 号"]
    assert texts(mine.text, "duty-status") == ["待确认"]
    assert 'href="/me/duties"' in mine.text
    page = "/me/duties"
    base = f"/me/duties/{rota.duty_id}"
    done = await post(client, f"{base}/confirm", {}, form_page=page)
    assert (done.status_code, done.headers["location"]) == (303, "/me/duties?done=confirm")
    shown = await client.get(done.headers["location"])
    assert texts(shown.text, "notice") == ["已确认值班，谢谢！"]
    assert texts(shown.text, "duty-status") == ["已确认"]
    assert 'data-testid="confirm"' not in shown.text
    again = await post(client, f"{base}/confirm", {}, form_page=page)
    assert again.status_code == 400
    assert texts(again.text, "form-error") == ["该值班已确认"]

    nobody = await post(client, f"{base}/swap", {"member": ""}, form_page=page)
    assert texts(nobody.text, "error-member") == ["请选择换班的委员"]
    li = str(rota.roster.members["李娜"].id)
    assert f'<option value="{li}">李娜</option>' in nobody.text
    assert str(rota.roster.members["赵强"].id) not in nobody.text  # county B's
    swapped = await post(client, f"{base}/swap", {"member": li}, form_page=page)
    assert swapped.headers["location"] == "/me/duties?done=swap"
    shown = await client.get(swapped.headers["location"])
    assert texts(shown.text, "duty-swap") == ["已申请与李娜换班，待审批"]

    blank = await post(client, f"{base}/decline", {"reason": "  "}, form_page=page)
    assert blank.status_code == 400
    assert texts(blank.text, "error-reason") == ["请填写请假原因"]
    assert (await duty(owner, w.county_a, rota.duty_id)).status == DutyStatus.confirmed
    declined = await post(client, f"{base}/decline", {"reason": "外出参加培训"}, form_page=page)
    assert declined.headers["location"] == "/me/duties?done=decline"
    shown = await client.get(declined.headers["location"])
    assert texts(shown.text, "duty-status") == ["已请假"]
    assert texts(shown.text, "duty-reason") == ["请假原因：外出参加培训"]
    assert 'data-testid="decline-form"' not in shown.text


async def test_other_duties_are_refused(client, owner, rota):
    w = rota.world
    base = f"/me/duties/{rota.duty_id}"
    await link_account(owner, w.account(w.county_b, Role.member), rota.roster.members["赵强"])
    sign_in(client, w.token(w.county_b, Role.member))  # another tenant's member
    assert texts((await client.get("/me/duties")).text, "empty") == ["近期没有您的值班安排。"]
    assert (await post(client, f"{base}/confirm", {}, form_page="/me/duties")
            ).status_code == 404
    sign_in(client, w.token(w.county_a, Role.office))  # no member record
    assert (await client.get("/me/duties")).status_code == 404
    sign_in(client, w.token(w.county_a, Role.member))
    assert (await post(client, f"{base}/bogus", {}, form_page="/me/duties")).status_code == 404
    assert (await post(client, "/me/duties/not-an-id/confirm", {}, form_page="/me/duties")
            ).status_code == 404
    forged = await client.post(f"{base}/confirm", data={"_csrf_token": "forged"})
    assert forged.status_code == 403
    control = await post(client, f"{base}/decline", {"reason": "外出\x07"},
                         form_page="/me/duties")
    assert control.status_code == 400
    long = await post(client, f"{base}/decline", {"reason": "长" * 5001},
                      form_page="/me/duties")
    assert long.status_code == 400
    assert "超过 5000 个字符" in long.text
    assert (await duty(owner, w.county_a, rota.duty_id)).status == DutyStatus.assigned
    with clock.pinned(rota.session.starts_at):
        late = await client.get("/me/duties")
        assert 'data-testid="confirm"' not in late.text
        refused = await post(client, f"{base}/confirm", {}, form_page="/me/duties")
    assert refused.status_code == 400
    assert (await duty(owner, w.county_a, rota.duty_id)).status == DutyStatus.assigned


async def test_a_member_subscribes_to_their_duties(client, rota):
    w = rota.world
    sign_in(client, w.token(w.county_a, Role.member))
    none = await post(client, "/me/duties/feed/revoke", {}, form_page="/me/duties")
    assert none.headers["location"] == "/me/duties?done=feed-none"
    made = await post(client, "/me/duties/feed", {}, form_page="/me/duties")
    assert made.status_code == 200
    url = re.search(r'value="([^"]+)" readonly aria-label="日历订阅地址"', made.text).group(1)
    assert url.startswith(f"http://test/feeds/{w.county_a.code}/") and url.endswith(".ics")
    feed = await client.get(url)
    assert feed.status_code == 200
    assert feed.text.count("BEGIN:VEVENT") == 1
    revoked = await post(client, "/me/duties/feed/revoke", {}, form_page="/me/duties")
    assert revoked.headers["location"] == "/me/duties?done=feed-revoked"
    assert (await client.get(url)).status_code == 404
