"""Progress against annual targets with 序时进度 (time progress), and stage conversion rates.

Counting rules: each record counts once; a signing counts only once verified (核验), in
the year of its signing date, with the record's investment; a 增资 counts only its dated
increment (and adds no project); funds in place are the dated amounts of the year.
Everything is measured "as of" a date: later signings, verifications and amounts are
not yet known on that date.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chainatlas.pipeline.access import Scope, visible_records, visible_teams
from chainatlas.pipeline.models import PipelineRecord, StageChange, Team
from chainatlas.pipeline.records import latest_signing
from chainatlas.pipeline.stages import MAIN_STAGES, main_rank
from chainatlas.pipeline.targets import (
    AMOUNT_INDICATORS,
    COUNT_THRESHOLDS,
    INDICATORS,
    list_targets,
)

AHEAD = "超进度"
BEHIND = "欠进度"


@dataclass(frozen=True)
class Evidence:
    """Why a record counted: which record, which amount, dated when."""

    record_id: int
    name: str
    amount_cny: float
    dated: date
    why: str


@dataclass(frozen=True)
class ProgressRow:
    indicator: str
    label: str
    team: str | None
    chain: str | None
    target: float
    achieved: float
    completion: float
    time_progress: float
    status: str
    gap_points: float
    evidence: list[Evidence] = field(default_factory=list)
    # Evidence items left out because they are records of teams the reader may not see.
    hidden_evidence: int = 0


def time_progress(year: int, as_of: date) -> float:
    """Share of the year elapsed on ``as_of`` (the day itself counts): 序时进度."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 1.0
    return ((as_of - start).days + 1) / ((end - start).days + 1)


def default_as_of(year: int, today: date) -> date:
    """``today`` clamped into ``year``: a past year is seen at its end, a future one at its start
    (so that 序时进度 is never outside 0–100 %)."""
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def _counted_signing(record: PipelineRecord, year: int, as_of: date) -> StageChange | None:
    signing = latest_signing(record)
    if signing is None or signing.verified_on is None:
        return None
    if signing.changed_on.year != year or signing.changed_on > as_of:
        return None
    return signing if signing.verified_on <= as_of else None


def _verified_by(record: PipelineRecord, as_of: date) -> bool:
    """Whether the record's signing was verified on or before ``as_of`` (increments need it)."""
    signing = latest_signing(record)
    return signing is not None and signing.verified_on is not None and signing.verified_on <= as_of


def counted_evidence(
    record: PipelineRecord, indicator: str, year: int, as_of: date
) -> list[Evidence]:
    """What ``record`` adds to ``indicator`` in ``year`` as of a date, under the counting
    rules above (verified signings, 增资 increments, funds of the year); [] when nothing."""
    signing = _counted_signing(record, year, as_of)
    found: list[Evidence] = []
    if indicator == "funds_cny":
        for amount in record.amounts:
            if amount.kind == "funds" and amount.dated.year == year and amount.dated <= as_of:
                found.append(
                    Evidence(record.id, record.name, amount.amount_cny, amount.dated, "到位资金")
                )
        return found
    if indicator == "signed_cny":
        if signing is not None and record.investment_cny:
            found.append(
                Evidence(record.id, record.name, record.investment_cny, signing.changed_on, "签约")
            )
        if _verified_by(record, as_of):
            found.extend(
                Evidence(record.id, record.name, amount.amount_cny, amount.dated, "增资")
                for amount in record.amounts
                if amount.kind == "increase" and amount.dated.year == year and amount.dated <= as_of
            )
        return found
    investment = record.investment_cny or 0.0
    if signing is not None and investment >= COUNT_THRESHOLDS[indicator]:
        found.append(Evidence(record.id, record.name, investment, signing.changed_on, "签约项目"))
    return found


def _records(session: Session, team: Team | None) -> list[PipelineRecord]:
    query = select(PipelineRecord).options(
        selectinload(PipelineRecord.changes), selectinload(PipelineRecord.amounts)
    )
    if team is not None:
        query = query.where(PipelineRecord.team_id == team.id)
    return list(session.scalars(query.order_by(PipelineRecord.id)))


def target_progress(
    session: Session, year: int, as_of: date, team: Team | None = None
) -> list[ProgressRow]:
    """One row per target of ``year`` (the region's when ``team`` is None) as of a date."""
    targets = list_targets(session, year, team)
    records = _records(session, team)
    elapsed = time_progress(year, as_of)
    rows: list[ProgressRow] = []
    for target in targets:
        evidence = [
            item
            for record in records
            if target.chain is None or record.chain == target.chain
            for item in counted_evidence(record, target.indicator, year, as_of)
        ]
        if target.indicator in AMOUNT_INDICATORS:
            achieved = sum(item.amount_cny for item in evidence)
        else:
            # Each record once, however many signings or increments it has.
            achieved = float(len({item.record_id for item in evidence}))
        completion = achieved / target.value
        rows.append(
            ProgressRow(
                indicator=target.indicator,
                label=INDICATORS[target.indicator],
                team=team.name if team else None,
                chain=target.chain,
                target=target.value,
                achieved=achieved,
                completion=completion,
                time_progress=elapsed,
                status=AHEAD if completion >= elapsed else BEHIND,
                gap_points=round((completion - elapsed) * 100, 1),
                evidence=evidence,
            )
        )
    return rows


@dataclass(frozen=True)
class Conversion:
    from_stage: str
    to_stage: str
    reached_from: int
    reached_to: int
    rate: float | None


def conversion_rates(
    session: Session, start: date, end: date, team: Team | None = None
) -> list[Conversion]:
    """For each step k → k+1 of the main line: of the records that reached stage k within
    [start, end], the share that also reached k+1 there. Reaching a later stage implies
    having passed the earlier ones (a record may be created at 洽谈)."""
    furthest: dict[int, int] = {}
    for record in _records(session, team):
        for change in record.changes:
            rank = main_rank(change.to_stage)
            if rank is not None and start <= change.changed_on <= end:
                furthest[record.id] = max(furthest.get(record.id, -1), rank)
    result: list[Conversion] = []
    for rank in range(len(MAIN_STAGES) - 1):
        reached_from = sum(1 for best in furthest.values() if best >= rank)
        reached_to = sum(1 for best in furthest.values() if best >= rank + 1)
        result.append(
            Conversion(
                from_stage=MAIN_STAGES[rank],
                to_stage=MAIN_STAGES[rank + 1],
                reached_from=reached_from,
                reached_to=reached_to,
                rate=reached_to / reached_from if reached_from else None,
            )
        )
    return result


@dataclass(frozen=True)
class PendingSigning:
    """A signing of the year not yet verified (待核验) on the as-of date: it does not count."""

    record_id: int
    name: str
    team: str | None
    amount_cny: float | None
    signed_on: date


def pending_signings(
    session: Session, year: int, as_of: date, team: Team | None = None
) -> list[PendingSigning]:
    """Signings of ``year`` up to ``as_of`` that were not verified by then, oldest first."""
    found: list[PendingSigning] = []
    for record in _records(session, team):
        signing = latest_signing(record)
        if signing is None or signing.changed_on.year != year or signing.changed_on > as_of:
            continue
        if signing.verified_on is not None and signing.verified_on <= as_of:
            continue
        found.append(
            PendingSigning(
                record_id=record.id,
                name=record.name,
                team=record.team.name if record.team else None,
                amount_cny=record.investment_cny,
                signed_on=signing.changed_on,
            )
        )
    return sorted(found, key=lambda item: (item.signed_on, item.record_id))


@dataclass(frozen=True)
class ProgressSection:
    """The progress rows of the region (``team`` None) or of one team."""

    team: Team | None
    rows: list[ProgressRow]

    @property
    def title(self) -> str:
        return self.team.name if self.team else REGION_TITLE


REGION_TITLE = "全区"


def region_progress(session: Session, scope: Scope, year: int, as_of: date) -> list[ProgressRow]:
    """The region's progress as ``scope`` may see it: a team member gets the region's totals
    but not the names of other teams' records (those evidence items are only counted)."""
    rows = target_progress(session, year, as_of)
    if scope.region_wide:
        return rows
    seen = visible_record_ids(session, scope)
    return [_only_seen(row, seen) for row in rows]


def progress_sections(
    session: Session, scope: Scope, year: int, as_of: date
) -> list[ProgressSection]:
    """The region's progress, then each team's the user may see (one call per team)."""
    sections = [ProgressSection(None, region_progress(session, scope, year, as_of))]
    sections.extend(
        ProgressSection(team, target_progress(session, year, as_of, team))
        for team in visible_teams(session, scope)
    )
    return sections


@dataclass(frozen=True)
class ComparisonRow:
    """One indicator (and chain) with each team's completion, None where it has no target."""

    indicator: str
    label: str
    chain: str | None
    completions: list[float | None]


def team_comparison(sections: list[ProgressSection]) -> list[ComparisonRow]:
    """Teams side by side: a row per indicator/chain any of the teams has a target for."""
    teams = [section for section in sections if section.team is not None]
    keys: dict[tuple[str, str | None], str] = {}
    for section in teams:
        for row in section.rows:
            keys.setdefault((row.indicator, row.chain), row.label)
    order = list(INDICATORS)
    result: list[ComparisonRow] = []
    for (indicator, chain), label in sorted(
        keys.items(),
        key=lambda item: (item[0][1] is not None, item[0][1] or "", order.index(item[0][0])),
    ):
        completions: list[float | None] = []
        for section in teams:
            match = [r for r in section.rows if (r.indicator, r.chain) == (indicator, chain)]
            completions.append(match[0].completion if match else None)
        result.append(ComparisonRow(indicator, label, chain, completions))
    return result


def _only_seen(row: ProgressRow, seen: set[int]) -> ProgressRow:
    kept = [item for item in row.evidence if item.record_id in seen]
    return replace(row, evidence=kept, hidden_evidence=len(row.evidence) - len(kept))


def visible_record_ids(session: Session, scope: Scope) -> set[int]:
    """Ids of the records ``scope`` may see, so that region evidence hides other teams' names."""
    query = visible_records(scope, select(PipelineRecord)).with_only_columns(PipelineRecord.id)
    return set(session.scalars(query))
