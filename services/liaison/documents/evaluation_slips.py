"""Evaluation slips (群众评议 评议码) as .docx and for the print page: two slips across an A4
page, each with the year, the person it goes to, the member and sector to evaluate, a QR code
of the page's address with the code (segno, PNG made in memory), the code in large type and
the address to type it at. A slip never breaks across pages.

The QR code carries ``<base>/p/<tenant>/evaluate?code=XXXXX-XXXXX``; the printed address is
the page without the code, for those who type it. All text goes through ``cells.clean_text``.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

from liaison.documents.cells import docx_run
from liaison.evaluation.service import Slip, evaluate_path

TITLE_FONT, CODE_FONT, BODY_FONT = "黑体", "黑体", "仿宋_GB2312"
ACROSS = 2
QR_WIDTH = Cm(3.2)
HOW = "用手机扫描二维码，或在浏览器打开下面的网址并输入评议码："
RULES = "每个评议码只能使用一次，评议结束后失效；评议不记名，请勿转交他人。"


@dataclass(frozen=True)
class SlipView:
    """One slip as printed."""

    title: str  # ××政协 2025 年度委员联系群众工作评议
    to: str  # the person
    about: str  # 张伟（中共界别）
    code: str
    url: str  # with the code, in the QR code
    address: str  # without it, to type

    def qr(self) -> segno.QRCode:
        return segno.make(self.url, error="m", micro=False)

    def png(self) -> bytes:
        out = io.BytesIO()
        self.qr().save(out, kind="png", scale=8, border=2)
        return out.getvalue()

    def svg_uri(self) -> str:
        return self.qr().svg_data_uri(scale=4, border=2)


def views(slips: Sequence[Slip], *, base: str, tenant_code: str,
          tenant_name: str) -> list[SlipView]:
    address = f"{base.rstrip('/')}{evaluate_path(tenant_code)}"
    return [SlipView(title=f"{tenant_name} {s.year} 年度委员联系群众工作评议",
                     to=s.recipient.constituent_name,
                     about=f"{s.recipient.member_name}（{s.recipient.sector_name}界别）",
                     code=s.code, url=s.url(base, tenant_code), address=address)
            for s in slips]


def _paragraph(cell, text: str, *, font: str = BODY_FONT, size: float = 11,
               bold: bool = False, centre: bool = False, first: bool = False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx_run(paragraph, text, font=font, size=size, bold=bold)
    return paragraph


def _fill(cell, slip: SlipView) -> None:
    _paragraph(cell, slip.title, font=TITLE_FONT, size=12, bold=True, centre=True, first=True)
    _paragraph(cell, f"致 {slip.to}：")
    _paragraph(cell, f"请对您的结对委员 {slip.about} 一年来联系您、为您服务的情况作出评价"
                     "（满意、基本满意或不满意），也可以留下意见。")
    picture = cell.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(slip.png()), width=QR_WIDTH)
    _paragraph(cell, f"评议码  {slip.code}", font=CODE_FONT, size=16, bold=True, centre=True)
    _paragraph(cell, HOW, size=9)
    _paragraph(cell, slip.address, size=9)
    _paragraph(cell, RULES, size=9)


def _keep_whole(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def slips_docx(slips: Sequence[SlipView]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    table = document.add_table(rows=0, cols=ACROSS)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for start in range(0, len(slips), ACROSS):
        row = table.add_row()
        _keep_whole(row)
        for cell, slip in zip(row.cells, slips[start:start + ACROSS], strict=False):
            cell.width = Cm(9)
            _fill(cell, slip)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
