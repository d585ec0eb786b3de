"""Pipeline API: the 三比三看 comparison of counties/zones or teams and the 亩均 evaluation.

Thin over chainatlas.pipeline.comparison and .evaluation; docs/indicators.md documents
the indicators, weights, normalisation and grades. Amounts are in 元, per-亩 values in
元/亩, ratios as shares (0.8 = 80 %).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from chainatlas.api.deps import DbSession, PipelineScope
from chainatlas.api.errors import ERROR_RESPONSES
from chainatlas.api.params import OptionalDay, RowId
from chainatlas.api.routes.targets import as_of_day
from chainatlas.pipeline.comparison import Comparison, Measure, compare, parse_weights
from chainatlas.pipeline.evaluation import (
    WAN,
    LandGroup,
    LandReport,
    LandRow,
    LandRules,
    land_efficiency,
)
from chainatlas.pipeline.listing import RecordFilter
from chainatlas.pipeline.targets import YEARS

router = APIRouter(tags=["pipeline"], responses=ERROR_RESPONSES)

Year = Annotated[int, Query(ge=YEARS.start, le=YEARS.stop - 1, description="Year compared")]


class IndicatorPublic(BaseModel):
    key: str
    label: str
    unit: str
    weight: float
    team_only: bool


class GroupScorePublic(BaseModel):
    group: str
    rank: int
    score: float
    records: int
    measures: list[Measure]


class ComparisonPublic(BaseModel):
    year: int
    as_of: date
    by: str
    method: str
    indicators: list[IndicatorPublic]
    rows: list[GroupScorePublic]
    groups_ranked: int
    hidden_groups: int
    unassigned_records: int
    team_view_only: bool


def comparison_public(result: Comparison) -> ComparisonPublic:
    return ComparisonPublic(
        year=result.year,
        as_of=result.as_of,
        by=result.by,
        method=result.method,
        indicators=[
            IndicatorPublic(
                key=i.key,
                label=i.label,
                unit=i.unit,
                weight=result.weights[i.key],
                team_only=i.team_only,
            )
            for i in result.indicators
        ],
        rows=[
            GroupScorePublic(
                group=row.group,
                rank=row.rank,
                score=row.score,
                records=row.records,
                measures=list(row.measures.values()),
            )
            for row in result.rows
        ],
        groups_ranked=result.groups_ranked,
        hidden_groups=result.hidden_groups,
        unassigned_records=result.unassigned_records,
        team_view_only=result.team_view_only,
    )


@router.get("/pipeline/comparison")
def comparison(
    session: DbSession,
    scope: PipelineScope,
    year: Year,
    as_of: Annotated[
        OptionalDay, Query(description="Measure as of this day (default today, within the year)")
    ] = None,
    by: Annotated[
        Literal["region", "team"], Query(description="Compare counties/zones or teams")
    ] = "region",
    weights: Annotated[
        str | None,
        Query(max_length=500, description="Weight overrides, e.g. signed=30,funds=20"),
    ] = None,
    method: Annotated[
        Literal["rank", "minmax"], Query(description="Normalisation of each indicator")
    ] = "rank",
) -> ComparisonPublic:
    """三比三看 ranking: each indicator's value, rank and points per group, and the weighted
    score out of 100 (a team member sees only their own teams' rows)."""
    result = compare(
        session, scope, year, as_of_day(year, as_of), by, parse_weights(weights or ""), method
    )
    return comparison_public(result)


class LandGroupPublic(BaseModel):
    key: str
    records: int
    unevaluable: int
    operating: int
    shortfalls: int
    land_mu: float
    investment_cny: float
    promised_output_cny: float
    promised_tax_cny: float
    realised_output_cny: float
    realised_tax_cny: float
    investment_per_mu: float | None
    promised_output_per_mu: float | None
    promised_tax_per_mu: float | None
    realised_output_per_mu: float | None
    realised_tax_per_mu: float | None
    output_ratio: float | None
    tax_ratio: float | None
    grade: str | None


class LandPublic(BaseModel):
    rules: LandRules
    rows: list[LandRow]
    by_region: list[LandGroupPublic]
    by_team: list[LandGroupPublic]
    total: LandGroupPublic
    shortfalls: list[int]


def _group(group: LandGroup) -> LandGroupPublic:
    return LandGroupPublic(
        key=group.key,
        records=group.records,
        unevaluable=group.unevaluable,
        operating=group.operating,
        shortfalls=group.shortfalls,
        land_mu=group.land_mu,
        investment_cny=group.investment.amount_cny,
        promised_output_cny=group.promised_output.amount_cny,
        promised_tax_cny=group.promised_tax.amount_cny,
        realised_output_cny=group.realised_output.amount_cny,
        realised_tax_cny=group.realised_tax.amount_cny,
        investment_per_mu=group.investment.value,
        promised_output_per_mu=group.promised_output.value,
        promised_tax_per_mu=group.promised_tax.value,
        realised_output_per_mu=group.realised_output.value,
        realised_tax_per_mu=group.realised_tax.value,
        output_ratio=group.output_ratio.value,
        tax_ratio=group.tax_ratio.value,
        grade=group.grade,
    )


def land_public(report: LandReport) -> LandPublic:
    return LandPublic(
        rules=report.rules,
        rows=list(report.rows),
        by_region=[_group(group) for group in report.by_region],
        by_team=[_group(group) for group in report.by_team],
        total=_group(report.total),
        shortfalls=[row.record_id for row in report.shortfalls],
    )


@router.get("/pipeline/land-efficiency")
def land_efficiency_report(
    session: DbSession,
    scope: PipelineScope,
    benchmark_wan: Annotated[
        float, Query(gt=0, le=1e6, description="亩均税收 benchmark in 万元/亩 (grade A at 100 %)")
    ] = LandRules().benchmark_tax_per_mu / WAN,
    shortfall: Annotated[
        float,
        Query(gt=0, le=1, description="Realised/promised share below which a record is short"),
    ] = LandRules().shortfall_ratio,
    region: Annotated[str | None, Query(max_length=100, description="County/zone contains")] = None,
    team: Annotated[RowId | None, Query(description="Team id")] = None,
    chain: Annotated[str | None, Query(max_length=100, description="Chain id")] = None,
    grade: Annotated[
        Literal["A", "B", "C", "D"] | None, Query(description="Only rows of grade")
    ] = None,
) -> LandPublic:
    """亩均 evaluation of the signed-or-later records the user may see: per-record values,
    A–D grades, 无法评价 rows with their reason, and sums-over-sums by county/zone and team."""
    rules = LandRules(benchmark_tax_per_mu=benchmark_wan * WAN, shortfall_ratio=shortfall)
    filters = RecordFilter(region=region or None, team_id=team, chain=chain or None)
    return land_public(land_efficiency(session, scope, rules, filters, grade))
