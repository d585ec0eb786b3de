"""The briefing PDF, read back with pypdf: title, period, names, 序时进度, page numbers."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from chainatlas.reports import Briefing, FontMissing
from chainatlas.reports.pdf import render_pdf


@pytest.fixture
def pdf(briefing: Briefing) -> bytes:
    return render_pdf(briefing)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_pdf_text(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "招商工作简报" in text
    assert "2026年4月1日至2026年6月30日 · 安徽省池州市" in text
    assert "截至2026年6月30日，2026年序时进度为49.6%" in text
    for name in ("储能电池项目", "光伏玻璃项目", "镁合金压铸项目", "新材料研发中心"):
        assert name in text
    flat = text.replace("\n", "")  # lines wrap anywhere in Chinese text
    assert "签约金额15亿元（含增资3亿元）" in flat
    assert "另有未核验签约2个、1.8亿元" in flat
    assert "欠进度" in text and "超进度" in text
    for heading in ("一、总体情况", "二、目标完成情况", "九、产业链补链方向"):
        assert heading in text


def test_pdf_pages_and_metadata(pdf: bytes) -> None:
    reader = PdfReader(BytesIO(pdf))
    pages = len(reader.pages)
    assert pages >= 2
    assert f"第 1 页 / 共 {pages} 页" in reader.pages[0].extract_text()
    assert f"第 {pages} 页 / 共 {pages} 页" in reader.pages[-1].extract_text()
    assert reader.metadata is not None
    assert reader.metadata.title == "招商工作简报 2026年4月1日至2026年6月30日 · 安徽省池州市"
    assert reader.metadata.get("/CreationDate") == "D:20260710000000Z"
    images = sum(len(page.images) for page in reader.pages)
    assert images == 3  # the three charts


def test_pdf_is_deterministic(briefing: Briefing, pdf: bytes) -> None:
    assert render_pdf(briefing) == pdf


def test_long_tables_break_across_pages(briefing: Briefing) -> None:
    entry = briefing.signings[0]
    briefing.signings = [entry.__class__(**{**entry.__dict__, "name": f"测试项目{i:03d}"})
                         for i in range(120)]  # fmt: skip
    text = _text(render_pdf(briefing))
    assert "测试项目000" in text and "测试项目119" in text
    # The header row is repeated on every page the table runs over.
    assert text.count("项目名称 企业 专班 县区 日期 投资额 核验") >= 3


def test_missing_font_is_named(briefing: Briefing, tmp_path: Path) -> None:
    with pytest.raises(FontMissing, match=r"NotoSansSC-Regular\.ttf is missing.*make install"):
        render_pdf(briefing, tmp_path)
