"""ECharts options built on the server."""

from __future__ import annotations

from chainatlas.chains import load_library
from chainatlas.store.dashboard import Bucket, Dashboard
from chainatlas.web.charts import chain_graph, dashboard_charts


def test_chain_graph_has_every_node_and_edge_by_segment() -> None:
    chain = load_library().get("镁铝轻合金")
    option = chain_graph(chain, lambda s: s)
    series = option["series"][0]
    assert [n["id"] for n in series["data"]] == [n.id for n in chain.nodes]
    assert len(series["links"]) == len(chain.edges)
    columns = {n.segment: {d["x"] for d in series["data"] if d["id"] == n.id} for n in chain.nodes}
    assert columns.get("上游", {0}) == {0}


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
