"""指导事项 end to end: the city's office issues a task with a PDF to one county; that county's
office finds it under 上级指导 on its phone, marks it read, answers with a Word file and
finishes it; the city sees the answer and the matrix. axe on every page on the way."""

from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, login, sign_in, table
from tests.guidance.guidance_rows import pdf, word

TITLE = "关于开展委员联系界别群众工作自查的通知"


async def click_and_wait(page, testid: str) -> None:
    async with page.expect_navigation():
        await page.get_by_test_id(testid).click()


async def test_the_city_issues_an_item_and_a_county_answers_it(page, phone, server, world):
    city, a, b = world.city, world.county_a, world.county_b

    # The city's office writes the item, for county A only, with the plan as a PDF.
    await login(page, city.code, Role.office.value)
    await page.goto(f"/t/{city.code}/guidance")
    await expect(page.get_by_test_id("empty")).to_have_text("还没有下发指导事项。")
    await page.get_by_test_id("compose-open").click()
    form = page.get_by_test_id("compose-form")
    await form.locator('[name="kind"]').select_option(label="工作任务")
    await form.locator('[name="title"]').fill(TITLE)
    await form.locator('[name="body"]').fill("请于六月底前完成自查，并报送自查报告。")
    await form.locator('[name="due_on"]').fill("2099-06-30")
    await form.get_by_label(b.short_name).uncheck()
    await form.locator('[name="file"]').set_input_files(
        files=[{"name": "自查方案.pdf", "mimeType": "application/pdf", "buffer": pdf()}])
    await assert_accessible(page)
    await click_and_wait(page, "issue")
    await expect(page.get_by_test_id("item-title")).to_have_text(TITLE)
    await expect(page.get_by_test_id("attachment")).to_have_text("自查方案.pdf")
    assert [row[:2] for row in await table(page, "targets")] == [[a.short_name, "未阅"]]
    await assert_accessible(page)

    # County A's office, on its phone: 上级指导, read, answer with a Word file, done.
    await sign_in(phone, server.base, world.account(a, Role.office))
    await phone.goto(f"/t/{a.code}/inbox")
    await expect(phone.get_by_test_id("inbox-state")).to_have_text("未阅")
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    await assert_accessible(phone)
    await click_and_wait(phone, "inbox-title")
    await expect(phone.get_by_test_id("issuer")).to_have_text(city.short_name)
    await click_and_wait(phone, "mark-read")
    await expect(phone.get_by_test_id("state")).to_have_text("已阅")
    answer = phone.get_by_test_id("answer-form")
    await answer.locator('[name="text"]').fill("已完成自查，报告见附件。")
    await answer.locator('[name="file"]').set_input_files(files=[{
        "name": "自查报告.docx", "buffer": word(),
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    await assert_accessible(phone)
    await click_and_wait(phone, "answer-submit")
    await expect(phone.get_by_test_id("state")).to_have_text("已答复")
    await expect(phone.get_by_test_id("answer-attachment")).to_have_text("自查报告.docx")
    await click_and_wait(phone, "mark-done")
    await expect(phone.get_by_test_id("state")).to_have_text("已办结")
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 375
    await assert_accessible(phone)

    # The city sees the answer on the item and 已办结 in the matrix.
    await page.reload()
    rows = await table(page, "targets")
    assert [[r[0], r[1], r[3], r[4]] for r in rows] == [
        [a.short_name, "已办结", "已完成自查，报告见附件。", "自查报告.docx"]]
    await page.goto(f"/t/{city.code}/guidance/matrix")
    assert await table(page, "matrix") == [["已办结"], ["—"]]  # B was not sent it
    await assert_accessible(page)
