"""Coverage of a chain's nodes in a region, on the hand-built battery knowledge base."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chainatlas.analysis import RegionChainReport

Analyse = Callable[[str], RegionChainReport]
YUXI_COVERED = ["cathode", "separator", "cell", "pack", "energy-storage"]


@pytest.mark.parametrize(
    ("region", "covered"),
    [
        ("玉溪市", YUXI_COVERED),
        ("530400", YUXI_COVERED),
        # the province adds 昆明市's anode plant to 玉溪市's nodes
        ("云南", ["cathode", "anode", "separator", "cell", "pack", "energy-storage"]),
        # a county holds only the projects inside it; 玉溪华能 is registered in the city
        ("华宁县", ["cathode"]),
        ("萍乡市", ["electrolyte"]),
        ("青阳县", []),
    ],
)
def test_covered_nodes(analyse: Analyse, region: str, covered: list[str]) -> None:
    report = analyse(region)
    assert report.covered == covered
    assert len(report.covered) + len(report.missing) == 12


@pytest.mark.parametrize(
    ("node", "firms", "statuses", "investment", "strength"),
    [
        ("cell", ["玉溪华能锂电有限公司", "玉溪新能电池有限公司"],
         {"construction": 1, "operating": 1}, 70e8, "medium"),
        ("cathode", ["玉溪华能锂电有限公司"], {"operating": 1}, 30e8, "weak"),
        ("separator", ["恩隆隔膜(玉溪)有限公司"], {"signed": 1}, 10e8, "weak"),
        ("pack", ["宁德锂想科技有限公司"], {"signed": 1}, 8e8, "weak"),
        ("energy-storage", ["玉溪市储能科技有限公司"], {}, 0.0, "weak"),
        ("anode", [], {}, 0.0, "missing"),
    ],
)  # fmt: skip
def test_node_coverage(
    analyse: Analyse,
    node: str,
    firms: list[str],
    statuses: dict[str, int],
    investment: float,
    strength: str,
) -> None:
    coverage = analyse("玉溪市").node(node)
    assert [f.name for f in coverage.firms] == firms
    assert coverage.projects_by_status == statuses
    assert coverage.investment_cny == pytest.approx(investment)
    assert coverage.strength == strength


def test_firms_say_how_they_were_placed(analyse: Analyse) -> None:
    report = analyse("玉溪市")
    assert [f.via for f in report.node("energy-storage").firms] == ["name"]
    cell = report.node("cell")
    assert [f.via for f in cell.firms] == ["projects", "projects"]
    assert [p.name for p in cell.projects] == ["年产20GWh动力电池项目", "锂离子电池电芯项目"]
    assert cell.projects[0].sentence == "玉溪华能锂电有限公司投资建设年产20GWh动力电池项目。"


def test_a_firm_from_elsewhere_sits_only_on_its_local_nodes(analyse: Analyse) -> None:
    # 宁德锂想 makes copper foil in 宁德市 and packs in 玉溪市: 玉溪市 has no copper foil.
    report = analyse("玉溪市")
    assert "copper-foil" in report.missing
    assert [f.name for f in report.node("pack").firms] == ["宁德锂想科技有限公司"]


def test_totals_count_each_project_once(analyse: Analyse) -> None:
    report = analyse("玉溪市")
    assert report.projects == 6  # five on nodes and one on no node of the chain
    assert report.investment_cny == pytest.approx(118e8)
    assert [p.name for p in report.unplaced] == ["新能源产业园项目"]
