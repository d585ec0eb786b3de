"""Rendering pages: the Jinja2 environment with translation and Chinese formatting helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from chainatlas.accounts.roles import Role
from chainatlas.api.deps import Auth
from chainatlas.api.routes.chains import chain_library
from chainatlas.chains import ChainLibrary
from chainatlas.formatting import format_amount, format_count, format_date
from chainatlas.web.i18n import request_lang, status_label, translator
from chainatlas.web.reasons import reason_text

TEMPLATES = Path(__file__).with_name("templates")


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals["Role"] = Role
    return templates


def render(
    request: Request, template: str, auth: Auth | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """``template`` with the language, the user, the CSRF token and the formatting helpers."""
    lang = request_lang(request)
    templates: Jinja2Templates = request.app.state.templates
    library = chain_library(request)
    values: dict[str, Any] = {
        "lang": lang,
        "t": translator(lang),
        "auth": auth,
        "csrf_token": auth.csrf_token if auth else "",
        "can_edit": bool(auth and auth.can(Role.editor)),
        "amount": lambda v: format_amount(v, lang),
        "day": lambda v: format_date(v, lang),
        "count": format_count,
        "status_label": lambda s: status_label(s, lang),
        "reason": lambda r: reason_text(r, lang),
        "chain_label": lambda c: chain_name(library, c),
        "node_label": lambda c, n: node_name(library, c, n),
        "path": request.url.path,
        "menu_pages": request.app.state.menu_pages,
        **context,
    }
    return templates.TemplateResponse(request, template, values, status_code=status)


def chain_name(library: ChainLibrary, chain_id: str | None) -> str:
    """A chain's Chinese name for its id (the id itself if the library lacks it), — for none."""
    if not chain_id:
        return "—"
    chain = library.chains.get(chain_id)
    return chain.name if chain else chain_id


def node_name(library: ChainLibrary, chain_id: str | None, node_id: str | None) -> str:
    """A node's Chinese name (its id if the library lacks it), — for none."""
    chain = library.chains.get(chain_id or "")
    if chain is None or not node_id:
        return node_id or "—"
    try:
        return chain.node(node_id).name
    except KeyError:
        return node_id


def page_error(request: Request, status: int, message: str) -> HTMLResponse:
    """An error page (the API has its JSON envelope instead)."""
    return render(request, "error.html", None, status=status, status_code=status, message=message)
