"""The year's assessment as the sheet the office hands to the standing committee: 序号, 姓名,
界别, each component's fact and points, 总分, the two ranks and 优秀候选; a title row, styled
and frozen headers, landscape, fitted to the page width. Text through ``cells.write_cell``."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from liaison.assessment.rules import COMPONENTS, LABELS, fact_texts
from liaison.assessment.service import Row
from liaison.documents.cells import write_cell
from liaison.documents.tables import HEADER_FILL, display_width

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def headers() -> list[str]:
    parts = [h for n in COMPONENTS for h in (f"{LABELS[n]}（情况）", f"{LABELS[n]}得分")]
    return ["序号", "姓名", "界别", *parts, "总分", "本单位排名", "界别排名", "优秀候选"]


def values(n: int, row: Row) -> list[object]:
    facts = fact_texts(row.facts)
    parts = []
    for c in row.components:
        parts += [facts[c.name], "不计入" if c.points is None else float(c.points)]
    return [n, row.member_name, row.sector_name, *parts, float(row.score), row.tenant_rank,
            row.sector_rank, "是" if row.excellent else ""]


def assessment_xlsx(tenant_name: str, year: int, rows: list[Row]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度考核"
    names = headers()
    title = write_cell(sheet.cell(row=1, column=1), f"{tenant_name}{year}年度委员履职考核汇总表")
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(names))
    widths = [display_width(h) for h in names]
    for i, name in enumerate(names, start=1):
        cell = write_cell(sheet.cell(row=2, column=i), name)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, start=3):
        for i, value in enumerate(values(r - 2, row), start=1):
            write_cell(sheet.cell(row=r, column=i), value).border = BOX
            widths[i - 1] = max(widths[i - 1], display_width(value))
    for i, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 30)
    sheet.freeze_panes = "D3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
