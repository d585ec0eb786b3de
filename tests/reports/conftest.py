"""Fixtures of the report tests: the hand-built pipeline of sample_pipeline.py in an open
session (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy.orm import Session

from chainatlas.store.db import Database


@dataclass
class Built:
    session: Session
    sample: Any  # sample_pipeline.Sample


@pytest.fixture
def sp(sample_pipeline: ModuleType) -> ModuleType:
    """The sample_pipeline module (PERIOD, TODAY, YI, build_sample, member_scope)."""
    return sample_pipeline


@pytest.fixture
def built(database: Database, sample_pipeline: ModuleType) -> Iterator[Built]:
    with database.session() as session:
        yield Built(session, sample_pipeline.build_sample(session))


@pytest.fixture
def briefing(tmp_path: Path, sample_pipeline: ModuleType) -> Iterator[Any]:
    """The briefing of the sample period with 池州市 as the home region, for the renderer
    tests (SQLite only: the data tests cover both databases)."""
    from chainatlas.reports import BriefingRequest, build_briefing

    database = Database(f"sqlite:///{tmp_path / 'briefing.sqlite3'}")
    try:
        with database.session() as session:
            sample = sample_pipeline.build_sample(session)
            yield build_briefing(
                session,
                sample.office,
                BriefingRequest(sample_pipeline.PERIOD),
                home_region="池州市",
                today=sample_pipeline.TODAY,
            )
    finally:
        database.dispose()
