"""The briefing as DOCX, read back with python-docx: headings, tables, pictures, fonts."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

from docx import Document
from docx.oxml.ns import qn

from chainatlas.reports import Briefing
from chainatlas.reports.docx import render_docx


def test_docx_headings_tables_and_charts(briefing: Briefing) -> None:
    document = Document(BytesIO(render_docx(briefing)))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings[0] == "一、总体情况"
    assert headings[-1] == "九、产业链补链方向"
    assert len(headings) == 9
    assert document.paragraphs[0].text == "招商工作简报"
    assert document.paragraphs[1].text == "2026年4月1日至2026年6月30日 · 安徽省池州市"
    signings = next(t for t in document.tables if t.rows[0].cells[-1].text == "核验")
    assert [c.text for c in signings.rows[1].cells[:2]] == ["储能电池项目", "某某储能科技"]
    assert signings.rows[1].cells[-1].text == "已核验"
    assert len(document.inline_shapes) == 3
    assert document.core_properties.title.startswith("招商工作简报 2026年4月1日")


def test_docx_sets_the_east_asian_font(briefing: Briefing) -> None:
    document = Document(BytesIO(render_docx(briefing)))
    for name in ("Normal", "Heading 1", "Title"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans SC"


def test_docx_without_the_font_has_no_charts_but_says_why(
    briefing: Briefing, tmp_path: Path
) -> None:
    document = Document(BytesIO(render_docx(briefing, tmp_path)))
    assert len(document.inline_shapes) == 0
    assert any("make install" in p.text for p in document.paragraphs)
    assert len(document.tables) >= 5


def test_docx_parts_are_dated_by_the_briefing(briefing: Briefing) -> None:
    data = render_docx(briefing)
    with ZipFile(BytesIO(data)) as package:
        stamps = {part.date_time for part in package.infolist()}
    assert stamps == {(2026, 7, 10, 0, 0, 0)}
    assert render_docx(briefing) == data
