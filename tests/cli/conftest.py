"""The command tests' runner: a root command like ``chainatlas`` (the same --database option)
holding one module's commands, and an ``invoke`` that runs it on a database."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
import typer
from typer.testing import CliRunner

Register = Callable[[typer.Typer], None]
Invoke = Callable[..., tuple[int, str, str]]

_RUNNER = CliRunner()


def _root(register: Register) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main(database: str | None = typer.Option(None, "--database")) -> None:
        """Root."""

    register(app)
    return app


def _invoker(
    app: typer.Typer | Register, *prefix: str, env: Mapping[str, str] | None = None
) -> Invoke:
    root = app if isinstance(app, typer.Typer) else _root(app)

    def invoke(url: str, *args: str, env: Mapping[str, str] | None = env) -> tuple[int, str, str]:
        result = _RUNNER.invoke(root, ["--database", url, *prefix, *args], env=env)
        return result.exit_code, result.stdout, result.stderr

    invoke.app = root  # type: ignore[attr-defined]  # for tests reading the command's help
    return invoke


@pytest.fixture(scope="session")
def cli_invoker() -> Callable[..., Invoke]:
    """``cli_invoker(register_or_app, *prefix, env=None)`` returns ``invoke(url, *args,
    env=...) -> (exit code, stdout, stderr)``: it runs ``--database url *prefix *args`` on the
    real ``chainatlas`` app, or on a root command holding what ``register`` adds."""
    return _invoker
