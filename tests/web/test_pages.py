"""Pages through the ASGI app (no browser): login form, CSRF on forms, redirects, escaping."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from chainatlas.api.settings import WebSettings
from chainatlas.web.demo import DEMO_LOGINS

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

PASSWORDS = {login.username: login.password for login in DEMO_LOGINS}


@pytest.fixture(scope="module")
def client(
    seed_settings: Callable[..., WebSettings],
    page_client: Callable[[WebSettings], AbstractContextManager[TestClient]],
) -> Iterator[TestClient]:
    with page_client(seed_settings("pages-db")) as made:
        yield made


def _log_in(client: TestClient, username: str, next_page: str = "/") -> str:
    client.cookies.clear()
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORDS[username], "next": next_page},
    )
    assert response.status_code == 303
    return str(response.headers["location"])


@pytest.mark.parametrize(
    ("next_page", "expected"),
    [
        ("/projects?region=安徽", "/projects?region=%E5%AE%89%E5%BE%BD"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_login_returns_only_to_local_pages(
    client: TestClient, next_page: str, expected: str
) -> None:
    assert _log_in(client, "viewer", next_page) == expected


def test_failed_login_shows_the_form_again(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post("/login", data={"username": "viewer", "password": "nope"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text


def test_logout_form_needs_the_csrf_token(client: TestClient) -> None:
    _log_in(client, "viewer")
    page = client.get("/").text
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    assert client.post("/logout", data={}).status_code == 403
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/").status_code == 303


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "驾驶舱"),
        ("/projects?status=signed&sort=investment&order=asc", "项目库"),
        ("/companies?name=新能源", "企业库"),
        ("/chains", "产业链图谱"),
        ("/upload", "上传文件"),
        ("/regions", "青阳县"),  # suggested: it has projects
        ("/regions/青阳县", "镁铝轻合金"),  # its chain with most projects is chosen
        ("/regions/安徽?chain=new-energy-battery", "补链"),
        ("/search?q=镁合金&kind=", "<mark>镁合金</mark>"),
        ("/search?q=镁&kind=company", "<mark>镁</mark>"),
        ("/documents/1?q=项目", "<mark>项目</mark>"),
    ],
)
def test_pages_render(client: TestClient, path: str, text: str) -> None:
    _log_in(client, "editor")
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert text in response.text


def test_company_page_lists_chain_nodes_and_regions(client: TestClient) -> None:
    _log_in(client, "viewer")
    listed = client.get("/api/v1/projects", params={"chain": "新能源电池"}).json()
    project = next(p for p in listed["items"] if p["company_id"] and p["region"])
    page = client.get(f"/companies/{project['company_id']}").text
    assert "产业链环节" in page and 'href="/chains/new-energy-battery"' in page
    assert project["region"] in page


def test_english_pages(client: TestClient) -> None:
    _log_in(client, "viewer")
    response = client.get("/lang/en", params={"next": "/projects"})
    assert response.headers["location"] == "/projects"
    client.cookies.set("lang", "en")
    assert "<h1>Projects</h1>" in client.get("/projects").text
    client.cookies.delete("lang")


def test_filter_values_are_escaped(client: TestClient) -> None:
    _log_in(client, "viewer")
    page = client.get("/projects", params={"region": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/regions/火星县?chain=new-energy-battery", 404, "unknown region"),
        ("/regions/青阳县?chain=不存在的链", 404, "unknown chain"),
        ("/regions?region=青阳县&chain=photovoltaic", 303, ""),
        ("/documents/999999", 404, "no document with id 999999"),
    ],
)
def test_region_and_document_errors(client: TestClient, path: str, status: int, text: str) -> None:
    _log_in(client, "viewer")
    response = client.get(path)
    assert response.status_code == status
    assert text in response.text


def test_search_query_is_escaped(client: TestClient) -> None:
    _log_in(client, "viewer")
    page = client.get("/search", params={"q": "<b>镁合金</b>"}).text
    assert "<b>镁合金</b>" not in page and "&lt;b&gt;镁合金&lt;/b&gt;" in page


def test_missing_project_page_is_404(client: TestClient) -> None:
    _log_in(client, "viewer")
    response = client.get("/projects/999999")
    assert response.status_code == 404 and "no project with id 999999" in response.text


def _csrf(page: str) -> str:
    return page.split('name="csrf-token" content="')[1].split('"')[0]


def test_only_editors_see_merge_and_split(client: TestClient) -> None:
    _log_in(client, "viewer")
    assert 'id="merge-form"' not in client.get("/projects/1").text
    _log_in(client, "editor")
    assert 'id="merge-form"' in client.get("/projects/1").text


def test_split_form_moves_evidence_to_a_new_project(client: TestClient) -> None:
    _log_in(client, "editor")
    listed = client.get("/api/v1/projects", params={"sort": "mentions", "page_size": 1}).json()
    project_id = listed["items"][0]["id"]
    page = client.get(f"/projects/{project_id}").text
    fact_ids = [int(chunk.split('"')[0]) for chunk in page.split('name="fact_ids" value="')[1:]]
    response = client.post(
        f"/projects/{project_id}/split",
        data={"fact_ids": [fact_ids[-1]], "reason": "另一期", "csrf_token": _csrf(page)},
    )
    assert response.status_code == 303
    new_page = client.get(response.headers["location"]).text
    assert new_page.count('class="evidence"') == 1


def test_project_page_names_its_chain_node_in_chinese(client: TestClient) -> None:
    _log_in(client, "viewer")
    listed = client.get("/api/v1/projects", params={"chain": "镁铝轻合金"}).json()
    project = next(p for p in listed["items"] if p["node"])
    page = client.get(f"/projects/{project['id']}").text
    assert f"› {project['node']}" not in page  # the node's id is not what a reader sees
    assert "镁铝轻合金</a> › " in page
