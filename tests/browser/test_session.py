"""The console's session: it expires, logout ends it everywhere, and a post without the CSRF
token changes nothing."""

from datetime import UTC, datetime, timedelta

from playwright.async_api import expect

from liaison.console.session import COOKIE
from liaison.models.account import Role
from tests.browser.helpers import (
    assert_accessible,
    csrf_token,
    login,
    logout,
    set_session,
)
from tests.builders import first_sector, token_for


async def session_cookie(page) -> str:
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    assert cookies.get(COOKIE), f"no session cookie: {sorted(cookies)}"
    return cookies[COOKIE]


async def home_of(page) -> str:
    """Where the start page sends this browser now (without following it)."""
    answer = await page.request.get("/", max_redirects=0)
    assert answer.status == 303, answer.status
    return answer.headers["location"]


async def test_a_session_past_its_expiry_is_sent_to_login(page, server, world):
    county = world.county_a
    await login(page, county.code, Role.office.value)
    assert await home_of(page) == f"/t/{county.code}"
    expired = token_for(world.account(county, Role.office), ttl=60,
                        now=datetime.now(UTC) - timedelta(hours=1))
    await set_session(page, server.base, expired)
    await page.goto(f"/t/{county.code}/members")
    assert page.url.split("?")[0].endswith("/login")
    await expect(page.get_by_test_id("message")).to_have_text("登录已过期，请重新登录")
    await assert_accessible(page)


async def test_logout_ends_the_session_and_the_old_cookie_with_it(page, server, world):
    county = world.county_a
    await login(page, county.code, Role.office.value)
    old = await session_cookie(page)
    await logout(page)
    assert page.url.split("?")[0].endswith("/login")
    await expect(page.get_by_test_id("message")).to_have_text("已退出登录")
    cookies = {c["name"] for c in await page.context.cookies()}
    assert COOKIE not in cookies
    # The old cookie, put back by hand, opens nothing any more.
    await set_session(page, server.base, old)
    await page.goto(f"/t/{county.code}/members")
    assert page.url.split("?")[0].endswith("/login")
    await expect(page.get_by_test_id("logout")).to_have_count(0)


async def test_a_post_without_the_csrf_token_is_refused(page, roster, owner):
    county = roster.world.county_a
    await login(page, county.code, Role.office.value)
    sector = str(await first_sector(owner, county))
    for form in ({}, {"_csrf_token": "forged"}):
        answer = await page.request.post(f"/t/{county.code}/members/new", max_redirects=0,
                                         form={**form, "name": "无令牌委员", "sector": sector})
        assert answer.status == 403, (form, answer.status)
        assert "请求来源无法验证" in await answer.text()
        answer = await page.request.post("/logout", form=form, max_redirects=0)
        assert answer.status == 403, (form, answer.status)
    # Nothing came of them: no new member, and the session still opens the console.
    assert await home_of(page) == f"/t/{county.code}"
    await page.goto(f"/t/{county.code}/members")
    await expect(page.get_by_test_id("total")).to_have_text("共 3 名委员")
    # The same post with the page's token goes through (the refusal was the token's).
    answer = await page.request.post(f"/t/{county.code}/members/new", max_redirects=0, form={
        "name": "有令牌委员", "sector": sector, "_csrf_token": await csrf_token(page)})
    assert answer.status == 303
    await page.reload()
    await expect(page.get_by_test_id("total")).to_have_text("共 4 名委员")
