"""Login sessions and API tokens: random secrets handed out once, kept only as digests."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from chainatlas.accounts.models import ApiToken, LoginSession, User
from chainatlas.accounts.users import get_user

SESSION_LIFETIME = timedelta(days=7)
API_TOKEN_PREFIX = "ca_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass
class OpenedSession:
    token: str  # goes into the cookie; only its digest is stored
    csrf_token: str


def open_session(session: Session, user: User) -> OpenedSession:
    """A new login session for ``user``; expired sessions are cleared on the way."""
    now = _now()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=_digest(token),
            csrf_token=csrf,
            user_id=user.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return OpenedSession(token=token, csrf_token=csrf)


def find_session(session: Session, token: str) -> LoginSession | None:
    """The unexpired session of an active user with this cookie token, or None."""
    found = session.scalar(select(LoginSession).where(LoginSession.token_hash == _digest(token)))
    if found is None or found.expires_at < _now() or not found.user.active:
        return None
    return found


def close_session(session: Session, token: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))


def create_api_token(session: Session, username: str, name: str = "") -> str:
    """A new API token for ``username``, returned once; KeyError if there is no such user."""
    user = get_user(session, username)
    if user is None:
        raise KeyError(f"no user named {username!r}")
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            token_hash=_digest(token),
            prefix=token[:10],
            user_id=user.id,
            name=name,
            created_at=_now(),
        )
    )
    return token


def token_user(session: Session, token: str) -> User | None:
    """The active user owning this API token, or None."""
    found = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    # No "last used" stamp: reads stay reads, so API calls never queue behind the writer.
    if found is None or not found.user.active:
        return None
    return found.user
