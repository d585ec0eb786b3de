"""A real server (uvicorn in a thread, on a free loopback port) over a seeded SQLite file,
and a real Chromium driven by Playwright, for the browser tests; and, for the page tests
through the ASGI app, a demo-seeded database per module, a client factory and a form login."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

from chainatlas.api.app import create_app
from chainatlas.api.settings import WebSettings
from chainatlas.web.demo import DEMO_LOGINS, DEMO_REGION, seed_demo

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORDS = {login.username: login.password for login in DEMO_LOGINS}


@pytest.fixture(scope="session")
def server_settings(tmp_path_factory: pytest.TempPathFactory) -> WebSettings:
    """The settings of the browser tests' server: its SQLite file, seeded with the demo.

    Tests may open ``Database(server_settings.database_url)`` to arrange or check data
    directly (the server sees the same file)."""
    folder = tmp_path_factory.mktemp("web-db")
    settings = WebSettings(
        database_url=f"sqlite:///{folder / 'chainatlas.sqlite3'}", home_region=DEMO_REGION
    )
    seed_demo(settings)
    return settings


@pytest.fixture(scope="session")
def server_url(
    server_settings: WebSettings,
    live_server: Callable[[Any], AbstractContextManager[str]],
) -> Iterator[str]:
    with live_server(create_app(server_settings)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import expect, sync_playwright

    # The machine is shared: generous waits keep the tests steady under load.
    expect.set_options(timeout=20_000)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, server_url: str, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser context (no cookies); a screenshot of the last page is saved."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(base_url=server_url, accept_downloads=True, locale="zh-CN")
    context.set_default_timeout(30_000)
    opened = context.new_page()
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    opened.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


def snap(page: object, name: str) -> None:
    """Save a screenshot of ``page`` now (for pages a test moves on from)."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def screenshot() -> Callable[[object, str], None]:
    return snap


LogIn = Callable[[object, str], None]


@pytest.fixture
def log_in() -> LogIn:
    """Log a page in through the login form as one of the demo users."""
    from playwright.sync_api import Page

    def submit(page: object, username: str) -> None:
        assert isinstance(page, Page)
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORDS[username])
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)

    return submit


SeedSettings = Callable[..., WebSettings]


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> SeedSettings:
    """``seed_settings(folder, **options)``: settings over a new SQLite file seeded with the
    demo. Call it from a module-scoped fixture so that each module has its own database."""

    def make(folder: str, **options: Any) -> WebSettings:
        path = tmp_path_factory.mktemp(folder) / "chainatlas.sqlite3"
        settings = WebSettings(database_url=f"sqlite:///{path}", **options)
        seed_demo(settings)
        return settings

    return make


@contextmanager
def _page_client(settings: WebSettings) -> Iterator[TestClient]:
    app = create_app(settings, extract_factory=None)
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    try:
        yield client
    finally:
        client.close()
        app.state.upload_jobs.shutdown()
        app.state.database.dispose()


PageClient = Callable[[WebSettings], AbstractContextManager[TestClient]]


@pytest.fixture(scope="session")
def page_client() -> PageClient:
    """``with page_client(settings) as client:`` a client of the app (no redirects followed,
    server errors as responses); the app's jobs and database are closed afterwards."""
    return _page_client


def _page_log_in(
    client: TestClient, username: str, page: str = "/pipeline", password: str | None = None
) -> str:
    client.cookies.clear()
    response = client.post(
        "/login",
        data={"username": username, "password": password or PASSWORDS[username], "next": "/"},
    )
    assert response.status_code == 303
    shown = client.get(page)
    assert shown.status_code == 200, page
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', shown.text)
    assert found is not None
    return found.group(1)


PageLogIn = Callable[..., str]


@pytest.fixture(scope="session")
def page_log_in() -> PageLogIn:
    """``page_log_in(client, username, page="/pipeline", password=None)`` logs ``client`` in
    through the login form (a demo user unless ``password`` is given), opens ``page`` and
    returns the session's CSRF token."""
    return _page_log_in
