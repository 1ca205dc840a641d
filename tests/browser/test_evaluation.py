"""群众评议 end to end: the office opens the 2025 round in the console and gets the print page
of slips; a person opens a slip's address (its QR code) on a phone, sees only the member's
name and sector in large type, rates and comments; the same code typed again, and a random
one, are refused with the same message; the office sees the answer counted. axe on every
page on the way; the public pages fit a phone."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, screenshot_path, sign_in

INVALID = "评议码无效或已使用"


async def fits_a_phone(phone) -> None:
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    await assert_accessible(phone)


async def test_a_person_evaluates_with_a_code_on_a_phone(page, phone, server, roster):
    county = roster.world.county_a

    # The office opens the round and gets the slips to print.
    await sign_in(page, server.base, roster.world.account(county, Role.office))
    await page.goto(f"/t/{county.code}/evaluation")
    await assert_accessible(page)
    form = page.get_by_test_id("open-form")
    await form.locator('[name="year"]').select_option("2025")
    await form.locator('[name="format"]').select_option("print")
    async with page.expect_navigation():
        await page.get_by_test_id("open").click()
    await expect(page.get_by_test_id("slip")).to_have_count(3)
    await expect(page.get_by_test_id("once")).to_contain_text("评议码只显示这一次")
    await assert_accessible(page)
    await page.screenshot(path=screenshot_path("evaluation_slips"), full_page=True)
    slip = page.get_by_test_id("slip").filter(has_text="李娜")
    code = (await slip.get_by_test_id("slip-code").inner_text()).strip()
    qr = await slip.locator("img").get_attribute("alt")
    assert qr == f"评议二维码：{server.base}/p/{county.code}/evaluate?code={code}"

    # The person scans the QR code on a phone: the member's name and sector, large type.
    await phone.goto(f"/p/{county.code}/evaluate?code={code}")
    await expect(phone.get_by_test_id("member")).to_have_text("2025 年度 · 委员 李娜（工会界别）")
    size = await phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 20
    await fits_a_phone(phone)
    await phone.screenshot(path=screenshot_path("evaluation_ballot", "-phone"), full_page=True)
    for other in ("张伟", "黄群众", "陈群众"):
        await expect(phone.locator("body")).not_to_contain_text(other)
    await phone.get_by_text("基本满意").tap()
    await phone.get_by_test_id("note").fill("希望多来社区走走")
    async with phone.expect_navigation():
        await phone.get_by_test_id("submit").tap()
    await expect(phone.get_by_test_id("done")).to_have_text("感谢您的评议！您的意见已经收到。")
    await fits_a_phone(phone)

    # The same code typed again, and a made-up one: the same plain refusal.
    for typed in (code.lower().replace("-", " "), "ABCDE-FGHJK"):
        await phone.goto(f"/p/{county.code}/evaluate")
        await phone.get_by_test_id("code").fill(typed)
        async with phone.expect_navigation():
            await phone.get_by_test_id("start").tap()
        await expect(phone.get_by_test_id("message")).to_have_text(INVALID)
        await expect(phone.get_by_test_id("member")).to_have_count(0)
    await fits_a_phone(phone)

    # The office sees it counted (and not who gave it).
    await page.goto(f"/t/{county.code}/evaluation/2025")
    await expect(page.get_by_test_id("answers")).to_have_text("1")
    await expect(page.get_by_test_id("comment")).to_have_text("希望多来社区走走")
    await assert_accessible(page)
