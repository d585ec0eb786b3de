"""``chainatlas pipeline import FILE``: preview a 项目库 spreadsheet and, with ``--confirm``,
import it — a thin layer over ``chainatlas.pipeline.sheets``.

Importing this module adds the command to the ``pipeline`` group. Exit codes: 0 imported
(or previewed clean), 1 rows with errors (nothing imported), 2 unreadable file or bad option.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from chainatlas.accounts.users import get_user
from chainatlas.chains import load_library
from chainatlas.config import Settings
from chainatlas.pipeline.access import scope_of
from chainatlas.pipeline.records import PipelineError
from chainatlas.pipeline.sheets import (
    FIELDS,
    SheetError,
    SheetPreview,
    apply_import,
    preview_import,
    set_mapping,
    upload_sheet,
)
from chainatlas.pipeline.stages import StageError
from chainatlas.store.db import Database

from .pipeline import pipeline_app

console = Console()
errors = Console(stderr=True)


class _PreviewOnly(Exception):
    """Raised to roll back a preview: without --confirm nothing is stored."""


def parse_mappings(values: list[str]) -> dict[str, str | None]:
    """``列名=field`` pairs (``列名=`` leaves the column out)."""
    mapping: dict[str, str | None] = {}
    for value in values:
        header, sep, field = value.partition("=")
        if not sep or not header.strip():
            raise typer.BadParameter(f"--mapping {value!r} is not 列名=field")
        field = field.strip()
        if field and field not in FIELDS:
            raise typer.BadParameter(
                f"--mapping {value!r}: unknown field {field!r}; fields: {', '.join(FIELDS)}"
            )
        mapping[header.strip()] = field or None
    return mapping


def _show(preview: SheetPreview) -> None:
    counts = preview.counts
    console.print(
        f"[bold]{preview.filename}[/] 表头第{preview.header_line}行 · "
        + " · ".join(f"{key} {value}" for key, value in counts.items())
    )
    table = Table("列", "导入为", "猜测", "单位")
    for column in preview.columns:
        label = FIELDS[column.field].label if column.field else "（不导入）"
        table.add_row(column.header, label, "✓" if column.guessed else "", column.unit_note)
    console.print(table)
    if preview.new_teams:
        console.print(f"将新建团队：{'、'.join(preview.new_teams)}")
    for line, reason in preview.skipped:
        console.print(f"[dim]跳过第{line}行：{reason}[/]")
    for row in preview.rows:
        for warning in row.warnings:
            console.print(f"[yellow]{warning}")
    for error in preview.errors:
        errors.print(f"[red]{error}")


@pipeline_app.command("import")
def import_sheet(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A 项目库 sheet: .xlsx or .csv.")],
    user: Annotated[str, typer.Option("--user", help="Username of the person importing.")],
    mapping: Annotated[
        list[str] | None,
        typer.Option("--mapping", help="Override a column: 列名=field (列名= leaves it out)."),
    ] = None,
    confirm: Annotated[
        bool, typer.Option("--confirm", help="Import (only when no row has errors).")
    ] = False,
    sheet: Annotated[str | None, typer.Option(help="Worksheet name (default: the first).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the preview as JSON.")] = False,
) -> None:
    """Preview a 项目库 spreadsheet; with --confirm, import it (re-imports update records).

    Example: chainatlas pipeline import 项目库.xlsx --user editor --confirm
    """
    overrides = parse_mappings(mapping or [])
    try:
        content = file.read_bytes()
    except OSError as error:
        errors.print(f"[red]{file}: {error.strerror or error}")
        raise typer.Exit(2) from None
    url = ctx.find_root().params.get("database")
    settings = Settings(database_url=url) if url else Settings()
    database = Database(settings.database_url)
    library = load_library(extra_dirs=tuple(settings.chain_dirs))
    result: dict[str, Any] | None = None
    try:
        with database.session() as session:
            acting = get_user(session, user)
            if acting is None:
                raise PipelineError(f"no user named {user!r}")
            scope = scope_of(session, acting)
            stored, preview = upload_sheet(
                session, scope, file.name, content, library=library, today=date.today(),
                sheet=sheet,
            )  # fmt: skip
            if overrides:
                set_mapping(session, scope, stored.id, overrides)
                preview = preview_import(
                    session, scope, stored.id, library=library, today=date.today()
                )
            if as_json:
                typer.echo(json.dumps(preview.as_dict(limit=0), ensure_ascii=False, default=str))
            else:
                _show(preview)
            if preview.errors:
                raise typer.Exit(1)  # rolls back: nothing of a sheet with errors is kept
            if confirm:
                applied = apply_import(session, scope, stored.id, library=library,
                                       today=date.today())  # fmt: skip
                result = applied.as_dict()
            else:
                raise _PreviewOnly
    except _PreviewOnly:
        pass
    except (SheetError, PipelineError, StageError) as error:
        errors.print(f"[red]{error}")
        raise typer.Exit(2) from None
    finally:
        database.dispose()
    if result is None:
        if not as_json:
            console.print("预览完成，未导入；确认无误后加 --confirm 导入。")
        return
    console.print(
        f"已导入：新建 {len(result['created'])}，更新 {len(result['updated'])}，"
        f"未变 {result['unchanged']}，跳过 {result['skipped']}"
    )
    if result["note"]:
        console.print(f"[yellow]{result['note']}")
