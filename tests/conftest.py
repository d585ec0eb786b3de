"""Shared fixtures: databases (SQLite always, PostgreSQL when configured), paths, a live
server, and the two-county pipeline of the comparison/亩均 tests (API, pages, commands)."""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from chainatlas.accounts.users import create_user
from chainatlas.config import Settings
from chainatlas.pipeline.access import add_member
from chainatlas.pipeline.records import (
    add_amount,
    create_record,
    ensure_team,
    move_stage,
    update_record,
    verify_signing,
)
from chainatlas.store.db import Database

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEMO = REPO / "src" / "chainatlas" / "data" / "demo"
POSTGRES_URL = os.environ.get("CHAINATLAS_TEST_POSTGRES_URL")

_BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # In CI the PostgreSQL variant of every storage test must run, never skip.
    if os.environ.get("CI") and not POSTGRES_URL:
        raise pytest.UsageError("CI=true but CHAINATLAS_TEST_POSTGRES_URL is not set")


@pytest.fixture(params=_BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A URL of an empty database: an SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        # Its own folder, so that tests ingesting tmp_path never meet the database files.
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'chainatlas.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("CHAINATLAS_TEST_POSTGRES_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "benchmark" / "dev").is_dir():
        pytest.skip("../shared/benchmark is not beside this checkout")
    return SHARED


@contextmanager
def _serve(app: Any) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="chainatlas-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"test server did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="session")
def sample_pipeline() -> ModuleType:
    """tests/reports/sample_pipeline.py (PERIOD, TODAY, YI, build_sample, member_scope): the
    hand-built pipeline of the briefing tests (reports, API, pages, commands)."""
    # Test folders are no packages (pytest's importlib mode): load the helper by path.
    path = REPO / "tests" / "reports" / "sample_pipeline.py"
    spec = importlib.util.spec_from_file_location("sample_pipeline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def live_server() -> Callable[[Any], AbstractContextManager[str]]:
    """``with live_server(app) as url:`` runs ``app`` in uvicorn on a free loopback port."""
    return _serve


WAN = 10_000
YI = 100_000_000
EVALUATION_PASSWORD = "evaluation-pass-1"


def _arrange_evaluation(
    database_url: str, *, second_name: str = "乙区电池项目", outputs: bool = True
) -> None:
    with Database(database_url) as database, database.session() as session:
        admin = create_user(session, "pj-admin", EVALUATION_PASSWORD, "admin")
        member = create_user(session, "pj-team", EVALUATION_PASSWORD, "editor")
        create_user(session, "pj-viewer", EVALUATION_PASSWORD, "viewer")
        jia, yi = ensure_team(session, "甲组"), ensure_team(session, "乙组")
        add_member(session, jia, member)
        first = create_record(
            session, "甲区电机项目", user=member, on=date(2026, 1, 5), stage="negotiating",
            region="甲区", team=jia, investment_cny=12 * YI, land_mu=100,
        )  # fmt: skip
        move_stage(session, first, "signed", user=member, on=date(2026, 2, 1))
        verify_signing(session, first, admin, date(2026, 2, 3))
        move_stage(session, first, "construction", user=member, on=date(2026, 3, 1))
        move_stage(session, first, "operating", user=member, on=date(2026, 5, 1))
        figures = {"promised_tax_cny": 1500 * WAN, "realised_tax_cny": 1000 * WAN}
        if outputs:
            figures |= {"promised_output_cny": 10 * YI, "realised_output_cny": 9 * YI}
        update_record(session, first, **figures)
        second = create_record(
            session, second_name, user=admin, on=date(2026, 1, 5), stage="negotiating",
            region="乙区", team=yi, investment_cny=3 * YI, land_mu=0,
        )  # fmt: skip
        move_stage(session, second, "signed", user=member, on=date(2026, 2, 10))
        verify_signing(session, second, admin, date(2026, 2, 12))
        add_amount(session, second, "funds", date(2026, 3, 1), 5 * YI)
        session.commit()


@pytest.fixture(scope="session")
def evaluation_pipeline() -> Callable[..., None]:
    """``evaluation_pipeline(database_url, second_name=..., outputs=True)`` stores two counties
    in two teams: 甲区 (甲组, whose editor is pj-team) signs 12亿 and operates on 100亩 paying
    1000万 tax (产值 10亿 promised, 9亿 realised unless ``outputs`` is false); 乙区 (乙组) signs
    3亿 on no land and has 5亿 funds in place. Users pj-admin, pj-team and pj-viewer have the
    password ``EVALUATION_PASSWORD`` ("evaluation-pass-1")."""
    return _arrange_evaluation
