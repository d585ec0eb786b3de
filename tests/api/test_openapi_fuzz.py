"""Schemathesis over the OpenAPI schema: a few generated requests per operation, sent
with an admin's API token over HTTP to a running server (uvicorn on a free loopback
port, on its own demo database so the writes cannot disturb other tests), and not
one may end in a 5xx."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from chainatlas.api.app import create_app
from chainatlas.api.settings import WebSettings
from chainatlas.store.db import Database
from chainatlas.web.demo import seed_demo

# Logging out would end the token's session for the rest of the run.
SKIPPED_PATHS = ("/api/v1/auth/logout",)


@pytest.fixture(scope="module")
def fuzzed_server(
    tmp_path_factory: pytest.TempPathFactory,
    live_server: Callable[[Any], AbstractContextManager[str]],
) -> Iterator[tuple[str, str]]:
    import chainatlas.accounts.models  # noqa: F401  (registers the account tables)
    from chainatlas.accounts.tokens import create_api_token

    folder = tmp_path_factory.mktemp("fuzz-db")
    settings_ = WebSettings(
        database_url=f"sqlite:///{folder / 'chainatlas.sqlite3'}",
        upload_max_bytes=4096,
        upload_max_files=2,
    )
    seed_demo(settings_)
    with Database(settings_.database_url) as database, database.session() as session:
        token = create_api_token(session, "admin", "schemathesis")
    app = create_app(settings_, extract_factory=None)
    with live_server(app) as url:
        yield url, token
    app.state.upload_jobs.shutdown()
    app.state.database.dispose()


@pytest.fixture(scope="module")
def api_schema(fuzzed_server: tuple[str, str]) -> Any:
    url, token = fuzzed_server
    loaded = schemathesis.openapi.from_url(
        f"{url}/openapi.json", headers={"Authorization": f"Bearer {token}"}
    )
    return loaded.exclude(path=list(SKIPPED_PATHS))


@pytest.mark.slow
def test_no_server_errors(api_schema: Any, fuzzed_server: tuple[str, str]) -> None:
    # Hypothesis by hand per operation: schemathesis' pytest plugin does not run under
    # the pytest installed here.
    _url, token = fuzzed_server
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    sent = 0
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=5,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def send(case: Any) -> None:
            nonlocal sent
            response = case.call(headers=headers)
            sent += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: "
                                f"{response.text[:200]}")  # fmt: skip

        send()
    assert sent >= 2 * len(operations)
    assert failures == []
