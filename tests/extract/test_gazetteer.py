"""Tests for chainatlas.extract.gazetteer: parsing the division list and looking names up."""

from __future__ import annotations

import pytest

from chainatlas.extract.gazetteer import (
    Division,
    Gazetteer,
    load_gazetteer,
    parse_divisions,
    parse_old_names,
)

# A made-up division list in jionlp's layout: province, city (1 tab), county (2 tabs),
# towns (3 tabs, ignored), an entry without a code (ignored), a municipality.
FIXTURE = [
    "云梦省\t990000\t云梦",
    "\t星河市\t990100\t星河",
    "\t\t北湾区\t990102\t北湾",
    "\t\t石桥县\t990121\t石桥",
    "\t\t星河高新技术产业开发区\t990171\t高新区",
    "\t\t\t石桥镇",
    "\t\t无码区",
    "\t月湖苗族自治州\t992300\t月湖",
    "\t\t青岚苗族自治县\t992321\t青岚",
    "海川市\t980000\t海川",
    "\t海川市\t980000\t海川",
    "\t\t滨江区\t980105\t滨江",
]


@pytest.fixture(scope="module")
def small() -> Gazetteer:
    divisions = parse_divisions(FIXTURE)
    old = parse_old_names(
        ["2019-01-01\t国批\t云梦省\t云梦\t旧港市\t旧港=>云梦省\t星河市"], divisions
    )
    return Gazetteer(divisions, old, frozenset({"石桥"}))


def _names(divisions: list[Division]) -> list[str]:
    return [d.name for d in divisions]


def test_parse_keeps_levels_parents_and_codes(small: Gazetteer) -> None:
    county = small.by_code("990121")
    assert county == Division(
        "石桥县", "石桥", "990121", "county", "云梦省", "星河市", "990000", "990100"
    )
    assert small.by_code("990100") is not None
    assert small.by_code("990100").level == "city"  # type: ignore[union-attr]


def test_municipality_is_one_province_level_division(small: Gazetteer) -> None:
    assert _names(small.lookup("海川")) == ["海川市"]
    district = small.lookup("滨江区")[0]
    assert (district.province, district.city, district.city_code) == ("海川市", "海川市", "980000")


def test_zones_carry_their_city_code_and_only_full_names(small: Gazetteer) -> None:
    zone = small.lookup("星河高新技术产业开发区")[0]
    assert (zone.level, zone.code, zone.city) == ("zone", "990100", "星河市")
    assert small.lookup("高新区") == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("石桥", ["石桥县"]),
        ("星河", ["星河市"]),
        ("月湖州", ["月湖苗族自治州"]),
        ("青岚县", ["青岚苗族自治县"]),
        ("旧港", ["星河市"]),  # old name
        ("无码区", []),  # entries without a code are skipped
        ("石桥镇", []),  # towns are not divisions here
    ],
)
def test_lookup_by_full_short_and_old_names(
    small: Gazetteer, name: str, expected: list[str]
) -> None:
    assert _names(small.lookup(name)) == expected


def test_common_words_are_flagged(small: Gazetteer) -> None:
    assert small.is_common_word("石桥")
    assert not small.is_common_word("北湾")


def test_find_returns_overlapping_matches(small: Gazetteer) -> None:
    found = {(m.surface, m.kind) for m in small.find("石桥县北湾区")}
    assert {("石桥县", "full"), ("石桥", "short"), ("北湾区", "full"), ("北湾", "short")} <= found


# The real data, read from the installed jionlp package.


@pytest.fixture(scope="module")
def real() -> Gazetteer:
    return load_gazetteer()


def test_load_gazetteer_is_built_once(real: Gazetteer) -> None:
    assert load_gazetteer() is real


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("青阳", "青阳县"),
        ("萍乡", "萍乡市"),
        ("阿坝州", "阿坝藏族羌族自治州"),
        ("湘东", "湘东区"),
        ("襄樊", "襄阳市"),
    ],
)
def test_real_lookup(real: Gazetteer, name: str, expected: str) -> None:
    assert expected in _names(real.lookup(name))


def test_real_ambiguous_short_form_lists_every_reading(real: Gazetteer) -> None:
    readings = {(d.name, d.province) for d in real.lookup("西安")}
    assert {("西安市", "陕西省"), ("西安区", "吉林省")} <= readings


def test_real_codes_and_parents(real: Gazetteer) -> None:
    county = real.by_code("341723")
    assert county is not None
    assert (county.name, county.city, county.province) == ("青阳县", "池州市", "安徽省")


@pytest.mark.parametrize("generic", ["城区", "郊区", "新区", "合作"])
def test_real_generic_names_are_not_matched(real: Gazetteer, generic: str) -> None:
    assert real.lookup(generic) == []
