"""``chainatlas serve`` and ``chainatlas users``: run the web app, manage its accounts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chainatlas.config import Settings
from chainatlas.store.db import Database

users_app = typer.Typer(help="Web accounts: users, roles and API tokens.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")


def _settings() -> Settings:
    from chainatlas.cli.main import state

    return state.settings


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="First ingest the demo corpus and add demo users.")
    ] = False,
) -> None:
    """Start the web application and JSON API (docs at /docs).

    Example: chainatlas serve --host 127.0.0.1 --port 8000
    """
    import uvicorn

    from chainatlas.api.app import create_app

    settings = _settings()
    if demo:
        from chainatlas.web.demo import DEMO_REGION, seed_demo

        if not settings.home_region:
            settings = settings.model_copy(update={"home_region": DEMO_REGION})
        for login in seed_demo(settings):
            console.print(f"demo login: {login.username} / {login.password} ({login.role})")
        console.print(f"demo pipeline and targets: {DEMO_REGION} (招商项目库 at /pipeline)")
    app = create_app(settings)
    console.print(f"ChainAtlas on http://{host}:{port}  (database: {settings.database_url})")
    uvicorn.run(app, host=host, port=port, log_level="info")


@users_app.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="Login name, no spaces.")],
    role: Annotated[str, typer.Option(help="admin, editor or viewer.")] = "viewer",
    display_name: Annotated[str, typer.Option(help="Name shown in the pages.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a user; asks for the password unless --password-stdin is given.

    Example: chainatlas users add admin --role admin
    """
    from chainatlas.accounts.users import AccountError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    database = _open()
    try:
        with database.session() as session:
            user = create_user(session, username, password, role, display_name)
            console.print(f"created {user.username} ({user.role})")
    except AccountError as error:
        errors.print(f"[red]{error}", markup=False)
        raise typer.Exit(2) from None
    finally:
        database.dispose()


@users_app.command("list")
def list_users() -> None:
    """List every user with role and state.

    Example: chainatlas users list
    """
    from chainatlas.accounts.users import list_users as all_users

    database = _open()
    with database.session() as session:
        found = all_users(session)
    database.dispose()
    table = Table("username", "name", "role", "active", "created")
    for user in found:
        table.add_row(
            user.username,
            user.display_name,
            user.role,
            "yes" if user.active else "no",
            str(user.created_at),
        )
    console.print(table)


@users_app.command("token")
def create_token(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Create an API token for scripts and print it once (it is stored only as a digest).

    Example: chainatlas users token admin --name nightly-export
    """
    from chainatlas.accounts.tokens import create_api_token

    database = _open()
    try:
        with database.session() as session:
            token = create_api_token(session, username, name)
    except KeyError as error:
        errors.print(f"[red]{error.args[0]}", markup=False)
        raise typer.Exit(2) from None
    finally:
        database.dispose()
    typer.echo(token)


def _open() -> Database:
    import chainatlas.accounts.models  # noqa: F401  (registers the account tables)

    return Database(_settings().database_url)
