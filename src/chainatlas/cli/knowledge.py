"""Knowledge-base commands: projects, project, companies, company, and the user's
merge/split decisions — thin layers over ``chainatlas.store.knowledge`` and
``chainatlas.resolve``.

``register(app)`` adds them to the ``chainatlas`` command. The database URL
comes from the root command's ``--database`` option.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from chainatlas.config import Settings
from chainatlas.formatting import STATUS_NAMES, format_amount
from chainatlas.store.db import Database

console = Console()
errors = Console(stderr=True)

STATUS_LABELS = STATUS_NAMES


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="table, json or csv.", case_sensitive=False)
]


@contextmanager
def _session(ctx: typer.Context) -> Iterator[Session]:
    url = ctx.find_root().params.get("database")
    database = Database((Settings(database_url=url) if url else Settings()).database_url)
    try:
        with database.session() as session:
            yield session
    finally:
        database.dispose()


def _fail(message: str, code: int = 2) -> typer.Exit:
    errors.print(f"[red]{message}")
    return typer.Exit(code)


def _echo_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _echo_csv(rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    typer.echo(out.getvalue(), nl=False)


def _status(status: str | None, warning: str | None = None) -> str:
    text = f"{STATUS_LABELS.get(status or '', '—')} {status or ''}".strip()
    return f"{text} ⚠" if warning else text


# The group's help is its callback's docstring, which lists projects when no
# subcommand (merge, split, undo, decisions, rebuild) is given.
projects_app = typer.Typer(invoke_without_command=True)


@projects_app.callback()
def projects(
    ctx: typer.Context,
    region: Annotated[
        str | None, typer.Option(help="Region name at any level (安徽 includes 池州市).")
    ] = None,
    chain: Annotated[
        str | None, typer.Option(help="Industrial chain: id, name or alias (新能源电池).")
    ] = None,
    status: Annotated[str | None, typer.Option(help="signed, construction, operating …")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only projects reported on or after this date (ISO).")
    ] = None,
    company: Annotated[int | None, typer.Option(help="Only projects of this company id.")] = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 50,
    totals: Annotated[
        bool, typer.Option("--totals", help="Also print the total and what it counted.")
    ] = False,
    output: FormatOption = OutputFormat.table,
) -> None:
    """List projects, one row per real project (not per article), newest first;
    subcommands merge, split, undo, decisions and rebuild change how they are resolved.

    Example: chainatlas projects --region 安徽 --chain 新能源电池 --totals
    """
    if ctx.invoked_subcommand is not None:
        return
    from chainatlas.store.knowledge import ProjectQuery, list_projects, project_total

    try:
        since_day = date.fromisoformat(since) if since else None
    except ValueError:
        raise _fail(f"--since {since!r} is not an ISO date such as 2023-06-01") from None
    query = ProjectQuery(region, chain, status, since_day, company, limit)
    with _session(ctx) as session:
        found = list_projects(session, query)
        total = project_total(session, query) if totals else None
    rows = [asdict(p) for p in found]
    if output is OutputFormat.json:
        _echo_json({"projects": rows, "total": total.to_json() if total else None})
        return
    if output is OutputFormat.csv:
        _echo_csv(rows)
        return
    table = Table()
    for column in ("id", "project", "company", "region", "status", "investment", "last", "docs"):
        table.add_column(column)
    for p in found:
        investment = format_amount(p.investment_cny) + (" ⚠" if p.investment_conflict else "")
        phase = f" (phase {p.phase} of #{p.parent_id})" if p.phase and p.parent_id else ""
        status_text = _status(p.status, p.status_warning)
        table.add_row(str(p.id), p.name + phase, p.company or "—", p.region or "—", status_text,
                      investment, str(p.last_seen or "—"), str(p.documents))  # fmt: skip
    console.print(table)
    if total is not None:
        console.print(
            f"[bold]total[/]: {total.projects} projects, {format_amount(total.amount_cny)}"
        )
        for item in total.items:
            console.print(
                f"  #{item.project_id} {item.name}: {format_amount(item.counted_cny)} — {item.why}"
            )
        console.print("rules: " + "; ".join(total.rules))


@projects_app.command("merge")
def merge(
    ctx: typer.Context,
    first: Annotated[int, typer.Argument(help="Project id that stays.")],
    second: Annotated[int, typer.Argument(help="Project id merged into it.")],
    reason: Annotated[str, typer.Option(help="Why (kept with the decision).")] = "",
) -> None:
    """Record that two projects are one; the decision survives re-extraction.

    Example: chainatlas projects merge 12 15 --reason "same plant, renamed"
    """
    from chainatlas.resolve import ResolutionError, merge_projects

    with _session(ctx) as session:
        try:
            decision = merge_projects(session, first, second, getpass.getuser(), reason)
        except ResolutionError as error:
            raise _fail(str(error)) from None
        console.print(f"decision #{decision.id}: merged project {second} into {first}")


@projects_app.command("split")
def split(
    ctx: typer.Context,
    project_id: Annotated[int, typer.Argument(help="Project id.")],
    mention: Annotated[
        list[int], typer.Option("--mention", help="Fact id of a mention to take out (repeat).")
    ],
    reason: Annotated[str, typer.Option(help="Why (kept with the decision).")] = "",
) -> None:
    """Take mentions out of a project into a project of their own; survives re-extraction.

    Example: chainatlas projects split 12 --mention 345
    """
    from chainatlas.resolve import ResolutionError, split_project

    with _session(ctx) as session:
        try:
            decision = split_project(session, project_id, mention, getpass.getuser(), reason)
        except ResolutionError as error:
            raise _fail(str(error)) from None
        console.print(f"decision #{decision.id}: split {len(mention)} mention(s) off {project_id}")


@projects_app.command("undo")
def undo(
    ctx: typer.Context,
    decision_id: Annotated[int, typer.Argument(help="Decision id (see `projects decisions`).")],
) -> None:
    """Forget a merge or split decision and resolve the projects again without it.

    Example: chainatlas projects undo 3
    """
    from chainatlas.resolve import ResolutionError, undo_decision

    with _session(ctx) as session:
        try:
            removed = undo_decision(session, decision_id)
        except ResolutionError as error:
            raise _fail(str(error)) from None
        console.print(f"undid decision #{removed.id} ({removed.kind})")


@projects_app.command("decisions")
def decisions(ctx: typer.Context, output: FormatOption = OutputFormat.table) -> None:
    """List the merge and split decisions people made.

    Example: chainatlas projects decisions --format json
    """
    from chainatlas.store.resolution import load_decisions

    with _session(ctx) as session:
        rows = [
            {"id": d.id, "kind": d.kind, "user": d.user, "created_at": d.created_at,
             "reason": d.reason, "anchors": d.anchors, "others": d.others}
            for d in load_decisions(session)
        ]  # fmt: skip
    if output is OutputFormat.json:
        _echo_json(rows)
    elif output is OutputFormat.csv:
        _echo_csv(rows)
    else:
        for row in rows:
            console.print(
                f"#{row['id']} {row['kind']} by {row['user'] or '—'} at {row['created_at']}: "
                f"{row['reason'] or '(no reason)'}"
            )


@projects_app.command("rebuild")
def rebuild_command(ctx: typer.Context) -> None:
    """Resolve every stored fact into companies and projects again (decisions re-applied).

    Example: chainatlas projects rebuild
    """
    from chainatlas.resolve import rebuild

    with _session(ctx) as session:
        report = rebuild(session)
    console.print(f"{report.companies} companies, {report.projects} projects")


def project(
    ctx: typer.Context,
    project_id: Annotated[int, typer.Argument(help="Project id (see `chainatlas projects`).")],
    output: FormatOption = OutputFormat.table,
) -> None:
    """Show one project: record, timeline, and every evidence sentence with its source.

    Example: chainatlas project 1
    """
    from chainatlas.store.knowledge import get_project

    with _session(ctx) as session:
        record = get_project(session, project_id)
    if record is None:
        raise _fail(f"no project with id {project_id}")
    if output is not OutputFormat.table:
        _echo_json(asdict(record))
        return
    p = record.project
    console.print(f"[bold]#{p.id} {p.name}[/]  {p.company or ''}  {p.region or ''}")
    if record.parent:
        console.print(f"phase {p.phase} of #{record.parent.id} {record.parent.name}")
    for phase in record.phases:
        console.print(f"phase {phase.phase}: #{phase.id} {phase.name}")
    console.print(
        f"status: {_status(p.status)}" + (f"  ⚠ {p.status_warning}" if p.status_warning else "")
    )
    conflict = "  ⚠ figures conflict (all listed below)" if p.investment_conflict else ""
    console.print(f"investment: {format_amount(p.investment_cny)}{conflict}")
    console.print(f"counted: {format_amount(p.counted_cny)} — {record.counted_why}")
    table = Table(title="timeline")
    for column in ("date", "stage", "dated by", "source"):
        table.add_column(column)
    for e in record.timeline:
        stage = _status(e.stage) + (" (plan)" if e.planned else "")
        table.add_row(e.when or "—", stage, e.dated_by, f"{e.document} ({e.published or '—'})")
    console.print(table)
    table = Table(title="evidence")
    for column in ("fact", "published", "document", "sentence", "amount", "why linked"):
        table.add_column(column)
    for ev in record.evidence:
        amount = format_amount(ev.investment_cny) + (" 增资" if ev.increase else "")
        table.add_row(str(ev.fact_id), str(ev.published or "—"), ev.document,
                      ev.sentence or "", amount, ev.reason)  # fmt: skip
    console.print(table)


def companies(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="Part of the name or an alias.")] = None,
    region: Annotated[str | None, typer.Option(help="Region name at any level.")] = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 50,
    output: FormatOption = OutputFormat.table,
) -> None:
    """List resolved companies with their aliases and number of projects.

    Example: chainatlas companies --name 华勤
    """
    from chainatlas.store.knowledge import list_companies

    with _session(ctx) as session:
        found = list_companies(session, name, region, limit)
    rows = [asdict(c) for c in found]
    if output is OutputFormat.json:
        _echo_json(rows)
        return
    if output is OutputFormat.csv:
        _echo_csv([{**r, "aliases": "|".join(r["aliases"])} for r in rows])
        return
    table = Table()
    for column in ("id", "company", "region", "aliases", "projects", "docs"):
        table.add_column(column)
    for c in found:
        table.add_row(str(c.id), c.name, c.region or "—", "、".join(c.aliases),
                      str(c.projects), str(c.documents))  # fmt: skip
    console.print(table)


def company(
    ctx: typer.Context,
    company_id: Annotated[int, typer.Argument(help="Company id (see `chainatlas companies`).")],
    output: FormatOption = OutputFormat.table,
) -> None:
    """Show one company: its aliases and why each was linked, its projects and sources.

    Example: chainatlas company 1
    """
    from chainatlas.store.knowledge import get_company

    with _session(ctx) as session:
        record = get_company(session, company_id)
    if record is None:
        raise _fail(f"no company with id {company_id}")
    if output is not OutputFormat.table:
        _echo_json(asdict(record))
        return
    c = record.company
    console.print(f"[bold]#{c.id} {c.name}[/]  {c.region or ''}")
    for alias, why in sorted(record.alias_reasons.items()):
        console.print(f"  alias {alias}: {why}")
    for p in record.projects:
        console.print(f"  project #{p.id} {p.name} {p.region or ''} {_status(p.status)}")
    for doc_id, doc_name, published in record.documents:
        console.print(f"  source #{doc_id} {doc_name} ({published or '—'})")


def register(app: typer.Typer) -> None:
    """Add the knowledge-base commands to the ``chainatlas`` command."""
    app.add_typer(projects_app, name="projects")
    app.command("project")(project)
    app.command("companies")(companies)
    app.command("company")(company)
