"""阵地 and the reception-day rota in the console: venue staff land on their venue's month
calendar (weeks × days, holidays and make-up working days marked, each session with its time,
theme, members and status); staff of another venue, other tenants' ids and members are
refused; a parent city reads a county's calendar without controls."""

import re

from liaison.models.account import Role
from liaison.models.venues import DutyStatus, SessionStatus
from tests.console.helpers import post, sign_in, table, texts
from tests.venues.venue_rows import at, give_venue, make_session, make_venue


async def october(owner, roster):
    """County A's two venues; at 城东 two sessions in October 2025 (one on National Day)."""
    w = roster.world
    east = await make_venue(owner, w.county_a)
    west = await make_venue(owner, w.county_a, "城西委员联络站")
    await make_session(owner, east, at(2025, 10, 1, 9), at(2025, 10, 1, 11, 30),
                       members=[roster.members["张伟"]], duty=DutyStatus.confirmed)
    await make_session(owner, east, at(2025, 10, 16, 14), at(2025, 10, 16, 16),
                       members=[roster.members["张伟"], roster.members["李娜"]],
                       theme="社区养老", status=SessionStatus.cancelled)
    await make_session(owner, west, at(2025, 10, 9, 9), at(2025, 10, 9, 11))
    return east, west


async def test_venue_staff_land_on_their_calendar(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    east, west = await october(owner, roster)
    await give_venue(owner, w, w.county_a, east)
    sign_in(client, w.token(w.county_a, Role.venue_staff))
    home = await client.get("/venue")
    where = f"/t/{a}/venues/{east.id}/calendar"
    assert (home.status_code, home.headers["location"]) == (303, where)
    shown = await client.get(f"{where}?month=2025-10")
    assert shown.status_code == 200
    assert texts(shown.text, "month") == ["2025年10月"]
    assert texts(shown.text, "session-time") == ["09:00–11:30", "14:00–16:00"]
    assert texts(shown.text, "session-theme") == ["倾听群众心声", "社区养老"]
    assert texts(shown.text, "session-members") == ["张伟（已确认）", "张伟、李娜"]
    assert texts(shown.text, "session-status") == ["已排班", "已取消"]
    assert texts(shown.text, "holiday")[:2] == ["国庆节", "国庆节"]
    assert "中秋" in texts(shown.text, "holiday")
    assert texts(shown.text, "makeup") == ["调休上班"]  # Saturday 11 October 2025
    assert 'data-testid="new-session"' in shown.text
    assert 'data-testid="previous-month" rel="prev"' in shown.text
    assert 'href="?month=2025-09"' in shown.text and 'href="?month=2025-11"' in shown.text
    assert (await client.get(f"/t/{a}/venues/{west.id}/calendar")).status_code == 404
    bad = await client.get(f"{where}?month=2025-13")
    assert bad.status_code == 400
    assert "月份格式应为 2025-10" in bad.text


async def test_who_else_reads_the_calendar(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    east, _ = await october(owner, roster)
    where = f"/t/{a}/venues/{east.id}/calendar?month=2025-10"
    sign_in(client, w.token(w.county_a, Role.office))
    office = await client.get(where)
    assert texts(office.text, "session-time") == ["09:00–11:30", "14:00–16:00"]
    assert 'data-testid="new-series"' in office.text
    sign_in(client, w.token(w.city, Role.office))
    city = await client.get(where)
    assert city.status_code == 200
    assert texts(city.text, "read-only") == ["只读：这是下级单位的数据，不能在此修改。"]
    assert 'data-testid="new-session"' not in city.text
    sign_in(client, w.token(w.county_a, Role.member))
    member = await client.get(where)
    assert texts(member.text, "session-time") == ["09:00–11:30", "14:00–16:00"]
    assert 'data-testid="new-session"' not in member.text
    assert (await client.get(f"/t/{a}/venues/{east.id}/sessions/new")).status_code == 403
    for tenant, role in ((w.county_b, Role.office), (w.county_b, Role.venue_staff),
                         (w.county_a, Role.venue_staff)):
        sign_in(client, w.token(tenant, role))
        assert (await client.get(where)).status_code == 404, (tenant.code, role)
    sign_in(client, w.token(w.county_b, Role.office))
    assert (await client.get(f"/t/{w.county_b.code}/venues/{east.id}/calendar")
            ).status_code == 404
    sign_in(client, w.token(w.county_a, Role.venue_staff))  # no venue of its own yet
    home = await client.get("/venue")
    assert texts(home.text, "empty")[0].startswith("您的账号还没有指定负责的联络站")


async def test_the_office_keeps_its_venues(client, owner, roster):
    w = roster.world
    a = w.county_a.code
    east, _ = await october(owner, roster)
    listing = f"/t/{a}/venues"
    sign_in(client, w.token(w.county_a, Role.office))
    shown = await client.get(f"{listing}?quarter=2025-4")
    assert shown.status_code == 200
    assert table(shown.text, "venues") == [
        ["城东委员联络站", "委员联络站", "城东街道", "开放", "2", "0", "1", "1", "0", "0", "0",
         "修改"],
        ["城西委员联络站", "委员联络站", "城东街道", "开放", "1", "0", "0", "1", "0", "0", "0",
         "修改"]]
    assert texts(shown.text, "venue-totals") == ["合计 3 0 1 2 0 0 0"]
    assert f'href="/p/{a}/reception"' in shown.text
    form = f"{listing}/new"
    refused = await post(client, form, {"kind": "studio", "name": "城东委员联络站",
                                        "phone": "12", "host_unit": ""}, form_page=form)
    assert refused.status_code == 400
    assert texts(refused.text, "error-phone") == ["联系电话格式不正确（手机号或 0774-5123911）"]
    assert texts(refused.text, "error-sectors") == ["界别委员工作室须指定至少一个界别"]
    sector = re.search(r'name="sectors" value="([^"]+)"> 中共', refused.text).group(1)
    made = await post(client, form, {"kind": "studio", "name": "中共界别委员工作室",
                                     "sectors": sector, "host_unit": "县委党校",
                                     "description": "欢迎来访"}, form_page=form)
    assert (made.status_code, made.headers["location"]) == (303, f"{listing}?done=created")
    shown = await client.get(made.headers["location"])
    assert texts(shown.text, "notice") == ["已新增联络站（工作室）。"]
    assert [r[0] for r in table(shown.text, "venues")] == [
        "城东委员联络站", "城西委员联络站", "中共界别委员工作室"]
    edit = f"{listing}/{east.id}/edit"
    assert 'value="城东委员联络站"' in (await client.get(edit)).text
    clash = await post(client, edit, {"kind": "station", "name": "中共界别委员工作室"},
                       form_page=edit)
    assert texts(clash.text, "error-name") == ["已有同名的联络站或工作室：中共界别委员工作室"]
    saved = await post(client, edit, {"kind": "station", "name": "城东联络站", "area": "城东街道",
                                      "address": "城东路 2 号"}, form_page=edit)
    assert saved.headers["location"] == f"{listing}/{east.id}/calendar"
    closed = await post(client, f"{listing}/{east.id}/close", {}, form_page=edit)
    assert closed.headers["location"] == f"{listing}?done=closed"
    shown = await client.get(f"{listing}?quarter=2025-4")
    assert table(shown.text, "venues")[-1][:4] == ["城东联络站", "委员联络站", "城东街道", "已关闭"]
    calendar = await client.get(f"{listing}/{east.id}/calendar?month=2025-10")
    assert texts(calendar.text, "closed") == ["已关闭"]
    assert 'data-testid="new-session"' not in calendar.text

    sign_in(client, w.token(w.county_a, Role.venue_staff))
    assert (await client.get(form)).status_code == 403
    sign_in(client, w.token(w.city, Role.office))
    city = await client.get(f"{listing}?quarter=2025-4")
    assert texts(city.text, "read-only") == ["只读：这是下级单位的数据，不能在此修改。"]
    assert 'data-testid="new-venue"' not in city.text
    assert (await client.get(form)).status_code == 404
    assert (await client.get(edit)).status_code == 404
    sign_in(client, w.token(w.county_b, Role.office))
    assert (await client.get(listing)).status_code == 404
    assert (await client.get(f"/t/{w.county_b.code}/venues/{east.id}/edit")).status_code == 404
    assert (await post(client, f"/t/{w.county_b.code}/venues/{east.id}/reopen", {},
                       form_page=f"/t/{w.county_b.code}/venues")).status_code == 404
    bad = await client.get(f"/t/{w.county_b.code}/venues?quarter=2025-13")
    assert bad.status_code == 400


async def test_the_city_compares_its_counties(client, owner, roster):
    w = roster.world
    await october(owner, roster)
    sign_in(client, w.token(w.city, Role.office))
    shown = await client.get("/city/venues?quarter=2025-4")
    assert shown.status_code == 200
    rows = table(shown.text, "venue-counties")
    assert [r[:5] for r in rows] == [["测试市政协 （本级）", "0", "0", "0", "0"],
                                     ["测试0县政协", "2", "3", "0", "1"],
                                     ["测试1县政协", "0", "0", "0", "0"]]
    sign_in(client, w.token(w.county_a, Role.office))
    assert (await client.get("/city/venues")).status_code == 404
