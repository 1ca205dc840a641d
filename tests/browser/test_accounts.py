"""The county office gives an account the convenor role for a sector, sees it listed, revokes
it after confirming, and finds both in 操作日志 — on a phone (375 px)."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, login, table


async def test_office_assigns_and_revokes_a_convenor_and_reads_the_log(phone, world):
    county = world.county_a
    await login(phone, county.code, Role.office.value)
    await phone.goto(f"/t/{county.code}/accounts")
    await expect(phone.get_by_role("heading", level=1)).to_have_text("账号与角色")
    await assert_accessible(phone)
    row = phone.get_by_test_id("account-row").filter(has_text="committee（测试）")
    await row.get_by_test_id("assign-open").click()
    form = row.get_by_test_id("assign-form")
    await form.locator('[name="role"]').select_option(label="界别召集人")
    async with phone.expect_navigation():
        await form.get_by_test_id("assign").click()  # no sector: refused beside the field
    row = phone.get_by_test_id("account-row").filter(has_text="committee（测试）")
    await expect(row.get_by_test_id("error-sector")).to_have_text("界别召集人须指定所召集的界别")
    await assert_accessible(phone)
    form = row.get_by_test_id("assign-form")
    await form.locator('[name="sector"]').select_option(label="工会")
    async with phone.expect_navigation():
        await form.get_by_test_id("assign").click()
    row = phone.get_by_test_id("account-row").filter(has_text="committee（测试）")
    await expect(row.get_by_test_id("role")).to_have_text(["专门委员会", "界别召集人（工会）"])

    # Revoke it: the browser asks first (the fixture says yes).
    async with phone.expect_navigation():
        await row.get_by_role("button", name="撤销 committee（测试） 的界别召集人角色").click()
    row = phone.get_by_test_id("account-row").filter(has_text="committee（测试）")
    await expect(row.get_by_test_id("role")).to_have_text(["专门委员会"])

    # Both in the log, newest first.
    await phone.goto(f"/t/{county.code}/audit")
    await expect(phone.get_by_test_id("audit-row")).to_have_count(3)  # with the login
    rows = await table(phone, "audit")
    assert [r[1:4] for r in rows[:2]] == [
        ["office（测试）", "撤销角色", "角色分配：界别召集人"],
        ["office（测试）", "分配角色", "角色分配：界别召集人"]]
    await assert_accessible(phone)
    await phone.locator('[name="action"]').select_option(label="分配角色")
    async with phone.expect_navigation():
        await phone.get_by_test_id("filter").click()
    assert [r[2] for r in await table(phone, "audit")] == ["分配角色"]
