"""Importing members in the console: the template downloaded from the page, filled in as a
person would, one bad row refused with its error and nothing added; corrected, all added."""

from openpyxl import load_workbook
from playwright.async_api import expect

from liaison.models.account import Role
from tests.browser.helpers import assert_accessible, login, screenshot_path, table

GOOD = [["孙丽", "女", "汉族", "民盟", "工会", None, None, "八步区第一中学", "教师",
         "13800002222", "否", None],
        ["吴敏", "男", "瑶族", "中共", "中共", None, None, "八步区人民医院", "医生",
         "13800003333", "否", None]]
BAD = ["周杰", "男", "汉族", "中共", "无此界别", None, None, "某镇政府", "镇长",
       "13800004444", "否", None]


async def fill_template(page, tmp_path, rows) -> str:
    """Downloads the members template from the imports page and writes ``rows`` over its
    example, from row 2 on."""
    async with page.expect_download() as download:
        await page.get_by_test_id("template-members").click()
    path = tmp_path / "members.xlsx"
    await (await download.value).save_as(path)
    book = load_workbook(path)
    sheet = book["委员"]
    assert sheet["A1"].value == "姓名*"
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    return str(filled)


async def upload(page, path: str) -> None:
    section = page.get_by_test_id("import-members")
    await section.locator('input[type="file"]').set_input_files(path)
    async with page.expect_navigation():
        await page.get_by_test_id("upload-members").click()


async def test_an_import_with_one_bad_row_shows_it_and_adds_nothing(page, roster, tmp_path,
                                                               request):
    county = roster.world.county_a
    await login(page, county.code, Role.office.value)
    await page.goto(f"/t/{county.code}/imports")
    await assert_accessible(page)

    await upload(page, await fill_template(page, tmp_path, [GOOD[0], BAD, GOOD[1]]))
    refused = page.get_by_test_id("import-refused")
    await expect(refused).to_have_text("整个文件未导入，请修改后重新上传")
    assert await table(page, "import-errors") == [["3", "界别", "本单位没有该界别：无此界别"]]
    await expect(page.get_by_test_id("import-done")).to_have_count(0)
    await assert_accessible(page)
    await page.screenshot(path=screenshot_path(request.node.name, "-refused"), full_page=True)
    await page.goto(f"/t/{county.code}/members")
    await expect(page.get_by_test_id("total")).to_have_text("共 3 名委员")
    names = [r[0] for r in await table(page, "members")]
    assert not {"孙丽", "吴敏", "周杰"} & set(names)

    # The row corrected, the same file goes in whole.
    await page.goto(f"/t/{county.code}/imports")
    fixed = [*BAD[:4], "中共", *BAD[5:]]
    await upload(page, await fill_template(page, tmp_path, [GOOD[0], fixed, GOOD[1]]))
    await expect(page.get_by_test_id("import-done")).to_have_text("已导入 3 条委员。")
    await expect(page.get_by_test_id("import-errors")).to_have_count(0)
    await page.goto(f"/t/{county.code}/members")
    await expect(page.get_by_test_id("total")).to_have_text("共 6 名委员")
