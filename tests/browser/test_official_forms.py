"""The county office uploads a member's filled Form 2 (登记表, .docx, as edited in Word) on
the console's import page; the contact appears on the member's page."""

import io
from datetime import date

from docx import Document
from playwright.async_api import expect

from liaison.documents.form2 import Form2, form2_docx
from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, login, screenshot_path, table


def filled_form2(path) -> str:
    """Our blank Form 2 for 张伟 and 陈群众, its cells then filled in as a person would."""
    blank = Form2(filled_on=date(2025, 3, 11), member_name="张伟", sector_name="中共",
                  group_name="", constituent_name="陈群众", constituent_party="",
                  constituent_phone="", constituent_unit_post="", time_and_place="",
                  method="", content="", opinions="", remarks="")
    document = Document(io.BytesIO(form2_docx([blank])))
    rows = document.tables[0].rows
    for r, text in ((3, "2025年3月10日 14:30 八步区某社区"), (4, " 走访 "),
                    (5, "了解村道损坏情况"), (6, "建议尽快修缮村道")):
        rows[r].cells[1].text = text
    document.save(path)
    return str(path)


async def test_the_office_imports_a_filled_form2(page, roster, tmp_path, request):
    county = roster.world.county_a
    await login(page, county.code, Role.office.value)
    await page.goto(f"/t/{county.code}/imports")
    section = page.get_by_test_id("import-forms")
    await section.locator('input[type="file"]').set_input_files(
        filled_form2(tmp_path / "张伟登记表.docx"))
    async with page.expect_navigation():
        await page.get_by_test_id("upload-forms").click()
    await expect(page.get_by_test_id("import-done")).to_have_text(
        "已导入 1 条结对或联系服务记录（信息表、登记表）。")
    await assert_accessible(page)
    await page.screenshot(path=screenshot_path(request.node.name), full_page=True)

    await page.goto(f"/t/{county.code}/members/{roster.members['张伟'].id}")
    rows = await table(page, "contacts")
    assert [r[1:] for r in rows] == [["走访", "陈群众", "了解村道损坏情况", "建议尽快修缮村道"]]
