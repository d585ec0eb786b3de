"""The teams page: everyone sees teams and members; only admins create teams and change
who is in them (membership decides what a user may see and edit)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from chainatlas.api.settings import WebSettings
from chainatlas.pipeline.access import scope_of
from chainatlas.pipeline.listing import list_records
from chainatlas.store.db import Database
from chainatlas.web.demo import DEMO_REGION

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient


PageLogIn = Callable[..., str]  # the page_log_in fixture of tests/web/conftest.py


@pytest.fixture(scope="module")
def settings(seed_settings: Callable[..., WebSettings]) -> WebSettings:
    return seed_settings("teams-db", home_region=DEMO_REGION)


@pytest.fixture(scope="module")
def client(
    settings: WebSettings,
    page_client: Callable[[WebSettings], AbstractContextManager[TestClient]],
) -> Iterator[TestClient]:
    with page_client(settings) as made:
        yield made


def _team_row(html: str, name: str) -> str:
    found = re.search(rf'<tr data-team="{name}">(.*?)</tr>', html, re.S)
    assert found is not None, name
    return found.group(1)


def test_everyone_sees_teams_and_members_but_only_admins_get_forms(
    client: TestClient, page_log_in: PageLogIn
) -> None:
    page_log_in(client, "viewer", page="/pipeline/teams")
    page = client.get("/pipeline/teams").text
    row = _team_row(page, "镁基新材料产业专班")
    assert '<span class="tag member">zhuanban</span>' in row
    assert "专班" in row
    assert 'id="new-team"' not in page and "add-member" not in page
    page_log_in(client, "admin", page="/pipeline/teams")
    page = client.get("/pipeline/teams").text
    assert 'id="new-team"' in page and "add-member" in page


@pytest.mark.parametrize("username", ["viewer", "editor", "zhuanban"])
def test_only_admins_change_teams(
    client: TestClient, username: str, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, username, page="/pipeline/teams")
    response = client.post(
        "/pipeline/teams", data={"name": "不该出现的专班", "kind": "专班", "csrf_token": token}
    )
    assert response.status_code == 403
    assert "不该出现的专班" not in client.get("/pipeline/teams").text


def test_admin_creates_a_team_and_membership_narrows_what_a_user_sees(
    client: TestClient, settings: WebSettings, page_log_in: PageLogIn
) -> None:
    token = page_log_in(client, "admin", page="/pipeline/teams")
    response = client.post(
        "/pipeline/teams",
        data={"name": "生物医药招商小分队", "kind": "小分队", "csrf_token": token},
    )
    assert response.status_code == 303
    page = client.get("/pipeline/teams").text
    team_id = re.search(r'<a href="/pipeline\?team=(\d+)">生物医药招商小分队</a>', page)
    assert team_id is not None
    with Database(settings.database_url) as database, database.session() as session:
        from chainatlas.accounts.users import get_user

        viewer = get_user(session, "viewer")
        assert viewer is not None
        before = len(list_records(session, scope_of(session, viewer)))
        viewer_id = viewer.id
    assert before >= 18  # a user in no team sees the whole region
    response = client.post(
        f"/pipeline/teams/{team_id.group(1)}/members",
        data={"user_id": str(viewer_id), "csrf_token": token},
    )
    assert response.status_code == 303
    member = '<span class="tag member">viewer</span>'
    assert member in _team_row(client.get("/pipeline/teams").text, "生物医药招商小分队")
    with Database(settings.database_url) as database, database.session() as session:
        viewer = get_user(session, "viewer")
        assert viewer is not None
        assert list_records(session, scope_of(session, viewer)) == []  # the new team has none
    response = client.post(
        f"/pipeline/teams/{team_id.group(1)}/members/{viewer_id}/remove",
        data={"csrf_token": token},
    )
    assert response.status_code == 303
    assert member not in _team_row(client.get("/pipeline/teams").text, "生物医药招商小分队")


def test_a_bad_team_is_refused_with_a_message(client: TestClient, page_log_in: PageLogIn) -> None:
    token = page_log_in(client, "admin", page="/pipeline/teams")
    response = client.post(
        "/pipeline/teams", data={"name": "某专班", "kind": "委员会", "csrf_token": token}
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "team kind" in page and "委员会" in page
    assert '<tr data-team="某专班">' not in page
