"""Comparison and 亩均 commands: ``chainatlas pipeline compare`` (三比三看 ranking of
counties/zones or teams) and ``chainatlas pipeline land`` (亩均 evaluation) — thin layers
over ``chainatlas.pipeline.comparison`` and ``.evaluation``.

The commands are added to ``pipeline_app`` when this module is imported (main.py does so).
Without ``--user`` they see the whole region, as an operator at the database would; with it,
they see what that user sees on the web pages.
"""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from chainatlas.accounts.roles import Role
from chainatlas.cli.pipeline import (
    FormatOption,
    OutputFormat,
    _echo_json,
    _session,
    _user,
    console,
    parse_day,
    pipeline_app,
)
from chainatlas.formatting import format_amount
from chainatlas.pipeline.access import Scope, scope_of
from chainatlas.pipeline.comparison import compare, load_weights, parse_weights
from chainatlas.pipeline.evaluation import WAN, LandGroup, LandRules, land_efficiency
from chainatlas.pipeline.listing import RecordFilter
from chainatlas.pipeline.progress import default_as_of
from chainatlas.pipeline.records import find_team
from chainatlas.pipeline.stages import STAGE_NAMES


class GroupBy(StrEnum):
    region = "region"
    team = "team"


class Method(StrEnum):
    rank = "rank"
    minmax = "minmax"


AsUser = Annotated[
    str | None,
    typer.Option("--user", help="See only what this user may see (default: the whole region)."),
]


def _scope(session: Session, username: str | None) -> Scope:
    if username:
        return scope_of(session, _user(session, username))
    return Scope(user_id=0, username="cli", role=Role.admin, team_ids=frozenset())


def _per_mu(value: float | None) -> str:
    return "—" if value is None else f"{value / WAN:,.2f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _measure_text(unit: str, value: float | None) -> str:
    if value is None:
        return "—"
    if unit == "元":
        return format_amount(value)
    if unit == "share":
        return _pct(value)
    if unit == "元/亩":
        return f"{value / WAN:,.2f}万/亩"
    return f"{value:g}"


@pipeline_app.command("compare")
def compare_command(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(help="Year compared.")],
    by: Annotated[GroupBy, typer.Option("--by", help="region (county/zone) or team.")] = (
        GroupBy.region
    ),
    weights: Annotated[
        str, typer.Option("--weights", help="Weight overrides, e.g. signed=30,funds=20.")
    ] = "",
    weights_file: Annotated[
        Path | None,
        typer.Option("--weights-file", help="TOML file with a [weights] table (before --weights)."),
    ] = None,
    method: Annotated[
        Method, typer.Option("--method", help="Points per indicator: rank or minmax.")
    ] = Method.rank,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Measure as of YYYY-MM-DD (default today).")
    ] = None,
    user: AsUser = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Rank counties/zones or teams on the 三比三看 indicators (docs/indicators.md).

    Example: chainatlas pipeline compare 2026 --by team --weights signed=30,funds=20
    """
    with _session(ctx) as session:
        day = default_as_of(year, parse_day(as_of))
        chosen = {**(load_weights(weights_file) if weights_file else {}), **parse_weights(weights)}
        result = compare(session, _scope(session, user), year, day, by.value, chosen, method)
        if output is OutputFormat.json:
            _echo_json(
                {
                    "year": result.year,
                    "as_of": result.as_of,
                    "by": result.by,
                    "method": result.method,
                    "weights": result.weights,
                    "rows": [asdict(row) for row in result.rows],
                    "groups_ranked": result.groups_ranked,
                    "hidden_groups": result.hidden_groups,
                    "unassigned_records": result.unassigned_records,
                }
            )
            return
        table = Table(title=f"{year} 三比三看 · {day.isoformat()} · {by.value}")
        table.add_column("名次", justify="right")
        table.add_column("对象")
        table.add_column("得分", justify="right")
        for indicator in result.indicators:
            weight = f"{result.weights[indicator.key]:g}"
            table.add_column(f"{indicator.label}\n(权重{weight})", justify="right")
        for row in result.rows:
            cells = [str(row.rank), row.group, f"{row.score:.1f}"]
            for indicator in result.indicators:
                measure = row.measures[indicator.key]
                rank = f"#{measure.rank}" if measure.rank else "—"
                cells.append(f"{_measure_text(indicator.unit, measure.value)} {rank}")
            table.add_row(*cells)
        console.print(table)
        if result.hidden_groups:
            console.print(f"ranked among {result.groups_ranked}; {result.hidden_groups} not shown")


def _group_dict(group: LandGroup) -> dict[str, Any]:
    return {
        "key": group.key,
        "records": group.records,
        "unevaluable": group.unevaluable,
        "operating": group.operating,
        "land_mu": group.land_mu,
        "realised_tax_cny": group.realised_tax.amount_cny,
        "promised_tax_per_mu": group.promised_tax.value,
        "realised_tax_per_mu": group.realised_tax.value,
        "realised_output_per_mu": group.realised_output.value,
        "investment_per_mu": group.investment.value,
        "tax_ratio": group.tax_ratio.value,
        "shortfalls": group.shortfalls,
        "grade": group.grade,
    }


@pipeline_app.command("land")
def land_command(
    ctx: typer.Context,
    by: Annotated[
        GroupBy | None, typer.Option("--by", help="Totals by region or team instead of records.")
    ] = None,
    benchmark: Annotated[
        float, typer.Option("--benchmark", help="亩均税收 benchmark in 万元/亩 (grade A at 100%).")
    ] = LandRules().benchmark_tax_per_mu / WAN,
    shortfall: Annotated[
        float, typer.Option("--shortfall", help="Shortfall line, share of the promise (0–1).")
    ] = LandRules().shortfall_ratio,
    region: Annotated[str | None, typer.Option(help="Only counties/zones containing this.")] = None,
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    user: AsUser = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """亩均 evaluation: per-亩 output and tax, promised vs realised, A–D grades.

    Example: chainatlas pipeline land --by region --benchmark 10 --format json
    """
    with _session(ctx) as session:
        rules = LandRules(benchmark_tax_per_mu=benchmark * WAN, shortfall_ratio=shortfall)
        filters = RecordFilter(region=region, team_id=find_team(session, team).id if team else None)
        report = land_efficiency(session, _scope(session, user), rules, filters)
        if by is not None:
            groups = report.by_region if by is GroupBy.region else report.by_team
            if output is OutputFormat.json:
                _echo_json([_group_dict(group) for group in [*groups, report.total]])
                return
            table = Table(title=f"亩均效益 · 按{'县区' if by is GroupBy.region else '专班'}")
            for column in ("对象", "项目", "无法评价", "用地(亩)", "实际亩均税收(万元)",
                           "承诺亩均税收(万元)", "税收兑现率", "等级"):  # fmt: skip
                table.add_column(column)
            for group in [*groups, report.total]:
                table.add_row(
                    group.key,
                    str(group.records),
                    str(group.unevaluable),
                    f"{group.land_mu:,.1f}",
                    _per_mu(group.realised_tax.value),
                    _per_mu(group.promised_tax.value),
                    _pct(group.tax_ratio.value),
                    group.grade or "—",
                )
            console.print(table)
            return
        if output is OutputFormat.json:
            _echo_json([asdict(row) for row in report.rows])
            return
        table = Table(title=f"亩均效益 · 基准 {benchmark:g}万元/亩")
        for column in ("ID", "项目", "县区", "阶段", "用地(亩)", "投资强度(万元/亩)",
                       "承诺亩均税收", "实际亩均税收", "税收兑现率", "等级"):  # fmt: skip
            table.add_column(column)
        for row in report.rows:
            if not row.evaluable:
                table.add_row(str(row.record_id), row.name, row.region, STAGE_NAMES[row.stage],
                              f"无法评价：{row.reason}", "", "", "", "", "")  # fmt: skip
                continue
            table.add_row(
                str(row.record_id),
                row.name,
                row.region,
                STAGE_NAMES[row.stage],
                f"{row.land_mu:,.1f}",
                _per_mu(row.investment_per_mu),
                _per_mu(row.promised_tax_per_mu),
                _per_mu(row.realised_tax_per_mu),
                _pct(row.tax_ratio) + (" 不足" if row.shortfall else ""),
                row.grade or "—",
            )
        console.print(table)
