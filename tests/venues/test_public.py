"""The public schedule (/p/{code}/reception and .json): without login, exactly the upcoming
planned sessions of the tenant's active venues and the names on duty — nothing of visitors,
paired people, member phones or another tenant; unknown codes 404; floods 429."""

import httpx
import pytest
from sqlalchemy import func, select

from liaison.models import RateLimit
from liaison.tenancy import clock
from tests.venues.schedule_rows import NOW, SECRETS, build_schedule, change


@pytest.fixture
async def schedule(owner, roster):
    return await build_schedule(owner, roster)


async def get(client, path):
    with clock.pinned(NOW):
        return await client.get(path)


def venue_json(code, venue, sessions, kind="station", label="委员联络站"):
    return {"id": str(venue.id), "kind": kind, "kind_label": label, "name": venue.name,
            "area": "城东街道", "address": "城东路 1 号", "opening_hours": "工作日 9:00–17:00",
            "phone": "0774-1234567", "description": f"{venue.name}：欢迎群众来访",
            "feed": f"/p/{code}/venues/{venue.id}.ics", "sessions": sessions}


def session_json(day, weekday, starts, ends, members, theme="倾听群众心声", holiday=None,
                 moved_from=None):
    return {"date": day, "weekday": weekday, "starts": starts, "ends": ends, "theme": theme,
            "notice": "请携带身份证", "holiday": holiday, "moved_from": moved_from,
            "members": members}


async def test_the_json_lists_exactly_the_upcoming_planned_sessions_of_active_venues(
        client, schedule):
    a = schedule.roster.world.county_a
    v = schedule.venues
    response = await get(client, f"/p/{a.code}/reception.json")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=300"
    assert "set-cookie" not in response.headers
    assert response.json() == {
        "tenant": {"code": a.code, "name": a.name}, "timezone": "Asia/Shanghai",
        "from": "2025-06-02", "until": "2025-07-31",
        "venues": [
            venue_json(a.code, v["east"], [
                session_json("2025-06-02", "星期一", "08:00", "08:30", ["王芳"], holiday="端午节"),
                session_json("2025-06-05", "星期四", "09:00", "11:30", ["张伟", "李娜"]),
                session_json("2025-06-19", "星期四", "14:00", "16:00", ["王芳"], theme=None)]),
            venue_json(a.code, v["studio"], [
                session_json("2025-06-03", "星期二", "09:00", "11:00", ["李娜"],
                             theme="民营企业发展", moved_from="2025-06-02"),
                session_json("2025-07-31", "星期四", "15:00", "17:00", ["张伟"],
                             theme="民营企业发展")], kind="studio", label="界别委员工作室")]}


async def test_the_other_tenant_sees_only_its_own(client, schedule):
    b = schedule.roster.world.county_b
    body = (await get(client, f"/p/{b.code}/reception.json")).json()
    assert body == {
        "tenant": {"code": b.code, "name": b.name}, "timezone": "Asia/Shanghai",
        "from": "2025-06-02", "until": "2025-07-31",
        "venues": [venue_json(b.code, schedule.venues["north"], [
            session_json("2025-06-10", "星期二", "09:00", "11:00", ["赵强"],
                         theme="城北专题")])]}
    city = schedule.roster.world.city
    assert (await get(client, f"/p/{city.code}/reception.json")).json()["venues"] == []


async def test_no_visitor_constituent_or_phone_data_in_either_body(client, schedule):
    w = schedule.roster.world
    for tenant in (w.county_a, w.county_b):
        for path in (f"/p/{tenant.code}/reception", f"/p/{tenant.code}/reception.json"):
            response = await get(client, path)
            assert response.status_code == 200
            text = response.text
            assert [s for s in SECRETS if s in text] == []
            assert "capacity" not in text and "容纳" not in text
    page = (await get(client, f"/p/{w.county_a.code}/reception")).text
    assert "赵强" not in page and "城北" not in page  # county B's


async def test_the_page_shows_what_a_resident_needs(client, schedule):
    a = schedule.roster.world.county_a
    response = await get(client, f"/p/{a.code}/reception")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300"
    assert "set-cookie" not in response.headers
    page = response.text
    assert page.count('data-testid="venue"') == 2
    assert page.count('data-testid="session"') == 5
    for text in ("委员接待日安排", a.name, "2025年6月2日至2025年7月31日", "城东委员联络站",
                 "民营企业发展", "城东路 1 号", "工作日 9:00–17:00", 'href="tel:0774-1234567"',
                 "2025年6月5日（星期四）09:00–11:30", "值班委员：张伟、李娜", "端午节",
                 "由2025年6月2日顺延", "值班委员：王芳", "请携带身份证",
                 f'href="/p/{a.code}/venues/{schedule.venues["east"].id}.ics"'):
        assert text in page, text
    # Closed venues, cancelled, past and later sessions are not there.
    for text in ("城南委员联络站", "2025年6月12日", "2025年5月20日", "2025年8月10日",
                 "2025年8月1日", "2025年6月8日", "logout", "csrf"):
        assert text not in page, text


async def test_the_page_escapes_what_staff_typed(client, owner, schedule):
    a = schedule.roster.world.county_a
    await change(owner, schedule.sessions["first"], theme="<script>alert(1)</script>")
    page = (await get(client, f"/p/{a.code}/reception")).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("path", [
    "/p/{code}x/reception", "/p/{code}x/reception.json", "/p/NOPE/reception",
    "/p/{long}/reception.json", "/p/-bad/reception", "/p/{code}/venues/{code}x.ics"])
async def test_unknown_codes_answer_the_404_of_an_unknown_path(client, schedule, path):
    a = schedule.roster.world.county_a
    unknown = await client.get("/no/such/page")
    response = await get(client, path.format(code=a.code, long="a" * 300))
    assert (response.status_code, response.text) == (404, unknown.text)
    assert "cache-control" not in response.headers


async def test_a_flood_from_one_address_answers_429(app, owner, schedule):
    a = schedule.roster.world.county_a
    transport = httpx.ASGITransport(app=app, client=("198.51.100.77", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        answers = [await get(c, f"/p/{a.code}/reception.json") for _ in range(140)]
        pages = [await get(c, f"/p/{a.code}/reception") for _ in range(3)]
    codes = [r.status_code for r in answers]
    # A burst of 120, then one every half second (a few come back while the loop runs).
    assert codes[:120] == [200] * 120
    assert codes[-1] == 429 and codes.count(429) >= 10
    assert [r.status_code for r in pages].count(429) >= 2
    refused = answers[-1]
    assert refused.json()["code"] == "RATE_LIMITED"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    count = await owner.scalar(select(func.count()).select_from(RateLimit).where(
        RateLimit.key == "anon:addr:198.51.100.77"))
    assert count == 1
