"""A demo knowledge base (the demo corpus, resolved, one user per role) and API clients."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from chainatlas.api.app import create_app
from chainatlas.api.settings import WebSettings
from chainatlas.web.demo import DEMO_LOGINS, seed_demo

with warnings.catch_warnings():
    # Starlette asks for httpx2 instead of httpx; the test client works with either.
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient

# The demo user named after each role (zhuanban is a second, team-scoped editor).
PASSWORDS = {login.role: login.password for login in DEMO_LOGINS if login.username == login.role}


@pytest.fixture(scope="session")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> WebSettings:
    folder = tmp_path_factory.mktemp("api-db")
    settings = WebSettings(
        database_url=f"sqlite:///{folder / 'chainatlas.sqlite3'}",
        upload_max_bytes=4096,
        upload_max_files=3,
    )
    seed_demo(settings)
    return settings


@pytest.fixture(scope="session")
def app(demo_settings: WebSettings) -> Iterator[FastAPI]:
    application = create_app(demo_settings)
    yield application
    application.state.upload_jobs.shutdown()
    application.state.database.dispose()


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    # Not entered as a context manager: that would run the app's shutdown after one test.
    client = TestClient(app, raise_server_exceptions=False)
    yield client
    client.close()


Login = Callable[[str], TestClient]


@pytest.fixture
def login(app: FastAPI) -> Iterator[Login]:
    """A client logged in with the demo user of a role; its CSRF token is sent on writes."""
    clients: list[TestClient] = []

    def log_in(role: str) -> TestClient:
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client)
        response = client.post(
            "/api/v1/auth/login", json={"username": role, "password": PASSWORDS[role]}
        )
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        return client

    yield log_in
    for client in clients:
        client.close()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A short signing article of our own, written for these tests."""
    path = tmp_path / "yuxi_gear_signing_2025.txt"
    path.write_text(
        "发布时间：2025-03-12\n"
        "3月11日，玉溪市红塔区与云南精锻齿轮有限公司签约精密齿轮智能制造项目，"
        "项目总投资12亿元，建成后年产精密齿轮300万件。\n",
        encoding="utf-8",
    )
    return path
