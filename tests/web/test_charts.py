"""ECharts options built on the server."""

from __future__ import annotations

import pytest

from chainatlas.chains import load_library
from chainatlas.store.dashboard import Bucket, Dashboard
from chainatlas.web.charts import COVERAGE_COLOURS, chain_graph, dashboard_charts, region_graph


def test_chain_graph_has_every_node_and_edge_by_segment() -> None:
    chain = load_library().get("镁铝轻合金")
    option = chain_graph(chain, lambda s: s)
    series = option["series"][0]
    assert [n["id"] for n in series["data"]] == [n.id for n in chain.nodes]
    assert len(series["links"]) == len(chain.edges)
    columns = {n.segment: {d["x"] for d in series["data"] if d["id"] == n.id} for n in chain.nodes}
    assert columns.get("上游", {0}) == {0}


@pytest.mark.parametrize("level", ["strong", "medium", "weak"])
def test_region_graph_colours_nodes_by_coverage(level: str) -> None:
    chain = load_library().get("镁铝轻合金")
    covered = chain.nodes[1].id
    option = region_graph(chain, {covered: level}, lambda s: s, lambda s: f"<{s}>")
    nodes = {n["id"]: n for n in option["series"][0]["data"]}
    assert nodes[covered]["itemStyle"]["color"] == COVERAGE_COLOURS[level]
    others = {n["itemStyle"]["color"] for i, n in nodes.items() if i != covered}
    assert others == {COVERAGE_COLOURS["missing"]}
    categories = option["series"][0]["categories"]
    assert categories[nodes[covered]["category"]]["name"] == f"<{level}>"
    assert option["legend"]["data"] == ["<strong>", "<medium>", "<weak>", "<missing>"]
    assert option["series"][0]["edgeSymbol"] == ["none", "arrow"]


def test_dashboard_charts_in_yi_yuan() -> None:
    board = Dashboard(
        projects=2,
        investment_cny=3e9,
        signed_cny=1e9,
        signed_projects=1,
        by_status=[Bucket("signed", 1, 1e9), Bucket("unknown", 1, 2e9)],
        by_chain=[Bucket("magnesium-light-alloy", 2, 3e9)],
        by_region=[Bucket("青阳县", 2, 3e9)],
        by_month=[Bucket("2023-06", 2, 3e9)],
    )
    charts = dashboard_charts(board, lambda key: key, lambda s: s or "?", lambda c: "镁铝")
    assert [d["name"] for d in charts["status"]["series"][0]["data"]] == ["signed", "?"]
    assert charts["chain"]["yAxis"]["data"] == ["镁铝"]
    assert charts["month"]["series"][1]["data"] == [30.0]
