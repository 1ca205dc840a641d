"""The login page: Chinese, accessible, and a wrong password answered in Chinese."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import WRONG_LOGIN, assert_accessible, login


async def test_login_page_is_chinese_and_accessible(page):
    response = await page.goto("/login")
    assert response.status == 200
    assert await page.locator("html").get_attribute("lang") == "zh-CN"
    form = page.locator("form", has=page.locator('[name="username"]'))
    for name in ("tenant", "username", "password"):
        await expect(form.locator(f'[name="{name}"]')).to_be_visible()
    assert await form.locator('[name="password"]').get_attribute("type") == "password"
    submit = form.locator('button[type="submit"]')
    await expect(submit).to_have_text("登录")
    await assert_accessible(page)


async def test_wrong_password_is_refused_in_chinese(page, world):
    await login(page, world.county_a.code, Role.office.value, "not-the-password")
    assert page.url.endswith("/login")
    await expect(page.get_by_text(WRONG_LOGIN)).to_be_visible()
    await expect(page.locator('[name="tenant"]')).to_have_value(world.county_a.code)
    await expect(page.locator('[name="password"]')).to_have_value("")
    await assert_accessible(page)
    # No session came of it: the start page still sends the browser to the login form.
    answer = await page.request.get("/", max_redirects=0)
    assert answer.status == 303 and answer.headers["location"] == "/login"


async def test_right_password_leaves_the_login_page(page, world):
    await login(page, world.county_a.code, Role.office.value)
    assert "/login" not in page.url
    await expect(page.get_by_test_id("logout")).to_be_visible()
