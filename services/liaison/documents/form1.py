"""Form 1 of the notice (附件1): 委员结对联系服务界别群众信息表, as .docx and as .xlsx.

Laid out like the official form: the title, "（委员个人填写）", the member's name and sector
on one line, and the five-column table with rows 1 to 3 (more rows when a member has more
pairings: every pairing is printed). All text goes through
``documents.cells`` (no control characters; in Excel, never a formula).
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from liaison.documents.cells import clean_text, docx_run, write_cell

TITLE = "委员结对联系服务界别群众信息表"
SUBTITLE = "（委员个人填写）"
HEADERS = ("序号", "界别群众姓名", "界别群众党派", "界别群众单位及职务", "界别群众联系电话")
ROWS = 3
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"


@dataclass(frozen=True)
class Form1Constituent:
    name: str
    party: str
    unit_and_post: str
    phone: str


@dataclass(frozen=True)
class Form1:
    member_name: str
    sector_name: str
    constituents: tuple[Form1Constituent, ...]


def _cells(form: Form1) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for n in range(max(ROWS, len(form.constituents))):
        c = form.constituents[n] if n < len(form.constituents) else None
        rows.append((str(n + 1), c.name if c else "", c.party if c else "",
                     c.unit_and_post if c else "", c.phone if c else ""))
    return rows


def _blank() -> Form1:
    return Form1(member_name="", sector_name="", constituents=())


# -- Word ------------------------------------------------------------------------------

def _run(paragraph, text: str, *, font: str = BODY_FONT, size: float = 14,
         bold: bool = False):
    return docx_run(paragraph, text, font=font, size=size, bold=bold)


def form1_docx(forms: Sequence[Form1]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    for index, form in enumerate(forms or [_blank()]):
        title = document.add_paragraph()
        if index > 0:
            title.paragraph_format.page_break_before = True
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(title, TITLE, font=TITLE_FONT, size=20, bold=True)
        subtitle = document.add_paragraph()
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(subtitle, SUBTITLE, size=14)
        line = document.add_paragraph()
        line.paragraph_format.tab_stops.add_tab_stop(Cm(9))
        _run(line, f"委员姓名：{form.member_name}")
        _run(line, "\t")
        _run(line, f"所在界别：{form.sector_name}")
        cells = _cells(form)
        table = document.add_table(rows=1 + len(cells), cols=len(HEADERS))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = (Cm(1.4), Cm(3.0), Cm(2.8), Cm(5.0), Cm(4.4))
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for r, values in enumerate([HEADERS, *cells]):
            row = table.rows[r]
            row.height = Cm(1.4 if r == 0 else 2.2)
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(paragraph, value, size=12, bold=(r == 0))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- Excel -----------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", clean_text(name)).strip() or "信息表"
    base = base[:31]
    title, n = base, 2
    while title in used:
        suffix = f"({n})"
        title = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(title)
    return title


def form1_xlsx(forms: Sequence[Form1]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for form in forms or [_blank()]:
        sheet = book.create_sheet(_sheet_title(form.member_name, used))
        sheet.merge_cells("A1:E1")
        write_cell(sheet["A1"], TITLE)
        sheet["A1"].font = Font(name=TITLE_FONT, size=18, bold=True)
        sheet["A1"].alignment = CENTER
        sheet.merge_cells("A2:E2")
        write_cell(sheet["A2"], SUBTITLE)
        sheet["A2"].font = Font(name=BODY_FONT, size=12)
        sheet["A2"].alignment = CENTER
        sheet.merge_cells("A3:B3")
        write_cell(sheet["A3"], f"委员姓名：{form.member_name}")
        sheet.merge_cells("C3:E3")
        write_cell(sheet["C3"], f"所在界别：{form.sector_name}")
        for ref in ("A3", "C3"):
            sheet[ref].font = Font(name=BODY_FONT, size=12)
        for r, values in enumerate([HEADERS, *_cells(form)], start=4):
            sheet.row_dimensions[r].height = 30 if r == 4 else 45
            for c, value in enumerate(values, start=1):
                cell = write_cell(sheet.cell(row=r, column=c),
                                  int(value) if (r > 4 and c == 1) else value)
                cell.border = BOX
                cell.alignment = CENTER
                cell.font = Font(name=BODY_FONT, size=12, bold=(r == 4))
        sheet.row_dimensions[1].height = 36
        for letter, width in zip("ABCDE", (8, 16, 14, 30, 20), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

