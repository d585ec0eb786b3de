"""The knowledge base seen through one chain: firms placed by their projects or names."""

from __future__ import annotations

import pytest

from chainatlas.analysis.placement import ChainView, load_chain_view
from chainatlas.chains import ChainMounter, load_library
from chainatlas.store.db import Database


@pytest.fixture
def view(battery_kb: tuple[Database, dict[str, int]]) -> ChainView:
    database, _ = battery_kb
    library = load_library()
    with database.session() as session:
        return load_chain_view(session, library.get("新能源电池"), ChainMounter(library))


@pytest.mark.parametrize(
    ("firm", "nodes", "words"),
    [
        ("玉溪华能锂电有限公司", ["cathode", "cell"], []),  # by its projects, chain order
        ("宁德锂想科技有限公司", ["copper-foil", "pack"], []),
        ("玉溪市储能科技有限公司", ["energy-storage"], ["储能"]),  # by its name
        ("宜春电解液有限公司", ["electrolyte"], ["电解液"]),
    ],
)
def test_firms_placed(view: ChainView, firm: str, nodes: list[str], words: list[str]) -> None:
    (placed,) = [f for f in view.firms.values() if f.name == firm]
    assert (placed.node_ids, placed.name_words) == (nodes, words)


def test_firms_on_no_node_are_left_out(view: ChainView) -> None:
    assert "昆明日用百货有限公司" not in {f.name for f in view.firms.values()}


def test_roles_and_unplaced_projects(view: ChainView) -> None:
    roles = {f.name: f.roles for f in view.firms.values() if f.roles}
    assert roles == {"玉溪华能锂电有限公司": ["chain_leader"]}
    assert [p.name for p in view.unplaced] == ["新能源产业园项目"]
    assert len(view.projects) == 9
    assert str(view.reference_date) == "2024-06-01"
