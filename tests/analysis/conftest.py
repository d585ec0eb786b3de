"""The hand-built battery knowledge base, and short articles of our own ingested by the
default pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from chainatlas.analysis import RegionChainReport, analyse_region
from chainatlas.config import Settings
from chainatlas.ingest.pipeline import Ingestor, extraction_step
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


Article = tuple[str, str, str]  # published, title, body
AnalyseArticles = Callable[[list[Article], str], Callable[[str], RegionChainReport]]


@pytest.fixture
def analyse_articles(database: Database, settings: Settings, tmp_path: Path) -> AnalyseArticles:
    """Ingest ``articles`` (as one JSON Lines file) and return ``analyse(region)`` on a chain."""

    def ingest(articles: list[Article], chain: str) -> Callable[[str], RegionChainReport]:
        source = tmp_path / "articles.jsonl"
        lines = [{"title": t, "published": p, "text": f"{t}\n{body}"} for p, t, body in articles]
        text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
        source.write_text(text, "utf-8")
        report = Ingestor(database, settings, extract=extraction_step()).ingest([str(source)])
        assert not report.errors and report.count("added") == len(articles)

        def run(region: str) -> RegionChainReport:
            with database.session() as session:
                return analyse_region(session, region, chain)

        return run

    return ingest
