"""The xlsx reader: every kind of cell, every bad row reported, whole-file refusals."""

import io
import time
from datetime import date, datetime

import pytest

from liaison.imports.reader import Column, ImportFileError, RowError, read_rows, template
from tests.workbooks import read_workbook, workbook

COLUMNS = [
    Column("name", "姓名", required=True, max_length=4, example="张伟"),
    Column("gender", "性别", kind="choice", choices={"男": "male", "女": "female"}, example="男"),
    Column("phone", "联系电话", kind="phone", example="13812345678"),
    Column("since", "日期", kind="date", example="2024-01-01"),
    Column("cadre", "党员领导干部", kind="bool", example="否"),
]


HEADER = ("姓名*", "性别", "联系电话", "日期", "党员领导干部", "备注")


def test_a_good_file_with_every_kind_of_cell():
    data = workbook(HEADER,
                    ("张伟", "男", 13812345678, datetime(2024, 3, 1), "是", "ignored"),
                    (None, None, None, None, None, None),
                    (" 李娜 ", "女", "+86 137-0000-1234", "2024年3月2日", "否"),
                    ("王芳", None, "0774-5123911", "2024/3/3", None))
    rows, errors = read_rows(data, COLUMNS)
    assert errors == []
    assert [(r.row, r.values) for r in rows] == [
        (2, {"name": "张伟", "gender": "male", "phone": "13812345678",
             "since": date(2024, 3, 1), "cadre": True}),
        (4, {"name": "李娜", "gender": "female", "phone": "13700001234",
             "since": date(2024, 3, 2), "cadre": False}),
        (5, {"name": "王芳", "gender": None, "phone": "0774-5123911",
             "since": date(2024, 3, 3), "cadre": None}),
    ]


def test_every_bad_cell_of_every_row_is_reported():
    data = workbook(("联系电话", "姓名", "性别", "日期", "党员领导干部"),
                    ("12345", "张伟", "男", "2024-02-30", "也许"),
                    ("13812345678", "李娜", "女", "2024-01-01", "是"),
                    (None, None, "未知", None, None),
                    (None, "欧阳司马长", None, None, None))
    rows, errors = read_rows(data, COLUMNS)
    assert errors == [
        RowError(2, "联系电话", "电话格式不正确（手机号或 0774-5123911）"),
        RowError(2, "日期", "日期格式不正确（如 2024-03-01）"),
        RowError(2, "党员领导干部", "应为 是 或 否"),
        RowError(4, "姓名", "必填"),
        RowError(4, "性别", "应为 男 或 女"),
        RowError(5, "姓名", "超过 4 个字符"),
    ]
    assert [r.row for r in rows] == [2, 3, 4, 5]
    assert rows[0].values["name"] == "张伟" and rows[0].values["phone"] is None


@pytest.mark.parametrize("data, code, message", [
    (b"", "EMPTY", "文件是空的"),
    (b"hello", "NOT_XLSX", "不是 Excel .xlsx 文件（.xls、.csv 请在 Excel 中另存为 .xlsx）"),
    ("姓名,性别\n张伟,男\n".encode(), "NOT_XLSX",
     "不是 Excel .xlsx 文件（.xls、.csv 请在 Excel 中另存为 .xlsx）"),
    (workbook(("性别", "联系电话"), ("男", "13812345678")), "BAD_HEADER", "缺少列：姓名"),
    (workbook(HEADER), "EMPTY", "表格中没有数据行"),
])
def test_whole_file_refusals(data, code, message):
    with pytest.raises(ImportFileError) as caught:
        read_rows(data, COLUMNS)
    assert (caught.value.code, caught.value.message) == (code, message)


def test_size_and_row_limits():
    data = workbook(HEADER, *[("张伟", "男") for _ in range(5)])
    with pytest.raises(ImportFileError) as caught:
        read_rows(data, COLUMNS, max_bytes=100)
    assert caught.value.code == "TOO_LARGE"
    with pytest.raises(ImportFileError) as caught:
        read_rows(data, COLUMNS, max_rows=4)
    assert (caught.value.code, caught.value.message) == ("TOO_MANY_ROWS", "超过 4 行，请分批导入")


def test_the_template_reads_back_and_its_example_row_is_skipped():
    data = template(COLUMNS, sheet_name="委员", instructions=["说明一"])
    book = read_workbook(data)
    sheet = book["委员"]
    assert [c.value for c in sheet[1]] == ["姓名*", "性别", "联系电话", "日期", "党员领导干部"]
    assert sheet["A1"].font.bold is True and sheet["B1"].font.bold is False
    notes = [c.value for c in book["填写说明"]["A"]][:2]
    assert notes == ["说明一", "第 2 行是示例，可直接覆盖；保留不改也不会被导入。"]
    with pytest.raises(ImportFileError) as caught:  # only the example row: no data
        read_rows(data, COLUMNS)
    assert caught.value.code == "EMPTY"
    sheet.append(["赵强", "男", "13611112222", "2024-05-01", "否"])
    out = io.BytesIO()
    book.save(out)
    rows, errors = read_rows(out.getvalue(), COLUMNS)
    assert errors == [] and [r.values["name"] for r in rows] == ["赵强"]


def test_ten_thousand_rows(capsys):
    data = workbook(HEADER, *[(f"委员{i % 100}", "男", 13800000000 + i, "2024-01-01", "否")
                              for i in range(10_000)])
    started = time.perf_counter()
    rows, errors = read_rows(data, COLUMNS, max_rows=20_000)
    elapsed = time.perf_counter() - started
    assert (len(rows), errors) == (10_000, [])
    print(f"10,000 rows parsed in {elapsed:.2f} s")
