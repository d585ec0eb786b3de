"""Shared fixtures: databases (SQLite always, PostgreSQL when configured) and paths."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from chainatlas.config import Settings
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
def live_server() -> Callable[[Any], AbstractContextManager[str]]:
    """``with live_server(app) as url:`` runs ``app`` in uvicorn on a free loopback port."""
    return _serve
