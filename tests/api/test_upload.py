"""Uploads: roles, limits enforced on the server, background jobs with per-file results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi import FastAPI

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    Login = Callable[[str], TestClient]


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def test_viewer_cannot_upload(login: Login) -> None:
    response = login("viewer").post("/api/v1/uploads", files=_files(("a.txt", b"x")))
    assert response.status_code == 403
    assert "editor" in response.json()["error"]["message"]


def test_upload_ingests_in_the_background(app: FastAPI, login: Login, article: Path) -> None:
    client = login("editor")
    response = client.post(
        "/api/v1/uploads",
        files=_files(
            (article.name, article.read_bytes()),
            ("notes.exe", b"MZ"),
            ("big.txt", "很长的文字".encode() * 1000),
        ),
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    app.state.upload_jobs.wait(job_id)
    job = client.get(f"/api/v1/uploads/{job_id}").json()
    assert job["status"] == "done"
    good, wrong_type, too_big = job["files"]
    assert good["status"] == "done" and good["added"] == 1, job
    assert any("齿轮" in p["name"] for p in good["projects"])
    assert wrong_type["status"] == "error" and "'.exe' not accepted" in wrong_type["errors"][0]
    assert too_big["status"] == "error" and "larger than the limit" in too_big["errors"][0]
    project = client.get(f"/api/v1/projects/{good['projects'][0]['id']}").json()
    assert project["evidence"][0]["document"] == article.stem


def test_too_many_files(login: Login) -> None:
    files = _files(*[(f"{n}.txt", b"text") for n in range(4)])
    response = login("editor").post("/api/v1/uploads", files=files)
    assert response.status_code == 413
    assert "at most 3" in response.json()["error"]["message"]


def test_oversized_body_is_refused_before_parsing(login: Login) -> None:
    response = login("editor").post("/api/v1/uploads", files=_files(("huge.txt", b"x" * 300_000)))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("name", ["../../evil.txt", "..\\..\\evil.txt"])
def test_file_names_cannot_escape_the_staging_folder(app: FastAPI, login: Login, name: str) -> None:
    client = login("editor")
    response = client.post("/api/v1/uploads", files=_files((name, "无关内容。".encode())))
    assert response.status_code == 202
    job = app.state.upload_jobs.wait(response.json()["id"])
    assert job is not None and job.files[0].name == "evil.txt"


def test_unknown_job(login: Login) -> None:
    response = login("viewer").get("/api/v1/uploads/nope")
    assert response.status_code == 404
