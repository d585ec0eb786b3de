"""The ``chainatlas`` command: a thin layer over the library.

Each command builds the settings, opens the database, calls one library
function and turns its result or its errors into output and an exit code:
0 when everything went through, 1 when some inputs were skipped, 2 on usage
errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from chainatlas.cli.render import print_ingest_report, print_summary
from chainatlas.config import Settings
from chainatlas.store.db import Database, current_revision, head_revision, upgrade_schema

app = typer.Typer(
    name="chainatlas",
    help="ChainAtlas (产业链招商图谱): build an industrial-chain investment knowledge base "
    "from Chinese news and government texts.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")

console = Console()
errors = Console(stderr=True)

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "data" / "demo"


class State:
    settings: Settings


state = State()


@app.callback()
def main(
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            envvar="CHAINATLAS_DATABASE_URL",
            help="SQLAlchemy URL (default: an SQLite file in your data directory).",
        ),
    ] = None,
) -> None:
    """Global options; see each command's --help for a runnable example."""
    state.settings = Settings(database_url=database) if database else Settings()


def _open() -> Database:
    return Database(state.settings.database_url)


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders, glob patterns or - for stdin.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Extract facts while ingesting.")
    ] = True,
    max_bytes: Annotated[
        int | None, typer.Option(help="Skip files larger than this many bytes (default 20 MB).")
    ] = None,
) -> None:
    """Read, clean, deduplicate and store documents (and their facts).

    Example: chainatlas ingest src/chainatlas/data/demo
    """
    from chainatlas.ingest.pipeline import Ingestor, extraction_step

    settings = state.settings
    if max_bytes is not None:
        settings = settings.model_copy(update={"max_file_bytes": max_bytes})
    with _open() as database:
        ingestor = Ingestor(database, settings, extract=extraction_step() if extract else None)
        if as_json:
            report = ingestor.ingest(paths)
            typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2, default=str))
        else:
            with Progress(
                TextColumn("[bold]ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                console=errors,
                transient=True,
            ) as bar:
                task = bar.add_task("", total=None)

                def tick(name: str) -> None:
                    bar.update(task, advance=1, description=name)

                report = ingestor.ingest(paths, progress=tick)
            print_ingest_report(console, errors, report)
    if report.errors:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, glob patterns or -.")],
    output_format: Annotated[
        str, typer.Option("--format", help="jsonl (one object per document) or table.")
    ] = "table",
) -> None:
    """Extract facts from documents and print them, without storing anything.

    Example: chainatlas extract src/chainatlas/data/demo --format jsonl
    """
    from chainatlas.cli.render import print_extraction_table
    from chainatlas.extract import extraction_to_json
    from chainatlas.ingest.model import IngestError
    from chainatlas.ingest.pipeline import extract_from_sources
    from chainatlas.ingest.sources import IngestLimits

    if output_format not in ("jsonl", "table"):
        errors.print(f"[red]unknown --format {output_format!r}: use jsonl or table")
        raise typer.Exit(2)
    problems: list[IngestError] = []
    limits = IngestLimits(max_bytes=state.settings.max_file_bytes)
    for item in extract_from_sources(paths, limits):
        if isinstance(item, IngestError):
            problems.append(item)
            continue
        raw, result = item
        if output_format == "jsonl":
            line = extraction_to_json(result, raw.name)
            typer.echo(json.dumps(line, ensure_ascii=False, default=str))
        else:
            print_extraction_table(console, raw.name, result)
    for problem in problems:
        errors.print(f"[yellow]skipped[/] {problem.where}: {problem.reason}")
    if problems:
        raise typer.Exit(1)


@app.command()
def reextract() -> None:
    """Re-run extraction over every stored document, replacing its facts.

    Example: chainatlas reextract
    """
    from chainatlas.ingest.pipeline import Ingestor, extraction_step

    with _open() as database:
        count = Ingestor(database, state.settings, extract=extraction_step()).reextract()
    console.print(f"re-extracted {count} documents")


@app.command()
def summary(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Summarise the knowledge base: documents, stories, projects by status, amounts by region.

    Example: chainatlas summary
    """
    from chainatlas.store.documents import summarise

    with _open() as database, database.session() as session:
        result = summarise(session)
    if as_json:
        typer.echo(json.dumps(result.__dict__, ensure_ascii=False, indent=2, default=str))
    else:
        print_summary(console, result)


@app.command()
def documents(
    limit: Annotated[int, typer.Option(help="How many to list.")] = 20,
) -> None:
    """List stored documents, newest first.

    Example: chainatlas documents --limit 5
    """
    from chainatlas.cli.render import print_documents
    from chainatlas.store.documents import list_documents

    with _open() as database, database.session() as session:
        print_documents(console, list_documents(session, limit=limit))


@app.command()
def document(
    doc_id: Annotated[int, typer.Argument(help="Document id (see `chainatlas documents`).")],
    original: Annotated[bool, typer.Option(help="Show the original text too.")] = False,
) -> None:
    """Show one document: metadata, sources, normalised text and its facts.

    Example: chainatlas document 1
    """
    from chainatlas.cli.render import print_document
    from chainatlas.store.documents import get_document

    with _open() as database, database.session() as session:
        found = get_document(session, doc_id)
        if found is None:
            errors.print(f"[red]no document with id {doc_id}")
            raise typer.Exit(2)
        print_document(console, found, show_original=original)


@app.command()
def demo() -> None:
    """Ingest the built-in demo corpus and print the knowledge-base summary.

    Example: chainatlas demo
    """
    from chainatlas.ingest.pipeline import Ingestor, extraction_step
    from chainatlas.store.documents import summarise

    with _open() as database:
        console.print(f"database: {state.settings.database_url}")
        report = Ingestor(database, state.settings, extract=extraction_step()).ingest(
            [str(DEMO_CORPUS)]
        )
        print_ingest_report(console, errors, report)
        with database.session() as session:
            print_summary(console, summarise(session))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or bring its schema to the newest version.

    Example: chainatlas db upgrade
    """
    with Database(state.settings.database_url, upgrade=False) as database:
        before = current_revision(database.engine)
        upgrade_schema(database.engine)
        console.print(
            f"schema {before or 'empty'} → {head_revision()} at {state.settings.database_url}"
        )


def _register_command_groups() -> None:
    from chainatlas.cli import (  # noqa: F401
        briefing,
        chains,
        evaluation,
        exports,
        knowledge,
        pipeline,
        region,
        sheets,
        web,
    )

    briefing.register(app)
    chains.register(app)
    knowledge.register(app)
    region.register(app)
    pipeline.register(app)
    exports.register(app)
    web.register(app)


_register_command_groups()
