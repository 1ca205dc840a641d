"""Hostile and odd .xlsx files: refused early with a typed error, never a stall or a 500."""

import time

import openpyxl.xml
import pytest

from liaison.imports import archive
from liaison.imports.archive import TimedSource
from liaison.imports.contacts import CONTACT_COLUMNS
from liaison.imports.reader import Column, ImportFileError, RowError, read_rows
from tests.imports.handmade import row, xlsx

COLUMNS = [Column("name", "姓名", required=True, max_length=20),
           Column("phone", "联系电话", kind="phone"),
           Column("remarks", "备注", max_length=100, multiline=True)]
HEADER = row(1, "姓名", "联系电话", "备注")
UNREADABLE = "无法读取该 Excel 文件，请确认是 .xlsx 格式"


def refusal(data: bytes, **limits) -> tuple[str, str]:
    with pytest.raises(ImportFileError) as caught:
        read_rows(data, COLUMNS, **limits)
    return caught.value.code, caught.value.message


@pytest.mark.parametrize("rows, dimension", [
    ([row(5_000_000, "张伟")], None),                      # no dimension: blank rows between
    ([row(5_000_000, "张伟")], "A1:C2"),                   # a dimension that lies
    ([row(2, "张伟")], "A1:C2000000000"),                  # a dimension beyond the cap
    ([row(2, "张伟"), row(3, "李娜"), row(4_000_000, None)], None),  # an empty row far below
])
def test_rows_beyond_the_cap_are_refused_before_any_blank_row_is_filled(rows, dimension):
    assert refusal(xlsx(HEADER, *rows, dimension=dimension)) == (
        "TOO_MANY_ROWS", "超过 20000 行，请分批导入")


def test_blank_rows_are_tolerated_up_to_the_cap():
    # header + max_rows + 1,000 blank rows: row 1,011 is read, row 1,012 refuses the file
    parsed, errors = read_rows(xlsx(HEADER, row(2, "张伟"), row(1_011, "李娜")), COLUMNS,
                               max_rows=10)
    assert ([r.row for r in parsed], errors) == ([2, 1_011], [])
    assert refusal(xlsx(HEADER, row(2, "张伟"), row(1_012, "李娜")), max_rows=10)[0] == \
        "TOO_MANY_ROWS"


def test_a_read_over_its_time_budget_is_refused():
    assert refusal(xlsx(HEADER, row(2, "张伟")), time_budget=0) == (
        "TOO_SLOW", "文件读取超时（内容过于复杂），请精简或分批导入")


def test_every_read_of_the_zip_checks_the_clock():
    source = TimedSource(b"PK", time.monotonic() + 60)
    assert source.read(1) == b"P"
    source.deadline = time.monotonic() - 1
    with pytest.raises(ImportFileError) as caught:
        source.read(1)
    assert caught.value.code == "TOO_SLOW"
    # whatever openpyxl makes of that error, the refusal stays TOO_SLOW
    assert (source.expired, source.failure().code) == (True, "TOO_SLOW")


def test_a_zip_bomb_is_refused_by_its_declared_sizes(monkeypatch):
    bomb = xlsx(HEADER, row(2, "张伟"), padding=3 * 1024 * 1024)  # 3 MB of XML in a few KB
    assert len(bomb) < 30_000
    code, message = refusal(bomb)
    assert (code, message) == ("TOO_LARGE",
                               "文件解压后超过 100 MB或压缩比异常，无法导入，请检查文件或分批导入")
    monkeypatch.setattr(archive, "MAX_UNZIPPED", 1_000)  # an ordinary file over the total
    assert refusal(xlsx(HEADER, row(2, "张伟")))[0] == "TOO_LARGE"


def test_a_numeric_cell_holding_text_is_an_unreadable_file_not_a_crash():
    data = xlsx(HEADER, '<row r="2"><c r="A2" t="n"><v>abc</v></c></row>')
    assert refusal(data) == ("NOT_XLSX", UNREADABLE)


def test_xml_entities_are_refused():
    assert openpyxl.xml.DEFUSEDXML is True  # openpyxl parses through defusedxml
    doctype = '<!DOCTYPE worksheet [<!ENTITY name "姓名">]>'
    data = xlsx(row(1, "&name;", "联系电话", "备注"), row(2, "张伟"), doctype=doctype)
    assert refusal(data) == ("NOT_XLSX", UNREADABLE)


def test_control_characters_are_row_errors_and_line_breaks_only_where_allowed():
    data = xlsx(HEADER,
                row(2, "张_x0001_伟", "138_x001F_12345678", "第一行&#10;第二行"),
                row(3, "李&#10;娜", None, "甲&#9;乙&#13;&#10;丙_x000D_&#10;丁"),
                row(4, "王&#9;芳", None, "备注_x0007_"),
                row(5, "赵强&#10;", None, "_x000B_"))
    parsed, errors = read_rows(data, COLUMNS)
    assert errors == [
        RowError(2, "姓名", "含有不允许的控制字符"),
        RowError(2, "联系电话", "含有不允许的控制字符"),
        RowError(3, "姓名", "只能填写一行，不能含换行符或制表符"),
        RowError(4, "姓名", "只能填写一行，不能含换行符或制表符"),
        RowError(4, "备注", "含有不允许的控制字符"),
        RowError(5, "备注", "含有不允许的控制字符"),
    ]
    assert [r.values["remarks"] for r in parsed] == ["第一行\n第二行", "甲\t乙\n丙\n丁", None, None]
    assert parsed[3].values["name"] == "赵强"  # a trailing newline is only whitespace


def test_the_contact_import_allows_several_lines_only_in_its_free_text_columns():
    assert [c.header for c in CONTACT_COLUMNS if c.multiline] == [
        "联系服务内容和推动解决的问题", "意见建议", "备注"]
