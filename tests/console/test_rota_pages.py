"""Building the rota in the console: one session (bad times and conflicts named on the form,
nothing written), a pattern for October 2025 previewed then saved (National Day flagged, or
moved to the next working day), a session moved, its members set, and cancelled; a held
session is not cancelled; only the venue's staff and the office may."""

import re

from liaison.models import ReceptionSession, SessionDuty
from liaison.models.account import Role
from liaison.models.venues import SessionStatus
from tests.console.helpers import post, sign_in, texts
from tests.readback import count
from tests.venues.venue_rows import at, give_venue, make_session, make_venue


def member_ids(html: str) -> dict[str, str]:
    return {name: value for value, name in re.findall(
        r'name="members" value="([^"]+)" data-testid="member-choice"[^>]*> (\S+)</label>',
        html)}


async def test_staff_schedule_a_session_and_a_pattern(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    east = await make_venue(owner, w.county_a)
    west = await make_venue(owner, w.county_a, "城西委员联络站")
    await give_venue(owner, w, w.county_a, east)
    await make_session(owner, west, at(2025, 10, 9, 9), at(2025, 10, 9, 11),
                       members=[roster.members["李娜"]])
    sign_in(client, w.token(w.county_a, Role.venue_staff))
    form = f"/t/{a}/venues/{east.id}/sessions/new"
    shown = await client.get(f"{form}?on=2025-10-09")
    assert 'name="on" value="2025-10-09"' in shown.text
    people = member_ids(shown.text)
    assert sorted(people) == ["张伟", "李娜", "王芳"]
    backwards = await post(client, form, {"on": "2025-10-09", "starts": "11:00", "ends": "09:00",
                                          "capacity": "-1", "members": people["张伟"]},
                           form_page=form)
    assert backwards.status_code == 400
    assert texts(backwards.text, "error-ends") == ["结束时间须晚于开始时间"]
    assert texts(backwards.text, "error-capacity") == ["接待人数不能小于 0"]
    nobody = await post(client, form, {"on": "2025-10-09", "starts": "25:00", "ends": "11:00"},
                        form_page=form)
    assert texts(nobody.text, "error-starts") == ["请按 09:00 的格式填写开始时间"]
    busy = await post(client, form, {"on": "2025-10-09", "starts": "10:00", "ends": "12:00",
                                     "members": [people["张伟"], people["李娜"]]},
                      form_page=form)
    assert busy.status_code == 400
    assert texts(busy.text, "form-error") == [
        "李娜已在城西委员联络站10月9日 09:00–11:00「倾听群众心声」的接待日值班"]
    assert await count(owner, ReceptionSession, w.county_a) == 1
    made = await post(client, form, {"on": "2025-10-09", "starts": "14:00", "ends": "16:30",
                                     "theme": "社区养老", "capacity": "20",
                                     "members": [people["张伟"], people["王芳"]]},
                      form_page=form)
    calendar = f"/t/{a}/venues/{east.id}/calendar?month=2025-10"
    assert (made.status_code, made.headers["location"]) == (303, f"{calendar}&done=created")
    shown = await client.get(made.headers["location"])
    assert texts(shown.text, "notice") == ["已新增接待日。"]
    assert texts(shown.text, "session-members") == ["张伟、王芳"]

    pattern = f"/t/{a}/venues/{east.id}/series/new"
    october = {"repeat": "weekly", "weekday": "2", "interval": "1", "first_on": "2025-10-01",
               "last_on": "2025-10-31", "starts": "09:00", "ends": "11:30",
               "holiday_policy": "flag", "members": people["张伟"], "theme": "倾听群众心声"}
    preview = await post(client, pattern, {**october, "preview": "1"}, form_page=pattern)
    assert preview.status_code == 200
    assert texts(preview.text, "preview-date") == [
        "2025年10月1日（星期三） 国庆节", "2025年10月8日（星期三） 国庆节",
        "2025年10月15日（星期三）", "2025年10月22日（星期三）", "2025年10月29日（星期三）"]
    assert texts(preview.text, "preview-clear") == ["没有冲突，可以保存。"]
    assert await count(owner, ReceptionSession, w.county_a) == 2
    moved = await post(client, pattern, {**october, "holiday_policy": "move", "preview": "1"},
                       form_page=pattern)
    assert texts(moved.text, "preview-date")[:2] == [
        "2025年10月9日（星期四） 由2025年10月1日顺延",
        "2025年10月9日（星期四） 由2025年10月8日顺延"]
    assert texts(moved.text, "preview-conflicts") == [
        "10月9日：由10月8日顺延的接待日与同一规则由10月1日顺延的接待日重叠"]
    refused = await post(client, pattern, {**october, "holiday_policy": "move"},
                         form_page=pattern)
    assert refused.status_code == 400
    assert texts(refused.text, "form-error") == [
        "10月9日：由10月8日顺延的接待日与同一规则由10月1日顺延的接待日重叠"]
    bad = await post(client, pattern, {**october, "repeat": "rule", "rule": "FREQ=HOURLY"},
                     form_page=pattern)
    assert texts(bad.text, "error-rule") == ["FREQ 须为 DAILY、WEEKLY、MONTHLY 或 YEARLY"]
    assert await count(owner, ReceptionSession, w.county_a) == 2
    saved = await post(client, pattern, october, form_page=pattern)
    assert saved.headers["location"] == f"{calendar}&done=series-5"
    shown = await client.get(saved.headers["location"])
    assert texts(shown.text, "notice") == ["已按规律排好 5 次接待日。"]
    assert texts(shown.text, "session-holiday") == ["国庆节", "国庆节"]
    assert len(texts(shown.text, "session-card")) == 6

    sign_in(client, w.token(w.city, Role.office))
    assert (await client.get(form)).status_code == 404
    sign_in(client, w.token(w.county_a, Role.convenor))
    assert (await client.get(form)).status_code == 403
    sign_in(client, w.token(w.county_b, Role.venue_staff))
    assert (await client.get(pattern)).status_code == 404


async def test_staff_move_restaff_and_cancel_a_session(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    east = await make_venue(owner, w.county_a)
    await give_venue(owner, w, w.county_a, east)
    zhang, li = roster.members["张伟"], roster.members["李娜"]
    row = await make_session(owner, east, at(2099, 10, 15, 9), at(2099, 10, 15, 11),
                             members=[zhang])
    await make_session(owner, east, at(2099, 10, 16, 9), at(2099, 10, 16, 11), members=[li])
    held = await make_session(owner, east, at(2025, 10, 15, 9), at(2025, 10, 15, 11),
                              members=[zhang], status=SessionStatus.held)
    page = f"/t/{a}/sessions/{row.id}"
    sign_in(client, w.token(w.county_a, Role.venue_staff))
    shown = await client.get(page)
    assert 'name="on" value="2099-10-15"' in shown.text
    clash = await post(client, f"{page}/move", {"on": "2099-10-16", "starts": "10:00",
                                                "ends": "12:00"}, form_page=page)
    assert clash.status_code == 400
    assert texts(clash.text, "form-error") == [
        "城东委员联络站在10月16日 09:00–11:00「倾听群众心声」已有接待日"]
    moved = await post(client, f"{page}/move", {"on": "2099-10-15", "starts": "14:00",
                                                "ends": "16:00"}, form_page=page)
    assert moved.headers["location"] == f"{page}?done=moved"
    assert texts((await client.get(page)).text, "time") == ["14:00–16:00"]
    people = member_ids(shown.text)
    none = await post(client, f"{page}/members", {}, form_page=page)
    assert texts(none.text, "error-members") == ["请保留至少一名值班委员"]
    changed = await post(client, f"{page}/members", {"members": people["李娜"]}, form_page=page)
    assert changed.headers["location"] == f"{page}?done=members"
    assert texts((await client.get(page)).text, "duty-name") == ["李娜"]
    assert await count(owner, SessionDuty, w.county_a) == 3
    blank = await post(client, f"{page}/cancel", {"reason": ""}, form_page=page)
    assert texts(blank.text, "error-reason") == ["请填写取消原因"]
    cancelled = await post(client, f"{page}/cancel", {"reason": "场地维修"}, form_page=page)
    assert cancelled.headers["location"] == (
        f"/t/{a}/venues/{east.id}/calendar?month=2099-10&done=cancelled")
    shown = await client.get(page)
    assert texts(shown.text, "status") == ["已取消"]
    assert texts(shown.text, "cancel-reason") == ["场地维修"]
    assert 'data-testid="changes"' not in shown.text
    other = f"/t/{a}/sessions/{held.id}"
    assert 'data-testid="cancel-form"' not in (await client.get(other)).text
    refused = await post(client, f"{other}/cancel", {"reason": "误操作"}, form_page=other)
    assert refused.status_code == 400
    assert texts(refused.text, "form-error") == ["该接待日已举行，不能取消"]


async def test_bad_posts_change_nothing(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    east = await make_venue(owner, w.county_a)
    row = await make_session(owner, east, at(2099, 10, 15, 9), at(2099, 10, 15, 11),
                             members=[roster.members["张伟"]])
    sign_in(client, w.token(w.county_a, Role.office))
    form = f"/t/{a}/venues/{east.id}/sessions/new"
    page = f"/t/{a}/sessions/{row.id}"
    control = await post(client, f"/t/{a}/venues/new",
                         {"kind": "station", "name": "城北\x00联络站"}, form_page=form)
    assert control.status_code == 400
    assert "请求有误" in control.text
    huge = await post(client, form, {"on": "2099-10-20", "starts": "09:00", "ends": "10:00",
                                     "notice": "长" * 5001}, form_page=form)
    assert huge.status_code == 400
    assert "超过 5000 个字符，未做任何修改" in huge.text
    forged = await client.post(f"{page}/cancel", data={"reason": "x", "_csrf_token": "bad"})
    assert forged.status_code == 403
    missing = await client.post(f"{form}", data={"on": "2099-10-20"})
    assert missing.status_code == 403
    strange = await post(client, f"{page}/members", {"members": "not-an-id"}, form_page=page)
    assert strange.status_code == 404
    unknown = await post(client, f"{page}/bogus", {}, form_page=page)
    assert unknown.status_code == 404
    long_theme = await post(client, form, {"on": "2099-10-20", "starts": "09:00",
                                           "ends": "22:00", "theme": "题" * 101,
                                           "members": str(roster.members["张伟"].id)},
                            form_page=form)
    assert texts(long_theme.text, "error-ends") == ["每次接待不超过 12 小时"]
    assert texts(long_theme.text, "error-theme") == ["主题不超过 100 个字符"]
    assert await count(owner, ReceptionSession, w.county_a) == 1
    assert texts((await client.get(page)).text, "status") == ["已排班"]
