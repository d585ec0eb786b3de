"""Tests of annual targets: parsing typed values, setting, replacing, deleting, and which
team's targets a user may reach."""

from __future__ import annotations

from typing import Any

import pytest

from chainatlas.pipeline.access import AccessDenied, Scope, add_member, scope_of
from chainatlas.pipeline.records import PipelineError, ensure_team
from chainatlas.pipeline.targets import (
    delete_target,
    list_targets,
    parse_target_value,
    set_target,
    team_for,
)

Crew = Any  # the ``crew`` fixture of tests/pipeline/conftest.py
YI = 100_000_000


@pytest.mark.parametrize(
    ("indicator", "text", "expected"),
    [
        ("signed_cny", "50亿", 50 * YI),
        ("signed_cny", "50亿元", 50 * YI),
        ("signed_cny", " 12.5 亿 ", 12.5 * YI),
        ("funds_cny", "5000万", 5000 * 10_000),
        ("funds_cny", "5,000万元", 5000 * 10_000),
        ("funds_cny", "300000000", 3 * YI),
        ("funds_cny", "300000000元", 3 * YI),
        ("projects", "12", 12),
        ("projects", "12个", 12),
        ("projects_100m", "3项", 3),
        ("projects_1b", "1.0", 1),
    ],
)
def test_parse_target_value(indicator: str, text: str, expected: float) -> None:
    assert parse_target_value(indicator, text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("indicator", "text", "message"),
    [
        ("signed_cny", "50", "has no unit"),
        ("signed_cny", "五十亿", "not an amount"),
        ("signed_cny", "50美元", "not an amount"),
        ("funds_cny", "0亿", "must be positive"),
        ("funds_cny", "-3亿", "not an amount"),
        ("projects", "2.5", "not a whole number"),
        ("projects", "3亿", "not a whole number"),
        ("projects", "0", "must be positive"),
        ("tax", "1", "indicator 'tax'"),
    ],
)
def test_parse_target_value_refuses(indicator: str, text: str, message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        parse_target_value(indicator, text)


def test_set_replace_and_delete_targets(crew: Crew) -> None:
    s = crew.session
    region = set_target(s, 2026, "signed_cny", 50 * YI)
    team = set_target(s, 2026, "projects", 3, team=crew.team, chain=" new-energy-vehicle ")
    assert team.chain == "new-energy-vehicle"
    again = set_target(s, 2026, "signed_cny", 60 * YI)
    assert again.id == region.id and again.value == 60 * YI
    assert [(t.indicator, t.value) for t in list_targets(s, 2026)] == [("signed_cny", 60 * YI)]
    delete_target(s, region.id)
    assert list_targets(s, 2026) == []
    assert [t.id for t in list_targets(s, 2026, crew.team)] == [team.id]
    with pytest.raises(PipelineError, match=f"no target with id {region.id}"):
        delete_target(s, region.id)


@pytest.mark.parametrize(
    ("year", "indicator", "value", "message"),
    [
        (1999, "projects", 3, "outside 2000–2100"),
        (2026, "projects", 2.5, "not whole"),
        (2026, "signed_cny", float("inf"), "must be positive"),
        (2026, "signed_cny", float("nan"), "must be positive"),
    ],
)
def test_set_target_refuses_bad_values(
    crew: Crew, year: int, indicator: str, value: float, message: str
) -> None:
    with pytest.raises(PipelineError, match=message):
        set_target(crew.session, year, indicator, value)
    assert list_targets(crew.session, year) == []


def test_team_for_respects_team_membership(crew: Crew) -> None:
    s = crew.session
    other = ensure_team(s, "镁基新材料专班")
    add_member(s, crew.team, crew.recorder)
    member = scope_of(s, crew.recorder)
    assert team_for(s, member, crew.team.id) is crew.team
    assert team_for(s, member, None) is None  # the region's totals
    with pytest.raises(AccessDenied, match="镁基新材料专班"):
        team_for(s, member, other.id)
    region_wide = scope_of(s, crew.checker)
    assert team_for(s, region_wide, other.id) is other
    with pytest.raises(PipelineError, match="no team with id 999"):
        team_for(s, region_wide, 999)
    with pytest.raises(PipelineError, match="no team"):
        team_for(s, Scope(1, "x", "admin", frozenset()), 2**70)
