"""Reading filled official forms — Form 1 (信息表) and Form 2 (登记表) — out of an upload.

Pure: no database. The upload is one or many files, each a .docx or .xlsx in the layout our
own downloads produce (``documents.form1`` / ``documents.form2``), or a .zip of them. Cells
are found by their labels, whitespace ignored, so a form edited in Word or WPS still reads.

Hostile files are refused as a whole (``ImportFileError``): a zip bomb by its declared sizes
(``archive.check_archive``), too many files, any XML part with a DOCTYPE (no entities, ever;
python-docx's parser does not resolve them either), a read past the time budget; anything a
parser lets out is NOT_FORM, never a server error.
"""

import io
import re
import time
import zipfile
from dataclasses import dataclass, field

from docx import Document
from openpyxl import load_workbook

from liaison.imports.archive import ImportFileError, TimedSource, check_archive

MAX_FILES = 200
MAX_FILE = 5 * 1024 * 1024
MAX_SHEET_ROWS = 200
TIME_BUDGET = 20.0
NOT_FORM = "不是系统下载的信息表或登记表（.docx 或 .xlsx），请用系统下载的表格填写"
DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
FORM1_TITLE, FORM2_TITLE = "委员结对联系服务界别群众信息表", "委员结对联系服务界别群众登记表"
FORM1_HEADERS = ("界别群众姓名", "界别群众党派", "界别群众单位及职务", "界别群众联系电话")
FORM2_LABELS = ("委员姓名", "界别", "所在活动组", "界别群众姓名", "界别群众党派",
                "界别群众联系电话", "界别群众单位职务", "联系服务时间及地点", "联系服务方式",
                "联系服务内容和推动解决的问题", "意见建议", "备注")


@dataclass
class OfficialForm:
    kind: str                 # "form1" | "form2"
    source: str               # e.g. "张伟.docx 第 1 张"
    fields: dict[str, str] = field(default_factory=dict)  # label -> text (Form 2; Form 1 head)
    people: list[dict[str, str]] = field(default_factory=list)  # Form 1 rows: header -> text


def key(text: object) -> str:
    """A label as compared: no whitespace (ASCII or ideographic), no colon or asterisk."""
    return re.sub(r"[\s\u3000]+", "", str(text or "")).rstrip("：:*＊")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u3000").strip()


def expand(files: list[tuple[str, bytes]], deadline: float) -> list[tuple[str, bytes]]:
    """The upload's form files: zips of forms opened (one level), at most MAX_FILES."""
    out: list[tuple[str, bytes]] = []
    for name, data in files:
        if not data:
            raise ImportFileError("EMPTY", f"{name}：文件是空的")
        if len(data) > MAX_FILE:
            raise ImportFileError("TOO_LARGE", f"{name}：文件超过 5 MB")
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportFileError("NOT_FORM", f"{name}：{NOT_FORM}")
        check_archive(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                out.append((name, data))
                continue
            inner = [i for i in archive.infolist() if not i.is_dir()
                     and not i.filename.startswith("__MACOSX/")
                     and not i.filename.rsplit("/", 1)[-1].startswith(("~$", "."))]
            if len(inner) + len(out) > MAX_FILES:
                raise ImportFileError("TOO_MANY_FILES", f"一次最多导入 {MAX_FILES} 个文件")
            for info in inner:
                if time.monotonic() > deadline:
                    raise ImportFileError("TOO_SLOW", "文件读取超时，请分批导入")
                if info.file_size > MAX_FILE:
                    raise ImportFileError("TOO_LARGE", f"{info.filename}：文件超过 5 MB")
                try:
                    out.append((info.filename, archive.read(info)))
                except (zipfile.BadZipFile, OSError, ValueError) as exc:
                    raise ImportFileError("NOT_FORM", f"{info.filename}：无法读取") from exc
        if len(out) > MAX_FILES:
            raise ImportFileError("TOO_MANY_FILES", f"一次最多导入 {MAX_FILES} 个文件")
    if not out:
        raise ImportFileError("EMPTY", "没有上传文件")
    return out


def _refuse_doctype(name: str, data: bytes) -> None:
    """Refuse a document whose XML declares a DOCTYPE or an entity (sizes checked before)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")) and DOCTYPE.search(archive.read(info)):
                raise ImportFileError("NOT_FORM", f"{name}：文件含有不允许的 XML 声明（DOCTYPE）")


def read_forms(files: list[tuple[str, bytes]], *,
               time_budget: float = TIME_BUDGET) -> list[OfficialForm]:
    """Every Form 1 and Form 2 in the upload, in upload order; refuses the upload as a whole
    for a file that is not a form or not safe to read."""
    deadline = time.monotonic() + time_budget
    forms: list[OfficialForm] = []
    for name, data in expand(files, deadline):
        check_archive(data)
        _refuse_doctype(name, data)
        source = TimedSource(data, deadline)
        try:
            found = _read_docx(source) if _is_docx(data) else _read_xlsx(source)
        except ImportFileError:
            raise
        except Exception as exc:  # python-docx / openpyxl raise many kinds for foreign files
            failure = source.failure()
            raise ImportFileError(failure.code if failure.code == "TOO_SLOW" else "NOT_FORM",
                                  f"{name}：{failure.message if source.expired else NOT_FORM}",
                                  ) from exc
        if not found:
            raise ImportFileError("NOT_FORM", f"{name}：{NOT_FORM}")
        for n, form in enumerate(found, 1):
            form.source = f"{name} 第 {n} 张"
        forms += found
    return forms


def _is_docx(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "word/document.xml" in archive.namelist()


def _dedupe(cells) -> list[str]:
    """A Word row's texts, a merged cell once (python-docx repeats it per grid column)."""
    out, last = [], None
    for cell in cells:
        if cell._tc is not last:
            out.append(cell.text)
        last = cell._tc
    return out


def _read_docx(source: TimedSource) -> list[OfficialForm]:
    document = Document(source)
    forms: list[OfficialForm] = []
    head: dict[str, str] = {}
    for block in document.iter_inner_content():
        source.check()
        if not hasattr(block, "rows"):
            head.update(_head_fields(block.text))
            continue
        grid = [_dedupe(row.cells) for row in block.rows]
        form = _from_grid(grid, head)
        if form is not None:
            forms.append(form)
        head = {}
    return forms


def _head_fields(text: str) -> dict[str, str]:
    """委员姓名：X  所在界别：Y on Form 1's line (a tab, spaces or nothing between)."""
    found = {}
    for label in ("委员姓名", "所在界别"):
        match = re.search(label + r"[\s\u3000]*[：:][\s\u3000]*(.*?)(?=\t|\s{2,}|所在界别|$)",
                          text)
        if match:
            found[label] = match.group(1).strip()
    return found


def _from_grid(grid: list[list[str]], head: dict[str, str]) -> OfficialForm | None:
    """A Form 1 table (a header row naming the constituents' columns) or a Form 2 table
    (label cells, each followed by its value); None for any other table."""
    keyed = [[key(c) for c in row] for row in grid]
    for r, row in enumerate(keyed):
        if all(h in row for h in FORM1_HEADERS):
            where = {h: row.index(h) for h in FORM1_HEADERS}
            people = []
            for values in grid[r + 1:]:
                person = {h: _text(values[i]) if i < len(values) else ""
                          for h, i in where.items()}
                if any(person.values()):
                    people.append(person)
            return OfficialForm("form1", "", dict(head), people)
    fields: dict[str, str] = {}
    for row, texts in zip(keyed, grid, strict=True):
        for i, label in enumerate(row):
            if label in FORM2_LABELS and label not in fields:
                fields[label] = _text(texts[i + 1]) if i + 1 < len(texts) else ""
    if "联系服务方式" in fields and "委员姓名" in fields:
        return OfficialForm("form2", "", fields)
    return None


def _read_xlsx(source: TimedSource) -> list[OfficialForm]:
    book = load_workbook(source, read_only=True, data_only=True)
    forms = []
    try:
        for sheet in book.worksheets:
            grid, head = [], {}
            for cells in sheet.iter_rows(max_row=MAX_SHEET_ROWS, max_col=10, values_only=True):
                source.check()
                texts = [_text(c) for c in cells]
                for text in texts:
                    head.update(_head_fields(text))
                grid.append(texts)
            form = _from_grid([_skip_blanks_after_labels(row) for row in grid], head)
            if form is not None:
                forms.append(form)
    finally:
        book.close()
    return forms


def _skip_blanks_after_labels(row: list[str]) -> list[str]:
    """An Excel row as Word would show it: trailing blanks of a merged range dropped."""
    while row and row[-1] == "":
        row = row[:-1]
    return row
