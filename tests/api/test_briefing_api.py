"""The briefing API (GET /api/v1/pipeline/briefing): the hand-built pipeline of
tests/reports/sample_pipeline.py as JSON, narrowed to the asking user's teams, and bad
periods answered with 422 naming what was wrong."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest
from fastapi import FastAPI

from chainatlas.api.app import create_app
from chainatlas.api.settings import WebSettings
from chainatlas.store.db import Database

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

URL = "/api/v1/pipeline/briefing"
PERIOD = {"start": "2026-04-01", "end": "2026-06-30"}
YI = 100_000_000
PASSWORDS = {"zhangsan": "password-one", "lisi": "password-two", "zhaoliu": "password-four"}


@pytest.fixture(scope="module")
def briefing_app(
    tmp_path_factory: pytest.TempPathFactory, sample_pipeline: ModuleType
) -> Iterator[FastAPI]:
    folder = tmp_path_factory.mktemp("briefing-api")
    settings = WebSettings(
        database_url=f"sqlite:///{folder / 'chainatlas.sqlite3'}", home_region="池州市"
    )
    database = Database(settings.database_url)
    with database.session() as session:
        sample_pipeline.build_sample(session)
    database.dispose()
    app = create_app(settings, extract_factory=None)
    yield app
    app.state.upload_jobs.shutdown()
    app.state.database.dispose()


Client = Callable[[str], TestClient]


@pytest.fixture
def client(briefing_app: FastAPI) -> Iterator[Client]:
    clients: list[TestClient] = []

    def log_in(username: str) -> TestClient:
        made = TestClient(briefing_app, raise_server_exceptions=False)
        clients.append(made)
        response = made.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORDS[username]}
        )
        assert response.status_code == 200, response.text
        return made

    yield log_in
    for made in clients:
        made.close()


def test_briefing_json(client: Client) -> None:
    response = client("lisi").get(URL, params=PERIOD)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["title"] == "招商工作简报"
    assert data["subtitle"] == "2026年4月1日至2026年6月30日 · 安徽省池州市"
    totals = data["totals"]
    assert (totals["signings"], totals["signed_cny"]) == (1, 15 * YI)
    assert (totals["unverified_signings"], totals["funds_cny"]) == (2, 2 * YI)
    assert [s["name"] for s in data["signings"]] == ["储能电池项目", "物流园项目", "光伏玻璃项目"]
    assert [s["verified"] for s in data["signings"]] == [True, False, False]
    assert data["targets"][0]["rows"][0]["status"] in ("超进度", "欠进度")
    assert data["gaps"]["region"] == "安徽省池州市"
    assert data["gaps"]["chains"][0]["chain_id"] == "new-energy-battery"


def test_team_member_gets_their_team_only(client: Client) -> None:
    data = client("zhaoliu").get(URL, params=PERIOD).json()
    assert data["teams"] == ["新材料小分队"]
    assert data["signings"] == []
    assert {s["name"] for s in data["starts"]} == {"铜箔项目", "镁合金压铸项目"}
    refused = client("zhaoliu").get(URL, params={**PERIOD, "team": "新能源专班"})
    assert refused.status_code == 403
    assert "新能源专班" in refused.json()["error"]["message"]


def test_one_team_and_another_region(client: Client) -> None:
    data = (
        client("zhangsan")
        .get(URL, params={**PERIOD, "team": "新能源专班", "region": "火星市"})
        .json()
    )
    assert data["team"] == "新能源专班"
    assert data["totals"]["started"] == 0
    assert data["gaps"]["chains"] == []
    assert "火星市" in data["gaps"]["notes"][0]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"start": "2026-06-30", "end": "2026-01-01"},
            "period end 2026-01-01 is before its start 2026-06-30",
        ),
        ({"start": "2026-02-30", "end": "2026-03-01"}, "start '2026-02-30' is not a date"),
        ({"start": "2019-01-01", "end": "2026-01-01"}, "longer than 5 years"),
        ({**PERIOD, "team": "招商三组"}, "no team named '招商三组'"),
    ],
)
def test_bad_requests_are_422_with_a_message(
    client: Client, params: dict[str, str], message: str
) -> None:
    response = client("zhangsan").get(URL, params=params)
    assert response.status_code == 422
    assert message in response.json()["error"]["message"]


def test_login_is_required(briefing_app: FastAPI) -> None:
    # Not entered as a context manager: that would run the app's shutdown.
    anonymous = TestClient(briefing_app, raise_server_exceptions=False)
    assert anonymous.get(URL).status_code == 401
    anonymous.close()
