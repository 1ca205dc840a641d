"""The county office (委员联络办): adds a member, pairs two people with them, logs a contact
on the member's behalf, and sees the quarter's figures on its home page move."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, figure, login, table

FIGURES = ("due", "contacted", "not-yet", "overdue")


async def figures(page) -> list[float]:
    return [await figure(page, t) for t in FIGURES]


async def pair(page, name: str, phone: str) -> None:
    await page.get_by_test_id("pair-open").click()
    form = page.locator("form", has=page.get_by_test_id("pair"))
    await form.locator('[name="constituent_name"]').fill(name)
    await form.locator('[name="constituent_phone"]').fill(phone)
    await form.locator('[name="category"]').select_option(label="基层群众")
    await form.locator('[name="constituent_work_unit"]').fill("八步区某社区")
    async with page.expect_navigation():
        await page.get_by_test_id("pair").click()


async def test_county_office_adds_pairs_and_logs_for_a_member(page, roster):
    county = roster.world.county_a  # 张伟 (2 pairings) and 李娜 (1): three due, none reached
    await login(page, county.code, Role.office.value)
    assert page.url.endswith(f"/t/{county.code}")
    assert await figures(page) == [3, 0, 3, 0]
    await expect(page.get_by_test_id("rate")).to_have_text("0.0%")
    assert sorted(r[1] for r in await table(page, "behind")) == ["刘群众", "陈群众", "黄群众"]
    await expect(page.get_by_test_id("chart-sectors").locator("canvas")).to_have_count(1)
    await assert_accessible(page)

    # A new member.
    await page.goto(f"/t/{county.code}/members")
    await expect(page.get_by_test_id("total")).to_have_text("共 3 名委员")
    await page.get_by_test_id("new-member").click()
    form = page.get_by_test_id("member-form")
    await assert_accessible(page)
    await form.locator('[name="name"]').fill("孙丽")
    await form.locator('[name="sector"]').select_option(label="中共")
    await form.locator('[name="phone"]').fill("13800002222")
    await form.locator('[name="work_unit"]').fill("八步区第一中学")
    await form.locator('[name="post"]').fill("教师")
    async with page.expect_navigation():
        await page.get_by_test_id("save").click()
    await expect(page.get_by_test_id("member-name")).to_have_text("孙丽")
    await expect(page.get_by_test_id("profile")).to_contain_text("八步区第一中学 教师")
    await expect(page.get_by_test_id("no-pairings")).to_be_visible()

    # Two people paired with her.
    await pair(page, "郑群众", "13900002001")
    await pair(page, "钱群众", "13900002002")
    rows = await table(page, "pairings")
    assert sorted(r[0] for r in rows) == ["郑群众", "钱群众"]
    assert all(r[1] == "基层群众" and r[4] == "进行中" for r in rows), rows
    await expect(page.get_by_test_id("no-contacts")).to_be_visible()
    await assert_accessible(page)

    # A visit to both, logged by the office on her behalf.
    await page.get_by_test_id("log-contact").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("登记联系服务（代 孙丽 登记）")
    await expect(page.get_by_test_id("constituent")).to_have_count(2)
    for box in await page.get_by_test_id("constituent").all():
        await expect(box).to_be_checked()
    contact = page.get_by_test_id("contact-form")
    await contact.locator('[name="method"]').select_option(label="走访")
    await contact.locator('[name="content"]').fill("走访了解社区养老服务情况")
    await contact.locator('[name="opinions"]').fill("建议增设社区食堂")
    await assert_accessible(page)
    async with page.expect_navigation():
        await page.get_by_test_id("save").click()
    await expect(page.get_by_test_id("member-name")).to_have_text("孙丽")
    [logged] = await table(page, "contacts")
    assert logged[1] == "走访" and sorted(logged[2].split("、")) == ["郑群众", "钱群众"]
    assert logged[3:] == ["走访了解社区养老服务情况", "建议增设社区食堂"]

    # The quarter's figures: two more due, both reached.
    await page.goto(f"/t/{county.code}")
    assert await figures(page) == [5, 2, 3, 0]
    await expect(page.get_by_test_id("rate")).to_have_text("40.0%")
    behind = await table(page, "behind")
    assert "孙丽" not in [r[0] for r in behind]
    sectors = {r[0]: r[1:] for r in await table(page, "sectors")}
    assert sectors["中共"] == ["4", "2", "50.0%"]
