"""A member on a phone (375×812): their pairings, a contact logged with the thumb, and the
contact in their history."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, figure, login


async def test_member_on_a_phone_logs_a_contact_and_sees_it(phone, roster):
    county = roster.world.county_a  # the member account is 张伟's: 陈群众 and 刘群众
    await login(phone, county.code, Role.member.value)
    assert phone.url.endswith("/me")
    cards = phone.get_by_test_id("pairing")
    await expect(cards).to_have_count(2)
    assert sorted([await c.locator("h2").inner_text() for c in await cards.all()]) == [
        "刘群众", "陈群众"]
    await expect(phone.get_by_test_id("tel").first).to_have_attribute("href", "tel:13900001111")
    assert [await figure(phone, t) for t in ("due", "contacted", "not-yet")] == [2, 0, 2]
    # Nothing wider than the phone: no sideways scrolling.
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    await assert_accessible(phone)

    await phone.get_by_test_id("log-contact").tap()
    await phone.wait_for_url("**/me/contacts/new")
    boxes = phone.get_by_test_id("constituent")
    await expect(boxes).to_have_count(2)
    await phone.get_by_role("checkbox", name="刘群众").tap()  # only 陈群众 this time
    form = phone.get_by_test_id("contact-form")
    await form.locator('[name="method"]').select_option(label="电话")
    await form.locator('[name="content"]').fill("电话询问村道修缮进展")
    await form.locator('[name="opinions"]').fill("建议尽快开工")
    await assert_accessible(phone)
    async with phone.expect_navigation():
        await phone.get_by_test_id("save").tap()

    assert "/me/contacts?saved=1&offer=" in phone.url  # opinion text: offered to register it
    await expect(phone.get_by_test_id("saved")).to_have_text("已保存。")
    await expect(phone.get_by_test_id("register-opinion")).to_be_visible()
    await phone.goto("/me")
    assert [await figure(phone, t) for t in ("due", "contacted", "not-yet")] == [2, 1, 1]

    # The history, through the folded menu as a thumb reaches it.
    await phone.get_by_test_id("menu").tap()
    await phone.get_by_role("link", name="联系记录").tap()
    await phone.wait_for_url("**/me/contacts")
    await expect(phone.get_by_test_id("history")).to_be_visible()
    items = phone.get_by_test_id("history-item")
    await expect(items).to_have_count(1)
    await expect(items.first).to_contain_text("电话 · 陈群众")
    await expect(items.first).to_contain_text("电话询问村道修缮进展")
    await expect(items.first).to_contain_text("意见建议：建议尽快开工")
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    await assert_accessible(phone)
