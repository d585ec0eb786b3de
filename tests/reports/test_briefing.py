"""The briefing data of the hand-built pipeline (sample_pipeline.py), number by number."""

from __future__ import annotations

import json
from datetime import date
from types import ModuleType
from typing import Any

import pytest

from chainatlas.pipeline.access import AccessDenied, Scope
from chainatlas.pipeline.progress import AHEAD, BEHIND
from chainatlas.pipeline.records import PipelineError
from chainatlas.pipeline.stages import STAGES
from chainatlas.reports import Briefing, BriefingRequest, build_briefing
from chainatlas.reports.briefing import NO_COUNTY, NO_TEAM
from chainatlas.reports.chaingaps import MAX_NODES, NO_REGION
from chainatlas.reports.period import Period

Built = Any  # conftest.Built
YI = 100_000_000


def _brief(built: Built, sp: ModuleType, scope: Scope | None = None, **request: Any) -> Briefing:
    return build_briefing(
        built.session,
        scope or built.sample.office,
        BriefingRequest(request.pop("period", sp.PERIOD), **request),
        today=sp.TODAY,
    )


def test_headline_totals(built: Built, sp: ModuleType) -> None:
    totals = _brief(built, sp).totals
    assert totals.new_leads == 2  # 光伏玻璃 (04-15) and 研发中心 (05-05)
    assert totals.signings == 1  # only 储能电池 is verified by 06-30
    assert totals.signed_cny == 15 * YI  # 12亿 signing + 3亿 增资 increment
    assert totals.increase_cny == 3 * YI
    assert (totals.signings_100m, totals.signings_1b) == (1, 1)
    assert totals.unverified_signings == 2  # 光伏玻璃 never, 物流园 only on 07-05
    assert totals.unverified_cny == pytest.approx(1.8 * YI)
    assert totals.funds_cny == 2 * YI  # 06-30 counts, 03-31 does not
    assert (totals.started, totals.started_cny) == (2, 7 * YI)
    assert (totals.commissioned, totals.at_capacity) == (1, 0)


def test_lists_of_the_period(built: Built, sp: ModuleType) -> None:
    briefing = _brief(built, sp)
    signings = [(e.name, e.dated, e.amount_cny, e.verified) for e in briefing.signings]
    assert signings == [
        ("储能电池项目", date(2026, 4, 1), 12 * YI, True),
        ("物流园项目", date(2026, 5, 20), 1 * YI, False),
        ("光伏玻璃项目", date(2026, 6, 30), 0.8 * YI, False),
    ]
    first = briefing.signings[0]
    assert (first.team, first.county, first.company) == ("新能源专班", "贵池区", "某某储能科技")
    assert [(e.name, e.amount_cny) for e in briefing.increases] == [("储能电池项目", 3 * YI)]
    assert [(e.name, e.dated) for e in briefing.starts] == [
        ("铜箔项目", date(2026, 4, 20)),
        ("镁合金压铸项目", date(2026, 5, 1)),
    ]
    assert [(e.name, e.stage) for e in briefing.commissionings] == [("镁合金压铸项目", "operating")]


def test_period_boundaries_are_inclusive(built: Built, sp: ModuleType) -> None:
    # The full period holds 储能电池's 04-01 signing and 06-30 funds, and 光伏玻璃's 06-30
    # signing (see the tests above); a day less on both ends drops all three.
    inner = _brief(built, sp, period=Period(date(2026, 4, 2), date(2026, 6, 29)))
    assert inner.totals.funds_cny == 0
    assert [e.name for e in inner.signings] == ["物流园项目"]
    assert inner.totals.signed_cny == 3 * YI  # only 储能电池's 增资 (05-10)
    # A day more at the end brings in 镁合金压铸's 07-01 增资; it was signed and
    # verified in 2025, so its increment counts.
    later = _brief(built, sp, period=Period(date(2026, 4, 1), date(2026, 7, 1)))
    assert [(e.name, e.amount_cny) for e in later.increases] == [
        ("储能电池项目", 3 * YI),
        ("镁合金压铸项目", 0.5 * YI),
    ]
    assert later.totals.signed_cny == 15.5 * YI


def test_signing_verified_after_the_end_counts_in_a_later_period(
    built: Built, sp: ModuleType
) -> None:
    july = _brief(built, sp, period=Period(date(2026, 5, 1), date(2026, 7, 31)))
    assert [e.name for e in july.signings if e.verified] == ["物流园项目"]
    assert july.totals.signed_cny == 4.5 * YI  # 3亿 + 0.5亿 增资 and the 1亿 signing


def test_per_team_and_county_tables(built: Built, sp: ModuleType) -> None:
    briefing = _brief(built, sp)
    teams = {row.name: row for row in briefing.by_team}
    assert [row.name for row in briefing.by_team] == ["新能源专班", "新材料小分队", NO_TEAM]
    energy = teams["新能源专班"]
    assert (energy.records, energy.new_leads, energy.signings) == (3, 1, 1)
    assert (energy.signed_cny, energy.funds_cny) == (15 * YI, 2 * YI)
    materials = teams["新材料小分队"]
    assert (materials.records, materials.started, materials.commissioned) == (2, 2, 1)
    assert teams[NO_TEAM].new_leads == 1
    counties = {row.name: row.records for row in briefing.by_county}
    assert counties == {"贵池区": 1, "青阳县": 2, "东至县": 1, "石台县": 1, NO_COUNTY: 1}
    assert briefing.by_county[0].name == "贵池区"
    assert briefing.by_county[-1].name == NO_COUNTY


def test_funnel_monthly_and_follow_ups(built: Built, sp: ModuleType) -> None:
    briefing = _brief(built, sp)
    funnel = {row.stage: row.count for row in briefing.funnel}
    assert list(funnel) == list(STAGES)
    assert {stage: n for stage, n in funnel.items() if n} == {
        "lead": 1,
        "signed": 3,
        "construction": 1,
        "operating": 1,
    }
    months = {m.month: (m.verified_cny, m.unverified_cny) for m in briefing.monthly}
    assert months[3] == (2 * YI, 0)  # 铜箔: signed 03-31, verified 04-02 (before 06-30)
    assert months[4] == (12 * YI, 0)
    assert months[5] == (3 * YI, 1 * YI)  # 增资 verified; 物流园 not yet
    assert months[6] == (0, 0.8 * YI)
    assert months[7] == (0, 0)  # 镁合金压铸's 07-01 增资 is after the end
    assert [(f.name, f.days_overdue) for f in briefing.overdue] == [("新材料研发中心", 9)]
    assert [f.name for f in briefing.escalated] == ["新材料研发中心"]


def test_targets_as_of_the_end(built: Built, sp: ModuleType) -> None:
    briefing = _brief(built, sp)
    assert briefing.time_progress == pytest.approx(181 / 365)
    # The region's targets, then each team's that has any (新材料小分队 has none).
    region, energy_section = briefing.targets
    assert (region.team, energy_section.team) == (None, "新能源专班")
    rows = {row.indicator: row for row in region.rows}
    assert rows["signed_cny"].achieved == 17 * YI  # 12 + 3 增资 + 铜箔's 2 (signed in March)
    assert rows["signed_cny"].status == BEHIND
    assert rows["projects"].achieved == 2  # 储能电池, 铜箔; the unverified ones are left out
    team = _brief(built, sp, team="新能源专班")
    [energy] = team.targets
    assert energy.team == "新能源专班"
    assert [(r.achieved, r.status) for r in energy.rows] == [(1, AHEAD)]


def test_one_team(built: Built, sp: ModuleType) -> None:
    briefing = _brief(built, sp, team="新材料小分队")
    assert briefing.team == "新材料小分队"
    assert briefing.totals.signings == 0
    assert briefing.totals.started == 2
    assert [row.name for row in briefing.by_team] == ["新材料小分队"]
    assert briefing.overdue == []
    assert "新材料小分队" in briefing.subtitle


def test_a_team_member_sees_only_their_team(built: Built, sp: ModuleType) -> None:
    scope = sp.member_scope(built.session, built.sample)
    briefing = _brief(built, sp, scope=scope)
    assert briefing.teams == ["新材料小分队"]
    assert briefing.subtitle == "2026年4月1日至2026年6月30日 · 新材料小分队"
    assert {e.name for e in briefing.starts} == {"铜箔项目", "镁合金压铸项目"}
    assert briefing.signings == []
    assert sum(row.count for row in briefing.funnel) == 2
    # As on the targets page: the region's totals (their team has no targets of its own),
    # without the names of other teams' records.
    [region] = briefing.targets
    assert region.team is None
    signed = next(row for row in region.rows if row.indicator == "signed_cny")
    assert signed.achieved == 17 * YI
    assert {item.name for item in signed.evidence} <= {"铜箔项目", "镁合金压铸项目"}
    with pytest.raises(AccessDenied, match="新能源专班"):
        _brief(built, sp, scope=scope, team="新能源专班")


def test_unknown_team_is_named(built: Built, sp: ModuleType) -> None:
    with pytest.raises(PipelineError, match="no team named '招商三组'"):
        _brief(built, sp, team="招商三组")


def test_chain_gaps_need_a_region(built: Built, sp: ModuleType) -> None:
    briefing = _brief(built, sp)
    assert briefing.gaps.region == ""
    assert briefing.gaps.notes == [NO_REGION]
    unknown = _brief(built, sp, region="火星市")
    assert unknown.gaps.chains == []
    assert "火星市" in unknown.gaps.notes[0]


def test_chain_gaps_of_the_home_region(built: Built, sp: ModuleType) -> None:
    briefing = build_briefing(
        built.session,
        built.sample.office,
        BriefingRequest(sp.PERIOD),
        home_region="池州市",
        today=sp.TODAY,
    )
    assert briefing.gaps.region == "安徽省池州市"
    # Chains of the records, most records first: 新能源电池 (2), then 镁铝轻合金 and 光伏.
    assert [c.chain_id for c in briefing.gaps.chains] == [
        "new-energy-battery",
        "magnesium-light-alloy",
        "photovoltaic",
    ]
    battery = briefing.gaps.chains[0]
    # An empty knowledge base: every node is missing, the list is cut at MAX_NODES.
    assert (battery.nodes, battery.covered) == (12, 0)
    assert len(battery.missing) == MAX_NODES
    assert battery.more_missing == 12 - MAX_NODES
    assert "安徽省池州市" in briefing.subtitle


def test_json_is_plain(built: Built, sp: ModuleType) -> None:
    data = _brief(built, sp).to_json()
    text = json.dumps(data, ensure_ascii=False)
    assert data["title"] == "招商工作简报"
    assert data["period"] == {
        "start": "2026-04-01",
        "end": "2026-06-30",
        "label": "2026年4月1日至2026年6月30日",
    }
    assert data["signings"][0]["dated"] == "2026-04-01"
    assert data["totals"]["signed_cny"] == 15 * YI
    assert "储能电池项目" in text


def test_chain_targets_are_named(built: Built, sp: ModuleType) -> None:
    from chainatlas.pipeline.targets import set_target
    from chainatlas.reports.content import Table, outline

    set_target(built.session, 2026, "signed_cny", 20 * YI, chain="new-energy-battery")
    briefing = _brief(built, sp)
    assert briefing.chain_names == {
        "magnesium-light-alloy": "镁铝轻合金",
        "new-energy-battery": "新能源电池",
        "photovoltaic": "光伏",
    }
    targets = next(s for s in outline(briefing) if s.heading == "二、目标完成情况")
    region = next(b for b in targets.blocks if isinstance(b, Table))
    row = next(r for r in region.rows if r[0] == "签约金额（新能源电池）")
    assert row[1:3] == ["20亿元", "17亿元"]  # 储能电池 12亿 + its 增资 3亿, 铜箔 2亿
