"""三比三看 comparison: counties/zones or teams ranked on documented indicators with weights.

Each indicator is measured per group for a year as of a date (with the counting rules of
``progress``: verified signings only, 增资 as its increment, each record once), normalised
to points in [0, 1] — by rank (default) or min-max — and combined with weights into a
score out of 100. Every group row keeps its raw values and per-indicator ranks, so a
ranking can always be explained. docs/indicators.md documents the indicators.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from chainatlas.pipeline.access import Scope, visible_records, visible_teams
from chainatlas.pipeline.evaluation import OPERATING_STAGES, per_mu, stage_on
from chainatlas.pipeline.models import PipelineRecord, Team

# The counting of target progress is reused so that a 签约 or 到位资金 figure here is the
# same number the targets page shows.
from chainatlas.pipeline.progress import counted_evidence, target_progress
from chainatlas.pipeline.records import PipelineError
from chainatlas.pipeline.stages import MAIN_STAGES, main_rank

GROUPINGS = ("region", "team")
METHODS = ("rank", "minmax")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str  # 元 | 个 | share | 元/亩
    default_weight: float
    definition: str
    team_only: bool = False


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "signed",
        "签约金额",
        "元",
        20,
        "当年签约且截至日已核验的项目计划投资，加上已核验项目当年的增资增量（只计增量）。",
    ),
    Indicator(
        "projects_100m",
        "亿元以上签约项目",
        "个",
        10,
        "当年已核验签约、计划投资≥1亿元的项目数，每个项目只计一次；增资不增加项目数。",
    ),
    Indicator(
        "projects_1b",
        "10亿元以上签约项目",
        "个",
        5,
        "当年已核验签约、计划投资≥10亿元的项目数，每个项目只计一次。",
    ),
    Indicator("funds", "到位资金", "元", 20, "当年截至日登记的到位资金合计。"),
    Indicator("started", "开工项目", "个", 15, "当年截至日转入开工阶段的项目数，每个项目一次。"),
    Indicator(
        "commissioned", "投产项目", "个", 10, "当年截至日转入投产阶段的项目数，每个项目一次。"
    ),
    Indicator(
        "conversion",
        "签约→开工转化率",
        "share",
        10,
        "当年内到达签约及以后阶段的项目中，也到达开工及以后阶段的比例；无签约则不参与排名。",
    ),
    Indicator(
        "tax_per_mu",
        "投产项目亩均税收",
        "元/亩",
        10,
        "截至日处于投产/达产的项目实际税收合计 ÷ 其用地面积合计（和比和，不是比值平均）。",
    ),
    Indicator(
        "targets",
        "目标完成率",
        "share",
        10,
        "专班当年各项目标完成率的平均值（按目标进度页的计数规则）；只用于专班比较。",
        team_only=True,
    ),
)
BY_KEY: dict[str, Indicator] = {indicator.key: indicator for indicator in INDICATORS}
DEFAULT_WEIGHTS: dict[str, float] = {i.key: i.default_weight for i in INDICATORS}


class ComparisonError(PipelineError):
    """A comparison request with a bad grouping, method or weight."""


def parse_weights(text: str) -> dict[str, float]:
    """``signed=30,funds=20`` → {"signed": 30.0, "funds": 20.0}; errors name the bad part."""
    weights: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep:
            raise ComparisonError(f"weight {part.strip()!r} must look like key=number")
        if key not in BY_KEY:
            raise ComparisonError(f"unknown indicator {key!r}; expected one of {', '.join(BY_KEY)}")
        try:
            weights[key] = float(value)
        except ValueError:
            raise ComparisonError(
                f"weight of {key} must be a number, got {value.strip()!r}"
            ) from None
    return weights


def load_weights(path: Path) -> dict[str, float]:
    """Weight overrides from a TOML file with a ``[weights]`` table (``signed = 30`` …)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ComparisonError(f"cannot read weights file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ComparisonError(f"weights file {path} is not valid TOML: {error}") from None
    table = data.get("weights")
    if not isinstance(table, dict):
        raise ComparisonError(f"weights file {path} has no [weights] table")
    weights: dict[str, float] = {}
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ComparisonError(f"weights file {path}: {key} must be a number, got {value!r}")
        weights[key] = float(value)
    resolve_weights(weights)  # unknown keys and negative weights are refused here, by name
    return weights


def resolve_weights(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The default weights with ``overrides`` applied; each must be a known key, ≥ 0."""
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in (overrides or {}).items():
        if key not in BY_KEY:
            raise ComparisonError(f"unknown indicator {key!r}; expected one of {', '.join(BY_KEY)}")
        if not value >= 0 or value == float("inf"):
            raise ComparisonError(f"weight of {key} must be a finite number ≥ 0, got {value}")
        weights[key] = float(value)
    return weights


@dataclass(frozen=True)
class Measure:
    """One indicator of one group: its raw value, rank among the groups and points."""

    key: str
    value: float | None  # None: not measurable (no signings for a conversion rate …)
    rank: int | None
    points: float  # 0..1 after normalisation


@dataclass(frozen=True)
class GroupScore:
    group: str
    rank: int
    score: float  # 0..100
    measures: dict[str, Measure]
    records: int


@dataclass(frozen=True)
class Comparison:
    year: int
    as_of: date
    by: str
    method: str
    weights: dict[str, float]  # the weights used (indicators that apply only)
    indicators: list[Indicator]
    rows: list[GroupScore]
    groups_ranked: int  # how many groups the ranks are out of
    hidden_groups: int  # groups ranked but withheld from this user
    unassigned_records: int  # records without a region/team, left out of the ranking
    team_view_only: bool  # region figures cover only the user's teams' records


def _raw_values(records: list[PipelineRecord], year: int, as_of: date) -> dict[str, float | None]:
    start = date(year, 1, 1)

    def evidence(indicator: str) -> list[float]:
        return [
            item.amount_cny
            for record in records
            for item in counted_evidence(record, indicator, year, as_of)
        ]

    def count(indicator: str) -> float:
        return float(
            sum(1 for record in records if counted_evidence(record, indicator, year, as_of))
        )

    def moved(stage: str) -> float:
        return float(
            sum(
                1
                for record in records
                if any(
                    c.to_stage == stage and start <= c.changed_on <= as_of for c in record.changes
                )
            )
        )

    # Same rule as progress.conversion_rates: the furthest main-line stage reached in the
    # window; reaching 开工 implies having passed 签约.
    signed_rank, started_rank = MAIN_STAGES.index("signed"), MAIN_STAGES.index("construction")
    furthest = [
        max(
            (
                rank
                for c in record.changes
                if start <= c.changed_on <= as_of and (rank := main_rank(c.to_stage)) is not None
            ),
            default=-1,
        )
        for record in records
    ]
    reached_signed = sum(1 for best in furthest if best >= signed_rank)
    reached_started = sum(1 for best in furthest if best >= started_rank)

    tax, land = 0.0, 0.0
    for record in records:
        if (
            stage_on(record, as_of) in OPERATING_STAGES
            and record.realised_tax_cny is not None
            and record.land_mu
            and record.land_mu > 0
        ):
            tax += record.realised_tax_cny
            land += record.land_mu
    return {
        "signed": sum(evidence("signed_cny")),
        "projects_100m": count("projects_100m"),
        "projects_1b": count("projects_1b"),
        "funds": sum(evidence("funds_cny")),
        "started": moved("construction"),
        "commissioned": moved("operating"),
        "conversion": reached_started / reached_signed if reached_signed else None,
        "tax_per_mu": per_mu(tax, land),
    }


def _team_completion(session: Session, team: Team, year: int, as_of: date) -> float | None:
    """Mean completion of the team's targets of the year (None without targets)."""
    rows = target_progress(session, year, as_of, team)
    return sum(row.completion for row in rows) / len(rows) if rows else None


def _competition_ranks(values: dict[str, float | None]) -> dict[str, int | None]:
    """1 = highest; equal values share a rank (1, 1, 3); missing values get no rank."""
    present = sorted(v for v in values.values() if v is not None)
    return {
        group: None if value is None else 1 + sum(1 for other in present if other > value)
        for group, value in values.items()
    }


def _points(values: dict[str, float | None], method: str) -> dict[str, float]:
    """Points in [0, 1] per group. Nothing achieved (no value, or 0) earns nothing: otherwise
    the groups tied at zero behind one leader would share a high rank and its points."""
    present = [v for v in values.values() if v is not None]
    if not present:
        return dict.fromkeys(values, 0.0)
    if method == "minmax":
        low, high = min(present), max(present)
        points = {
            group: 0.0 if v is None else 1.0 if high == low else (v - low) / (high - low)
            for group, v in values.items()
        }
    else:
        ranks = _competition_ranks(values)
        n = len(values)
        points = {
            group: 0.0 if rank is None else 1.0 if n == 1 else (n - rank) / (n - 1)
            for group, rank in ranks.items()
        }
    return {group: 0.0 if not values[group] else points[group] for group in values}


def rank_groups(
    raw: Mapping[str, Mapping[str, float | None]],
    weights: Mapping[str, float],
    method: str = "rank",
    records: Mapping[str, int] | None = None,
) -> list[GroupScore]:
    """Groups scored and ordered: Σ weight × points / Σ weight × 100, highest first.

    Equal scores share a rank and are listed by group name (code-point order), so the
    order never depends on the database."""
    if method not in METHODS:
        raise ComparisonError(f"method {method!r} must be one of {', '.join(METHODS)}")
    total = sum(weights.values())
    if total <= 0:
        raise ComparisonError("at least one indicator needs a weight above 0")
    measures: dict[str, dict[str, Measure]] = {group: {} for group in raw}
    for key in weights:
        values = {group: raw[group].get(key) for group in raw}
        ranks = _competition_ranks(values)
        points = _points(values, method)
        for group in raw:
            measures[group][key] = Measure(key, values[group], ranks[group], points[group])
    scores = {
        group: round(
            100 * sum(weights[k] * m.points for k, m in measures[group].items()) / total, 6
        )
        for group in raw
    }
    ordered = sorted(raw, key=lambda group: (-scores[group], group))
    return [
        GroupScore(
            group=group,
            rank=1 + sum(1 for other in raw if scores[other] > scores[group]),
            score=scores[group],
            measures=measures[group],
            records=(records or {}).get(group, 0),
        )
        for group in ordered
    ]


def _load(session: Session, scope: Scope | None) -> list[PipelineRecord]:
    query: Select[tuple[PipelineRecord]] = select(PipelineRecord)
    if scope is not None:
        query = visible_records(scope, query)
    loaded = query.options(
        selectinload(PipelineRecord.changes),
        selectinload(PipelineRecord.amounts),
        selectinload(PipelineRecord.team),
    )
    return list(session.scalars(loaded.order_by(PipelineRecord.id)))


def compare(
    session: Session,
    scope: Scope,
    year: int,
    as_of: date,
    by: str = "region",
    weights: Mapping[str, float] | None = None,
    method: str = "rank",
) -> Comparison:
    """The ranking of counties/zones (``region``) or teams (``team``) for ``year`` as of a day.

    What a team-scoped user gets: by team, the ranking over all teams (so that a rank
    means the same for everyone) but only their own teams' rows; by region, a ranking
    computed from their own teams' records only (others' records stay hidden).
    """
    if by not in GROUPINGS:
        raise ComparisonError(f"group by {by!r} must be one of {', '.join(GROUPINGS)}")
    if method not in METHODS:
        raise ComparisonError(f"method {method!r} must be one of {', '.join(METHODS)}")
    used = {
        key: value
        for key, value in resolve_weights(weights).items()
        if by == "team" or not BY_KEY[key].team_only
    }
    grouped: dict[str, list[PipelineRecord]] = {}
    unassigned = 0
    team_ids: dict[str, Team] = {}
    if by == "region":
        records = _load(session, scope)
        for record in records:
            if record.region.strip():
                grouped.setdefault(record.region.strip(), []).append(record)
            else:
                unassigned += 1
    else:
        # Every team is ranked, whoever asks; rows are withheld below.
        records = _load(session, None)
        for team in session.scalars(select(Team).order_by(Team.name)):
            grouped[team.name] = []
            team_ids[team.name] = team
        for record in records:
            if record.team is not None:
                grouped[record.team.name].append(record)
            elif scope.region_wide:
                unassigned += 1
    raw: dict[str, dict[str, float | None]] = {}
    for group, members in grouped.items():
        raw[group] = _raw_values(members, year, as_of)
        if by == "team":
            raw[group]["targets"] = _team_completion(session, team_ids[group], year, as_of)
    rows = rank_groups(raw, used, method, {g: len(m) for g, m in grouped.items()})
    hidden = 0
    if by == "team" and not scope.region_wide:
        mine = {team.name for team in visible_teams(session, scope)}
        hidden = sum(1 for row in rows if row.group not in mine)
        rows = [row for row in rows if row.group in mine]
    return Comparison(
        year=year,
        as_of=as_of,
        by=by,
        method=method,
        weights=used,
        indicators=[BY_KEY[key] for key in used],
        rows=rows,
        groups_ranked=len(raw),
        hidden_groups=hidden,
        unassigned_records=unassigned,
        team_view_only=by == "region" and not scope.region_wide,
    )
