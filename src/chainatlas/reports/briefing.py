"""The 招商工作简报 of a period, as data: headline totals, progress against the annual
targets, new signings, starts and commissionings, per-team and per-county tables, the
stage funnel, overdue and escalated records, and chain gaps of the home region.

No rendering here: ``reports.html``, ``reports.pdf`` and ``reports.docx`` draw what
``build_briefing`` assembles. Counting follows ``pipeline.progress``: each record counts
once per indicator; a signing counts toward targets only once verified (核验) on or before
the period's end — unverified signings are listed and totalled apart; a 增资 adds only its
dated increment (and no project); funds in place are the dated amounts in the period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from chainatlas.chains import ChainLibrary, load_library
from chainatlas.pipeline.access import AccessDenied, Scope, visible_teams
from chainatlas.pipeline.listing import RecordFilter, list_records
from chainatlas.pipeline.models import PipelineRecord, StageChange, Team
from chainatlas.pipeline.progress import (
    ProgressRow,
    ProgressSection,
    progress_sections,
    target_progress,
    time_progress,
)
from chainatlas.pipeline.records import find_team
from chainatlas.pipeline.stages import STAGE_NAMES, STAGES
from chainatlas.pipeline.targets import COUNT_THRESHOLDS
from chainatlas.reports.chaingaps import ChainGaps, chain_gaps
from chainatlas.reports.period import Period
from chainatlas.reports.plain import plain

NO_TEAM = "未分配专班"
NO_COUNTY = "未填写县区"
COMMISSION_STAGES = ("operating", "at_capacity")


@dataclass(frozen=True)
class BriefingRequest:
    """What to brief on: a period, optionally one team (by name) and a region for the gaps
    (None: the install's home region)."""

    period: Period
    team: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Entry:
    """One record in a list of the briefing: a signing, a 增资, a start, a commissioning."""

    record_id: int
    name: str
    company: str
    team: str
    county: str
    chain: str | None
    stage: str  # the stage the event reached (signed, construction, operating, at_capacity)
    amount_cny: float | None
    dated: date
    verified: bool  # signings and 增资: verified by the period's end; other events: True


@dataclass(frozen=True)
class Totals:
    """The headline numbers of the period."""

    new_leads: int
    signings: int  # verified signings
    signed_cny: float  # their investment plus verified 增资 increments
    increase_cny: float  # of which 增资
    signings_100m: int
    signings_1b: int
    unverified_signings: int
    unverified_cny: float  # unverified signings and 增资, not counted toward targets
    funds_cny: float  # 到位资金
    started: int
    started_cny: float
    commissioned: int  # 投产
    at_capacity: int  # 达产


@dataclass(frozen=True)
class GroupSummary:
    """One row of the per-team or per-county table."""

    name: str
    records: int
    new_leads: int
    signings: int
    signed_cny: float
    funds_cny: float
    started: int
    commissioned: int  # 投产 or 达产 in the period, each record once


@dataclass(frozen=True)
class StageCount:
    stage: str
    name: str
    count: int


@dataclass(frozen=True)
class MonthAmount:
    """Signed amounts of one month of the end date's year (up to the end date)."""

    month: int
    verified_cny: float
    unverified_cny: float


@dataclass(frozen=True)
class TargetSection:
    """Progress against the targets of the region (``team`` None) or of one team."""

    team: str | None
    rows: list[ProgressRow]


@dataclass(frozen=True)
class FollowUp:
    record_id: int
    name: str
    team: str
    stage: str
    due: date | None
    days_overdue: int | None
    escalated: bool


@dataclass
class Briefing:
    """Everything the briefing says, ready for any renderer."""

    period: Period
    today: date
    team: str | None  # the one team briefed on, None for all the user may see
    teams: list[str]  # the teams covered ([] = the whole region)
    totals: Totals
    time_progress: float  # 序时进度 of the end date's year on the end date
    targets: list[TargetSection]
    signings: list[Entry]  # verified and unverified, by date
    increases: list[Entry]
    starts: list[Entry]
    commissionings: list[Entry]
    by_team: list[GroupSummary]
    by_county: list[GroupSummary]
    funnel: list[StageCount]  # every record's stage today
    monthly: list[MonthAmount]
    overdue: list[FollowUp]
    escalated: list[FollowUp]
    gaps: ChainGaps
    chain_names: dict[str, str]  # chain id → name, for the chains named above

    @property
    def title(self) -> str:
        return "招商工作简报"

    @property
    def subtitle(self) -> str:
        """2026年1月1日至2026年6月30日 · 安徽省池州市 · 新能源专班 (teams only if not all)."""
        parts = [self.period.label, self.gaps.region, self.team or "、".join(self.teams)]
        return " · ".join(part for part in parts if part)

    def chain_name(self, chain_id: str) -> str:
        return self.chain_names.get(chain_id, chain_id)

    @property
    def year(self) -> int:
        return self.period.end.year

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types only: dates as ISO strings."""
        data: dict[str, Any] = plain(self)
        data["title"] = self.title
        data["subtitle"] = self.subtitle
        data["period"]["label"] = self.period.label
        return data


def build_briefing(
    session: Session,
    scope: Scope,
    request: BriefingRequest,
    *,
    home_region: str = "",
    today: date | None = None,
    library: ChainLibrary | None = None,
) -> Briefing:
    """The briefing of ``request.period`` over the records ``scope`` may see."""
    day = today or date.today()
    period = request.period
    team = _team(session, scope, request.team)
    filters = RecordFilter(team_id=team.id if team else None)
    records = list_records(session, scope, filters)
    facts = [_facts(record, period) for record in records]
    teams = [team] if team else ([] if scope.region_wide else visible_teams(session, scope))
    targets = _targets(session, scope, team, period.end)
    region = request.region if request.region is not None else home_region
    library = library or load_library()
    used = [r.chain for r in records] + [row.chain for t in targets for row in t.rows]
    chain_names = {
        c: library.chains[c].name for c in sorted({u for u in used if u}) if c in library.chains
    }
    return Briefing(
        period=period,
        today=day,
        team=team.name if team else None,
        teams=[t.name for t in teams],
        totals=_totals(facts),
        time_progress=time_progress(period.end.year, period.end),
        targets=targets,
        signings=sorted((f.signing for f in facts if f.signing), key=_by_date),
        increases=sorted((i for f in facts for i in f.increases), key=_by_date),
        starts=sorted((f.start for f in facts if f.start), key=_by_date),
        commissionings=sorted((e for f in facts for e in f.commissionings), key=_by_date),
        by_team=_summaries(facts, lambda r: r.team.name if r.team else NO_TEAM),
        by_county=_summaries(facts, lambda r: r.region or NO_COUNTY),
        funnel=_funnel(records),
        monthly=_monthly(records, period.end),
        overdue=_follow_ups(session, scope, replace(filters, overdue_on=day), day),
        escalated=_follow_ups(session, scope, replace(filters, escalated=True), day),
        gaps=chain_gaps(session, region, _chains(records), library),
        chain_names=chain_names,
    )


def _by_date(entry: Entry) -> tuple[date, int]:
    return entry.dated, entry.record_id


def _targets(session: Session, scope: Scope, team: Team | None, end: date) -> list[TargetSection]:
    """The one team's targets, or (as on the targets page) the region's and each visible
    team's that have any; a team member sees the region's totals, not other teams' records."""
    if team is not None:
        sections = [ProgressSection(team, target_progress(session, end.year, end, team))]
    else:
        sections = progress_sections(session, scope, end.year, end)
    return [
        TargetSection(s.team.name if s.team else None, s.rows)
        for s in sections
        if s.rows or s.team is None
    ]


def _team(session: Session, scope: Scope, name: str | None) -> Team | None:
    if name is None or not name.strip():
        return None
    team = find_team(session, name)  # PipelineError naming the team if there is none
    if not scope.sees_team(team.id):
        raise AccessDenied(f"user {scope.username!r} may not see the records of team {name!r}")
    return team


@dataclass
class _Facts:
    """What one record did in the period."""

    record: PipelineRecord
    new_lead: bool = False
    signing: Entry | None = None
    increases: list[Entry] = field(default_factory=list)
    funds_cny: float = 0.0
    start: Entry | None = None
    commissionings: list[Entry] = field(default_factory=list)

    @property
    def verified_signing(self) -> bool:
        return self.signing is not None and self.signing.verified

    @property
    def signed_cny(self) -> float:
        """Verified signing's investment plus verified 增资 increments in the period."""
        counted = [i.amount_cny or 0.0 for i in self.increases if i.verified]
        if self.signing is not None and self.signing.verified:
            counted.append(self.signing.amount_cny or 0.0)
        return sum(counted)


def _facts(record: PipelineRecord, period: Period) -> _Facts:
    facts = _Facts(record)
    created = next((c.changed_on for c in record.changes if c.from_stage is None), None)
    facts.new_lead = (created or record.created_at.date()) in period
    # The signing known on the period's end: a later re-signing is not known yet.
    signing = _last(record.changes, "signed", period.end)
    verified = _verified(signing, period.end)
    if signing is not None and signing.changed_on in period:
        facts.signing = _entry(
            record, "signed", signing.changed_on, record.investment_cny, verified
        )
    for amount in record.amounts:
        if amount.dated not in period:
            continue
        if amount.kind == "funds":
            facts.funds_cny += amount.amount_cny
        else:
            facts.increases.append(
                _entry(record, "signed", amount.dated, amount.amount_cny, verified)
            )
    start = _last(record.changes, "construction", period.end)
    if start is not None and start.changed_on in period:
        facts.start = _entry(record, "construction", start.changed_on, record.investment_cny)
    for stage in COMMISSION_STAGES:
        reached = _last(record.changes, stage, period.end)
        if reached is not None and reached.changed_on in period:
            facts.commissionings.append(
                _entry(record, stage, reached.changed_on, record.investment_cny)
            )
    return facts


def _last(changes: Iterable[StageChange], stage: str, end: date) -> StageChange | None:
    found = [c for c in changes if c.to_stage == stage and c.changed_on <= end]
    return found[-1] if found else None


def _verified(signing: StageChange | None, end: date) -> bool:
    return signing is not None and signing.verified_on is not None and signing.verified_on <= end


def _entry(
    record: PipelineRecord, stage: str, dated: date, amount: float | None, verified: bool = True
) -> Entry:
    return Entry(
        record_id=record.id,
        name=record.name,
        company=record.company_name,
        team=record.team.name if record.team else NO_TEAM,
        county=record.region or NO_COUNTY,
        chain=record.chain,
        stage=stage,
        amount_cny=amount,
        dated=dated,
        verified=verified,
    )


def _totals(facts: list[_Facts]) -> Totals:
    verified = [f.signing for f in facts if f.signing is not None and f.signing.verified]
    unverified = [f.signing for f in facts if f.signing is not None and not f.signing.verified]
    increases = [i for f in facts for i in f.increases]
    starts = [f.start for f in facts if f.start is not None]
    reached = [e.stage for f in facts for e in f.commissionings]
    return Totals(
        new_leads=sum(1 for f in facts if f.new_lead),
        signings=len(verified),
        signed_cny=sum(f.signed_cny for f in facts),
        increase_cny=sum(i.amount_cny or 0.0 for i in increases if i.verified),
        signings_100m=_at_least(verified, COUNT_THRESHOLDS["projects_100m"]),
        signings_1b=_at_least(verified, COUNT_THRESHOLDS["projects_1b"]),
        unverified_signings=len(unverified),
        unverified_cny=sum(e.amount_cny or 0.0 for e in unverified)
        + sum(i.amount_cny or 0.0 for i in increases if not i.verified),
        funds_cny=sum(f.funds_cny for f in facts),
        started=len(starts),
        started_cny=sum(e.amount_cny or 0.0 for e in starts),
        commissioned=reached.count("operating"),
        at_capacity=reached.count("at_capacity"),
    )


def _at_least(entries: list[Entry], threshold: float) -> int:
    return sum(1 for e in entries if (e.amount_cny or 0.0) >= threshold)


def _summaries(facts: list[_Facts], key: Callable[[PipelineRecord], str]) -> list[GroupSummary]:
    groups: dict[str, list[_Facts]] = {}
    for item in facts:
        groups.setdefault(key(item.record), []).append(item)
    rows = [
        GroupSummary(
            name=name,
            records=len(members),
            new_leads=sum(1 for f in members if f.new_lead),
            signings=sum(1 for f in members if f.verified_signing),
            signed_cny=sum(f.signed_cny for f in members),
            funds_cny=sum(f.funds_cny for f in members),
            started=sum(1 for f in members if f.start is not None),
            commissioned=sum(1 for f in members if f.commissionings),
        )
        for name, members in groups.items()
    ]
    # Biggest signed amounts first; records without a team or county at the end.
    return sorted(
        rows,
        key=lambda r: (
            r.name in (NO_TEAM, NO_COUNTY),
            -r.signed_cny,
            -r.signings,
            -r.records,
            r.name,
        ),
    )


def _funnel(records: list[PipelineRecord]) -> list[StageCount]:
    return [
        StageCount(stage, STAGE_NAMES[stage], sum(1 for r in records if r.stage == stage))
        for stage in STAGES
    ]


def _monthly(records: list[PipelineRecord], end: date) -> list[MonthAmount]:
    """Signed amounts by month of ``end``'s year, as known on ``end``."""
    verified = [0.0] * 12
    unverified = [0.0] * 12
    for record in records:
        signing = _last(record.changes, "signed", end)
        ok = _verified(signing, end)
        dated: list[tuple[date, float]] = [
            (a.dated, a.amount_cny) for a in record.amounts if a.kind == "increase"
        ]
        if signing is not None:
            dated.append((signing.changed_on, record.investment_cny or 0.0))
        for day, amount in dated:
            if day.year == end.year and day <= end:
                (verified if ok else unverified)[day.month - 1] += amount
    return [MonthAmount(m + 1, verified[m], unverified[m]) for m in range(12)]


def _follow_ups(
    session: Session, scope: Scope, filters: RecordFilter, today: date
) -> list[FollowUp]:
    rows = list_records(session, scope, filters)
    if filters.escalated:
        rows = [r for r in rows if r.stage not in ("terminated", "at_capacity")]
    return [
        FollowUp(
            record_id=r.id,
            name=r.name,
            team=r.team.name if r.team else NO_TEAM,
            stage=r.stage,
            due=r.next_follow_up,
            days_overdue=(today - r.next_follow_up).days
            if r.next_follow_up and r.next_follow_up < today
            else None,
            escalated=r.escalated,
        )
        for r in sorted(rows, key=lambda r: (r.next_follow_up or date.max, r.id))
    ]


def _chains(records: list[PipelineRecord]) -> list[str]:
    """The chains of the records, most records first."""
    counts: dict[str, int] = {}
    for record in records:
        if record.chain:
            counts[record.chain] = counts.get(record.chain, 0) + 1
    return sorted(counts, key=lambda c: (-counts[c], c))
