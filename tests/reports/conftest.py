"""Fixtures of the report tests: the hand-built pipeline of sample_pipeline.py in an open
session (SQLite and PostgreSQL)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy.orm import Session

from chainatlas.store.db import Database


def _load_sample_module() -> ModuleType:
    # Test folders are no packages (pytest's importlib mode): load the helper by path.
    path = Path(__file__).with_name("sample_pipeline.py")
    spec = importlib.util.spec_from_file_location("sample_pipeline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


SAMPLE = _load_sample_module()


@dataclass
class Built:
    session: Session
    sample: Any  # sample_pipeline.Sample


@pytest.fixture
def sp() -> ModuleType:
    """The sample_pipeline module (PERIOD, TODAY, YI, build_sample, member_scope)."""
    return SAMPLE


@pytest.fixture
def built(database: Database) -> Iterator[Built]:
    with database.session() as session:
        yield Built(session, SAMPLE.build_sample(session))


@pytest.fixture
def briefing(tmp_path: Path) -> Iterator[Any]:
    """The briefing of the sample period with 池州市 as the home region, for the renderer
    tests (SQLite only: the data tests cover both databases)."""
    from chainatlas.reports import BriefingRequest, build_briefing

    database = Database(f"sqlite:///{tmp_path / 'briefing.sqlite3'}")
    try:
        with database.session() as session:
            sample = SAMPLE.build_sample(session)
            yield build_briefing(
                session,
                sample.office,
                BriefingRequest(SAMPLE.PERIOD),
                home_region="池州市",
                today=SAMPLE.TODAY,
            )
    finally:
        database.dispose()
