"""ECharts options built on the server: the pages embed them as JSON, app.js draws them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chainatlas.chains.schema import SEGMENTS, Chain
from chainatlas.store.dashboard import Bucket, Dashboard

YI = 100_000_000
SEGMENT_COLOURS = {"上游": "#5470c6", "中游": "#91cc75", "下游": "#fac858"}


def _bar(buckets: list[Bucket], label: Callable[[str], str], unit: str) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 16, "top": 24, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "name": unit},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [label(b.key) for b in buckets],
        },
        "series": [{"type": "bar", "data": [round(b.investment_cny / YI, 2) for b in buckets]}],
    }


def dashboard_charts(
    board: Dashboard,
    t: Callable[..., str],
    status_label: Callable[[str | None], str],
    chain_label: Callable[[str], str],
) -> dict[str, dict[str, Any]]:
    """Options of the 驾驶舱 charts: status pie, chain and region bars, monthly trend."""
    unit = "亿元"
    return {
        "status": {
            "tooltip": {"trigger": "item"},
            "legend": {"bottom": 0, "type": "scroll"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "data": [
                        {
                            "name": status_label(None if b.key == "unknown" else b.key),
                            "value": b.projects,
                        }
                        for b in board.by_status
                    ],
                }
            ],
        },
        "chain": _bar(
            board.by_chain,
            lambda k: chain_label(k) if k != "unknown" else t("status.unknown"),
            unit,
        ),
        "region": _bar(
            board.by_region, lambda k: k if k != "unknown" else t("status.unknown"), unit
        ),
        "month": {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": [t("dash.projects"), t("dash.investment")], "bottom": 0},
            "grid": {"left": 8, "right": 8, "top": 24, "bottom": 32, "containLabel": True},
            "xAxis": {"type": "category", "data": [b.key for b in board.by_month]},
            "yAxis": [{"type": "value"}, {"type": "value", "name": unit}],
            "series": [
                {
                    "name": t("dash.projects"),
                    "type": "bar",
                    "data": [b.projects for b in board.by_month],
                },
                {
                    "name": t("dash.investment"),
                    "type": "line",
                    "yAxisIndex": 1,
                    "smooth": True,
                    "data": [round(b.investment_cny / YI, 2) for b in board.by_month],
                },
            ],
        },
    }


def chain_graph(chain: Chain, segment_label: Callable[[str], str]) -> dict[str, Any]:
    """The chain as a left-to-right graph: one column per segment, supply edges as arrows."""
    rows: dict[str, int] = {}
    nodes = []
    for node in chain.nodes:
        column = SEGMENTS.index(node.segment)
        row = rows.get(node.segment, 0)
        rows[node.segment] = row + 1
        nodes.append(
            {
                "id": node.id,
                "name": node.name,
                "x": column * 320,
                "y": row * 70,
                "category": column,
                "symbolSize": 18,
                "itemStyle": {"color": SEGMENT_COLOURS[node.segment]},
                "label": {"show": True, "position": "right"},
            }
        )
    return {
        "tooltip": {},
        "legend": {"data": [segment_label(s) for s in SEGMENTS], "bottom": 0},
        "series": [
            {
                "type": "graph",
                "layout": "none",
                "roam": True,
                "draggable": False,
                "categories": [
                    {"name": segment_label(s), "itemStyle": {"color": SEGMENT_COLOURS[s]}}
                    for s in SEGMENTS
                ],
                "data": nodes,
                "links": [{"source": e.source, "target": e.target} for e in chain.edges],
                "edgeSymbol": ["none", "arrow"],
                "edgeSymbolSize": 8,
                "lineStyle": {"curveness": 0.15, "opacity": 0.7},
            }
        ],
    }


# Coverage colours of the region page, strongest first; missing nodes are grey.
COVERAGE_COLOURS = {
    "strong": "#2e7d32",
    "medium": "#7cb342",
    "weak": "#f9a825",
    "missing": "#bdbdbd",
}


def region_graph(
    chain: Chain,
    strength: dict[str, str],
    segment_label: Callable[[str], str],
    strength_label: Callable[[str], str],
) -> dict[str, Any]:
    """The chain graph of one region: nodes placed by segment, coloured by coverage.

    ``strength`` maps node ids to missing | weak | medium | strong; the legend shows
    the coverage levels instead of the segments (the columns already show those).
    """
    option = chain_graph(chain, segment_label)
    series = option["series"][0]
    levels = list(COVERAGE_COLOURS)
    series["categories"] = [
        {"name": strength_label(level), "itemStyle": {"color": COVERAGE_COLOURS[level]}}
        for level in levels
    ]
    for node in series["data"]:
        level = strength.get(node["id"], "missing")
        node["category"] = levels.index(level)
        node["itemStyle"] = {"color": COVERAGE_COLOURS[level]}
        node["symbolSize"] = 26 if level != "missing" else 16
    option["legend"] = {"data": [strength_label(level) for level in levels], "bottom": 0}
    option["title"] = {
        "text": "  ".join(segment_label(s) for s in SEGMENTS),
        "left": "center",
        "textStyle": {"fontSize": 12, "fontWeight": "normal", "color": "#666"},
    }
    return option
