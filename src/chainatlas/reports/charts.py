"""The briefing's charts as PNG: target completion against 序时进度, signed amounts by
month, and the stage funnel — drawn with matplotlib in Noto Sans SC.

The object API (``Figure`` + the Agg canvas, no ``pyplot``) keeps no global state, so
requests served in threads can draw at the same time. Output is deterministic: fixed
size and DPI, and no software name or date in the PNG metadata.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from chainatlas.pipeline.progress import AHEAD
from chainatlas.pipeline.stages import MAIN_STAGES
from chainatlas.pipeline.targets import AMOUNT_INDICATORS
from chainatlas.reports.briefing import Briefing
from chainatlas.reports.fonts import FONT_DIR, find_fonts

WIDTH_IN = 7.2
DPI = 150
YI = 100_000_000
BLUE = "#2f6db5"
LIGHT = "#a9c4e6"
GREEN = "#2e8b57"
ORANGE = "#d9822b"
GREY = "#9aa0a6"
RED = "#c0392b"


@dataclass(frozen=True)
class Chart:
    key: str  # targets | monthly | funnel
    title: str
    png: bytes

    @property
    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI for a self-contained HTML page."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def briefing_charts(briefing: Briefing, font_dir: Path = FONT_DIR) -> list[Chart]:
    """The charts the briefing has data for; FontMissing if the font is not installed."""
    fonts = find_fonts(font_dir)
    text = FontProperties(fname=str(fonts.regular), size=9)
    title = FontProperties(fname=str(fonts.bold), size=11)
    charts: list[Chart] = []
    if any(section.rows for section in briefing.targets):
        charts.append(_targets(briefing, text, title))
    charts.append(_monthly(briefing, text, title))
    charts.append(_funnel(briefing, text, title))
    return charts


def _figure(height_in: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _png(figure: Figure) -> bytes:
    figure.tight_layout()
    buffer = BytesIO()
    # No "Software" entry: the same briefing gives the same bytes on any matplotlib.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _style_ticks(axes: Axes, text: FontProperties) -> None:
    for label in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        label.set_fontproperties(text)


def _targets(briefing: Briefing, text: FontProperties, title: FontProperties) -> Chart:
    labels: list[str] = []
    values: list[float] = []
    colours: list[str] = []
    several = len(briefing.targets) > 1
    for section in briefing.targets:
        for row in section.rows:
            name = row.label + (f"（{briefing.chain_name(row.chain)}）" if row.chain else "")
            if several and section.team:
                name = f"{section.team}·{name}"
            labels.append(name)
            values.append(row.completion * 100)
            colours.append(GREEN if row.status == AHEAD else ORANGE)
    elapsed = briefing.time_progress * 100
    figure, axes = _figure(1.2 + 0.42 * len(labels))
    positions = list(range(len(labels)))[::-1]  # first target on top
    axes.barh(positions, values, color=colours, height=0.6)
    axes.set_yticks(positions, labels)
    axes.axvline(elapsed, color=RED, linestyle="--", linewidth=1.2)
    marker = f" 序时进度 {elapsed:.1f}%"
    axes.text(elapsed, len(labels) - 0.4, marker, color=RED, fontproperties=text, va="bottom")
    amounts = _targets_text(briefing)
    for position, value, amount in zip(positions, values, amounts, strict=True):
        axes.text(value, position, f" {value:.1f}%  {amount}", va="center", fontproperties=text)
    axes.set_xlim(0, max(110.0, elapsed + 10, *(v * 1.35 for v in values)))
    axes.set_ylim(-0.6, len(labels) + 0.2)
    axes.set_xlabel("完成率（%）", fontproperties=text)
    end = briefing.period.end
    chart_title = f"{briefing.year}年目标完成情况（截至{end.month}月{end.day}日）"
    axes.set_title(chart_title, fontproperties=title)
    _style_ticks(axes, text)
    return Chart("targets", chart_title, _png(figure))


def _targets_text(briefing: Briefing) -> list[str]:
    found: list[str] = []
    for section in briefing.targets:
        for row in section.rows:
            if row.indicator in AMOUNT_INDICATORS:
                found.append(f"{row.achieved / YI:.2f}/{row.target / YI:.2f}亿元")
            else:
                found.append(f"{row.achieved:.0f}/{row.target:.0f}个")
    return found


def _monthly(briefing: Briefing, text: FontProperties, title: FontProperties) -> Chart:
    months = [m.month for m in briefing.monthly]
    verified = [m.verified_cny / YI for m in briefing.monthly]
    unverified = [m.unverified_cny / YI for m in briefing.monthly]
    figure, axes = _figure(3.0)
    axes.bar(months, verified, color=BLUE, label="已核验")
    axes.bar(months, unverified, bottom=verified, color=LIGHT, label="未核验")
    axes.set_xticks(months, [f"{m}月" for m in months])
    axes.set_ylabel("亿元", fontproperties=text)
    chart_title = f"{briefing.year}年各月签约金额"
    axes.set_title(chart_title, fontproperties=title)
    axes.legend(prop=text, frameon=False)
    if not any(verified) and not any(unverified):
        axes.set_ylim(0, 1)
    _style_ticks(axes, text)
    return Chart("monthly", chart_title, _png(figure))


def _funnel(briefing: Briefing, text: FontProperties, title: FontProperties) -> Chart:
    rows = briefing.funnel
    figure, axes = _figure(0.8 + 0.3 * len(rows))
    positions = list(range(len(rows)))[::-1]
    counts = [row.count for row in rows]
    colours = [BLUE if row.stage in MAIN_STAGES else GREY for row in rows]
    axes.barh(positions, counts, color=colours, height=0.6)
    axes.set_yticks(positions, [row.name for row in rows])
    for position, count in zip(positions, counts, strict=True):
        axes.text(count, position, f" {count}", va="center", fontproperties=text)
    axes.set_xlim(0, max(1, *counts) * 1.15)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("项目数", fontproperties=text)
    chart_title = "项目阶段分布（当前）"
    axes.set_title(chart_title, fontproperties=title)
    _style_ticks(axes, text)
    return Chart("funnel", chart_title, _png(figure))
