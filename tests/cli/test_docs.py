"""Every command is documented: a runnable example in its help and a row in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.main import get_command

from chainatlas.cli.main import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[tuple[str, str]]:
    root = get_command(app)
    found: list[tuple[str, str]] = []

    def walk(command: object, prefix: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, f"{prefix} {name}".strip())
        if prefix and (not subcommands or "Example:" in (getattr(command, "help", "") or "")):
            found.append((prefix, getattr(command, "help", "") or ""))

    walk(root, "")
    return found


@pytest.mark.parametrize(("path", "help_text"), command_paths())
def test_command_has_an_example_and_a_readme_entry(path: str, help_text: str) -> None:
    last = help_text.strip().splitlines()[-1].strip()
    assert last.startswith("Example: chainatlas " + path), f"`{path}` help lacks a final example"
    assert f"`chainatlas {path}" in README, f"README does not document `chainatlas {path}`"


def test_there_are_commands() -> None:
    assert isinstance(app, typer.Typer)
    assert len(command_paths()) >= 8
