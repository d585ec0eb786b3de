"""The comparison and 亩均 API on a small dataset of our own, on SQLite and PostgreSQL:
exact values, weights that reorder, errors as 422, and what a team member gets."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator

import pytest

from chainatlas.api.app import create_app
from chainatlas.api.settings import WebSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

WAN = 10_000
YI = 100_000_000
PASSWORD = "evaluation-pass-1"
COMPARE = "/api/v1/pipeline/comparison?year=2026&as_of=2026-06-30"
LAND = "/api/v1/pipeline/land-efficiency"


@pytest.fixture
def client(database_url: str, evaluation_pipeline: Callable[..., None]) -> Iterator[TestClient]:
    evaluation_pipeline(database_url)
    app = create_app(WebSettings(database_url=database_url), extract_factory=None)
    yield TestClient(app, raise_server_exceptions=False)
    app.state.upload_jobs.shutdown()
    app.state.database.dispose()


def log_in(client: TestClient, username: str) -> TestClient:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client


def _measures(row: dict[str, object]) -> dict[str, object]:
    measures = row["measures"]
    assert isinstance(measures, list)
    return {m["key"]: (m["value"], m["rank"]) for m in measures}


def test_comparison_by_region(client: TestClient) -> None:
    body = log_in(client, "pj-viewer").get(COMPARE).json()
    assert [(r["group"], r["rank"], r["score"]) for r in body["rows"]] == [
        ("甲区", 1, 80.0),
        ("乙区", 2, 30.0),
    ]
    assert _measures(body["rows"][0]) == {
        "signed": (12 * YI, 1),
        "projects_100m": (1, 1),
        "projects_1b": (1, 1),
        "funds": (0, 2),
        "started": (1, 1),
        "commissioned": (1, 1),
        "conversion": (1.0, 1),
        "tax_per_mu": (10 * WAN, 1),
    }
    assert _measures(body["rows"][1])["tax_per_mu"] == (None, None)
    assert [i["key"] for i in body["indicators"]][:2] == ["signed", "projects_100m"]
    assert body["as_of"] == "2026-06-30"


def test_weights_reorder_the_ranking(client: TestClient) -> None:
    body = log_in(client, "pj-viewer").get(COMPARE + "&weights=funds=200").json()
    assert [(r["group"], r["score"]) for r in body["rows"]] == [
        ("乙区", pytest.approx(75.0)),
        ("甲区", pytest.approx(800 / 28)),
    ]
    assert next(i for i in body["indicators"] if i["key"] == "funds")["weight"] == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("&weights=bogus=1", "unknown indicator 'bogus'"),
        ("&weights=funds=x", "weight of funds must be a number"),
        ("&weights=funds=-2", "funds must be a finite number ≥ 0"),
    ],
)
def test_bad_weights_are_422(client: TestClient, query: str, message: str) -> None:
    response = log_in(client, "pj-viewer").get(COMPARE + query)
    assert response.status_code == 422
    assert message in response.text


def test_team_member_sees_only_their_team(client: TestClient) -> None:
    body = log_in(client, "pj-team").get(COMPARE + "&by=team").json()
    assert [(r["group"], r["rank"]) for r in body["rows"]] == [("甲组", 1)]
    assert (body["groups_ranked"], body["hidden_groups"]) == (2, 1)
    assert "targets" in [i["key"] for i in body["indicators"]]
    land = client.get(LAND).json()
    assert [row["name"] for row in land["rows"]] == ["甲区电机项目"]


def test_land_efficiency(client: TestClient) -> None:
    body = log_in(client, "pj-viewer").get(LAND).json()
    rows = {row["name"]: row for row in body["rows"]}
    first = rows["甲区电机项目"]
    assert (first["grade"], first["promised_grade"]) == ("A", "A")
    assert first["realised_tax_per_mu"] == pytest.approx(10 * WAN)
    assert first["tax_ratio"] == pytest.approx(2 / 3)
    assert first["shortfall"] is True
    second = rows["乙区电池项目"]
    assert (second["evaluable"], second["reason"], second["grade"]) == (False, "用地面积为0", None)
    assert body["shortfalls"] == [first["record_id"]]
    assert body["total"]["records"] == 1 and body["total"]["unevaluable"] == 1
    assert [g["key"] for g in body["by_team"]] == ["乙组", "甲组"]
    stricter = client.get(LAND + "?benchmark_wan=20&shortfall=0.6").json()
    assert stricter["rows"][0]["grade"] == "C"  # 10万 is 50 % of 20万
    assert stricter["shortfalls"] == []
    only_d = client.get(LAND + "?grade=D").json()
    assert only_d["rows"] == []


def test_bad_or_missing_parameters(client: TestClient) -> None:
    assert client.get(LAND).status_code == 401
    log_in(client, "pj-viewer")
    assert client.get(LAND + "?benchmark_wan=0").status_code == 422
    assert client.get(LAND + "?grade=E").status_code == 422
    assert client.get("/api/v1/pipeline/comparison").status_code == 422  # year is required
    assert client.get(COMPARE + "&by=chain").status_code == 422
