"""/api/v1/search over the demo corpus: kinds, marks, links, validation and login."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    Login = Callable[[str], TestClient]


@pytest.mark.parametrize(
    ("query", "kind", "kinds"),
    [
        ("镁合金", None, {"document", "project"}),
        ("镁合金", "project", {"project"}),
        ("皖镁", "company", {"company"}),
    ],
)
def test_search_hits(login: Login, query: str, kind: str | None, kinds: set[str]) -> None:
    params = {"q": query} | ({"kind": kind} if kind else {})
    response = login("viewer").get("/api/v1/search", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == query
    assert {hit["kind"] for hit in body["hits"]} == kinds
    for hit in body["hits"]:
        assert "<mark>" in hit["title"] + hit["snippet"]
        assert hit["url"].endswith(f"/{hit['id']}")


def test_search_finds_nothing_for_absent_words(login: Login) -> None:
    response = login("viewer").get("/api/v1/search", params={"q": "量子计算机"})
    assert response.json()["hits"] == []


@pytest.mark.parametrize(
    "params", [{}, {"q": ""}, {"q": "镁", "kind": "article"}, {"q": "镁", "limit": 0}]
)
def test_search_rejects_bad_parameters(login: Login, params: dict[str, str | int]) -> None:
    response = login("viewer").get("/api/v1/search", params=params)
    assert response.status_code == 422
    assert "error" in response.json()


def test_search_needs_a_login(anonymous: TestClient) -> None:
    assert anonymous.get("/api/v1/search", params={"q": "镁"}).status_code == 401
