"""链主 ranking on the hand-built battery knowledge base."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chainatlas.analysis import RegionChainReport

Analyse = Callable[[str], RegionChainReport]


def test_leaders_ranked(analyse: Analyse) -> None:
    leaders = analyse("玉溪市").leaders
    assert [leader.name for leader in leaders] == [
        "玉溪华能锂电有限公司",  # two nodes, nine edges, 80亿, called 链主
        "玉溪新能电池有限公司",  # the cell hub node
        "宁德锂想科技有限公司",  # from 宁德市, with a local pack project
        "恩隆隔膜(玉溪)有限公司",
        "玉溪市储能科技有限公司",  # mounted by its name, no project
    ]
    assert [leader.score for leader in leaders] == pytest.approx([25.82, 12.64, 8.91, 7.08, 5.0])


def test_leader_reasons(analyse: Analyse) -> None:
    first = analyse("玉溪市").leaders[0]
    assert first.reasons == [
        "在本地布局2个环节：正极材料、电芯",
        "所在环节连接9条上下游供应关系",
        "在本地有2个本链项目，投资合计80亿元",
        "报道称其为链主企业",
    ]
    assert (first.node_ids, first.edges, first.roles) == (["cathode", "cell"], 9, ["chain_leader"])


@pytest.mark.parametrize(
    ("region", "leaders"),
    [
        ("华宁县", ["玉溪华能锂电有限公司"]),
        ("萍乡市", ["江西萍锂新材料有限公司"]),
        ("昆明市", ["昆明碳素科技有限公司"]),  # the department store is on no chain
    ],
)
def test_leaders_by_region(analyse: Analyse, region: str, leaders: list[str]) -> None:
    assert [leader.name for leader in analyse(region).leaders] == leaders
