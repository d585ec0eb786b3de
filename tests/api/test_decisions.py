"""Merging and splitting projects through the API (editors only), on a database of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI

from chainatlas.api.app import create_app
from chainatlas.api.settings import WebSettings
from chainatlas.web.demo import seed_demo

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    Login = Callable[[str], TestClient]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder = tmp_path_factory.mktemp("decisions-db")
    settings = WebSettings(database_url=f"sqlite:///{folder / 'chainatlas.sqlite3'}")
    seed_demo(settings)
    application = create_app(settings, extract_factory=None)
    yield application
    application.state.upload_jobs.shutdown()
    application.state.database.dispose()


def _most_reported(client: TestClient) -> dict[str, Any]:
    listed = client.get("/api/v1/projects", params={"sort": "mentions", "page_size": 1}).json()
    record: dict[str, Any] = client.get(f"/api/v1/projects/{listed['items'][0]['id']}").json()
    return record


def test_viewer_cannot_merge(login: Login) -> None:
    response = login("viewer").post("/api/v1/projects/1/merge", json={"other_id": 2})
    assert response.status_code == 403


def test_split_then_merge_back(login: Login) -> None:
    client = login("editor")
    record = _most_reported(client)
    project_id = record["project"]["id"]
    moved = record["evidence"][-1]["fact_id"]
    split = client.post(
        f"/api/v1/projects/{project_id}/split", json={"fact_ids": [moved], "reason": "另一项目"}
    )
    assert split.status_code == 200, split.text
    result = split.json()
    assert result["kind"] == "split"
    assert result["project_id"] != result["other_project_id"]
    new = client.get(f"/api/v1/projects/{result['other_project_id']}").json()
    assert [e["fact_id"] for e in new["evidence"]] == [moved]

    merged = client.post(
        f"/api/v1/projects/{result['project_id']}/merge",
        json={"other_id": result["other_project_id"], "reason": "同一项目"},
    )
    assert merged.status_code == 200, merged.text
    back = client.get(f"/api/v1/projects/{merged.json()['project_id']}").json()
    assert moved in {e["fact_id"] for e in back["evidence"]}


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("merge", {"other_id": "self"}, "with itself"),
        ("split", {"fact_ids": [987654321]}, "no mention with fact id 987654321"),
    ],
)
def test_bad_decisions(login: Login, path: str, body: dict[str, Any], message: str) -> None:
    client = login("editor")
    project_id = _most_reported(client)["project"]["id"]
    if body.get("other_id") == "self":
        body = {"other_id": project_id}
    response = client.post(f"/api/v1/projects/{project_id}/{path}", json=body)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_decision" and message in error["message"]


def test_unknown_project(login: Login) -> None:
    client = login("editor")
    response = client.post("/api/v1/projects/999999/merge", json={"other_id": 1})
    assert response.status_code == 404
    project_id = _most_reported(client)["project"]["id"]
    other = client.post(f"/api/v1/projects/{project_id}/merge", json={"other_id": 999999})
    assert other.status_code == 404
    assert "no project with id 999999" in other.json()["error"]["message"]
