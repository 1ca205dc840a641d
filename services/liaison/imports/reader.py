"""Reading uploaded .xlsx files for all-or-nothing imports, with a row-by-row error report.

Pure: no database. The caller checks the parsed values against the tenant and decides.
``read_rows`` streams the first worksheet (openpyxl read-only), so 10,000 rows take about a
second; every problem of every row is collected, never just the first.

Hostile files are refused early and cheaply: a zip bomb by its declared sizes, a sheet whose
dimension or row numbers go past the row cap (openpyxl would otherwise fill every blank row in
between), a read that takes longer than ``time_budget``; any other failure while reading is
NOT_XLSX, never a server error. ``read_rows_async`` runs it off the event loop.
"""

import asyncio
import io
import re
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from liaison.imports.archive import ImportFileError, TimedSource, check_archive
from liaison.validation import normalize_phone

ROW_SLACK = 1_000     # blank rows tolerated between data rows, beyond header + max_rows
MAX_COLUMNS = 100     # cells further right are never read
TIME_BUDGET = 10.0    # seconds for one file, checked row by row and on every read


@dataclass(frozen=True)
class RowError:
    row: int      # the Excel row number the user sees (header = 1, first data row = 2)
    column: str   # the Chinese header; "" for the whole row
    message: str
    source: str = ""  # where in a multi-file upload, e.g. "张伟.docx 第 1 张"; "" for one sheet


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    kind: str = "text"  # text | phone | date | datetime | bool | choice | int
    max_length: int | None = None
    choices: Mapping[str, str] | None = None
    example: str = ""
    note: str = ""
    multiline: bool = False  # newlines and tabs allowed (free text such as 意见建议)


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]


TRUE = {"是", "y", "yes", "true", "1", "√"}
FALSE = {"否", "n", "no", "false", "0", "×"}
DATE_PATTERNS = (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
                 re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
                 re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
                 re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"))


def _header_key(text: object) -> str:
    return re.sub(r"[\s\u3000]+", "", str(text or "")).rstrip("*＊")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip().strip("\u3000").strip()
    return text or None


def _choices_text(choices: Mapping[str, str]) -> str:
    labels = list(choices)
    if len(labels) == 1:
        return labels[0]
    return "、".join(labels[:-1]) + " 或 " + labels[-1]


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 but tab, newline, CR
LINE_BREAK = re.compile(r"[\t\n\r]")
ESCAPED_C0 = re.compile(r"_x00([01][0-9A-Fa-f])_")  # how Excel stores U+0000..U+001F


def _plain(column: Column, raw: str) -> tuple[str | None, str | None]:
    """(text, problem) for a string cell: C0 controls refused, line breaks only where
    the column allows several lines."""
    text = ESCAPED_C0.sub(lambda m: chr(int(m.group(1), 16)), raw)
    if CONTROL.search(text):
        return None, "含有不允许的控制字符"
    if column.multiline:
        return text.replace("\r\n", "\n").replace("\r", "\n"), None
    if LINE_BREAK.search(text.strip()):
        return None, "只能填写一行，不能含换行符或制表符"
    return text, None


DATETIME = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$")


def _parse(column: Column, raw: object) -> tuple[Any, str | None]:
    """(value, problem) for one cell; the value is None when blank or bad."""
    if column.kind == "date" and isinstance(raw, datetime | date):
        return (raw.date() if isinstance(raw, datetime) else raw), None
    if column.kind == "datetime" and isinstance(raw, datetime | date):
        return (raw if isinstance(raw, datetime) else datetime(raw.year, raw.month,
                                                               raw.day)), None
    if isinstance(raw, str):
        raw, problem = _plain(column, raw)
        if problem:
            return None, problem
    text = _text(raw)
    if text is None:
        return None, ("必填" if column.required else None)
    if column.max_length is not None and len(text) > column.max_length:
        return None, f"超过 {column.max_length} 个字符"
    match column.kind:
        case "phone":
            phone = normalize_phone(text)
            return (phone, None) if phone else (None, "电话格式不正确（手机号或 0774-5123911）")
        case "date":
            for pattern in DATE_PATTERNS:
                found = pattern.match(text)
                if found:
                    try:
                        return date(*(int(g) for g in found.groups())), None
                    except ValueError:
                        break
            return None, "日期格式不正确（如 2024-03-01）"
        case "datetime":
            found = DATETIME.match(text)
            if found:
                parts = [int(g) for g in found.groups() if g is not None]
                try:
                    return datetime(*parts), None
                except ValueError:
                    pass
            return None, "时间格式不正确（如 2024-03-01 14:30）"
        case "bool":
            lowered = text.lower()
            if lowered in TRUE:
                return True, None
            if lowered in FALSE:
                return False, None
            return None, "应为 是 或 否"
        case "choice":
            choices = column.choices or {}
            if text in choices:
                return choices[text], None
            return None, f"应为 {_choices_text(choices)}"
        case "choices":  # several labels separated by 、 , ，or ;
            choices = column.choices or {}
            labels = [p.strip() for p in re.split(r"[、,，;；]", text) if p.strip()]
            unknown = [p for p in labels if p not in choices]
            if unknown:
                return None, f"不认识：{'、'.join(unknown)}（可选：{'、'.join(choices)}）"
            return [choices[p] for p in labels], None
        case "int":
            try:
                return int(text), None
            except ValueError:
                return None, "应为整数"
    return text, None


def read_rows(data: bytes, columns: Sequence[Column], *, max_bytes: int = 5 * 1024 * 1024,
              max_rows: int = 20_000, time_budget: float = TIME_BUDGET,
              ) -> tuple[list[ParsedRow], list[RowError]]:
    """Every non-blank data row parsed, and every problem found (sorted by row, column).

    A row with problems is still returned, with None for its bad cells, so the caller can
    check the rest of it too."""
    deadline = time.monotonic() + time_budget
    if not data:
        raise ImportFileError("EMPTY", "文件是空的")
    if len(data) > max_bytes:
        raise ImportFileError("TOO_LARGE", f"文件超过 {max_bytes / 1024 / 1024:g} MB，请分批导入")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError("NOT_XLSX",
                              "不是 Excel .xlsx 文件（.xls、.csv 请在 Excel 中另存为 .xlsx）")
    check_archive(data)
    source = TimedSource(data, deadline)
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign zip
        raise source.failure() from exc
    try:
        return _read(book, columns, max_rows, source)
    except ImportFileError:
        raise
    except Exception as exc:  # e.g. a numeric cell holding text: openpyxl raises mid-sheet
        raise source.failure() from exc
    finally:
        book.close()


async def read_rows_async(data: bytes, columns: Sequence[Column], **limits: Any,
                          ) -> tuple[list[ParsedRow], list[RowError]]:
    """``read_rows`` in a worker thread, so parsing never blocks the event loop."""
    return await asyncio.to_thread(read_rows, data, columns, **limits)


def _read(book: Workbook, columns: Sequence[Column], max_rows: int,
          source: TimedSource) -> tuple[list[ParsedRow], list[RowError]]:
    too_many = ImportFileError("TOO_MANY_ROWS", f"超过 {max_rows} 行，请分批导入")
    sheet = book.worksheets[0]
    last = 1 + max_rows + ROW_SLACK  # the last row number read
    if (sheet.max_row or 0) > last:  # the declared <dimension>, when there is one
        raise too_many
    # openpyxl stops before filling the gap up to a row past max_row, so a row numbered
    # last + 1 is seen only when the file has a row beyond the cap, whatever it declared.
    rows = sheet.iter_rows(max_row=last + 1, max_col=MAX_COLUMNS, values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportFileError("EMPTY", "表格是空的")
    position = {_header_key(h): i for i, h in enumerate(header) if h is not None}
    missing = [c.header for c in columns if c.required and c.header not in position]
    if missing:
        raise ImportFileError("BAD_HEADER", f"缺少列：{'、'.join(missing)}")
    present = [(c, position[c.header]) for c in columns if c.header in position]
    example = tuple(c.example for c, _ in present)
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    for number, cells in enumerate(rows, start=2):
        source.check()  # also checked on every read of the zip, between rows
        if number > last:
            raise too_many
        raw = [cells[i] if i < len(cells) else None for _, i in present]
        if all(_text(v) is None for v in raw):
            continue
        if tuple(_text(v) or "" for v in raw) == example:
            continue  # the template's example row, left in place
        if len(parsed) >= max_rows:
            raise too_many
        values = {}
        for (column, _), cell in zip(present, raw, strict=True):
            value, problem = _parse(column, cell)
            values[column.key] = value
            if problem:
                errors.append(RowError(number, column.header, problem))
        for column in columns:
            values.setdefault(column.key, None)
        parsed.append(ParsedRow(number, values))
    if not parsed:
        raise ImportFileError("EMPTY", "表格中没有数据行")
    return parsed, errors


def template(columns: Sequence[Column], *, sheet_name: str,
             instructions: Sequence[str] = ()) -> bytes:
    """The xlsx to fill: headers (required ones bold with *), an example row, notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    grey = Font(italic=True, color="808080")
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=i, value=column.header + ("*" if column.required else ""))
        cell.font = Font(bold=column.required)
        if column.note:
            cell.comment = Comment(column.note, "系统")
        sheet.cell(row=2, column=i, value=column.example or None).font = grey
        width = max(len(column.header), len(column.example)) * 2 + 4
        sheet.column_dimensions[get_column_letter(i)].width = min(width, 40)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    lines = list(instructions) + ["第 2 行是示例，可直接覆盖；保留不改也不会被导入。"]
    for column in columns:
        if column.choices:
            lines.append(f"{column.header}：{'、'.join(column.choices)}")
    for n, line in enumerate(lines, start=1):
        notes.cell(row=n, column=1, value=line)
    notes.column_dimensions["A"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
