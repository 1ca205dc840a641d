"""Form 2 of the notice (附件2): 委员结对联系服务界别群众登记表 — one per contacted person.

Laid out like the official form: title, "（委员个人填写）", the date filled, then the grid:
member / sector / activity group; constituent / party / phone; unit and post; time and
place; method; content and problems solved; opinions and suggestions; remarks.
All text goes through ``documents.cells`` (no control characters; in Excel, never a formula).
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from liaison.documents.cells import write_cell
from liaison.documents.form1 import BODY_FONT, TITLE_FONT, _run, _sheet_title

TITLE = "委员结对联系服务界别群众登记表"
SUBTITLE = "（委员个人填写）"


@dataclass(frozen=True)
class Form2:
    filled_on: date
    member_name: str
    sector_name: str
    group_name: str
    constituent_name: str
    constituent_party: str
    constituent_phone: str
    constituent_unit_post: str
    time_and_place: str
    method: str
    content: str
    opinions: str
    remarks: str
    due_note: str = ""  # e.g. "注：请于每年12月20日前提交。"


def _filled(d: date) -> str:
    return f"填报时间：{d.year}年{d.month}月{d.day}日"


def _grid(form: Form2) -> list[list[str]]:
    """Rows of (label, value) pairs; a row with one pair spans the whole width."""
    return [
        ["委员姓名", form.member_name, "界  别", form.sector_name, "所在活动组", form.group_name],
        ["界别群众姓名", form.constituent_name, "界别群众党派", form.constituent_party,
         "界别群众联系电话", form.constituent_phone],
        ["界别群众单位职务", form.constituent_unit_post],
        ["联系服务时间及地点", form.time_and_place],
        ["联系服务方式", form.method],
        ["联系服务内容和推动解决的问题", form.content],
        ["意见建议", form.opinions],
        ["备    注", form.remarks],
    ]


HEIGHTS = [1.2, 1.2, 1.2, 1.2, 1.2, 6.0, 4.0, 1.6]


def form2_docx(forms: Sequence[Form2]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    for index, form in enumerate(forms):
        title = document.add_paragraph()
        title.paragraph_format.page_break_before = index > 0
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(title, TITLE, font=TITLE_FONT, size=20, bold=True)
        subtitle = document.add_paragraph()
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(subtitle, SUBTITLE)
        _run(document.add_paragraph(), _filled(form.filled_on), size=12)
        table = document.add_table(rows=len(HEIGHTS), cols=6)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Cm(2.6), Cm(3.0), Cm(2.4), Cm(2.6), Cm(2.6), Cm(3.8))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        for r, (cells, height) in enumerate(zip(_grid(form), HEIGHTS, strict=True)):
            row = table.rows[r]
            row.height = Cm(height)
            if len(cells) == 2:
                row.cells[1].merge(row.cells[5])
            targets = [row.cells[0], row.cells[1]] if len(cells) == 2 else row.cells
            for c, (cell, value) in enumerate(zip(targets, cells, strict=False)):
                paragraph = cell.paragraphs[0]
                paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if c % 2 == 0
                                       else WD_ALIGN_PARAGRAPH.LEFT)
                _run(paragraph, value, size=11, bold=(c % 2 == 0))
        if form.due_note:
            _run(document.add_paragraph(), form.due_note, size=10)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def form2_xlsx(forms: Sequence[Form2]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    wrap = Alignment(horizontal="left", vertical="top", wrap_text=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for form in forms:
        sheet = book.create_sheet(_sheet_title(
            f"{form.member_name}-{form.constituent_name}", used))
        sheet.merge_cells("A1:F1")
        write_cell(sheet["A1"], TITLE)
        sheet["A1"].font = Font(name=TITLE_FONT, size=16, bold=True)
        sheet["A1"].alignment = center
        sheet.merge_cells("A2:F2")
        write_cell(sheet["A2"], SUBTITLE)
        sheet["A2"].alignment = center
        sheet.merge_cells("A3:F3")
        write_cell(sheet["A3"], _filled(form.filled_on))
        for r, (cells, height) in enumerate(zip(_grid(form), HEIGHTS, strict=True), start=4):
            sheet.row_dimensions[r].height = height * 20
            if len(cells) == 2:
                sheet.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)
            for c, value in enumerate(cells, start=1):
                cell = write_cell(sheet.cell(row=r, column=c), value)
                cell.alignment = center if c % 2 == 1 else wrap
                cell.font = Font(name=BODY_FONT, size=11, bold=(c % 2 == 1))
            for c in range(1, 7):
                sheet.cell(row=r, column=c).border = BOX
        if form.due_note:
            write_cell(sheet.cell(row=4 + len(HEIGHTS), column=1), form.due_note)
        for letter, width in zip("ABCDEF", (16, 16, 14, 14, 16, 18), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if not forms:
        book.create_sheet("登记表")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
