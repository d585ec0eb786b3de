"""Planned layouts (规划布局): two short articles of our own are ingested by the default
pipeline and 遂宁市 is analysed on 新能源电池 — plans name nodes without projects."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from chainatlas.analysis import RegionChainReport

ARTICLES = [
    ("2024-06-12", "遂宁市谋划锂电产业园区",
     "遂宁市近日印发锂电产业发展方案。射洪经济开发区重点布局隔膜、电解液项目；"
     "船山产业园主要引进负极材料和电池回收企业。当地正极材料产能持续增长。"
     "成都市则聚焦电芯制造和储能系统集成。遂宁市还将引进遂宁碳酸锂科技有限公司。"),
    ("2024-07-02", "德阳市发展新材料",
     "德阳市规划建设铜箔产业园，打造电子材料基地。"),
]  # fmt: skip


@pytest.fixture
def analyse(
    analyse_articles: Callable[..., Callable[[str], RegionChainReport]],
) -> Callable[[str], RegionChainReport]:
    return analyse_articles(ARTICLES, "新能源电池")


@pytest.mark.parametrize(
    ("region", "planned"),
    [
        # a planning verb and a node word in a sentence about the city or its parks
        ("遂宁市", {"separator", "electrolyte", "anode", "recycling"}),
        # another city's plans, in the same article, stay with that city
        ("成都市", {"cell", "energy-storage"}),
        ("德阳市", {"copper-foil"}),
        # a province gathers the plans of its cities
        ("四川省", {"separator", "electrolyte", "anode", "recycling", "cell", "energy-storage",
                   "copper-foil"}),
    ],
)  # fmt: skip
def test_layouts_per_region(
    analyse: Callable[[str], RegionChainReport], region: str, planned: set[str]
) -> None:
    report = analyse(region)
    assert set(report.planned) == planned


def test_a_sentence_without_a_planning_verb_is_no_layout(
    analyse: Callable[[str], RegionChainReport],
) -> None:
    assert analyse("遂宁市").node("cathode").layouts == []


def test_a_node_word_inside_a_firm_name_is_no_layout(
    analyse: Callable[[str], RegionChainReport],
) -> None:
    report = analyse("遂宁市")
    firms = [f.name for f in report.node("lithium-salts").firms]
    assert firms == ["遂宁碳酸锂科技有限公司"]  # the firm is read, its name is no plan
    assert report.node("lithium-salts").layouts == []


def test_layouts_leave_a_node_missing_and_say_so(
    analyse: Callable[[str], RegionChainReport],
) -> None:
    report = analyse("遂宁市")
    separator = report.node("separator")
    assert not separator.covered and "separator" in report.missing
    (layout,) = separator.layouts
    assert layout.sentence == "射洪经济开发区重点布局隔膜、电解液项目；"
    assert layout.terms == ["隔膜"] and layout.document == "遂宁市谋划锂电产业园区"
    gap = next(g for g in report.fill if g.node_id == "separator")
    assert any("已规划布局" in reason for reason in gap.reasons)
    unplanned = next(g for g in report.fill if g.node_id == "pack")
    assert not any("已规划布局" in reason for reason in unplanned.reasons)


def test_layouts_in_json(analyse: Callable[[str], RegionChainReport]) -> None:
    data = analyse("遂宁市").to_json()
    assert set(data["summary"]["planned"]) == {"separator", "electrolyte", "anode", "recycling"}
    anode = next(n for n in data["nodes"] if n["node_id"] == "anode")
    (layout,) = anode["layouts"]
    assert layout["published"] == "2024-06-12" and layout["terms"] == ["负极材料"]
    assert set(layout) == {"sentence", "document_id", "document", "published", "terms"}
    json.dumps(data, ensure_ascii=False)
