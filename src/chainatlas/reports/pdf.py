"""The briefing as PDF (fpdf2): title with period and region, numbered sections, tables
with shaded headers that repeat across page breaks, the charts, page numbers in the
footer. Noto Sans SC is embedded as a subset, so the Chinese text can be copied and
searched; the metadata carry the title and the briefing's day, so one briefing always
gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from io import BytesIO
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import WrapMode, XPos, YPos
from PIL import Image

from chainatlas.reports.briefing import Briefing
from chainatlas.reports.charts import Chart, briefing_charts
from chainatlas.reports.content import MARKS, Paragraph, Table, outline
from chainatlas.reports.fonts import FONT_DIR, find_fonts

FONT = "noto"
HEADER_FILL = (221, 231, 243)
MUTED = (100, 100, 100)
RULE = (170, 180, 192)
MARK_STYLES = {
    "ahead": FontFace(emphasis="BOLD", color=(30, 123, 69)),
    "behind": FontFace(emphasis="BOLD", color=(179, 38, 30)),
    "unverified": FontFace(color=(154, 103, 0)),
}
CHART_WIDTH_IN = 7.2
MIN_CHART_SCALE = 0.6  # charts.WIDTH_IN: the PNG's width before it is scaled to the page


class _Document(FPDF):
    """A4 portrait with the briefing's title and page numbers in each footer."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        text = f"{self.footer_text}    第 {self.page_no()} 页 / 共 {{nb}} 页"
        self.cell(0, 8, text, align="C")


def render_pdf(briefing: Briefing, font_dir: Path = FONT_DIR) -> bytes:
    """The briefing as PDF bytes; FontMissing (naming the path) if the font is absent."""
    fonts = find_fonts(font_dir)
    charts = {chart.key: chart for chart in briefing_charts(briefing, font_dir)}
    pdf = _Document(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(fonts.regular))
    pdf.add_font(FONT, "B", str(fonts.bold))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.footer_text = f"{briefing.title} · {briefing.period.label}"
    made = datetime.combine(briefing.today, time(0, 0), tzinfo=UTC)
    pdf.set_title(f"{briefing.title} {briefing.subtitle}")
    pdf.set_subject(briefing.period.label)
    pdf.set_author("ChainAtlas")
    pdf.set_creator("ChainAtlas")
    pdf.set_producer("ChainAtlas")
    pdf.set_creation_date(made)
    pdf.set_lang("zh-CN")
    pdf.add_page()
    _title(pdf, briefing)
    for section in outline(briefing):
        _heading(pdf, section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _paragraph(pdf, block)
            elif isinstance(block, Table):
                _table(pdf, block)
            elif block.key in charts:
                _chart(pdf, charts[block.key])
    return bytes(pdf.output())


def _title(pdf: FPDF, briefing: Briefing) -> None:
    pdf.set_font(FONT, "B", 20)
    pdf.cell(0, 12, briefing.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 7, briefing.subtitle, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    pdf.set_text_color(*MUTED)
    made = f"编制日期：{briefing.today.year}年{briefing.today.month}月{briefing.today.day}日"
    pdf.cell(0, 6, made, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.set_draw_color(47, 109, 181)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_draw_color(*RULE)  # thin grey for the tables that follow
    pdf.set_line_width(0.2)
    pdf.ln(4)


def _room(pdf: FPDF, height: float) -> None:
    """A new page unless ``height`` mm still fit on this one."""
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _heading(pdf: FPDF, text: str) -> None:
    _room(pdf, 30)  # a heading never ends a page alone
    pdf.ln(2)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 9, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    pdf.set_font(FONT, size=9 if block.note else 10.5)
    if block.note:
        pdf.set_text_color(*MUTED)
    # CHAR wrapping: Chinese has no spaces to break lines at.
    pdf.multi_cell(0, 6, block.text, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _table(pdf: FPDF, block: Table) -> None:
    if block.caption:
        _room(pdf, 20)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 7, block.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=8.5)
    aligns = ["RIGHT" if i in block.numeric else "LEFT" for i in range(len(block.headers))]
    with pdf.table(
        col_widths=block.widths,
        width=pdf.epw,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        line_height=5.2,
        text_align=tuple(aligns),
        wrapmode=WrapMode.CHAR,
        padding=1,
        repeat_headings=1,
    ) as table:
        table.row(block.headers)
        for values in block.rows:
            row = table.row()
            for value in values:
                row.cell(value, style=MARK_STYLES.get(MARKS.get(value, "")))
    pdf.ln(3)


def _chart(pdf: FPDF, chart: Chart) -> None:
    with Image.open(BytesIO(chart.png)) as image:
        width_px, height_px = image.size
    width = min(pdf.epw, CHART_WIDTH_IN * 25.4)
    height = width * height_px / width_px
    space = pdf.page_break_trigger - pdf.get_y() - 2
    if space >= MIN_CHART_SCALE * height:  # shrink a little rather than leave a blank page end
        width, height = width * min(1.0, space / height), min(height, space)
    _room(pdf, height + 2)
    pdf.image(BytesIO(chart.png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)
    pdf.ln(3)
