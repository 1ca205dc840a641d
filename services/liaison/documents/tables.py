"""A list as an .xlsx: a title row, bold headers with a filter, frozen panes, dates as dates.

Every cell goes through ``cells.write_cell``: text is a plain string, never a formula.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from liaison.documents.cells import write_cell

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def display_width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def xlsx_table(*, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
               sheet_name: str = "Sheet1") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name[:31]
    width = len(headers)
    write_cell(sheet.cell(row=1, column=1), title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    widths = [display_width(h) for h in headers]
    for i, header in enumerate(headers, start=1):
        cell = write_cell(sheet.cell(row=2, column=i), header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    last = 2
    for last, values in enumerate(rows, start=3):
        for i, value in enumerate(values):
            cell = write_cell(sheet.cell(row=last, column=i + 1), _cell(value))
            widths[i] = max(widths[i], display_width(value))
            if isinstance(value, date | datetime):
                cell.number_format = "yyyy-mm-dd"
    for i, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 50)
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(width)}{max(last, 2)}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
