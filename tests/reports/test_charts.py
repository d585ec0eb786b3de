"""Briefing charts: PNG bytes of a plausible size, the same bytes every time, and a clear
error naming the font file when it is missing."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from chainatlas.reports import Briefing, FontMissing
from chainatlas.reports.charts import DPI, WIDTH_IN, briefing_charts
from chainatlas.reports.period import Period

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return width, height


def test_three_charts_as_png(briefing: Briefing) -> None:
    charts = briefing_charts(briefing)
    assert [c.key for c in charts] == ["targets", "monthly", "funnel"]
    for chart in charts:
        assert chart.png.startswith(PNG_SIGNATURE)
        width, height = _size(chart.png)
        assert width == WIDTH_IN * DPI
        assert 150 < height < 1200
        assert 5_000 < len(chart.png) < 500_000
        assert chart.data_uri.startswith("data:image/png;base64,iVBORw0KGgo")
    assert charts[0].title == "2026年目标完成情况（截至6月30日）"


def test_charts_are_deterministic(briefing: Briefing) -> None:
    first = [c.png for c in briefing_charts(briefing)]
    assert [c.png for c in briefing_charts(briefing)] == first
    assert b"Software" not in first[0]


def test_no_target_chart_without_targets(briefing: Briefing) -> None:
    briefing.period = Period(
        briefing.period.start.replace(year=2025), briefing.period.end.replace(year=2025)
    )
    briefing.targets = [section.__class__(section.team, []) for section in briefing.targets]
    assert [c.key for c in briefing_charts(briefing)] == ["monthly", "funnel"]


def test_missing_font_is_named(briefing: Briefing, tmp_path: Path) -> None:
    with pytest.raises(
        FontMissing, match=r"NotoSansSC-Regular\.ttf is missing: run `make install`"
    ):
        briefing_charts(briefing, tmp_path)
