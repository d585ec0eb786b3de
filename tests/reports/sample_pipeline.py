"""A small pipeline built by hand for the briefing tests (reports, API, CLI).

Period under test: 2026-04-01 to 2026-06-30, briefed on 2026-07-10.

1 储能电池项目 (新能源专班, 贵池区, 12亿): signed 04-01, verified 04-03; 增资 3亿 05-10;
  funds 2亿 06-30 (the last day counts).
2 光伏玻璃项目 (新能源专班, 青阳县, 0.8亿): created 04-15; signed 06-30, never verified.
3 镁合金压铸项目 (新材料小分队, 青阳县, 5亿): signed 2025; started 05-01, 投产 06-15;
  funds 1亿 on 03-31 and 增资 on 07-01 fall outside.
4 铜箔项目 (新材料小分队, 东至县, 2亿): signed 03-31 (outside), verified 04-02; started 04-20.
5 新材料研发中心 (no team, no county): created 05-05 as a lead; follow-up 07-01 overdue on
  07-10; escalated (提级跟进).
6 物流园项目 (新能源专班, 石台县, 1亿): signed 05-20, verified only on 07-05 (after the end).

Targets 2026: the region 100亿 signed and 4 projects; 新能源专班 2 projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.accounts.users import create_user
from chainatlas.pipeline.access import Scope, add_member, scope_of
from chainatlas.pipeline.models import PipelineRecord, Team
from chainatlas.pipeline.records import (
    add_amount,
    create_record,
    ensure_team,
    move_stage,
    update_record,
    verify_signing,
)
from chainatlas.pipeline.targets import set_target
from chainatlas.reports.period import Period

YI = 100_000_000
PERIOD = Period(date(2026, 4, 1), date(2026, 6, 30))
TODAY = date(2026, 7, 10)


@dataclass
class Sample:
    recorder: User
    checker: User
    member: User  # an editor in 新材料小分队 only
    energy: Team  # 新能源专班
    materials: Team  # 新材料小分队
    records: dict[str, PipelineRecord]

    @property
    def office(self) -> Scope:
        """A region-wide scope (the checker: an admin)."""
        return Scope(self.checker.id, self.checker.username, "admin", frozenset())


def build_sample(session: Session) -> Sample:
    recorder = create_user(session, "zhangsan", "password-one", "editor")
    checker = create_user(session, "lisi", "password-two", "admin")
    member = create_user(session, "zhaoliu", "password-four", "editor")
    energy = ensure_team(session, "新能源专班")
    materials = ensure_team(session, "新材料小分队", "小分队")
    add_member(session, materials, member)

    def record(
        name: str, team: Team | None, region: str, created: date, **kw: Any
    ) -> PipelineRecord:
        return create_record(
            session, name, user=recorder, on=created, team=team, region=region, **kw
        )

    def sign(item: PipelineRecord, on: date, verified: date | None) -> None:
        move_stage(session, item, "signed", user=recorder, on=on)
        if verified is not None:
            verify_signing(session, item, checker, verified)

    battery = record(
        "储能电池项目",
        energy,
        "贵池区",
        date(2026, 3, 1),
        stage="negotiating",
        investment_cny=12 * YI,
        chain="new-energy-battery",
        company_name="某某储能科技",
    )
    sign(battery, date(2026, 4, 1), date(2026, 4, 3))
    add_amount(session, battery, "increase", date(2026, 5, 10), 3 * YI)
    add_amount(session, battery, "funds", date(2026, 6, 30), 2 * YI)

    glass = record(
        "光伏玻璃项目",
        energy,
        "青阳县",
        date(2026, 4, 15),
        investment_cny=0.8 * YI,
        chain="photovoltaic",
    )
    move_stage(session, glass, "negotiating", user=recorder, on=date(2026, 5, 1))
    sign(glass, date(2026, 6, 30), None)

    casting = record(
        "镁合金压铸项目",
        materials,
        "青阳县",
        date(2025, 10, 1),
        stage="negotiating",
        investment_cny=5 * YI,
        chain="magnesium-light-alloy",
    )
    sign(casting, date(2025, 12, 1), date(2025, 12, 5))
    move_stage(session, casting, "construction", user=recorder, on=date(2026, 5, 1))
    move_stage(session, casting, "operating", user=recorder, on=date(2026, 6, 15))
    add_amount(session, casting, "funds", date(2026, 3, 31), 1 * YI)
    add_amount(session, casting, "increase", date(2026, 7, 1), 0.5 * YI)

    foil = record(
        "铜箔项目",
        materials,
        "东至县",
        date(2026, 1, 10),
        stage="negotiating",
        investment_cny=2 * YI,
        chain="new-energy-battery",
    )
    sign(foil, date(2026, 3, 31), date(2026, 4, 2))
    move_stage(session, foil, "construction", user=recorder, on=date(2026, 4, 20))

    lab = record("新材料研发中心", None, "", date(2026, 5, 5), next_follow_up=date(2026, 7, 1))
    update_record(session, lab, escalated=True)

    park = record(
        "物流园项目", energy, "石台县", date(2026, 2, 1), stage="negotiating", investment_cny=1 * YI
    )
    sign(park, date(2026, 5, 20), date(2026, 7, 5))

    set_target(session, 2026, "signed_cny", 100 * YI)
    set_target(session, 2026, "projects", 4)
    set_target(session, 2026, "projects", 2, team=energy)
    session.flush()
    records = {r.name: r for r in (battery, glass, casting, foil, lab, park)}
    return Sample(recorder, checker, member, energy, materials, records)


def member_scope(session: Session, sample: Sample) -> Scope:
    return scope_of(session, sample.member)
