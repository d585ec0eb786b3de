"""Chain, node and edge models: edge notation, graph checks and neighbour lookups."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from chainatlas.chains.schema import Chain, Edge


def chain_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "mini",
        "name": "小链",
        "nodes": [
            {"id": "a", "segment": "上游", "name": "甲原料", "keywords": ["甲原料"]},
            {"id": "b", "segment": "中游", "name": "乙加工", "keywords": ["乙加工"]},
            {"id": "c", "segment": "下游", "name": "丙应用", "keywords": ["丙应用"]},
        ],
        "edges": ["a -> b", "b -> c"],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("raw", "source", "target"),
    [
        ("a -> b", "a", "b"),
        ("  ore-x ->  metal-y ", "ore-x", "metal-y"),
        ({"from": "a", "to": "c"}, "a", "c"),
    ],
)
def test_edge_notations(raw: Any, source: str, target: str) -> None:
    edge = Edge.model_validate(raw)
    assert (edge.source, edge.target) == (source, target)
    assert str(edge) == f"{source} -> {target}"


@pytest.mark.parametrize("raw", ["a b", "a -> b -> c", {"from": "a"}, {"from": "A", "to": "b"}])
def test_bad_edges(raw: Any) -> None:
    with pytest.raises(ValidationError):
        Edge.model_validate(raw)


def test_neighbours() -> None:
    chain = Chain.model_validate(chain_data(edges=["a -> b", "b -> c", "a -> c"]))
    assert [node.id for node in chain.suppliers("c")] == ["b", "a"]
    assert [node.id for node in chain.customers("a")] == ["b", "c"]
    assert chain.suppliers("a") == []


def test_unknown_node_lookup_names_the_chain() -> None:
    chain = Chain.model_validate(chain_data())
    with pytest.raises(KeyError, match=r"chain 'mini' has no node 'z' \(nodes: a, b, c\)"):
        chain.node("z")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"edges": ["a -> b", "a -> b"]}, "edge 'a -> b' is listed twice"),
        ({"edges": ["x -> b"]}, "unknown source node 'x'"),
        ({"edges": ["b -> b"]}, "self-loop"),
        ({"id": "Mini"}, "String should match pattern"),
        ({"nodes": []}, "at least 2"),
    ],
)
def test_graph_checks(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Chain.model_validate(chain_data(**changes))


def test_single_character_keyword_rejected() -> None:
    data = chain_data()
    data["nodes"][0]["keywords"] = ["铝"]
    with pytest.raises(ValidationError, match="at least 2 characters"):
        Chain.model_validate(data)


def test_industry_code_format() -> None:
    data = chain_data()
    data["nodes"][1]["industry_codes"] = ["C3216"]
    assert Chain.model_validate(data).nodes[1].industry_codes == ("C3216",)
    data["nodes"][1]["industry_codes"] = ["3216"]
    with pytest.raises(ValidationError, match="industry_codes"):
        Chain.model_validate(data)


def test_terms_list_name_first_without_repeats() -> None:
    data = chain_data()
    data["nodes"][0].update(aliases=["甲料"], keywords=["甲原料", "甲矿"], products=["甲矿"])
    node = Chain.model_validate(data).nodes[0]
    assert node.terms() == ("甲原料", "甲料", "甲矿")
