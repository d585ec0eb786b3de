"""Roles are ordered: admin ⊇ editor ⊇ viewer."""

from __future__ import annotations

import pytest

from chainatlas.accounts.roles import Role, allows, parse_role


@pytest.mark.parametrize(
    ("role", "needed", "expected"),
    [
        ("viewer", Role.viewer, True),
        ("viewer", Role.editor, False),
        ("editor", Role.editor, True),
        ("editor", Role.admin, False),
        ("admin", Role.editor, True),
        ("admin", Role.admin, True),
        ("ghost", Role.viewer, False),
    ],
)
def test_allows(role: str, needed: Role, expected: bool) -> None:
    assert allows(role, needed) is expected


@pytest.mark.parametrize(("text", "expected"), [("Admin", Role.admin), (" viewer ", Role.viewer)])
def test_parse_role(text: str, expected: Role) -> None:
    assert parse_role(text) is expected


def test_parse_role_names_known_roles() -> None:
    with pytest.raises(ValueError, match="unknown role 'owner'; roles: viewer, editor, admin"):
        parse_role("owner")
