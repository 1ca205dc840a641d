"""意见建议 end to end: the office logs a contact with opinion text for 张伟 and registers it
from the offer, assigns it to the 综合委员会; the committee turns it into a proposal with a
number and records the reply; 张伟 feeds back on his phone; the office closes it and the board
shows it under 已办结. axe on every page on the way."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, login, sign_in, table
from tests.opinions.opinion_rows import give_committee

TITLE = "建议修缮村道"


async def fits_a_phone(phone) -> None:
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    await assert_accessible(phone)


async def click_and_wait(page, testid: str) -> None:
    async with page.expect_navigation():
        await page.get_by_test_id(testid).click()


async def test_an_opinion_from_a_contact_to_closed(page, phone, server, owner, roster):
    world = roster.world
    county = world.county_a
    await give_committee(owner, world, county)
    zhang = roster.members["张伟"]

    # The office logs 张伟's visit with what the people said, and registers it.
    await login(page, county.code, Role.office.value)
    await page.goto(f"/t/{county.code}/members/{zhang.id}/contacts/new")
    contact = page.get_by_test_id("contact-form")
    await contact.locator('[name="method"]').select_option(label="走访")
    await contact.locator('[name="opinions"]').fill(f"{TITLE}\n村口道路破损严重，雨天积水")
    await click_and_wait(page, "save")
    await expect(page.get_by_test_id("opinion-offer")).to_contain_text("收集到了意见建议")
    await click_and_wait(page, "register-opinion")
    await expect(page.get_by_role("heading", level=1)).to_have_text("登记意见建议")
    await expect(page.get_by_test_id("source-member")).to_have_text("张伟")
    await expect(page.get_by_test_id("source-people")).to_have_text("刘群众、陈群众")
    form = page.get_by_test_id("opinion-form")
    await expect(form.locator('[name="title"]').first).to_have_value(TITLE)
    await form.locator('[name="category"]').first.select_option(label="社会民生")
    await assert_accessible(page)
    await click_and_wait(page, "save")
    await expect(page.get_by_test_id("opinion-title")).to_have_text(TITLE)
    await expect(page.get_by_test_id("state")).to_have_text("已登记")
    assert sorted(r[0] for r in await table(page, "people")) == ["刘群众", "陈群众"]
    await assert_accessible(page)

    # ... and assigns it to the 综合委员会 with a deadline.
    assign = page.get_by_test_id("assign-form")
    await assign.locator('[name="committee"]').select_option(label="综合委员会")
    await assign.locator('[name="due_on"]').fill("2099-12-31")
    await assign.locator('[name="note"]').fill("请研究办理")
    await click_and_wait(page, "assign")
    await expect(page.get_by_test_id("state")).to_have_text("办理中")
    await expect(page.get_by_test_id("committee")).to_have_text("综合委员会")

    # The committee finds it on its board, makes it a proposal and records the reply.
    await sign_in(page, server.base, world.account(county, Role.committee))
    await page.goto(f"/t/{county.code}/opinions")
    await expect(page.get_by_test_id("count-handling")).to_have_text("1")
    await assert_accessible(page)
    await click_and_wait(page, "next-action")
    await page.get_by_test_id("outcome-proposal-open").click()
    proposal = page.get_by_test_id("outcome-proposal-form")
    await proposal.locator('[name="proposal_number"]').fill("2025-018")
    await proposal.locator('[name="title"]').fill("关于修缮村道的提案")
    await assert_accessible(page)
    await click_and_wait(page, "outcome-proposal")
    await expect(page.get_by_test_id("state")).to_have_text("已处理")
    await expect(page.get_by_test_id("proposal-number")).to_have_text("2025-018")
    reply = page.get_by_test_id("reply-form")
    await reply.locator('[name="reply_from"]').fill("县交通运输局")
    await reply.locator('[name="text"]').fill("已列入今年村道修缮计划")
    await click_and_wait(page, "reply")
    await expect(page.get_by_test_id("state")).to_have_text("已答复")
    await expect(page.get_by_test_id("reply-text")).to_have_text("已列入今年村道修缮计划")

    # 张伟 tells the people and records it on his phone.
    await login(phone, county.code, Role.member.value)
    await phone.goto("/me/opinions")
    card = phone.get_by_test_id("my-opinion")
    await expect(card.get_by_test_id("current-step")).to_have_text("已答复")
    await expect(card.get_by_test_id("my-reply")).to_contain_text("已列入今年村道修缮计划")
    await fits_a_phone(phone)
    await card.get_by_test_id("feedback-open").tap()
    feedback = card.get_by_test_id("feedback-form")
    await feedback.locator('[name="how"]').select_option("当面")
    await feedback.get_by_label("满意", exact=True).check()
    await feedback.locator('[name="note"]').fill("群众表示满意")
    await fits_a_phone(phone)
    async with phone.expect_navigation():
        await feedback.get_by_test_id("feedback").tap()
    await expect(phone.get_by_test_id("notice")).to_have_text("已记录反馈，谢谢！")
    await expect(card.get_by_test_id("current-step")).to_have_text("已反馈")
    await expect(card.get_by_test_id("my-feedback")).to_contain_text("当面反馈（满意）")
    await fits_a_phone(phone)

    # The office closes it; the board shows it under 已办结.
    await sign_in(page, server.base, world.account(county, Role.office))
    await page.goto(f"/t/{county.code}/opinions")
    await expect(page.get_by_test_id("next-action")).to_have_text("办结")
    await click_and_wait(page, "next-action")
    await expect(page.get_by_test_id("satisfied")).to_have_text("满意")
    await click_and_wait(page, "close")  # the page asks first; the fixture says yes
    await expect(page.get_by_test_id("state")).to_have_text("已办结")
    history = [r[1:3] for r in await table(page, "history")]
    assert history == [["office（测试）", "已登记"], ["office（测试）", "已登记 → 办理中"],
                       ["committee（测试）", "办理中 → 已处理"],
                       ["committee（测试）", "已处理 → 已答复"],
                       ["member（测试）", "已答复 → 已反馈"],
                       ["office（测试）", "已反馈 → 已办结"]]
    await assert_accessible(page)
    await page.get_by_role("link", name="意见建议").first.click()
    await click_and_wait(page, "tab-closed")
    await expect(page.get_by_test_id("count-closed")).to_have_text("1")
    await expect(page.get_by_test_id("opinion-title")).to_have_text(TITLE)
    await expect(page.get_by_test_id("opinion-state")).to_have_text("已办结")
    await assert_accessible(page)


async def test_the_city_compares_counties_and_guides_one(page, phone, server, roster):
    """The city office compares its counties, opens a county's opinion read-only and adds a
    guidance note; the county office reads it on the opinion's page (on a phone)."""
    world = roster.world
    county = world.county_a
    await sign_in(phone, server.base, world.account(county, Role.office))
    await phone.goto(f"/t/{county.code}/opinions/new")
    form = phone.get_by_test_id("opinion-form")
    await form.locator('[name="title"]').fill("路灯不亮")
    await form.locator('[name="content"]').fill("村东头路灯坏了三个月")
    await form.locator('[name="member"]').select_option(label="张伟")
    await expect(form.get_by_test_id("constituent")).to_have_count(2)  # loaded by htmx
    await form.get_by_label("陈群众").check()
    await fits_a_phone(phone)
    async with phone.expect_navigation():
        await phone.get_by_test_id("save").tap()
    await expect(phone.get_by_test_id("opinion-title")).to_have_text("路灯不亮")
    opinion_page = phone.url

    await login(page, world.city.code, Role.office.value)
    await page.goto("/city/opinions")
    rows = await table(page, "opinion-counties")
    assert [r[:3] for r in rows] == [["测试市政协（本级）", "0", "0"], ["测试0县政协", "1", "1"],
                                     ["测试1县政协", "0", "0"]]
    await assert_accessible(page)
    async with page.expect_navigation():
        await page.get_by_role("link", name="测试0县政协").click()
    await expect(page.get_by_test_id("read-only")).to_be_visible()
    await click_and_wait(page, "opinion-title")
    await expect(page.get_by_test_id("actions")).to_have_count(0)
    await page.get_by_label("指导意见").fill("请结合全市路灯改造一并考虑")
    await assert_accessible(page)
    await click_and_wait(page, "add-note")
    await expect(page.get_by_test_id("note")).to_contain_text("请结合全市路灯改造一并考虑")

    await phone.goto(opinion_page)
    await expect(phone.get_by_test_id("note")).to_contain_text("测试市政协 office（测试）")
    await expect(phone.get_by_test_id("note-form")).to_have_count(0)
    await fits_a_phone(phone)
