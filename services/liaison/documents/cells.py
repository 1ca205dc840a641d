"""The one way text from the database enters a generated .xlsx or .docx.

Stored text may hold anything a client once sent: C0 control characters make openpyxl and
python-docx (lxml) refuse to write the file, so they are removed (tab and newline stay; a
carriage return becomes a newline). In a spreadsheet, a text cell is always written as a
string (data type ``s``), never as a formula or an error code, and a value that Excel would
take as a formula once the cell is edited or the sheet saved as CSV (``= + - @``, tab, CR)
is prefixed with a single quote, as OWASP advises against CSV/formula injection.
"""

import re

from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl.cell.cell import Cell

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """The text without C0 control characters but tab and newline (for .docx and .xlsx)."""
    return CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def safe_text(value: str) -> str:
    """Text for a spreadsheet cell: cleaned, and never read as a formula."""
    text = clean_text(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_cell(cell: Cell, value: object) -> Cell:
    """Set a cell: text through ``safe_text`` and stored as a plain string; numbers, dates
    and empty cells as they are."""
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def docx_run(paragraph, text: str, *, font: str, size: float, bold: bool = False):
    """A run of (cleaned) text in ``font`` at ``size`` points; the East Asian font is set
    too, or Word shows Chinese in its fallback font."""
    run = paragraph.add_run(clean_text(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run
