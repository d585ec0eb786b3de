"""Login, logout and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from chainatlas.api.deps import AppSettings, CurrentUser, DbSession, MaybeUser
from chainatlas.api.routes.auth import log_in, log_out
from chainatlas.web.i18n import LANG_COOKIE, LANGS
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)


def _local(target: str | None) -> str:
    """Only same-site paths: ``next`` must not send a user to another host after login."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, auth: MaybeUser, next: str = "/") -> Response:
    if auth is not None:
        return RedirectResponse(_local(next), status_code=303)
    return render(request, "login.html", None, next=_local(next), failed=False)


@router.post("/login")
def login_submit(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    response = RedirectResponse(_local(next), status_code=303)
    if log_in(session, request, response, settings, username, password) is None:
        return render(
            request,
            "login.html",
            None,
            status=401,
            next=_local(next),
            failed=True,
            username=username,
        )
    return response


@router.post("/logout")
def logout_submit(request: Request, auth: CurrentUser, session: DbSession) -> Response:
    response = RedirectResponse("/login", status_code=303)
    log_out(session, request, response)
    return response


@router.get("/lang/{lang}")
def switch_language(lang: str, next: str = "/") -> Response:
    response = RedirectResponse(_local(next), status_code=303)
    if lang in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", path="/")
    return response
