"""``chainatlas chains``: browse and check the industrial-chain library, and see what
the knowledge base (root ``--database``) has mounted on each node."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chainatlas.analysis import ChainMountsReport, MountedProject, chain_mounts
from chainatlas.chains import (
    Chain,
    ChainLibrary,
    ChainLibraryError,
    ChainMounter,
    load_library,
    validate_path,
)
from chainatlas.chains.schema import SEGMENTS
from chainatlas.formatting import STATUS_NAMES
from chainatlas.store.db import Database

chains_app = typer.Typer(help="The industrial-chain library (产业链图谱).", no_args_is_help=True)
console = Console(soft_wrap=True)  # long Chinese lines have no spaces to wrap at
errors = Console(stderr=True)
PROJECTS_SHOWN = 5  # per node; the rest are counted
FIRMS_SHOWN = 5


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
    """Show a chain's nodes by segment (上游/中游/下游), its supply edges, and the firms
    and projects of the knowledge base (root --database) mounted on each node.

    Example: chainatlas chains show 新能源电池
    """
    library = _library()
    try:
        found = library.get(chain)
    except KeyError as error:
        errors.print(f"[red]{error.args[0]}", markup=False)
        raise typer.Exit(2) from None
    mounts = _mounts(library, found)
    console.print(f"[bold]{found.name}[/] ({found.id})  {'、'.join(found.aliases)}")
    for segment in SEGMENTS:
        table = Table(title=segment)
        for column in ("node", "name", "keywords", "supplies", "firms", "projects"):
            table.add_column(column)
        for node in found.nodes:
            if node.segment != segment:
                continue
            customers = "、".join(n.name for n in found.customers(node.id))
            on_node = mounts.node(node.id)
            table.add_row(
                node.id,
                node.name,
                "、".join(node.keywords[:6]),
                customers,
                str(len(on_node.firms)),
                str(len(on_node.projects)),
            )
        console.print(table)
    _print_mounts(mounts)


def _mounts(library: ChainLibrary, chain: Chain) -> ChainMountsReport:
    from chainatlas.cli.main import state

    database = Database(state.settings.database_url)
    try:
        with database.session() as session:
            return chain_mounts(session, chain, ChainMounter(library))
    finally:
        database.dispose()


def _print_mounts(mounts: ChainMountsReport) -> None:
    if not any(n.projects or n.firms for n in mounts.nodes) and not mounts.unplaced:
        console.print("no firm or project in the knowledge base is mounted on this chain")
        return
    console.print("\n[bold]挂链 mounted firms and projects[/]")
    for node in mounts.nodes:
        if not node.projects and not node.firms:
            continue
        console.print(
            f"  [bold]{node.name}[/] ({node.node_id}): {len(node.firms)} firms, "
            f"{len(node.projects)} projects",
            highlight=False,
        )
        if node.firms:
            names = "、".join(
                f.name + ("(名称)" if f.via == "name" else "") for f in node.firms[:FIRMS_SHOWN]
            )
            more = f" … +{len(node.firms) - FIRMS_SHOWN}" if len(node.firms) > FIRMS_SHOWN else ""
            console.print(f"    firms: {names}{more}", markup=False, highlight=False)
        for project in node.projects[:PROJECTS_SHOWN]:
            console.print(f"    {_project_line(project)}", markup=False, highlight=False)
        if len(node.projects) > PROJECTS_SHOWN:
            console.print(f"    … +{len(node.projects) - PROJECTS_SHOWN} projects", markup=False)
    if mounts.unplaced:
        console.print(f"  on the chain, on none of its nodes: {len(mounts.unplaced)} projects")


def _project_line(project: MountedProject) -> str:
    status = STATUS_NAMES.get(project.status or "", "—")
    return f"#{project.id} {project.name} ({project.region or '—'}, {status})"


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
