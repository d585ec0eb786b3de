"""Builders of small Word and PDF files for the ingestion tests, made in memory."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

DocxBuilder = Callable[..., bytes]
PdfBuilder = Callable[[Sequence[str]], bytes]

# Ships with reportlab (no font file needed) and maps back to Unicode in pypdf.
_CHINESE_FONT = "STSong-Light"


@pytest.fixture
def make_docx() -> DocxBuilder:
    """Return a builder: paragraphs, an optional table (rows of cells), an optional title."""

    def build(
        paragraphs: Sequence[str],
        table: Sequence[Sequence[str]] = (),
        title: str = "",
        merge_first_row: bool = False,
    ) -> bytes:
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        if table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row_index, row in enumerate(table):
                for column_index, value in enumerate(row):
                    grid.cell(row_index, column_index).text = value
            if merge_first_row:
                grid.cell(0, 0).merge(grid.cell(0, len(table[0]) - 1))
        document.core_properties.title = title
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return build


@pytest.fixture
def make_pdf() -> PdfBuilder:
    """Return a builder of a one-page PDF whose text layer holds ``lines`` (none: a blank page)."""
    pdfmetrics.registerFont(UnicodeCIDFont(_CHINESE_FONT))

    def build(lines: Sequence[str]) -> bytes:
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer)
        page.setFont(_CHINESE_FONT, 12)
        for index, line in enumerate(lines):
            page.drawString(72, 760 - 20 * index, line)
        page.showPage()
        page.save()
        return buffer.getvalue()

    return build
