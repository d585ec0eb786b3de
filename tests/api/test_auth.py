"""Logins, cookies, CSRF, API tokens and roles on the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from fastapi import FastAPI

from chainatlas.accounts.tokens import create_api_token
from chainatlas.web.demo import DEMO_LOGINS

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi.testclient import TestClient

    Login = Callable[[str], TestClient]

# The demo user named after each role (zhuanban is a second, team-scoped editor).
PASSWORDS = {login.role: login.password for login in DEMO_LOGINS if login.username == login.role}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/me", "/api/v1/projects", "/api/v1/companies", "/api/v1/chains", "/openapi.json",
     "/api/v1/documents/1", "/api/v1/uploads/x", "/api/v1/dashboard"],
)  # fmt: skip
def test_everything_but_health_needs_a_login(anonymous: TestClient, path: str) -> None:
    response = anonymous.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["/", "/projects?region=安徽", "/docs", "/upload", "/chains/x"])
def test_pages_redirect_to_login(anonymous: TestClient, path: str) -> None:
    response = anonymous.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/")


def test_health_needs_no_login(anonymous: TestClient) -> None:
    response = anonymous.get("/api/v1/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_login_sets_a_safe_cookie(anonymous: TestClient) -> None:
    response = anonymous.post(
        "/api/v1/auth/login", json={"username": "viewer", "password": PASSWORDS["viewer"]}
    )
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    me = anonymous.get("/api/v1/me").json()
    assert (me["user"]["username"], me["via"]) == ("viewer", "cookie")


def test_cookie_is_secure_over_https(app: FastAPI) -> None:
    from fastapi.testclient import TestClient as Client

    client = Client(app, base_url="https://testserver")
    response = client.post(
        "/api/v1/auth/login", json={"username": "viewer", "password": PASSWORDS["viewer"]}
    )
    assert "secure" in response.headers["set-cookie"].lower()
    client.close()


def test_wrong_password(anonymous: TestClient) -> None:
    response = anonymous.post("/api/v1/auth/login", json={"username": "viewer", "password": "x"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_credentials"


def test_cookie_writes_need_the_csrf_token(login: Login) -> None:
    client = login("admin")
    token = client.headers.pop("X-CSRF-Token")
    body = {"username": "csrf-test", "password": "password-123", "role": "viewer"}
    refused = client.post("/api/v1/users", json=body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    wrong = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": token + "x"})
    assert wrong.status_code == 403
    accepted = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201, accepted.text


def test_bearer_token_needs_no_csrf(app: FastAPI, anonymous: TestClient) -> None:
    with app.state.database.session() as session:
        token = create_api_token(session, "admin", "test")
    headers = {"Authorization": f"Bearer {token}"}
    assert anonymous.get("/api/v1/me", headers=headers).json()["via"] == "token"
    body = {"username": "token-made", "password": "password-123", "role": "viewer"}
    assert anonymous.post("/api/v1/users", json=body, headers=headers).status_code == 201
    bad = anonymous.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("editor", 403), ("admin", 200)])
def test_only_admins_list_users(login: Login, role: str, status: int) -> None:
    assert login(role).get("/api/v1/users").status_code == status


def test_logout_ends_the_session(login: Login) -> None:
    client = login("viewer")
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
