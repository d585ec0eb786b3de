"""The hand-built battery knowledge base, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from chainatlas.analysis import RegionChainReport, analyse_region
from chainatlas.store.db import Database


def load_battery_kb() -> ModuleType:
    # Test folders are not packages (pytest's importlib mode): load the builder by path.
    path = Path(__file__).with_name("battery_kb.py")
    spec = importlib.util.spec_from_file_location("battery_kb", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def battery_kb(database: Database) -> tuple[Database, dict[str, int]]:
    """The database with the battery knowledge base, and the ids of its firms and projects."""
    ids: dict[str, int] = load_battery_kb().build(database)
    return database, ids


@pytest.fixture
def analyse(
    battery_kb: tuple[Database, dict[str, int]],
) -> Callable[[str], RegionChainReport]:
    """Analyse a region of the battery knowledge base on the battery chain."""
    database, _ = battery_kb

    def run(region: str) -> RegionChainReport:
        with database.session() as session:
            return analyse_region(session, region, "新能源电池")

    return run
