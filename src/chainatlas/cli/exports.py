"""XLSX export commands: ``chainatlas pipeline export`` (the record list, with the board's
filters) and ``chainatlas targets export`` (progress of the region and every team) — thin
layers over ``chainatlas.pipeline.export``.

``register(app)`` adds both commands to the ``pipeline`` and ``targets`` groups.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from chainatlas.accounts.users import get_user
from chainatlas.chains import load_library
from chainatlas.cli.pipeline import _session, parse_day, pipeline_app, targets_app
from chainatlas.config import Settings
from chainatlas.pipeline.access import Scope, scope_of
from chainatlas.pipeline.export import (
    ChainLabel,
    NodeLabel,
    library_labels,
    progress_xlsx,
    records_xlsx,
)
from chainatlas.pipeline.listing import RecordFilter, list_records
from chainatlas.pipeline.progress import default_as_of, progress_sections
from chainatlas.pipeline.records import PipelineError, find_team
from chainatlas.pipeline.stages import parse_stage
from chainatlas.pipeline.targets import YEARS

# Whoever runs the command on the database's machine sees the whole region.
OPERATOR = Scope(user_id=0, username="command line", role="admin", team_ids=frozenset())

UserOption = Annotated[
    str | None,
    typer.Option("--user", help="Export only what this user may see (default: everything)."),
]


def _labels(ctx: typer.Context) -> tuple[ChainLabel, NodeLabel]:
    """Chain and node names from the library (built-in plus the settings' folders)."""
    url = ctx.find_root().params.get("database")
    settings = Settings(database_url=url) if url else Settings()
    return library_labels(load_library(extra_dirs=tuple(settings.chain_dirs)))


def _scope(session: Session, username: str | None) -> Scope:
    if username is None:
        return OPERATOR
    found = get_user(session, username)
    if found is None:
        raise PipelineError(f"no user named {username!r}")
    return scope_of(session, found)


def _xlsx_path(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise typer.BadParameter(f"{path} should end in .xlsx")
    if not path.parent.is_dir():
        raise typer.BadParameter(f"folder {path.parent} does not exist")
    return path


def export_records(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")],
    stage: Annotated[str | None, typer.Option(help="Only this stage (id or 中文).")] = None,
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    chain: Annotated[str | None, typer.Option(help="Only this chain id.")] = None,
    region: Annotated[str | None, typer.Option(help="Region contains this text.")] = None,
    text: Annotated[str | None, typer.Option(help="Name or company contains this.")] = None,
    overdue: Annotated[bool, typer.Option(help="Only overdue follow-ups.")] = False,
    escalated: Annotated[bool, typer.Option(help="Only 提级跟进 records.")] = False,
    user: UserOption = None,
) -> None:
    """Write pipeline records to a formatted XLSX (亿元 formats, dates, overdue marked).

    Example: chainatlas pipeline export 项目库.xlsx --stage 签约 --team 新能源专班
    """
    target = _xlsx_path(path)
    chain_label, node_label = _labels(ctx)
    today = date.today()
    with _session(ctx) as session:
        scope = _scope(session, user)
        filters = RecordFilter(
            stage=parse_stage(stage) if stage else None,
            team_id=find_team(session, team).id if team else None,
            chain=chain,
            region=region,
            text=text,
            overdue_on=today if overdue else None,
            escalated=True if escalated else None,
        )
        records = list_records(session, scope, filters)
        body = records_xlsx(records, today, chain_label, node_label)
    target.write_bytes(body)
    typer.echo(f"{len(records)} records → {target}")


def export_progress(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(help="Year.", min=YEARS.start, max=YEARS.stop - 1)],
    path: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date, YYYY-MM-DD.")] = None,
    user: UserOption = None,
) -> None:
    """Write target progress (全区 and one sheet per team, 超/欠进度 coloured) to XLSX.

    Example: chainatlas targets export 2026 目标进度.xlsx --as-of 2026-06-30
    """
    target = _xlsx_path(path)
    day = default_as_of(year, parse_day(as_of))
    chain_label, _ = _labels(ctx)
    with _session(ctx) as session:
        sections = progress_sections(session, _scope(session, user), year, day)
        body = progress_xlsx(sections, year, day, chain_label)
    target.write_bytes(body)
    typer.echo(f"{sum(len(s.rows) for s in sections)} progress rows as of {day} → {target}")


def register(app: typer.Typer) -> None:
    """Add ``export`` to the ``pipeline`` and ``targets`` groups (already on ``app``)."""
    pipeline_app.command("export")(export_records)
    targets_app.command("export")(export_progress)
