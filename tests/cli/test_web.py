"""``chainatlas users`` and ``chainatlas serve``: help examples and the user commands."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from chainatlas.cli.web import register


@pytest.fixture
def cli(tmp_path: Path) -> typer.Typer:
    from chainatlas.cli import main

    app = typer.Typer()

    @app.callback()
    def settings() -> None:
        from chainatlas.config import Settings

        main.state.settings = Settings(database_url=f"sqlite:///{tmp_path / 'cli.sqlite3'}")

    register(app)
    return app


@pytest.mark.parametrize("path", ["serve", "users add", "users list", "users token"])
def test_help_ends_with_an_example(cli: typer.Typer, path: str) -> None:
    command = get_command(cli)
    for part in path.split():
        command = command.commands[part]  # type: ignore[attr-defined]
    last = (command.help or "").strip().splitlines()[-1]
    assert last.startswith(f"Example: chainatlas {path}")


def test_add_list_and_token(cli: typer.Typer) -> None:
    runner = CliRunner()
    added = runner.invoke(
        cli,
        ["users", "add", "chen", "--role", "admin", "--password-stdin"],
        input="秘密口令-2025\n",
    )
    assert added.exit_code == 0, added.output
    assert "created chen (admin)" in added.output
    listed = runner.invoke(cli, ["users", "list"])
    assert "chen" in listed.output and "admin" in listed.output
    token = runner.invoke(cli, ["users", "token", "chen"])
    assert token.exit_code == 0 and token.output.strip().startswith("ca_")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["users", "add", "chen", "--role", "king", "--password-stdin"],
            "口令-2025年\n",
            "unknown role",
        ),
        (["users", "add", "chen", "--password-stdin"], "short\n", "at least 8"),
        (["users", "token", "nobody"], "", "no user named 'nobody'"),
    ],
)
def test_errors_exit_2(cli: typer.Typer, args: list[str], stdin: str, message: str) -> None:
    result = CliRunner().invoke(cli, args, input=stdin)
    assert result.exit_code == 2
    assert message in result.output
