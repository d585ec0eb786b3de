"""Tests of target progress with 序时进度, the counting rules and stage conversion rates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chainatlas.pipeline.access import add_member, scope_of
from chainatlas.pipeline.models import PipelineRecord
from chainatlas.pipeline.progress import (
    AHEAD,
    BEHIND,
    REGION_TITLE,
    conversion_rates,
    default_as_of,
    pending_signings,
    progress_sections,
    target_progress,
    team_comparison,
    time_progress,
)
from chainatlas.pipeline.records import (
    PipelineError,
    add_amount,
    create_record,
    ensure_team,
    move_stage,
)
from chainatlas.pipeline.targets import set_target

# The ``crew`` fixture of tests/pipeline/conftest.py (conftest modules are not importable).
Crew = Any
YI = 100_000_000


@pytest.mark.parametrize(
    ("year", "as_of", "expected"),
    [
        (2026, date(2026, 1, 1), 1 / 365),
        (2026, date(2026, 3, 31), 90 / 365),
        (2024, date(2024, 2, 29), 60 / 366),
        (2026, date(2026, 12, 31), 1.0),
        (2026, date(2025, 12, 31), 0.0),
        (2026, date(2027, 3, 1), 1.0),
    ],
)
def test_time_progress(year: int, as_of: date, expected: float) -> None:
    assert time_progress(year, as_of) == pytest.approx(expected)


@pytest.fixture
def year_of_work(crew: Crew) -> dict[str, PipelineRecord]:
    s = crew.session
    big = crew.signed("整车基地项目", 12 * YI, date(2026, 2, 10), date(2026, 2, 12), crew.team)
    mid = crew.signed("电池包项目", 3 * YI, date(2026, 5, 20), date(2026, 5, 25))
    unverified = crew.signed("线束项目", 0.5 * YI, date(2026, 3, 1), None)
    last_year = crew.signed("热管理项目", 8 * YI, date(2025, 11, 1), date(2025, 11, 5))
    add_amount(s, last_year, "increase", date(2026, 4, 1), 2 * YI, "二期增资")
    add_amount(s, big, "funds", date(2026, 3, 1), 1 * YI)
    add_amount(s, mid, "funds", date(2026, 6, 1), 2 * YI)
    for indicator, value in [
        ("signed_cny", 20 * YI),
        ("funds_cny", 5 * YI),
        ("projects", 4),
        ("projects_100m", 2),
        ("projects_1b", 1),
    ]:
        set_target(s, 2026, indicator, value)
    set_target(s, 2026, "projects", 1, team=crew.team)
    return {"big": big, "mid": mid, "unverified": unverified, "last_year": last_year}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (
            date(2026, 3, 31),
            {
                "signed_cny": (12 * YI, AHEAD),
                "funds_cny": (1 * YI, BEHIND),
                "projects": (1, AHEAD),
                "projects_100m": (1, AHEAD),
                "projects_1b": (1, AHEAD),
            },
        ),
        (
            date(2026, 9, 30),
            {
                "signed_cny": (17 * YI, AHEAD),
                "funds_cny": (3 * YI, BEHIND),
                "projects": (2, BEHIND),
                "projects_100m": (2, AHEAD),
                "projects_1b": (1, AHEAD),
            },
        ),
    ],
)
def test_region_progress_at_two_dates(
    crew: Crew,
    year_of_work: dict[str, PipelineRecord],
    as_of: date,
    expected: dict[str, tuple[float, str]],
) -> None:
    rows = {row.indicator: row for row in target_progress(crew.session, 2026, as_of)}
    assert {key: (row.achieved, row.status) for key, row in rows.items()} == expected
    elapsed = time_progress(2026, as_of)
    for row in rows.values():
        assert row.time_progress == pytest.approx(elapsed)
        assert row.gap_points == pytest.approx(round((row.completion - elapsed) * 100, 1))


def test_evidence_names_the_counted_records_and_the_increment_only(
    crew: Crew, year_of_work: dict[str, PipelineRecord]
) -> None:
    rows = {row.indicator: row for row in target_progress(crew.session, 2026, date(2026, 9, 30))}
    signed = [(e.record_id, e.amount_cny, e.why) for e in rows["signed_cny"].evidence]
    assert signed == [
        (year_of_work["big"].id, 12 * YI, "签约"),
        (year_of_work["mid"].id, 3 * YI, "签约"),
        (year_of_work["last_year"].id, 2 * YI, "增资"),
    ]
    counted = {e.record_id for e in rows["projects"].evidence}
    assert year_of_work["unverified"].id not in counted
    assert year_of_work["last_year"].id not in counted
    assert rows["funds_cny"].gap_points == pytest.approx(-14.8)


def test_team_progress_counts_only_the_team_records(
    crew: Crew, year_of_work: dict[str, PipelineRecord]
) -> None:
    rows = target_progress(crew.session, 2026, date(2026, 3, 31), team=crew.team)
    assert [(r.indicator, r.team, r.achieved, r.completion) for r in rows] == [
        ("projects", "新能源汽车专班", 1.0, 1.0)
    ]


def test_setting_a_target_again_replaces_it_and_bad_targets_are_refused(crew: Crew) -> None:
    s = crew.session
    set_target(s, 2026, "projects", 5)
    set_target(s, 2026, "projects", 6)
    assert [r.target for r in target_progress(s, 2026, date(2026, 6, 1))] == [6]
    with pytest.raises(PipelineError, match="indicator 'tax'"):
        set_target(s, 2026, "tax", 1)
    with pytest.raises(PipelineError, match="must be positive"):
        set_target(s, 2026, "projects", 0)


def test_conversion_rates_between_stages(crew: Crew) -> None:
    s = crew.session
    on = date(2026, 3, 1)
    for index in range(4):
        create_record(s, f"线索{index}", user=None, on=on)
    talks = [
        create_record(s, f"洽谈{index}", user=None, on=on, stage="negotiating")
        for index in range(2)
    ]
    move_stage(s, talks[0], "signed", user=None, on=on)
    move_stage(s, talks[0], "construction", user=None, on=date(2027, 1, 5))
    rates = {
        (c.from_stage, c.to_stage): c
        for c in conversion_rates(s, date(2026, 1, 1), date(2026, 12, 31))
    }
    lead_to_talks = rates[("lead", "negotiating")]
    assert (lead_to_talks.reached_from, lead_to_talks.reached_to) == (6, 2)
    assert rates[("negotiating", "signed")].rate == pytest.approx(0.5)
    assert rates[("signed", "construction")].rate == 0.0
    assert rates[("operating", "at_capacity")].rate is None


def test_chain_targets_count_only_records_of_the_chain(crew: Crew) -> None:
    s = crew.session
    car = crew.signed("整车项目", 20 * YI, date(2026, 2, 1), date(2026, 2, 2))
    car.chain = "new-energy-vehicle"
    crew.signed("光伏玻璃项目", 5 * YI, date(2026, 2, 1), date(2026, 2, 2)).chain = "pv"
    set_target(s, 2026, "signed_cny", 40 * YI, chain="new-energy-vehicle")
    set_target(s, 2026, "signed_cny", 40 * YI)
    rows = {row.chain: row for row in target_progress(s, 2026, date(2026, 6, 30))}
    assert rows["new-energy-vehicle"].achieved == 20 * YI
    assert rows[None].achieved == 25 * YI


@pytest.mark.parametrize(
    ("year", "today", "expected"),
    [
        (2026, date(2026, 6, 30), date(2026, 6, 30)),
        (2025, date(2026, 6, 30), date(2025, 12, 31)),
        (2027, date(2026, 6, 30), date(2027, 1, 1)),
    ],
)
def test_default_as_of_clamps_today_into_the_year(year: int, today: date, expected: date) -> None:
    assert default_as_of(year, today) == expected


def test_pending_signings_are_the_unverified_ones_as_of_a_date(
    crew: Crew, year_of_work: dict[str, PipelineRecord]
) -> None:
    s = crew.session
    assert [(p.record_id, p.amount_cny) for p in pending_signings(s, 2026, date(2026, 6, 30))] == [
        (year_of_work["unverified"].id, 0.5 * YI)
    ]
    # On 21 May the 电池包 signing (20 May) was still waiting for its 核验 (25 May).
    waiting = pending_signings(s, 2026, date(2026, 5, 21))
    assert [p.name for p in waiting] == ["线束项目", "电池包项目"]
    assert pending_signings(s, 2026, date(2026, 2, 28)) == []
    assert pending_signings(s, 2026, date(2026, 6, 30), team=crew.team) == []


def test_a_team_member_sees_region_totals_but_not_other_teams_records(
    crew: Crew, year_of_work: dict[str, PipelineRecord]
) -> None:
    s = crew.session
    other = ensure_team(s, "镁基新材料专班")
    set_target(s, 2026, "projects", 2, team=other)
    add_member(s, crew.team, crew.recorder)
    member = progress_sections(s, scope_of(s, crew.recorder), 2026, date(2026, 9, 30))
    assert [section.title for section in member] == [REGION_TITLE, "新能源汽车专班"]
    region = {row.indicator: row for row in member[0].rows}
    # The totals are the region's; only the team's own record is named.
    assert region["signed_cny"].achieved == 17 * YI
    assert [e.record_id for e in region["signed_cny"].evidence] == [year_of_work["big"].id]
    assert region["signed_cny"].hidden_evidence == 2
    everyone = progress_sections(s, scope_of(s, crew.checker), 2026, date(2026, 9, 30))
    assert [section.title for section in everyone] == [
        REGION_TITLE,
        "新能源汽车专班",
        "镁基新材料专班",
    ]
    assert {row.indicator: row for row in everyone[0].rows}["signed_cny"].hidden_evidence == 0
    comparison = team_comparison(everyone)
    assert [(c.indicator, c.completions) for c in comparison] == [("projects", [1.0, 0.0])]


def test_team_comparison_leaves_gaps_for_teams_without_the_target(crew: Crew) -> None:
    s = crew.session
    other = ensure_team(s, "镁基新材料专班")
    set_target(s, 2026, "funds_cny", 2 * YI, team=crew.team)
    set_target(s, 2026, "signed_cny", 10 * YI, team=other, chain="magnesium")
    set_target(s, 2026, "projects", 3, team=other)
    sections = progress_sections(s, scope_of(s, crew.checker), 2026, date(2026, 6, 30))
    rows = [(c.indicator, c.chain, c.completions) for c in team_comparison(sections)]
    assert rows == [
        ("funds_cny", None, [0.0, None]),
        ("projects", None, [None, 0.0]),
        ("signed_cny", "magnesium", [None, 0.0]),
    ]
