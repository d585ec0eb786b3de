"""``chainatlas chains``: browse and check the industrial-chain library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chainatlas.chains import ChainLibrary, ChainLibraryError, load_library, validate_path
from chainatlas.chains.schema import SEGMENTS

chains_app = typer.Typer(help="The industrial-chain library (产业链图谱).", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.add_typer(chains_app, name="chains")


def _library() -> ChainLibrary:
    from chainatlas.cli.main import state

    try:
        return load_library(extra_dirs=tuple(state.settings.chain_dirs))
    except ChainLibraryError as error:
        for problem in error.problems:
            errors.print(f"[red]{problem}", markup=False)
        raise typer.Exit(1) from None


@chains_app.command("list")
def list_chains() -> None:
    """List every chain with its node and edge counts.

    Example: chainatlas chains list
    """
    library = _library()
    table = Table()
    for column in ("id", "name", "aliases", "nodes", "edges"):
        table.add_column(column)
    for chain in library.chains.values():
        table.add_row(
            chain.id,
            chain.name,
            "、".join(chain.aliases),
            str(len(chain.nodes)),
            str(len(chain.edges)),
        )
    console.print(table)


@chains_app.command("show")
def show_chain(
    chain: Annotated[str, typer.Argument(help="Chain id, Chinese name or alias.")],
) -> None:
    """Show a chain's nodes by segment (上游/中游/下游) and its supply edges.

    Example: chainatlas chains show 新能源电池
    """
    library = _library()
    try:
        found = library.get(chain)
    except KeyError as error:
        errors.print(f"[red]{error.args[0]}", markup=False)
        raise typer.Exit(2) from None
    console.print(f"[bold]{found.name}[/] ({found.id})  {'、'.join(found.aliases)}")
    for segment in SEGMENTS:
        table = Table(title=segment)
        for column in ("node", "name", "keywords", "supplies"):
            table.add_column(column)
        for node in found.nodes:
            if node.segment != segment:
                continue
            customers = "、".join(n.name for n in found.customers(node.id))
            table.add_row(node.id, node.name, "、".join(node.keywords[:6]), customers)
        console.print(table)


@chains_app.command("validate")
def validate(
    path: Annotated[Path, typer.Argument(help="A chain YAML file or a folder of them.")],
) -> None:
    """Check chain files before dropping them into the user chain folder.

    Example: chainatlas chains validate src/chainatlas/data/chains
    """
    problems = validate_path(path)
    for problem in problems:
        errors.print(problem, markup=False)
    if problems:
        raise typer.Exit(1)
    console.print(f"{path}: valid")
