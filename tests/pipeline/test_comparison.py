"""Tests of the 三比三看 comparison: indicator values with the progress counting rules,
rank and min-max points, weights that change the order, ties, and what a team sees."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chainatlas.pipeline.access import Scope
from chainatlas.pipeline.comparison import (
    DEFAULT_WEIGHTS,
    ComparisonError,
    compare,
    load_weights,
    parse_weights,
    rank_groups,
    resolve_weights,
)
from chainatlas.pipeline.models import Team
from chainatlas.pipeline.records import (
    add_amount,
    create_record,
    ensure_team,
    move_stage,
    update_record,
)
from chainatlas.pipeline.targets import set_target

Crew = Any
WAN = 10_000
YI = 100_000_000
AS_OF = date(2026, 6, 30)


def _admin(crew: Crew) -> Scope:
    return Scope(crew.checker.id, crew.checker.username, "admin", frozenset())


@pytest.fixture
def teams(crew: Crew) -> dict[str, Team]:
    s = crew.session
    return {"t1": crew.team, "t2": ensure_team(s, "招商二组"), "t3": ensure_team(s, "招商三组")}


@pytest.fixture
def year(crew: Crew, teams: dict[str, Team]) -> None:
    s, rec = crew.session, crew.recorder
    # 贵池区: a 12亿 project signed, started, operating, with funds and a 增资.
    r1 = crew.signed(
        "整车项目", 12 * YI, date(2026, 2, 1), date(2026, 2, 3), teams["t1"], region="贵池区"
    )
    move_stage(s, r1, "construction", user=rec, on=date(2026, 3, 1))
    move_stage(s, r1, "operating", user=rec, on=date(2026, 5, 1))
    add_amount(s, r1, "funds", date(2026, 4, 1), 2 * YI)
    add_amount(s, r1, "increase", date(2026, 5, 1), 1 * YI)
    update_record(s, r1, land_mu=100, realised_tax_cny=1000 * WAN)
    # An unverified signing: no amount, no count, but it reached 签约 for the conversion.
    crew.signed("线束项目", 5 * YI, date(2026, 3, 1), None, teams["t1"], region="贵池区")
    # 东至县: a 3亿 project started; a 20亿 project signed last year that adds 2亿 增资 now.
    r3 = crew.signed(
        "电池项目", 3 * YI, date(2026, 1, 10), date(2026, 1, 12), teams["t2"], region="东至县"
    )
    move_stage(s, r3, "construction", user=rec, on=date(2026, 2, 1))
    add_amount(s, r3, "funds", date(2026, 3, 1), 3 * YI)
    add_amount(s, r3, "funds", date(2026, 7, 1), 9 * YI)  # after the as-of date
    r4 = crew.signed("材料项目", 20 * YI, date(2025, 12, 1), date(2025, 12, 2), region="东至县")
    add_amount(s, r4, "increase", date(2026, 2, 1), 2 * YI)
    move_stage(s, r4, "construction", user=rec, on=date(2026, 4, 1))
    # 石台县: talks only.
    create_record(
        s, "文旅项目", user=rec, on=date(2026, 1, 1), stage="negotiating", region="石台县"
    )
    # No region: left out of the region ranking.
    create_record(s, "无地区项目", user=rec, on=date(2026, 1, 1))  # fmt: skip


def test_indicator_values_follow_the_counting_rules(crew: Crew, year: None) -> None:
    result = compare(crew.session, _admin(crew), 2026, AS_OF, by="region")
    rows = {row.group: row for row in result.rows}
    assert set(rows) == {"贵池区", "东至县", "石台县"}
    assert result.unassigned_records == 1
    gc = {key: m.value for key, m in rows["贵池区"].measures.items()}
    # 12亿 signing + 1亿 增资; the unverified 5亿 is not counted; the project counts once.
    assert gc == {
        "signed": 13 * YI,
        "projects_100m": 1,
        "projects_1b": 1,
        "funds": 2 * YI,
        "started": 1,
        "commissioned": 1,
        "conversion": 0.5,
        "tax_per_mu": 10 * WAN,
    }
    dz = {key: m.value for key, m in rows["东至县"].measures.items()}
    # Last year's 20亿 signing adds only its 2亿 increment and no project; the July funds wait.
    assert dz == {
        "signed": 5 * YI,
        "projects_100m": 1,
        "projects_1b": 0,
        "funds": 3 * YI,
        "started": 2,
        "commissioned": 0,
        "conversion": 1.0,
        "tax_per_mu": None,
    }
    st = rows["石台县"].measures
    assert st["conversion"].value is None and st["conversion"].rank is None
    assert st["conversion"].points == 0


def test_default_ranking_and_scores(crew: Crew, year: None) -> None:
    result = compare(crew.session, _admin(crew), 2026, AS_OF)
    assert "targets" not in result.weights  # team-only indicator
    assert [(row.group, row.rank) for row in result.rows] == [
        ("贵池区", 1),
        ("东至县", 2),
        ("石台县", 3),
    ]
    assert [row.score for row in result.rows] == pytest.approx([77.5, 65.0, 0.0])
    gc = result.rows[0].measures
    assert (gc["signed"].rank, gc["funds"].rank, gc["projects_100m"].rank) == (1, 2, 1)
    # Equal values share a rank: 东至县 and 石台县 both have no 10亿 project; nothing
    # achieved earns no points, however the tie ranks.
    st = result.rows[2].measures
    assert (st["projects_1b"].rank, st["projects_1b"].points) == (2, 0.0)
    assert result.rows[1].measures["projects_100m"].points == 1.0  # tied first with 贵池区


def test_weights_change_the_order(crew: Crew, year: None) -> None:
    result = compare(
        crew.session, _admin(crew), 2026, AS_OF, weights=parse_weights("funds=60, started=60")
    )
    assert [row.group for row in result.rows] == ["东至县", "贵池区", "石台县"]
    assert [row.score for row in result.rows] == pytest.approx(
        [150 / 1.85, 120 / 1.85, 0.0], abs=1e-5
    )
    assert result.weights["funds"] == 60 and result.weights["signed"] == 20


def test_minmax_points(crew: Crew, year: None) -> None:
    result = compare(crew.session, _admin(crew), 2026, AS_OF, method="minmax")
    dz = next(row for row in result.rows if row.group == "东至县").measures
    assert dz["signed"].points == pytest.approx(5 / 13)
    assert dz["funds"].points == 1.0


def test_as_of_date_hides_later_events(crew: Crew, year: None) -> None:
    early = compare(crew.session, _admin(crew), 2026, date(2026, 2, 2))
    gc = next(row for row in early.rows if row.group == "贵池区").measures
    # Signed on 1 February but verified on the 3rd: not yet counted.
    assert (gc["signed"].value, gc["started"].value) == (0, 0)


def test_teams_with_targets(crew: Crew, year: None, teams: dict[str, Team]) -> None:
    set_target(crew.session, 2026, "signed_cny", 26 * YI, teams["t1"])
    set_target(crew.session, 2026, "funds_cny", 3 * YI, teams["t2"])
    set_target(crew.session, 2026, "projects", 2, teams["t2"])
    result = compare(crew.session, _admin(crew), 2026, AS_OF, by="team")
    rows = {row.group: row for row in result.rows}
    assert set(rows) == {"新能源汽车专班", "招商二组", "招商三组"}
    assert rows["新能源汽车专班"].measures["targets"].value == pytest.approx(0.5)
    assert rows["招商二组"].measures["targets"].value == pytest.approx(0.75)  # (1 + 1/2) / 2
    assert rows["招商三组"].measures["targets"].value is None
    assert rows["新能源汽车专班"].records == 2
    assert result.unassigned_records == 3  # 材料项目, 文旅项目 and 无地区项目 have no team
    assert result.groups_ranked == 3


def test_team_user_sees_own_rows_with_overall_rank(
    crew: Crew, year: None, teams: dict[str, Team]
) -> None:
    full = compare(crew.session, _admin(crew), 2026, AS_OF, by="team")
    scoped = Scope(crew.recorder.id, crew.recorder.username, "editor", frozenset({teams["t2"].id}))
    mine = compare(crew.session, scoped, 2026, AS_OF, by="team")
    assert [row.group for row in mine.rows] == ["招商二组"]
    assert mine.rows[0] == next(row for row in full.rows if row.group == "招商二组")
    assert (mine.groups_ranked, mine.hidden_groups) == (3, 2)
    by_region = compare(crew.session, scoped, 2026, AS_OF, by="region")
    assert by_region.team_view_only
    assert [row.group for row in by_region.rows] == ["东至县"]
    assert by_region.rows[0].measures["signed"].value == 3 * YI  # the other team's 2亿 hidden


def test_ties_are_ordered_by_name() -> None:
    raw: dict[str, dict[str, float | None]] = {
        "乙区": {"signed": 5.0, "funds": 1.0},
        "甲区": {"signed": 5.0, "funds": 1.0},
        "丙区": {"signed": 1.0, "funds": 0.0},
    }
    rows = rank_groups(raw, {"signed": 1, "funds": 1})
    assert [(row.group, row.rank) for row in rows] == [("乙区", 1), ("甲区", 1), ("丙区", 3)]
    assert rows[0].score == rows[1].score == 100.0
    # Equal values share rank 1 with full points; equal zeros earn nothing.
    flat = rank_groups({"a": {"signed": 3.0}, "b": {"signed": 3.0}}, {"signed": 1})
    assert [(row.group, row.rank, row.score) for row in flat] == [("a", 1, 100.0), ("b", 1, 100.0)]
    zero = rank_groups({"a": {"signed": 0.0}, "b": {"signed": 0.0}}, {"signed": 1})
    assert [(row.group, row.rank, row.score) for row in zero] == [("a", 1, 0.0), ("b", 1, 0.0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("signed=abc", "weight of signed must be a number"),
        ("bogus=3", "unknown indicator 'bogus'"),
        ("signed", "must look like key=number"),
    ],
)
def test_bad_weights_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ComparisonError, match=message):
        parse_weights(text)


def test_weight_overrides() -> None:
    assert parse_weights("signed=30,,funds = 5") == {"signed": 30.0, "funds": 5.0}
    assert resolve_weights({"signed": 0})["signed"] == 0
    assert resolve_weights() == DEFAULT_WEIGHTS
    with pytest.raises(ComparisonError, match="≥ 0"):
        resolve_weights({"funds": -1})
    with pytest.raises(ComparisonError, match="above 0"):
        rank_groups({"a": {}}, dict.fromkeys(DEFAULT_WEIGHTS, 0.0))


def test_weights_from_a_toml_file(tmp_path: Path) -> None:
    good = tmp_path / "weights.toml"
    good.write_text("[weights]\nsigned = 30\nfunds = 12.5\n", encoding="utf-8")
    assert load_weights(good) == {"signed": 30.0, "funds": 12.5}
    for text, message in [
        ("[weights]\nbogus = 1\n", "unknown indicator 'bogus'"),
        ("[weights]\nfunds = 'many'\n", "funds must be a number"),
        ("signed = 3\n", "no \\[weights\\] table"),
        ("[weights\n", "not valid TOML"),
    ]:
        bad = tmp_path / "bad.toml"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ComparisonError, match=message):
            load_weights(bad)
    with pytest.raises(ComparisonError, match="cannot read weights file"):
        load_weights(tmp_path / "missing.toml")


def test_bad_grouping_or_method(crew: Crew) -> None:
    with pytest.raises(ComparisonError, match="group by 'chain'"):
        compare(crew.session, _admin(crew), 2026, AS_OF, by="chain")
    with pytest.raises(ComparisonError, match="method 'mean'"):
        compare(crew.session, _admin(crew), 2026, AS_OF, method="mean")
