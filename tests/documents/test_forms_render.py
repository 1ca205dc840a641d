"""Form 1 and list exports, opened again and read cell by cell."""

import io
from datetime import date

from docx import Document

from liaison.documents.form1 import Form1, Form1Constituent, form1_docx, form1_xlsx
from liaison.documents.tables import xlsx_table
from tests.workbooks import read_workbook

ZHANG = Form1("张伟", "中共", (
    Form1Constituent("陈群众", "群众", "八步区某社区 主任", "13900001111"),
    Form1Constituent("刘群众", "民盟", "", "139****2222"),
))
HEADERS = ["序号", "界别群众姓名", "界别群众党派", "界别群众单位及职务", "界别群众联系电话"]


def test_form1_docx_has_the_official_layout():
    document = Document(io.BytesIO(form1_docx([ZHANG, Form1("李娜", "工会", ())])))
    texts = [p.text for p in document.paragraphs]
    assert texts == ["委员结对联系服务界别群众信息表", "（委员个人填写）",
                     "委员姓名：张伟\t所在界别：中共",
                     "委员结对联系服务界别群众信息表", "（委员个人填写）",
                     "委员姓名：李娜\t所在界别：工会"]
    assert document.paragraphs[3].paragraph_format.page_break_before is True
    first, second = document.tables
    rows = [[c.text for c in row.cells] for row in first.rows]
    assert rows == [HEADERS,
                    ["1", "陈群众", "群众", "八步区某社区 主任", "13900001111"],
                    ["2", "刘群众", "民盟", "", "139****2222"],
                    ["3", "", "", "", ""]]
    assert [[c.text for c in row.cells] for row in second.rows][1:] == [
        ["1", "", "", "", ""], ["2", "", "", "", ""], ["3", "", "", "", ""]]
    title_run = document.paragraphs[0].runs[0]
    assert title_run.bold is True
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert title_run._element.rPr.rFonts.get(f"{w}eastAsia") == "方正小标宋简体"


def test_form1_xlsx_one_sheet_per_member_with_unique_names():
    book = read_workbook(form1_xlsx([ZHANG, Form1("张伟", "民革", ())]))
    assert book.sheetnames == ["张伟", "张伟(2)"]
    sheet = book["张伟"]
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value, sheet["C3"].value] == [
        "委员结对联系服务界别群众信息表", "（委员个人填写）", "委员姓名：张伟", "所在界别：中共"]
    assert [c.value for c in sheet[4]] == HEADERS
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=7)] == [
        [1, "陈群众", "群众", "八步区某社区 主任", "13900001111"],
        [2, "刘群众", "民盟", None, "139****2222"],   # openpyxl reads an empty cell as None
        [3, None, None, None, None]]
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:E1", "A2:E2", "A3:B3", "C3:E3"}
    assert sheet["B6"].border.left.style == "thin"
    assert book["张伟(2)"]["C3"].value == "所在界别：民革"


def test_an_empty_selection_still_gives_a_blank_form():
    document = Document(io.BytesIO(form1_docx([])))
    assert document.paragraphs[2].text == "委员姓名：\t所在界别："
    assert read_workbook(form1_xlsx([])).sheetnames == ["信息表"]


def test_xlsx_table():
    data = xlsx_table(title="八步区政协委员名单", headers=["姓名", "日期", "党员领导干部", "备注"],
                      rows=[["张伟", date(2024, 3, 1), True, None], ["李娜", None, False, "x"]],
                      sheet_name="委员名单")
    sheet = read_workbook(data)["委员名单"]
    assert sheet["A1"].value == "八步区政协委员名单"
    assert [c.value for c in sheet[2]] == ["姓名", "日期", "党员领导干部", "备注"]
    assert [c.value for c in sheet[3]][0::2] == ["张伟", "是"]
    assert sheet["B3"].value.date() == date(2024, 3, 1)
    assert sheet["B3"].number_format == "yyyy-mm-dd"
    assert [c.value for c in sheet[4]] == ["李娜", None, "否", "x"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:D4"


def test_form2_docx_and_xlsx_have_the_official_grid():
    from liaison.documents.form2 import Form2, form2_docx, form2_xlsx

    form = Form2(date(2025, 3, 10), "张伟", "中共", "第一活动组", "陈群众", "群众", "13900001111",
                 "某社区 主任", "2025-03-10 10:00  某社区", "走访", "走访了解情况",
                 "建议修缮村道", "", "注：请于每年12月20日前提交。")
    document = Document(io.BytesIO(form2_docx([form, form])))
    assert [p.text for p in document.paragraphs][:3] == [
        "委员结对联系服务界别群众登记表", "（委员个人填写）", "填报时间：2025年3月10日"]
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["委员姓名", "张伟", "界  别", "中共", "所在活动组", "第一活动组"]
    assert rows[1] == ["界别群众姓名", "陈群众", "界别群众党派", "群众", "界别群众联系电话",
                       "13900001111"]
    assert [r[:2] for r in rows[2:]] == [
        ["界别群众单位职务", "某社区 主任"], ["联系服务时间及地点", "2025-03-10 10:00  某社区"],
        ["联系服务方式", "走访"], ["联系服务内容和推动解决的问题", "走访了解情况"],
        ["意见建议", "建议修缮村道"], ["备    注", ""]]
    assert len(document.tables) == 2
    sheet = read_workbook(form2_xlsx([form]))["张伟-陈群众"]
    assert [sheet["A1"].value, sheet["A3"].value, sheet["B4"].value, sheet["F5"].value,
            sheet["A9"].value, sheet["B9"].value, sheet["A12"].value] == [
        "委员结对联系服务界别群众登记表", "填报时间：2025年3月10日", "张伟", "13900001111",
        "联系服务内容和推动解决的问题", "走访了解情况", "注：请于每年12月20日前提交。"]
    assert "B9:F9" in {str(r) for r in sheet.merged_cells.ranges}
