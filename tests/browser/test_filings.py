"""年度报告 end to end: a member on a phone starts and submits their report; the office sees it
submitted and returns it with a reason; the member sees why. axe on every new page."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, login, table


async def fits_a_phone(phone) -> None:
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    await assert_accessible(phone)


async def test_a_report_is_submitted_on_a_phone_and_returned_by_the_office(phone, page, roster):
    county = roster.world.county_a  # the member account is 张伟's
    await login(phone, county.code, Role.member.value)
    await phone.get_by_test_id("my-filings-link").tap()
    await phone.wait_for_url("**/me/filings")
    await expect(phone.get_by_test_id("report-status")).to_have_text("未开始")
    await fits_a_phone(phone)
    async with phone.expect_navigation():
        await phone.get_by_test_id("report-start").tap()
    form = phone.get_by_test_id("filing-form")
    await expect(form.locator('[name="main_practices"]')).to_contain_text("全年联系服务界别群众")
    await form.locator('[name="body"]').fill("走访社区两次，电话联系一次。")
    await fits_a_phone(phone)
    async with phone.expect_navigation():
        await phone.get_by_test_id("save").tap()
    await expect(phone.get_by_test_id("saved")).to_have_text("已保存草稿。")
    async with phone.expect_navigation():  # the page asks first; a person says yes
        await phone.get_by_test_id("submit").tap()
    await expect(phone.get_by_test_id("notice")).to_have_text("已提交，等待委员联络办审核。")
    await expect(phone.get_by_test_id("report-status")).to_have_text("已提交")
    await fits_a_phone(phone)

    await login(page, county.code, Role.office.value)
    await page.get_by_role("link", name="计划报告").click()
    await page.wait_for_url(f"**/t/{county.code}/filings")
    await page.get_by_label("类型").select_option(label="年度报告")
    async with page.expect_navigation():
        await page.get_by_role("button", name="查看").click()
    rows = await table(page, "filings")
    assert [r[:2] for r in rows] == [["张伟", "已提交"], ["李娜", "未开始"], ["王芳", "未开始"]]
    await expect(page.get_by_test_id("outstanding")).to_have_text("2")
    await assert_accessible(page)
    async with page.expect_navigation():
        await page.get_by_role("link", name="查看张伟的年度报告").click()
    await expect(page.get_by_test_id("body")).to_have_text("走访社区两次，电话联系一次。")
    await assert_accessible(page)
    await page.get_by_test_id("return-open").click()
    async with page.expect_navigation():
        await page.get_by_test_id("return").click()  # empty: refused next to the field
    await expect(page.get_by_test_id("error-reason")).to_have_text(
        "请填写退回原因（不超过 500 个字符）")
    await page.get_by_label("退回原因").fill("请补充走访照片")
    async with page.expect_navigation():
        await page.get_by_test_id("return").click()
    await expect(page.get_by_test_id("status")).to_contain_text("已退回")
    await assert_accessible(page)

    await phone.goto("/me/filings")
    await expect(phone.get_by_test_id("report-status")).to_have_text("已退回")
    await expect(phone.get_by_test_id("report-returned-reason")).to_have_text(
        "退回原因：请补充走访照片")
    await phone.get_by_test_id("report-open").tap()
    await expect(phone.get_by_test_id("returned-reason")).to_have_text("退回原因：请补充走访照片")
    await fits_a_phone(phone)


async def test_decisions_and_settings_pages_on_a_phone(phone, roster):
    county = roster.world.county_a
    await login(phone, county.code, Role.office.value)
    await phone.goto(f"/t/{county.code}/decisions")
    await expect(phone.get_by_test_id("no-decisions")).to_be_visible()
    await phone.get_by_test_id("decision-open").tap()
    await fits_a_phone(phone)
    await phone.get_by_label("标题").fill("村道硬化")
    async with phone.expect_navigation():
        await phone.get_by_test_id("save").tap()
    await expect(phone.get_by_test_id("decision-title")).to_have_text("村道硬化")
    await expect(phone.get_by_test_id("no-cadres")).to_be_visible()
    await fits_a_phone(phone)
    await phone.goto(f"/t/{county.code}/settings")
    await phone.locator('[name="min_pairings"]').fill("3")
    await phone.locator('[name="max_pairings"]').fill("2")
    async with phone.expect_navigation():
        await phone.get_by_test_id("save").tap()
    await expect(phone.get_by_test_id("error-max_pairings")).to_have_text(
        "最多结对人数不能少于最少结对人数")
    await fits_a_phone(phone)
    await phone.locator('[name="max_pairings"]').fill("4")
    async with phone.expect_navigation():
        await phone.get_by_test_id("save").tap()
    await expect(phone.get_by_test_id("saved")).to_have_text("已保存。")
    await expect(phone.locator('[name="max_pairings"]')).to_have_value("4")
