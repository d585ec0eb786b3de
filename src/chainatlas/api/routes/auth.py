"""Logging in and out, who am I, and user management (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from chainatlas.accounts.tokens import SESSION_LIFETIME, close_session, open_session
from chainatlas.accounts.users import (
    AccountError,
    UserPublic,
    authenticate,
    create_user,
    list_users,
    to_public,
)
from chainatlas.api.deps import (
    SESSION_COOKIE,
    AppSettings,
    CurrentUser,
    DbSession,
    RequireAdmin,
)
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.settings import WebSettings

router = APIRouter(tags=["auth"], responses=ERROR_RESPONSES)


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class LoginResult(BaseModel):
    user: UserPublic
    csrf_token: str


class Me(BaseModel):
    user: UserPublic
    via: str
    csrf_token: str | None


class UserCreate(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=8, max_length=1000)
    role: str = Field(pattern="^(admin|editor|viewer)$")
    display_name: str = ""


def log_in(
    session: Session,
    request: Request,
    response: Response,
    settings: WebSettings,
    username: str,
    password: str,
) -> LoginResult | None:
    """Check the password, open a session and set its cookie; None on bad credentials."""
    user = authenticate(session, username, password)
    if user is None:
        return None
    opened = open_session(session, user)
    response.set_cookie(
        SESSION_COOKIE,
        opened.token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure or request.url.scheme == "https",
        path="/",
    )
    return LoginResult(user=to_public(user), csrf_token=opened.csrf_token)


def log_out(session: Session, request: Request, response: Response) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        close_session(session, token)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.post("/auth/login")
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: DbSession,
    settings: AppSettings,
) -> LoginResult:
    """Log in with a password; sets the session cookie and returns the CSRF token."""
    result = log_in(session, request, response, settings, body.username, body.password)
    if result is None:
        raise ApiError(401, "wrong username or password", code="bad_credentials")
    return result


@router.post("/auth/logout", status_code=204)
def logout(auth: CurrentUser, request: Request, response: Response, session: DbSession) -> None:
    """End this browser session (API tokens stay valid)."""
    log_out(session, request, response)


@router.get("/me")
def me(auth: CurrentUser) -> Me:
    """The user behind this request."""
    return Me(user=auth.user, via=auth.via, csrf_token=auth.csrf_token)


@router.get("/users")
def users(auth: RequireAdmin, session: DbSession) -> list[UserPublic]:
    """Every user (admins only)."""
    return list_users(session)


@router.post("/users", status_code=201)
def add_user(body: UserCreate, auth: RequireAdmin, session: DbSession) -> UserPublic:
    """Create a user (admins only)."""
    try:
        user = create_user(session, body.username, body.password, body.role, body.display_name)
    except AccountError as error:
        raise ApiError(409, str(error)) from None
    return to_public(user)
