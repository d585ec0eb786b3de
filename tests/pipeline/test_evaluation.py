"""Tests of the 亩均 evaluation: per-亩 values, grades at their thresholds, 无法评价 for
missing or zero land, sums over sums in the aggregates, and the user's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from chainatlas.pipeline.access import Scope
from chainatlas.pipeline.evaluation import (
    NO_LAND,
    NO_TEAM,
    ZERO_LAND,
    LandRules,
    land_efficiency,
    per_mu,
)
from chainatlas.pipeline.listing import RecordFilter
from chainatlas.pipeline.models import PipelineRecord, Team
from chainatlas.pipeline.records import (
    PipelineError,
    add_amount,
    create_record,
    ensure_team,
    move_stage,
    update_record,
)

Crew = Any
WAN = 10_000
YI = 100_000_000
MAIN = ("negotiating", "signed", "construction", "operating", "at_capacity")


def _record(
    session: Session,
    crew: Crew,
    name: str,
    stage: str,
    *,
    region: str,
    team: Team | None = None,
    **fields: float | None,
) -> PipelineRecord:
    record = create_record(
        session, name, user=crew.recorder, on=date(2026, 1, 5), region=region, team=team
    )
    for step, target in enumerate(MAIN[: MAIN.index(stage) + 1]):
        move_stage(session, record, target, user=crew.recorder, on=date(2026, 1, 6 + step))
    update_record(session, record, **fields)
    return record


def _admin(crew: Crew) -> Scope:
    return Scope(crew.checker.id, crew.checker.username, "admin", frozenset())


@pytest.mark.parametrize(
    ("tax_per_mu", "grade"),
    [
        (10 * WAN, "A"),
        (25 * WAN, "A"),
        (10 * WAN - 0.01, "B"),
        (6 * WAN, "B"),
        (6 * WAN - 0.01, "C"),
        (3 * WAN, "C"),
        (3 * WAN - 0.01, "D"),
        (0.0, "D"),
        (None, None),
    ],
)
def test_grades_at_their_thresholds(tax_per_mu: float | None, grade: str | None) -> None:
    assert LandRules().grade(tax_per_mu) == grade


def test_benchmark_is_a_parameter() -> None:
    assert LandRules(benchmark_tax_per_mu=20 * WAN).grade(15 * WAN) == "B"
    assert LandRules(benchmark_tax_per_mu=5 * WAN).grade(5 * WAN) == "A"


@pytest.mark.parametrize(
    "rules",
    [
        {"benchmark_tax_per_mu": 0},
        {"benchmark_tax_per_mu": -1},
        {"grade_shares": (0.5, 0.6, 0.3)},
        {"grade_shares": (1.0, 0.6, 0.0)},
        {"shortfall_ratio": 0},
        {"shortfall_ratio": 1.5},
    ],
)
def test_bad_rules_are_refused(rules: dict[str, Any]) -> None:
    with pytest.raises(PipelineError):
        LandRules(**rules)


@pytest.mark.parametrize(
    ("amount", "land", "expected"),
    [(100.0, 4.0, 25.0), (100.0, 0.0, None), (100.0, None, None), (None, 4.0, None)],
)
def test_per_mu_never_divides_by_zero(
    amount: float | None, land: float | None, expected: float | None
) -> None:
    assert per_mu(amount, land) == expected


@pytest.fixture
def land_data(crew: Crew) -> dict[str, PipelineRecord]:
    s = crew.session
    team = crew.team
    a = _record(
        s, crew, "电机项目", "operating", region="贵池区", team=team, land_mu=100,
        investment_cny=5 * YI, promised_output_cny=10 * YI, promised_tax_cny=1500 * WAN,
        realised_output_cny=8 * YI, realised_tax_cny=1200 * WAN,
    )  # fmt: skip
    b = _record(
        s, crew, "电控项目", "at_capacity", region="贵池区", land_mu=50,
        promised_output_cny=2 * YI, promised_tax_cny=500 * WAN,
        realised_output_cny=1.9 * YI, realised_tax_cny=200 * WAN,
    )  # fmt: skip
    c = _record(s, crew, "零地项目", "signed", region="东至县", team=team, land_mu=0)
    d = _record(s, crew, "无地项目", "construction", region="东至县")
    e = _record(
        s, crew, "在建项目", "signed", region="东至县", land_mu=20, investment_cny=1 * YI,
        promised_tax_cny=160 * WAN, realised_tax_cny=100 * WAN,
    )  # fmt: skip
    add_amount(s, e, "increase", date(2026, 3, 1), 0.5 * YI)
    lead = create_record(s, "线索项目", user=crew.recorder, on=date(2026, 1, 5), region="东至县")
    update_record(s, lead, land_mu=30)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "lead": lead}


def test_per_record_values(crew: Crew, land_data: dict[str, PipelineRecord]) -> None:
    report = land_efficiency(crew.session, _admin(crew))
    rows = {row.name: row for row in report.rows}
    assert "线索项目" not in rows  # leads are not evaluated
    a = rows["电机项目"]
    assert a.evaluable and a.operating
    assert a.investment_per_mu == pytest.approx(500 * WAN)
    assert a.promised_output_per_mu == pytest.approx(1000 * WAN)
    assert a.promised_tax_per_mu == pytest.approx(15 * WAN)
    assert a.realised_tax_per_mu == pytest.approx(12 * WAN)
    assert (a.promised_grade, a.grade) == ("A", "A")
    assert a.tax_ratio == pytest.approx(0.8)
    assert a.output_ratio == pytest.approx(0.8)
    assert not a.shortfall  # exactly 80% is not short of the 80% line

    b = rows["电控项目"]
    assert b.realised_tax_per_mu == pytest.approx(4 * WAN)
    assert (b.promised_grade, b.grade) == ("A", "C")
    assert b.tax_ratio == pytest.approx(0.4)
    assert b.output_ratio == pytest.approx(0.95)
    assert b.shortfall

    e = rows["在建项目"]
    # Not yet operating: a realised figure typed in early is not counted.
    assert e.realised_tax_cny is None and e.grade is None and e.tax_ratio is None
    assert e.promised_grade == "B"
    assert e.investment_cny == pytest.approx(1.5 * YI)  # 增资 increment added
    assert e.investment_per_mu == pytest.approx(750 * WAN)
    assert [row.name for row in report.shortfalls] == ["电控项目"]


def test_missing_or_zero_land_cannot_be_evaluated(
    crew: Crew, land_data: dict[str, PipelineRecord]
) -> None:
    report = land_efficiency(crew.session, _admin(crew))
    reasons = {row.name: row.reason for row in report.unevaluable}
    assert reasons == {"零地项目": ZERO_LAND, "无地项目": NO_LAND}
    for row in report.unevaluable:
        assert row.promised_tax_per_mu is None and row.grade is None


def test_aggregates_are_sums_over_sums(crew: Crew, land_data: dict[str, PipelineRecord]) -> None:
    report = land_efficiency(crew.session, _admin(crew))
    regions = {group.key: group for group in report.by_region}
    assert list(regions) == sorted(regions)
    gc = regions["贵池区"]
    assert (gc.records, gc.unevaluable, gc.operating) == (2, 0, 2)
    assert gc.land_mu == 150
    # (1200万 + 200万) / 150亩, not the mean of 12万 and 4万.
    assert gc.realised_tax.value == pytest.approx(1400 * WAN / 150)
    assert gc.promised_tax.value == pytest.approx(2000 * WAN / 150)
    assert gc.tax_ratio.value == pytest.approx(0.7)
    assert gc.grade == "B"
    assert gc.shortfalls == 1
    dz = regions["东至县"]
    assert (dz.records, dz.unevaluable, dz.land_mu) == (1, 2, 20)
    assert dz.realised_tax.value is None and dz.grade is None
    # Investment includes the 增资 increment; the per-亩 value uses the land of records with it.
    assert dz.investment.value == pytest.approx(750 * WAN)

    teams = {group.key: group for group in report.by_team}
    assert set(teams) == {"新能源汽车专班", NO_TEAM}
    assert (teams["新能源汽车专班"].records, teams["新能源汽车专班"].unevaluable) == (1, 1)
    assert (teams[NO_TEAM].records, teams[NO_TEAM].unevaluable) == (2, 1)
    # Each record once in the total.
    assert (report.total.records, report.total.unevaluable) == (3, 2)
    assert report.total.land_mu == 170


def test_rules_and_filters_change_the_report(
    crew: Crew, land_data: dict[str, PipelineRecord]
) -> None:
    strict = land_efficiency(
        crew.session, _admin(crew), LandRules(benchmark_tax_per_mu=15 * WAN, shortfall_ratio=0.85)
    )
    rows = {row.name: row for row in strict.rows}
    assert rows["电机项目"].grade == "B"  # 12万 < 15万 but ≥ 9万
    assert rows["电机项目"].shortfall  # 80% < 85%
    only_a = land_efficiency(crew.session, _admin(crew), grade="A")
    assert [row.name for row in only_a.rows] == ["电机项目"]
    assert only_a.total.records == 3  # aggregates cover every row, not just grade A
    filtered = land_efficiency(crew.session, _admin(crew), filters=RecordFilter(region="贵池"))
    assert [group.key for group in filtered.by_region] == ["贵池区"]
    with pytest.raises(PipelineError, match="grade 'E'"):
        land_efficiency(crew.session, _admin(crew), grade="E")


def test_team_user_sees_only_their_teams(crew: Crew, land_data: dict[str, PipelineRecord]) -> None:
    other = ensure_team(crew.session, "其他专班")
    scoped = Scope(crew.recorder.id, crew.recorder.username, "editor", frozenset({crew.team.id}))
    report = land_efficiency(crew.session, scoped)
    assert {row.name for row in report.rows} == {"电机项目", "零地项目"}
    assert [group.key for group in report.by_team] == ["新能源汽车专班"]
    outsider = Scope(crew.viewer.id, crew.viewer.username, "viewer", frozenset({other.id}))
    assert land_efficiency(crew.session, outsider).rows == []
