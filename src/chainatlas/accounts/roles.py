"""Roles and what each may do: viewers read, editors also change data, admins manage users."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    viewer = "viewer"
    editor = "editor"
    admin = "admin"


_RANK = {Role.viewer: 0, Role.editor: 1, Role.admin: 2}


def parse_role(value: str) -> Role:
    """The role named ``value``; ValueError naming the known roles otherwise."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise ValueError(f"unknown role {value!r}; roles: {known}") from None


def allows(role: str, needed: Role) -> bool:
    """Whether a user with ``role`` may do what needs ``needed`` (roles are ordered)."""
    try:
        return _RANK[Role(role)] >= _RANK[needed]
    except ValueError:
        return False
