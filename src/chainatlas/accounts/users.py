"""Creating, listing and authenticating users; passwords are argon2id hashes (argon2-cffi)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.accounts.roles import Role, parse_role

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs the same time
# as a wrong password and response times do not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("chainatlas-no-such-user")

MIN_PASSWORD_LENGTH = 8


class AccountError(ValueError):
    """A user could not be created or changed; the message names the field and value."""


@dataclass
class UserPublic:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime


def to_public(user: User) -> UserPublic:
    return UserPublic(
        id=user.id,
        username=user.username,
        display_name=user.display_name or user.username,
        role=user.role,
        active=user.active,
        created_at=user.created_at.astimezone(),  # stored as local time; said so in the API
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    session: Session, username: str, password: str, role: str, display_name: str = ""
) -> User:
    """A new active user; AccountError on a taken name, a bad role or a short password."""
    name = username.strip()
    if not name or len(name) > 100 or any(ch.isspace() for ch in name):
        raise AccountError(f"username {username!r} must be 1–100 characters without spaces")
    try:
        checked_role = parse_role(role)
    except ValueError as error:
        raise AccountError(str(error)) from None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if get_user(session, name) is not None:
        raise AccountError(f"username {name!r} is taken")
    user = User(
        username=name,
        display_name=display_name.strip() or name,
        role=checked_role.value,
        password_hash=hash_password(password),
        active=True,
        created_at=datetime.now().replace(microsecond=0),
    )
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username.strip()))


def list_users(session: Session) -> list[UserPublic]:
    return [to_public(u) for u in session.scalars(select(User).order_by(User.username))]


def count_users(session: Session, role: Role | None = None) -> int:
    statement = select(func.count(User.id))
    if role is not None:
        statement = statement.where(User.role == role.value)
    return session.scalar(statement) or 0


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, or None (same cost either way)."""
    user = get_user(session, username)
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
