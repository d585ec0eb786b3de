"""``chainatlas briefing START END``: the 招商工作简报 of a period as HTML, PDF, Word or
JSON — a thin layer over ``chainatlas.reports``.

The command line works for the whole region (as a region-wide user would); ``--team``
narrows the briefing to one team. The database URL comes from the root command's
``--database`` option, the home region from ``CHAINATLAS_HOME_REGION``.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from chainatlas.config import Settings
from chainatlas.pipeline.access import Scope
from chainatlas.pipeline.records import PipelineError
from chainatlas.store.db import Database

if TYPE_CHECKING:
    from chainatlas.reports import Briefing

errors = Console(stderr=True)

# The command line acts for the region as a whole: every team's records.
REGION_SCOPE = Scope(user_id=0, username="command line", role="admin", team_ids=frozenset())


class BriefingFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    docx = "docx"
    json = "json"


def briefing(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(help="First day of the period, YYYY-MM-DD.")],
    end: Annotated[str, typer.Argument(help="Last day of the period, YYYY-MM-DD.")],
    output_format: Annotated[
        BriefingFormat,
        typer.Option("--format", help="html (one file), pdf, docx or json.", case_sensitive=False),
    ] = BriefingFormat.html,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="File to write (default: 招商工作简报_START_END.EXT; json: stdout)."
        ),
    ] = None,
    team: Annotated[str | None, typer.Option("--team", help="Only this team's records.")] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Region for the 补链 gaps (default: the home region)."),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Day the briefing is made (overdue follow-ups, dates)."),
    ] = None,
) -> None:
    """The 招商工作简报 (briefing) of a period: totals, progress against targets with
    序时进度, new signings, starts and commissionings, per-team and per-county tables,
    the stage funnel, overdue and escalated records, 补链 gaps of the home region, charts.

    Example: chainatlas briefing 2026-01-01 2026-06-30 --format pdf --out 简报.pdf
    """
    from chainatlas.reports import BriefingRequest, FontMissing, build_briefing, parse_period
    from chainatlas.reports.period import parse_day

    url = ctx.find_root().params.get("database")
    settings = Settings(database_url=url) if url else Settings()
    database = Database(settings.database_url)
    try:
        day = parse_day(today, "--today") if today else date.today()
        period = parse_period(start, end, day)
        with database.session() as session:
            made = build_briefing(
                session,
                REGION_SCOPE,
                BriefingRequest(period, team, region),
                home_region=settings.home_region,
                today=day,
            )
            body = _render(made, output_format)
    except PipelineError as error:
        errors.print(f"[red]{error}")
        raise typer.Exit(2) from None
    except FontMissing as error:
        errors.print(f"[red]{error}")
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    if output_format is BriefingFormat.json and out is None:
        typer.echo(body.decode("utf-8"))
        return
    target = out or Path(f"{made.title}_{period.slug}.{output_format.value}")
    target.write_bytes(body)
    typer.echo(f"wrote {target} ({len(body):,} bytes)")


def _render(made: Briefing, output_format: BriefingFormat) -> bytes:
    # Imported here: matplotlib and fpdf2 would slow down every other command's start.
    from chainatlas.reports.docx import render_docx
    from chainatlas.reports.html import render_html
    from chainatlas.reports.pdf import render_pdf

    if output_format is BriefingFormat.pdf:
        return render_pdf(made)
    if output_format is BriefingFormat.docx:
        return render_docx(made)
    if output_format is BriefingFormat.json:
        return json.dumps(made.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
    return render_html(made).encode("utf-8")


def register(app: typer.Typer) -> None:
    """Add the ``briefing`` command to the ``chainatlas`` command."""
    app.command("briefing")(briefing)
