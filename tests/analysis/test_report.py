"""``analyse_region``: errors naming close matches, and the JSON a web app reads."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from chainatlas.analysis import (
    RegionChainReport,
    UnknownChainError,
    UnknownRegionError,
    analyse_region,
    find_chain,
)
from chainatlas.chains import load_library
from chainatlas.store.db import Database

Analyse = Callable[[str], RegionChainReport]


@pytest.mark.parametrize(
    ("text", "chain_id"),
    [("新能源电池", "new-energy-battery"), ("new-energy-battery", "new-energy-battery"),
     ("镁产业", "magnesium-light-alloy")],
)  # fmt: skip
def test_find_chain(text: str, chain_id: str) -> None:
    assert find_chain(load_library(), text).id == chain_id


def test_unknown_chain_lists_close_matches() -> None:
    with pytest.raises(UnknownChainError, match="unknown chain '新能源电芯'") as caught:
        find_chain(load_library(), "新能源电芯")
    assert "新能源电池 (new-energy-battery)" in caught.value.suggestions


def test_unknown_region_from_analyse(battery_kb: tuple[Database, dict[str, int]]) -> None:
    database, _ = battery_kb
    with database.session() as session, pytest.raises(UnknownRegionError, match="玉溪县"):
        analyse_region(session, "玉溪县", "新能源电池")


def test_to_json_is_plain_json(analyse: Analyse) -> None:
    data = json.loads(json.dumps(analyse("玉溪市").to_json(), ensure_ascii=False))
    assert data["region"]["label"] == "云南省玉溪市"
    assert data["chain"] == {"id": "new-energy-battery", "name": "新能源电池"}
    assert data["summary"]["covered"] == ["cathode", "separator", "cell", "pack", "energy-storage"]
    assert data["summary"]["reference_date"] == "2024-06-01"
    cell = next(n for n in data["nodes"] if n["node_id"] == "cell")
    assert cell["projects"][0]["last_seen"] == "2024-03-01"
    assert data["fill"][4]["candidates"][0]["name"] == "江西萍锂新材料有限公司"
    assert data["leaders"][0]["roles"] == ["chain_leader"]


def test_empty_knowledge_base(database: Database) -> None:
    with database.session() as session:
        report = analyse_region(session, "青阳县", "镁铝轻合金")
    assert report.covered == [] and report.leaders == [] and report.extend == []
    assert [g.node_id for g in report.fill] == report.missing
    assert all(not g.candidates for g in report.fill)
