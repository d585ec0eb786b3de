"""Users: creation rules, argon2 hashes, authentication."""

from __future__ import annotations

import pytest

from chainatlas.accounts.users import (
    AccountError,
    authenticate,
    count_users,
    create_user,
    list_users,
)
from chainatlas.store.db import Database


def test_password_is_stored_as_argon2_hash(database: Database) -> None:
    with database.session() as session:
        user = create_user(session, "wang", "长城永固-2024", "editor", "王科长")
    assert user.password_hash.startswith("$argon2id$")
    assert "长城永固" not in user.password_hash


@pytest.mark.parametrize(
    ("username", "password", "expected"),
    [
        ("wang", "长城永固-2024", "wang"),
        ("wang", "wrong-password", None),
        ("nobody", "长城永固-2024", None),
        (" wang ", "长城永固-2024", "wang"),
    ],
)
def test_authenticate(
    database: Database, username: str, password: str, expected: str | None
) -> None:
    with database.session() as session:
        create_user(session, "wang", "长城永固-2024", "editor")
    with database.session() as session:
        found = authenticate(session, username, password)
        assert (found.username if found else None) == expected


def test_inactive_user_cannot_log_in(database: Database) -> None:
    with database.session() as session:
        create_user(session, "li", "password-123", "viewer").active = False
    with database.session() as session:
        assert authenticate(session, "li", "password-123") is None


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("zhao", "short", "viewer", "at least 8"),
        ("zhao", "password-123", "boss", "unknown role 'boss'"),
        ("two words", "password-123", "viewer", "without spaces"),
        ("", "password-123", "viewer", "1–100 characters"),
        ("taken", "password-123", "viewer", "'taken' is taken"),
    ],
)
def test_create_user_rejects(
    database: Database, username: str, password: str, role: str, message: str
) -> None:
    with database.session() as session:
        create_user(session, "taken", "password-123", "viewer")
    with database.session() as session, pytest.raises(AccountError, match=message):
        create_user(session, username, password, role)


def test_list_and_count(database: Database) -> None:
    with database.session() as session:
        create_user(session, "b-user", "password-123", "viewer")
        create_user(session, "a-user", "password-123", "admin", "管理员")
    with database.session() as session:
        users = list_users(session)
        assert [(u.username, u.display_name, u.role) for u in users] == [
            ("a-user", "管理员", "admin"),
            ("b-user", "b-user", "viewer"),
        ]
        assert count_users(session) == 2
