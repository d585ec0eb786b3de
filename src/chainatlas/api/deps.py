"""Dependencies shared by API routes and pages: the database session and who is asking.

A request is authenticated by an API token (``Authorization: Bearer …``) or by the
session cookie. Cookie-authenticated requests that change state must carry the
session's CSRF token (``X-CSRF-Token`` header or ``csrf_token`` form field);
token requests are exempt because browsers never attach them on their own.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from chainatlas.accounts.roles import Role, allows
from chainatlas.accounts.tokens import find_session, token_user
from chainatlas.accounts.users import UserPublic, to_public
from chainatlas.api.errors import ApiError, LoginRequired
from chainatlas.api.settings import WebSettings
from chainatlas.pipeline.access import Scope, scope_for
from chainatlas.store.db import Database

SESSION_COOKIE = "chainatlas_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Auth:
    """The user behind a request and how they proved it."""

    user: UserPublic
    via: str  # cookie | token
    csrf_token: str | None = None

    def can(self, needed: Role) -> bool:
        return allows(self.user.role, needed)


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    with database.session() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]
AppSettings = Annotated[WebSettings, Depends(get_settings)]


def optional_auth(request: Request, session: DbSession) -> Auth | None:
    """Who is asking, or None when neither a valid token nor a valid cookie came along."""
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        user = token_user(session, credential.strip())
        return Auth(to_public(user), "token") if user else None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = find_session(session, cookie)
        if found is not None:
            return Auth(to_public(found.user), "cookie", found.csrf_token)
    return None


MaybeUser = Annotated[Auth | None, Depends(optional_auth)]


async def current_auth(request: Request, auth: MaybeUser) -> Auth:
    """The logged-in user; LoginRequired otherwise, and a CSRF check on cookie writes."""
    if auth is None:
        raise LoginRequired()
    if auth.via == "cookie" and request.method not in SAFE_METHODS:
        sent = request.headers.get("x-csrf-token")
        if sent is None and "form" in request.headers.get("content-type", ""):
            value = (await request.form()).get("csrf_token")
            sent = value if isinstance(value, str) else None
        if not sent or not auth.csrf_token or not secrets.compare_digest(sent, auth.csrf_token):
            raise ApiError(403, "missing or wrong CSRF token", code="csrf_failed")
    return auth


CurrentUser = Annotated[Auth, Depends(current_auth)]


def require(role: Role) -> Callable[[Auth], Auth]:
    """A dependency that lets through users whose role is at least ``role``."""

    def check(auth: CurrentUser) -> Auth:
        if not auth.can(role):
            raise ApiError(403, f"this needs the {role.value} role; you are {auth.user.role}")
        return auth

    return check


RequireEditor = Annotated[Auth, Depends(require(Role.editor))]


def pipeline_scope(auth: CurrentUser, session: DbSession) -> Scope:
    """What the user may reach in the team pipeline (role + teams; see pipeline.access)."""
    return scope_for(session, auth.user.id, auth.user.username, auth.user.role)


PipelineScope = Annotated[Scope, Depends(pipeline_scope)]
RequireAdmin = Annotated[Auth, Depends(require(Role.admin))]
