"""The opinion list (意见建议清单) as an .xlsx, ready to print.

A title row, a row saying what was filtered and when it was exported, the header (bold,
filled, frozen, repeated on every printed page) and one row per opinion; landscape A4 fitted
to the page width. Text through ``cells.write_cell``: never a formula. No phone numbers: the
list names people, it does not reach them.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from liaison.documents.cells import write_cell
from liaison.documents.tables import HEADER_FILL

# Header and column width (in Excel's characters; a Chinese character counts two).
COLUMNS = (("序号", 6), ("标题", 30), ("类别", 10), ("提出日期", 12), ("委员", 10),
           ("界别", 12), ("反映人", 20), ("状态", 8), ("承办", 14), ("办理结果", 36),
           ("答复日期", 12), ("反馈日期", 12), ("是否满意", 9))
HEADERS = tuple(h for h, _ in COLUMNS)
HEADER_ROW = 3
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(vertical="center", wrap_text=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
CENTRED_COLUMNS = {1, 3, 4, 5, 8, 11, 12, 13}


@dataclass(frozen=True)
class OpinionRow:
    title: str
    category: str
    raised_on: date
    member: str
    sector: str
    people: str
    state: str
    handler: str
    outcome: str
    replied_on: date | None
    feedback_on: date | None
    satisfied: str

    def values(self, n: int) -> tuple:
        return (n, self.title, self.category, self.raised_on, self.member, self.sector,
                self.people, self.state, self.handler, self.outcome, self.replied_on,
                self.feedback_on, self.satisfied)


def opinion_list_xlsx(*, title: str, note: str, rows: Sequence[OpinionRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "意见建议"
    last_column = get_column_letter(len(COLUMNS))
    for row, text, font in ((1, title, Font(bold=True, size=14)), (2, note, Font(size=10))):
        sheet.merge_cells(f"A{row}:{last_column}{row}")
        cell = write_cell(sheet.cell(row=row, column=1), text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center" if row == 1 else "left")
    for i, header in enumerate(HEADERS, start=1):
        cell = write_cell(sheet.cell(row=HEADER_ROW, column=i), header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = CENTER
    for n, opinion in enumerate(rows, start=1):
        for i, value in enumerate(opinion.values(n), start=1):
            cell = write_cell(sheet.cell(row=HEADER_ROW + n, column=i), value)
            cell.border = BOX
            cell.alignment = CENTER if i in CENTRED_COLUMNS else WRAP
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    for i, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    last_row = HEADER_ROW + max(len(rows), 1)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
