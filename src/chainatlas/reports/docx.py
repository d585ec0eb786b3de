"""The briefing as a Word document (python-docx): title, numbered headings, tables with
shaded header rows, the charts as pictures.

Word picks the font of Chinese characters from the East Asian slot of ``w:rFonts``, which
python-docx does not expose: it is set here on every style used, so Chinese text shows in
Noto Sans SC (or the reader's substitute) rather than a Latin font's fallback. The
charts need the font file; without it the document says so where the charts would be.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import _Cell

from chainatlas.reports.briefing import Briefing
from chainatlas.reports.charts import Chart, briefing_charts
from chainatlas.reports.content import MARKS, Paragraph, Table, outline
from chainatlas.reports.errors import FontMissing
from chainatlas.reports.fonts import FAMILY, FONT_DIR

HEADER_FILL = "DDE7F3"
MUTED = RGBColor(0x64, 0x64, 0x64)
MARK_COLOURS = {
    "ahead": RGBColor(0x1E, 0x7B, 0x45),
    "behind": RGBColor(0xB3, 0x26, 0x1E),
    "unverified": RGBColor(0x9A, 0x67, 0x00),
}
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption", "Table Grid")


def render_docx(briefing: Briefing, font_dir: Path = FONT_DIR) -> bytes:
    """The briefing as DOCX bytes; charts are left out (with a note) if the font is missing."""
    document = Document()
    _styles(document)
    _properties(document, briefing)
    try:
        charts: dict[str, Chart] | None = {c.key: c for c in briefing_charts(briefing, font_dir)}
        missing = ""
    except FontMissing as error:
        charts, missing = None, f"（图表未生成：{error}）"
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    document.add_heading(briefing.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(briefing.subtitle, style="Subtitle")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in outline(briefing):
        document.add_heading(part.heading, level=1)
        for block in part.blocks:
            if isinstance(block, Paragraph):
                _paragraph(document, block)
            elif isinstance(block, Table):
                _table(document, block)
            elif charts is None:
                _paragraph(document, Paragraph(missing, note=True))
            elif block.key in charts:
                document.add_picture(BytesIO(charts[block.key].png), width=Cm(16))
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = BytesIO()
    document.save(buffer)
    return _dated_zip(buffer.getvalue(), briefing.today)


def _dated_zip(data: bytes, day: date) -> bytes:
    """The DOCX package with every part dated ``day``: python-docx stamps the parts with
    the current time, so the same briefing would differ from one second to the next."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    output = BytesIO()
    with ZipFile(BytesIO(data)) as source, ZipFile(output, "w", ZIP_DEFLATED) as target:
        for part in source.infolist():
            dated = ZipInfo(part.filename, date_time=stamp)
            dated.compress_type = ZIP_DEFLATED
            target.writestr(dated, source.read(part.filename))
    return output.getvalue()


def _styles(document: DocxDocument) -> None:
    for name in STYLES:
        style: BaseStyle = document.styles[name]
        font = getattr(style, "font", None)
        if font is None:
            continue
        font.name = FAMILY
        r_pr = style.element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FAMILY)
        # Theme fonts would override the names above in Word.
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    document.styles["Normal"].font.size = Pt(10.5)  # 五号


def _properties(document: DocxDocument, briefing: Briefing) -> None:
    made = datetime.combine(briefing.today, time(0, 0), tzinfo=UTC)
    properties = document.core_properties
    properties.title = f"{briefing.title} {briefing.subtitle}"
    properties.subject = briefing.period.label
    properties.author = "ChainAtlas"
    properties.last_modified_by = "ChainAtlas"
    properties.created = made
    properties.modified = made
    properties.revision = 1


def _paragraph(document: DocxDocument, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.note:
        run.font.size = Pt(9)
        run.font.color.rgb = MUTED


def _table(document: DocxDocument, block: Table) -> None:
    if block.caption:
        caption = document.add_paragraph(style="Caption")
        caption.add_run(block.caption).bold = True
    table = document.add_table(rows=1, cols=len(block.headers), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Cm(16.6 * w / total) for w in block.widths]
    for i, text in enumerate(block.headers):
        cell = table.rows[0].cells[i]
        _fill(cell, text, bold=True, right=i in block.numeric)
        _shade(cell)
    _repeat_header(table.rows[0]._tr)
    for values in block.rows:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            _fill(cells[i], text, right=i in block.numeric, mark=MARKS.get(text, ""))
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    document.add_paragraph()


def _fill(
    cell: _Cell, text: str, *, bold: bool = False, right: bool = False, mark: str = ""
) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold or mark in ("ahead", "behind")
    if mark:
        run.font.color.rgb = MARK_COLOURS[mark]
    run.font.size = Pt(9)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _shade(cell: _Cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: object) -> None:
    """Mark a table row as the header repeated on each page (w:tblHeader)."""
    tr_pr = row.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
