"""The demo region's own pipeline (池州市): teams, members, records with dated histories
and the current year's targets, loaded from ``data/demo_pipeline.yaml`` through the same
library calls a user's actions go through — so the demo obeys every pipeline rule
(allowed transitions, 核验 by someone other than the recorder).

Dates in the file are days before the day of loading, so the demo always shows a year
in progress. Loading again adds nothing: records are keyed by their 项目编号.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.accounts.users import get_user
from chainatlas.pipeline.access import add_member
from chainatlas.pipeline.models import PipelineRecord, Team
from chainatlas.pipeline.records import (
    PipelineError,
    add_activity,
    add_amount,
    create_record,
    ensure_team,
    move_stage,
    update_record,
    verify_signing,
)
from chainatlas.pipeline.targets import set_target

DEMO_PIPELINE = Path(__file__).resolve().parents[1] / "data" / "demo_pipeline.yaml"
WAN = 10_000.0


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DemoTeam(_Strict):
    name: str
    kind: Literal["专班", "小分队", "部门"]
    members: list[str] = Field(default_factory=list)


class DemoTarget(_Strict):
    indicator: str
    wan: float | None = None
    count: int | None = None
    team: str | None = None
    chain: str | None = None


class DemoStep(_Strict):
    stage: str
    days_ago: int
    by: str
    note: str = ""
    reason: str = ""
    evidence: str = ""
    verified_days_ago: int | None = None
    verified_by: str | None = None


class DemoAmount(_Strict):
    days_ago: int
    wan: float
    note: str = ""


class DemoActivity(_Strict):
    kind: str
    days_ago: int
    by: str
    notes: str = ""


class DemoRecord(_Strict):
    key: str
    name: str
    company: str
    region: str
    chain: str | None = None
    node: str | None = None
    team: str
    owner: str = ""
    investment_wan: float | None = None
    land_mu: float | None = None
    promised_output_wan: float | None = None
    promised_tax_wan: float | None = None
    realised_output_wan: float | None = None
    realised_tax_wan: float | None = None
    escalated: bool = False
    history: list[DemoStep]
    funds: list[DemoAmount] = Field(default_factory=list)
    increases: list[DemoAmount] = Field(default_factory=list)
    activities: list[DemoActivity] = Field(default_factory=list)
    follow_up_in: int | None = None


class DemoPipeline(_Strict):
    region: str
    teams: list[DemoTeam]
    targets: list[DemoTarget]
    records: list[DemoRecord]


@dataclass(frozen=True)
class DemoSeedReport:
    region: str
    created: int
    already_there: int
    targets: int


def load_demo_pipeline(path: Path = DEMO_PIPELINE) -> DemoPipeline:
    return DemoPipeline.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _wan(value: float | None) -> float | None:
    return None if value is None else value * WAN


def seed_demo_pipeline(
    session: Session, today: date, data: DemoPipeline | None = None
) -> DemoSeedReport:
    """Create the demo teams, members, records and this year's targets (idempotent)."""
    demo = data or load_demo_pipeline()
    users: dict[str, User] = {}

    def user(name: str) -> User:
        if name not in users:
            found = get_user(session, name)
            if found is None:
                raise PipelineError(f"demo pipeline names user {name!r}, who does not exist")
            users[name] = found
        return users[name]

    def day(days_ago: int) -> date:
        return today - timedelta(days=days_ago)

    teams: dict[str, Team] = {}
    for team_spec in demo.teams:
        teams[team_spec.name] = ensure_team(session, team_spec.name, team_spec.kind)
        for member in team_spec.members:
            add_member(session, teams[team_spec.name], user(member))
    for target in demo.targets:
        value = _wan(target.wan) if target.wan is not None else float(target.count or 0)
        team = teams[target.team] if target.team else None
        set_target(session, today.year, target.indicator, value or 0.0, team, target.chain)

    created = existing = 0
    for spec in demo.records:
        found = session.scalars(
            select(PipelineRecord).where(PipelineRecord.external_key == spec.key)
        ).first()
        if found is not None:
            existing += 1
            continue
        _create(session, spec, teams[spec.team], user, day)
        created += 1
    session.flush()
    return DemoSeedReport(demo.region, created, existing, len(demo.targets))


def _create(
    session: Session,
    spec: DemoRecord,
    team: Team,
    user: Callable[[str], User],
    day: Callable[[int], date],
) -> PipelineRecord:
    first, *later = spec.history
    record = create_record(
        session,
        spec.name,
        user=user(first.by),
        on=day(first.days_ago),
        company_name=spec.company,
        region=spec.region,
        chain=spec.chain,
        node=spec.node,
        team=team,
        owner=spec.owner,
        stage=first.stage,
        investment_cny=_wan(spec.investment_wan),
        land_mu=spec.land_mu,
    )
    record.external_key = spec.key
    for step in later:
        move_stage(
            session,
            record,
            step.stage,
            user=user(step.by),
            on=day(step.days_ago),
            note=step.note,
            reason=step.reason,
            evidence_text=step.evidence,
        )
        if step.verified_by is not None and step.verified_days_ago is not None:
            verify_signing(session, record, user(step.verified_by), day(step.verified_days_ago))
    for amount in spec.funds:
        add_amount(session, record, "funds", day(amount.days_ago), amount.wan * WAN, amount.note)
    for amount in spec.increases:
        add_amount(session, record, "increase", day(amount.days_ago), amount.wan * WAN, amount.note)
    for activity in spec.activities:
        add_activity(
            session,
            record,
            activity.kind,
            day(activity.days_ago),
            activity.notes,
            user(activity.by),
        )
    follow_up = day(-spec.follow_up_in) if spec.follow_up_in is not None else None
    update_record(
        session,
        record,
        promised_output_cny=_wan(spec.promised_output_wan),
        promised_tax_cny=_wan(spec.promised_tax_wan),
        realised_output_cny=_wan(spec.realised_output_wan),
        realised_tax_cny=_wan(spec.realised_tax_wan),
        escalated=spec.escalated,
        next_follow_up=follow_up,
    )
    return record
