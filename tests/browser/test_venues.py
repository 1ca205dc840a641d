"""委员接待日 end to end: venue staff build October 2025's rota from a weekly pattern (National
Day flagged), record a session held with a paired visitor, and read the month on a phone as a
list of days; a member confirms a duty and asks for leave on a phone (375×812), and the staff
pick someone else. axe on every page on the way."""

from datetime import datetime, timedelta

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, login, sign_in, table
from tests.builders import BEIJING
from tests.venues.venue_rows import at, give_venue, make_session, make_venue


async def fits_a_phone(phone) -> None:
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    await assert_accessible(phone)


async def click_and_wait(page, testid: str) -> None:
    async with page.expect_navigation():
        await page.get_by_test_id(testid).click()


async def test_staff_build_a_month_and_record_a_session(page, phone, server, owner, roster):
    world = roster.world
    county = world.county_a
    east = await make_venue(owner, county)
    await give_venue(owner, world, county, east)

    # Venue staff land on their venue's calendar and repeat a pattern over October 2025.
    await login(page, county.code, Role.venue_staff.value)
    assert f"/t/{county.code}/venues/{east.id}/calendar" in page.url
    await expect(page.get_by_test_id("venue-name")).to_have_text("城东委员联络站")
    await assert_accessible(page)
    await click_and_wait(page, "new-series")
    form = page.get_by_test_id("series-form")
    await form.get_by_label("每周（或每隔几周）").check()
    await form.locator('[name="weekday"]').select_option(label="星期三")
    await form.locator('[name="first_on"]').fill("2025-10-01")
    await form.locator('[name="last_on"]').fill("2025-10-31")
    await form.get_by_label("保留并标注").check()
    await form.locator('[name="theme"]').fill("倾听群众心声")
    await form.get_by_label("张伟").check()
    await click_and_wait(page, "preview")
    dates = page.get_by_test_id("preview-date")
    await expect(dates).to_have_count(5)
    await expect(dates.first).to_have_text("2025年10月1日（星期三） 国庆节")
    await expect(page.get_by_test_id("preview-clear")).to_be_visible()
    await assert_accessible(page)
    await click_and_wait(page, "save")
    await expect(page.get_by_test_id("notice")).to_have_text("已按规律排好 5 次接待日。")
    await expect(page.get_by_test_id("month")).to_have_text("2025年10月")
    await expect(page.get_by_test_id("session-card")).to_have_count(5)
    await expect(page.get_by_test_id("session-holiday")).to_have_text(["国庆节", "国庆节"])
    national = page.get_by_test_id("day-2025-10-01")
    await expect(national.get_by_test_id("holiday")).to_have_text("国庆节")
    await expect(national.get_by_test_id("session-members")).to_have_text("张伟")
    await expect(page.get_by_test_id("day-2025-10-11").get_by_test_id("makeup")).to_have_text(
        "调休上班")
    await assert_accessible(page)

    # One more session the same month, by hand, with two members.
    await click_and_wait(page, "new-session")
    single = page.get_by_test_id("session-form")
    await single.locator('[name="on"]').fill("2025-10-16")
    await single.locator('[name="starts"]').fill("14:00")
    await single.locator('[name="ends"]').fill("16:00")
    await single.locator('[name="theme"]').fill("社区养老")
    await single.get_by_label("李娜").check()
    await single.get_by_label("王芳").check()
    await assert_accessible(page)
    await click_and_wait(page, "save")
    await expect(page.get_by_test_id("session-card")).to_have_count(6)
    await expect(page.get_by_test_id("day-2025-10-16").get_by_test_id("session-members")
                 ).to_have_text("李娜、王芳")

    # The session of 15 October was held: how long, and a paired person of 张伟 came.
    async with page.expect_navigation():
        await page.get_by_test_id("day-2025-10-15").get_by_test_id("session-card").click()
    await expect(page.get_by_test_id("session-title")).to_have_text(
        "2025年10月15日（星期三）接待日")
    record = page.get_by_test_id("record-form")
    await record.locator('[name="minutes"]').fill("150")
    await record.locator('[name="notes"]').fill("接待群众 2 人，反映路灯和公交问题")
    await assert_accessible(page)
    await click_and_wait(page, "record")
    await expect(page.get_by_test_id("status")).to_have_text("已举行")
    await page.get_by_test_id("visitor-open").click()
    visitor = page.get_by_test_id("visitor-form")
    await visitor.locator('[name="constituent"]').select_option(
        label="陈群众（张伟的结对联系对象）")
    await visitor.locator('[name="raised"]').fill("村口路灯不亮")
    await visitor.locator('[name="opinion_category"]').select_option(label="归入“社会民生”")
    await assert_accessible(page)
    await click_and_wait(page, "add-visitor")
    await expect(page.get_by_test_id("notice")).to_have_text("已登记来访群众。")
    rows = await table(page, "visitors")
    assert [r[:6] for r in rows] == [["陈群众（结对联系对象）", "", "基层群众", "村口路灯不亮",
                                      "张伟—陈群众", "已登记"]]
    await expect(page.get_by_test_id("visitor-people")).to_have_text("1")
    await assert_accessible(page)
    await click_and_wait(page, "back")
    card = page.get_by_test_id("day-2025-10-15").get_by_test_id("session-card")
    await expect(card.get_by_test_id("session-status")).to_have_text("已举行")

    # On a phone the month is a list of the days with sessions or holidays.
    await sign_in(phone, server.base, world.account(county, Role.venue_staff))
    await phone.goto(f"/t/{county.code}/venues/{east.id}/calendar?month=2025-10")
    await expect(phone.get_by_test_id("day-2025-10-15")).to_be_visible()
    await expect(phone.get_by_test_id("day-2025-10-14")).to_be_hidden()
    await expect(phone.get_by_test_id("day-2025-10-15").locator(".weekday")).to_have_text("星期三")
    await fits_a_phone(phone)


async def test_a_member_confirms_a_duty_on_a_phone(page, phone, server, owner, roster):
    world = roster.world
    county = world.county_a
    east = await make_venue(owner, county)
    soon = (datetime.now(BEIJING) + timedelta(days=3)).date()
    later = soon + timedelta(days=7)
    zhang, li = roster.members["张伟"], roster.members["李娜"]
    first = await make_session(owner, east, at(soon.year, soon.month, soon.day, 9),
                               at(soon.year, soon.month, soon.day, 11, 30), members=[zhang, li])
    second = await make_session(owner, east, at(later.year, later.month, later.day, 9),
                                at(later.year, later.month, later.day, 11), members=[zhang])

    await login(phone, county.code, Role.member.value)
    await phone.get_by_test_id("menu").tap()
    async with phone.expect_navigation():
        await phone.get_by_role("link", name="我的值班").tap()
    cards = phone.get_by_test_id("my-duty")
    await expect(cards).to_have_count(2)
    await expect(cards.get_by_test_id("duty-status")).to_have_text(["待确认", "待确认"])
    await expect(cards.first).to_contain_text("同班委员：李娜")
    await fits_a_phone(phone)
    async with phone.expect_navigation():
        await cards.first.get_by_test_id("confirm").tap()
    await expect(phone.get_by_test_id("notice")).to_have_text("已确认值班，谢谢！")
    await expect(cards.get_by_test_id("duty-status")).to_have_text(["已确认", "待确认"])
    await fits_a_phone(phone)
    await cards.nth(1).get_by_test_id("decline-open").tap()
    await cards.nth(1).get_by_label("请假原因").fill("外出参加培训")
    await fits_a_phone(phone)
    async with phone.expect_navigation():
        await cards.nth(1).get_by_test_id("decline").tap()
    await expect(phone.get_by_test_id("notice")).to_have_text("已请假，工作人员会另行安排。")
    await expect(cards.get_by_test_id("duty-status")).to_have_text(["已确认", "已请假"])
    await fits_a_phone(phone)

    # The office sees both on the rota and picks 王芳 for the second.
    await sign_in(page, server.base, world.account(county, Role.office))
    await page.goto(f"/t/{county.code}/sessions/{first.id}")
    await expect(page.get_by_test_id("duty-status")).to_have_text(["已确认", "待确认"])
    await page.goto(f"/t/{county.code}/sessions/{second.id}")
    await expect(page.get_by_test_id("duty-reason")).to_have_text("请假原因：外出参加培训")
    await page.get_by_test_id("replace-form").locator('[name="member"]').select_option(
        label="王芳")
    await assert_accessible(page)
    await click_and_wait(page, "replace")
    await expect(page.get_by_test_id("duty-name")).to_have_text("王芳")
    await expect(page.get_by_test_id("duty-status")).to_have_text("待确认")
