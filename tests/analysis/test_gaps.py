"""补链, 延链 and 强链 on the hand-built battery knowledge base, where the answers are known."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chainatlas.analysis import RegionChainReport

Analyse = Callable[[str], RegionChainReport]


def test_fill_lists_every_missing_node_in_chain_order(analyse: Analyse) -> None:
    report = analyse("玉溪市")
    assert [g.node_id for g in report.fill] == report.missing
    electrolyte = next(g for g in report.fill if g.node_id == "electrolyte")
    assert electrolyte.reasons == [
        "玉溪市尚无电解液环节的企业或项目",
        "本地已有下游电芯，可向上游补齐电解液",
    ]


@pytest.mark.parametrize(
    ("node", "candidates"),
    [
        # a recent, large project first; an old small one next; a firm known by its name last
        ("electrolyte", ["江西萍锂新材料有限公司", "南京化成科技有限公司", "宜春电解液有限公司"]),
        ("copper-foil", ["宁德锂想科技有限公司"]),
        ("anode", ["昆明碳素科技有限公司"]),
        ("lithium-salts", ["宜春锂盐有限公司"]),
        ("lithium-resource", []),
        ("recycling", []),
    ],
)
def test_fill_candidates_ranked(analyse: Analyse, node: str, candidates: list[str]) -> None:
    gap = next(g for g in analyse("玉溪市").fill if g.node_id == node)
    assert [c.name for c in gap.candidates] == candidates
    scores = [c.score for c in gap.candidates]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("node", "firm", "reasons"),
    [
        ("electrolyte", "江西萍锂新材料有限公司", [
            "2024年在萍乡市签约年产5万吨电解液项目，总投资30亿元",
            "其电解液可供应本地电芯企业",
        ]),
        ("electrolyte", "南京化成科技有限公司", [
            "2019年在南京市投产六氟磷酸锂电解液项目，总投资5亿元",
            "其电解液可供应本地电芯企业",
        ]),
        ("electrolyte", "宜春电解液有限公司", [
            "企业名称含“电解液”，据名称挂链",
            "其电解液可供应本地电芯企业",
        ]),
        ("copper-foil", "宁德锂想科技有限公司", [
            "2024年在宁德市蕉城区投产极薄铜箔项目，总投资15亿元",
            "其铜箔可供应本地电芯企业",
            "已在本地投资：电池模组PACK项目",
        ]),
    ],
)  # fmt: skip
def test_candidate_reasons(analyse: Analyse, node: str, firm: str, reasons: list[str]) -> None:
    gap = next(g for g in analyse("玉溪市").fill if g.node_id == node)
    candidate = next(c for c in gap.candidates if c.name == firm)
    assert candidate.reasons == reasons


def test_candidate_scores_follow_the_documented_weights(analyse: Analyse) -> None:
    gap = next(g for g in analyse("玉溪市").fill if g.node_id == "electrolyte")
    # project 3 + reported within a year 2 + 2·log10(1+30) + one edge to local cells 1
    assert [c.score for c in gap.candidates] == pytest.approx([8.98, 5.56, 1.0])


def test_province_takes_no_candidate_from_inside_itself(analyse: Analyse) -> None:
    report = analyse("云南")
    assert "anode" in report.covered
    named = {c.name for gap in report.fill for c in gap.candidates}
    assert "昆明碳素科技有限公司" not in named
    assert "江西萍锂新材料有限公司" in named


def test_extend_lists_absent_neighbours_of_covered_nodes(analyse: Analyse) -> None:
    extend = analyse("玉溪市").extend
    # recycling touches three covered nodes; the rest one each, in chain order
    assert [(g.node_id, g.direction) for g in extend] == [
        ("recycling", "both"),
        ("lithium-salts", "upstream"),
        ("iron-phosphate", "upstream"),
        ("anode", "upstream"),
        ("electrolyte", "upstream"),
        ("copper-foil", "upstream"),
    ]
    recycling = extend[0]
    assert (recycling.after, recycling.before) == (["pack", "energy-storage"], ["cathode"])
    assert recycling.reasons[0] == "本地已有上游电池包/PACK，可向下游延伸至梯次利用与回收"
    assert "lithium-resource" not in [g.node_id for g in extend]  # two steps away


def test_extend_downstream_from_a_county(analyse: Analyse) -> None:
    extend = analyse("华宁县").extend
    assert [(g.node_id, g.direction) for g in extend] == [
        ("lithium-salts", "upstream"),
        ("iron-phosphate", "upstream"),
        ("cell", "downstream"),
        ("recycling", "upstream"),
    ]
    cell = next(g for g in extend if g.node_id == "cell")
    assert cell.reasons == ["本地已有上游正极材料，可向下游延伸至电芯"]
    # 玉溪华能: a recent 50亿 cell plant in 红塔区 and already in 华宁县 with its cathode plant
    assert [c.name for c in cell.candidates] == ["玉溪华能锂电有限公司", "玉溪新能电池有限公司"]
    assert cell.candidates[0].reasons == [
        "2024年在玉溪市红塔区开工建设年产20GWh动力电池项目，总投资50亿元",
        "其电芯可采购本地正极材料产品",
        "已在本地投资：年产10万吨磷酸铁锂正极材料项目",
    ]


def test_strengthen_names_single_firms_and_early_projects(analyse: Analyse) -> None:
    strengthen = analyse("玉溪市").strengthen
    assert [(w.node_id, w.reasons) for w in strengthen] == [
        ("cathode", ["仅有1家企业：玉溪华能锂电有限公司"]),
        ("separator", [
            "仅有1家企业：恩隆隔膜(玉溪)有限公司",
            "项目均处于前期阶段（签约1个），尚无开工或投产项目",
        ]),
        ("pack", [
            "仅有1家企业：宁德锂想科技有限公司",
            "项目均处于前期阶段（签约1个），尚无开工或投产项目",
        ]),
        ("energy-storage", ["仅有1家企业：玉溪市储能科技有限公司"]),
    ]  # fmt: skip
