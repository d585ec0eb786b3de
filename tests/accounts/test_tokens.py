"""Login sessions and API tokens: secrets handed out once, digests at rest, expiry."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from chainatlas.accounts.models import ApiToken, LoginSession
from chainatlas.accounts.tokens import (
    close_session,
    create_api_token,
    find_session,
    open_session,
    token_user,
)
from chainatlas.accounts.users import create_user
from chainatlas.store.db import Database


def test_session_round_trip_and_close(database: Database) -> None:
    with database.session() as session:
        opened = open_session(session, create_user(session, "zhou", "password-123", "viewer"))
    with database.session() as session:
        found = find_session(session, opened.token)
        assert found is not None and found.user.username == "zhou"
        assert found.csrf_token == opened.csrf_token
        assert found.token_hash != opened.token
        close_session(session, opened.token)
    with database.session() as session:
        assert find_session(session, opened.token) is None


def test_expired_session_is_refused(database: Database) -> None:
    with database.session() as session:
        opened = open_session(session, create_user(session, "zhou", "password-123", "viewer"))
    with database.session() as session:
        row = session.scalar(select(LoginSession))
        assert row is not None
        row.expires_at = datetime.now() - timedelta(seconds=1)
    with database.session() as session:
        assert find_session(session, opened.token) is None


def test_api_token_is_stored_as_digest(database: Database) -> None:
    with database.session() as session:
        create_user(session, "robot", "password-123", "editor")
        token = create_api_token(session, "robot", "nightly")
    assert token.startswith("ca_")
    with database.session() as session:
        stored = session.scalar(select(ApiToken))
        assert stored is not None and token not in stored.token_hash
        user = token_user(session, token)
        assert user is not None and user.username == "robot"
        assert token_user(session, token + "x") is None


def test_token_of_inactive_user_is_refused(database: Database) -> None:
    with database.session() as session:
        user = create_user(session, "robot", "password-123", "editor")
        token = create_api_token(session, "robot")
        user.active = False
    with database.session() as session:
        assert token_user(session, token) is None


def test_token_for_unknown_user(database: Database) -> None:
    with database.session() as session, pytest.raises(KeyError, match="no user named 'ghost'"):
        create_api_token(session, "ghost")
