"""From articles to a region's analysis: four short articles of our own are ingested,
extracted by the default pipeline (which mounts projects on chains) and resolved, then
池州市 and 青阳县 are analysed on 镁铝轻合金. Assertions stay with what rule-based
extraction finds robustly."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chainatlas.analysis import RegionChainReport

ARTICLES = [
    ("2023-03-10", "青阳县签约镁合金项目",
     "2023年3月8日，青阳县人民政府与青阳华镁轻合金有限公司签订投资协议，青阳华镁轻合金有限公司"
     "将在青阳经济开发区建设年产30万吨高性能镁合金项目，项目总投资50亿元。"),
    ("2024-05-21", "青阳县镁产业项目建设提速",
     "2024年5月20日，青阳华镁轻合金有限公司年产30万吨高性能镁合金项目正式投产。同日，"
     "池州力铸精密有限公司投资8亿元的镁合金压铸件项目在青阳县开工建设。"),
    ("2024-04-03", "闻喜县汽车镁合金零部件项目签约",
     "2024年4月2日，运城晋镁汽车部件有限公司与闻喜县签约，投资20亿元建设年产500万件"
     "汽车镁合金零部件项目。"),
    ("2023-11-07", "府谷县还原罐项目投产",
     "2023年11月6日，榆林恒固还原罐有限公司在府谷县投资3亿元建设的年产2万只镁还原罐项目建成投产。"),
]  # fmt: skip


@pytest.fixture
def analyse(
    analyse_articles: Callable[..., Callable[[str], RegionChainReport]],
) -> Callable[[str], RegionChainReport]:
    return analyse_articles(ARTICLES, "镁铝轻合金")


def test_county(analyse: Callable[[str], RegionChainReport]) -> None:
    report = analyse("青阳县")
    alloy = report.node("magnesium-alloy")
    assert alloy.covered and [f.name for f in alloy.firms] == ["青阳华镁轻合金有限公司"]
    assert any("高性能镁合金项目" in (p.sentence or "") for p in alloy.projects)
    assert "primary-magnesium" in report.missing
    assert report.leaders[0].name == "青阳华镁轻合金有限公司"
    assert ("primary-magnesium", "upstream") in [(g.node_id, g.direction) for g in report.extend]


def test_city_aggregates_its_counties_and_finds_candidates(
    analyse: Callable[[str], RegionChainReport],
) -> None:
    report = analyse("池州市")
    assert {"magnesium-alloy", "light-alloy-castings"} <= set(report.covered)
    fill = {gap.node_id: gap for gap in report.fill}
    (retort,) = fill["reduction-retort"].candidates
    assert retort.name == "榆林恒固还原罐有限公司"
    assert any("府谷县" in reason and "3亿元" in reason for reason in retort.reasons)
    parts = [c.name for c in fill["auto-magnesium-parts"].candidates]
    assert parts == ["运城晋镁汽车部件有限公司"]
    assert ("auto-magnesium-parts", "downstream") in [
        (g.node_id, g.direction) for g in report.extend
    ]
