"""``chainatlas region REGION --chain CHAIN``: a region's coverage of a chain, its gaps
(补链, 延链, 强链) with ranked candidates, and its 链主 — a thin layer over
``chainatlas.analysis.analyse_region``.

``register(app)`` adds the command; the database URL comes from the root command's
``--database`` option.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chainatlas.analysis import AnalysisError, RegionChainReport, analyse_region
from chainatlas.chains import ChainLibraryError, load_library
from chainatlas.config import Settings
from chainatlas.formatting import STATUS_NAMES, format_amount
from chainatlas.store.db import Database

console = Console(soft_wrap=True)  # long Chinese lines have no spaces to wrap at
errors = Console(stderr=True)

STRENGTH_LABELS = {"strong": "强", "medium": "中", "weak": "弱", "missing": "缺"}
DIRECTION_LABELS = {"downstream": "向下游", "upstream": "向上游", "both": "上下游"}
EVIDENCE_PER_NODE = 3
CANDIDATES_SHOWN = 5


class RegionFormat(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("region")(region)


def region(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="REGION", help="Province, city, county or zone; name or code.")
    ],
    chain: Annotated[str, typer.Option(help="Industrial chain: id, name or alias (新能源电池).")],
    output: Annotated[
        RegionFormat, typer.Option("--format", help="table or json.", case_sensitive=False)
    ] = RegionFormat.table,
) -> None:
    """Show which nodes of a chain a region covers (firms, projects by status, investment,
    evidence), what it lacks with candidate firms from elsewhere (补链), adjacent nodes to
    grow into (延链), weak nodes (强链) and its chain leaders (链主). A province includes
    its cities and counties.

    Example: chainatlas region 玉溪市 --chain 新能源电池
    """
    url = ctx.find_root().params.get("database")
    settings = Settings(database_url=url) if url else Settings()
    try:
        library = load_library(extra_dirs=tuple(settings.chain_dirs))
    except ChainLibraryError as error:
        errors.print(str(error), style="red", markup=False)
        raise typer.Exit(1) from None
    database = Database(settings.database_url)
    try:
        with database.session() as session:
            report = analyse_region(session, name, chain, library)
    except AnalysisError as error:
        errors.print(str(error), style="red", markup=False)
        raise typer.Exit(2) from None
    finally:
        database.dispose()
    if output is RegionFormat.json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    print_report(console, report)


def print_report(out: Console, report: RegionChainReport) -> None:
    """The report as tables and lists for a terminal."""
    region = report.region
    out.print(
        f"[bold]{region.name}[/] ({region.label}, {region.code}) · "
        f"[bold]{report.chain_name}[/] ({report.chain_id}): "
        f"{len(report.covered)}/{len(report.nodes)} nodes covered, {report.projects} projects, "
        f"{format_amount(report.investment_cny) if report.investment_cny else '0'} counted",
        markup=True,
        highlight=False,
    )
    _print_coverage(out, report)
    _print_evidence(out, report)
    _print_layouts(out, report)
    _print_fill(out, report)
    _print_extend(out, report)
    _print_strengthen(out, report)
    _print_leaders(out, report)
    if report.unplaced:
        out.print("\n[bold]on the chain, on none of its nodes[/]")
        for project in report.unplaced:
            out.print(f"  #{project.id} {project.name} ({project.region or '—'})", markup=False)


def _print_coverage(out: Console, report: RegionChainReport) -> None:
    table = Table(title="覆盖 coverage")
    for column in ("segment", "node", "", "firms", "projects", "investment", "规划"):
        table.add_column(column)
    for node in report.nodes:
        statuses = "、".join(
            f"{STATUS_NAMES.get(status, '未知')}{count}"
            for status, count in node.projects_by_status.items()
        )
        firms = "、".join(f.name + ("(名称)" if f.via == "name" else "") for f in node.firms)
        table.add_row(
            node.segment,
            f"{node.name} [dim]{node.node_id}[/]",
            STRENGTH_LABELS[node.strength],
            firms or "—",
            statuses or "—",
            format_amount(node.investment_cny) if node.investment_cny else "—",
            f"规划{len(node.layouts)}" if node.layouts else "",
        )
    out.print(table)


def _print_evidence(out: Console, report: RegionChainReport) -> None:
    covered = [n for n in report.nodes if n.projects]
    if not covered:
        return
    out.print("\n[bold]证据 evidence[/]")
    for node in covered:
        for project in node.projects[:EVIDENCE_PER_NODE]:
            status = STATUS_NAMES.get(project.status or "", "—")
            sentence = project.sentence or "—"
            out.print(
                f"  [{node.name}] #{project.id} {project.name} ({status}): {sentence}",
                markup=False,
            )


def _print_layouts(out: Console, report: RegionChainReport) -> None:
    planned = [n for n in report.nodes if n.layouts]
    if not planned:
        return
    out.print("\n[bold]规划布局 planned layouts[/] (plans, not projects)")
    for node in planned:
        for layout in node.layouts[:EVIDENCE_PER_NODE]:
            published = layout.published.isoformat() if layout.published else "—"
            out.print(
                f"  [{node.name}] {layout.sentence} ({layout.document}, {published})",
                markup=False,
            )


def _print_fill(out: Console, report: RegionChainReport) -> None:
    if not report.fill:
        return
    out.print("\n[bold]补链 missing nodes and candidates[/]")
    for gap in report.fill:
        out.print(f"  {gap.name} ({gap.segment}, {gap.node_id}): {'；'.join(gap.reasons)}",
                  markup=False)  # fmt: skip
        if not gap.candidates:
            out.print("    no candidate firm in the knowledge base", style="dim")
        for rank, candidate in enumerate(gap.candidates[:CANDIDATES_SHOWN], start=1):
            out.print(
                f"    {rank}. {candidate.name} ({candidate.region or '—'}, score "
                f"{candidate.score:g}): {'；'.join(candidate.reasons)}",
                markup=False,
            )


def _print_extend(out: Console, report: RegionChainReport) -> None:
    if not report.extend:
        return
    out.print("\n[bold]延链 adjacent nodes to grow into[/]")
    for gap in report.extend:
        best = f" — best lead: {gap.candidates[0].name}" if gap.candidates else ""
        out.print(
            f"  {DIRECTION_LABELS[gap.direction]} {gap.name}: {'；'.join(gap.reasons)}{best}",
            markup=False,
        )


def _print_strengthen(out: Console, report: RegionChainReport) -> None:
    if not report.strengthen:
        return
    out.print("\n[bold]强链 nodes to strengthen[/]")
    for weak in report.strengthen:
        out.print(f"  {weak.name}: {'；'.join(weak.reasons)}", markup=False)


def _print_leaders(out: Console, report: RegionChainReport) -> None:
    if not report.leaders:
        return
    table = Table(title="链主 chain leaders")
    for column in ("firm", "score", "why"):
        table.add_column(column)
    for leader in report.leaders:
        table.add_row(leader.name, f"{leader.score:g}", "；".join(leader.reasons))
    out.print(table)
