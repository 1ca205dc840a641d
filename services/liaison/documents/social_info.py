"""A 社情民意信息 draft as .docx, in the usual layout: the issuer's header line and date, the
title, the body in three headed sections (一、基本情况 / 二、存在问题 / 三、意见建议) and the
反映人 (the member who brought it, with sector and unit) as a table.

基本情况 holds every merged opinion's own text under its title; 存在问题 and 意见建议 are
left as highlighted placeholders for the office to write (free text from the people does not
split reliably into problems and suggestions, and a draft that guessed would be rewritten
anyway). All text goes through ``cells.clean_text``.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Cm, Pt, RGBColor

from liaison.documents.cells import clean_text, docx_run

HEADER = "社情民意信息（草稿）"
SECTIONS = ("一、基本情况", "二、存在问题", "三、意见建议")
PLACEHOLDER = "（请填写）"
REPORTERS = "反映人："
REPORTER_HEADERS = ("姓名", "界别", "工作单位及职务")
NUMERALS = "一二三四五六七八九十"
TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = (
    "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312")
RED = RGBColor(0xC0, 0x00, 0x00)


@dataclass(frozen=True)
class Item:
    """One opinion: its title and what was said."""

    title: str
    content: str


@dataclass(frozen=True)
class Reporter:
    name: str
    sector: str
    unit: str


@dataclass(frozen=True)
class SocialInfo:
    issuer: str  # the tenant's short name (××政协)
    dated: date
    title: str
    items: tuple[Item, ...]
    people: int  # constituents named plus people counted, over every item
    reporters: tuple[Reporter, ...]


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def ordinal(n: int) -> str:
    """（一）…（十）, then （11）…"""
    return f"（{NUMERALS[n - 1]}）" if 1 <= n <= len(NUMERALS) else f"（{n}）"


def summary(info: SocialInfo) -> str:
    people = f"，反映群众 {info.people} 人" if info.people else ""
    return f"本信息由 {len(info.items)} 件意见建议整理{people}。"


def _run(paragraph, text: str, *, font: str = BODY_FONT, size: float = 16,
         bold: bool = False):
    return docx_run(paragraph, text, font=font, size=size, bold=bold)


def _line(document, text: str, *, font: str = BODY_FONT, size: float = 16,
          bold: bool = False, centre: bool = False, indent: bool = False):
    paragraph = document.add_paragraph()
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(28)
    run = _run(paragraph, text, font=font, size=size, bold=bold)
    return paragraph, run


def _placeholder(document) -> None:
    _, run = _line(document, PLACEHOLDER, indent=True)
    run.font.color.rgb = RED
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _reporters(document, reporters: Sequence[Reporter]) -> None:
    rows = [(r.name, r.sector, r.unit) for r in reporters] or [("", "", "")]
    table = document.add_table(rows=1 + len(rows), cols=len(REPORTER_HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(3.2), Cm(4.0), Cm(8.4))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, values in enumerate([REPORTER_HEADERS, *rows]):
        row = table.rows[r]
        row.height = Cm(1.0)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, value, size=14, bold=(r == 0))


def social_info_docx(info: SocialInfo) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _, header = _line(document, f"{info.issuer}{HEADER}", font=TITLE_FONT, size=26,
                      centre=True)
    header.font.color.rgb = RED
    _line(document, f"{info.issuer}委员联络办\u3000\u3000{chinese_date(info.dated)}",
          size=14, centre=True)
    _line(document, info.title, font=TITLE_FONT, size=22, centre=True)
    _line(document, SECTIONS[0], font=HEADING_FONT, indent=True)
    _line(document, summary(info), indent=True)
    for n, item in enumerate(info.items, start=1):
        _line(document, f"{ordinal(n)}{item.title}", font=SUBHEADING_FONT, bold=True,
              indent=True)
        for text in clean_text(item.content).split("\n"):
            if text.strip():
                _line(document, text.strip(), indent=True)
    for heading in SECTIONS[1:]:
        _line(document, heading, font=HEADING_FONT, indent=True)
        _placeholder(document)
    _line(document, REPORTERS, font=HEADING_FONT, indent=True)
    _reporters(document, info.reporters)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
