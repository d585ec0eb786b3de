"""Installing the server-rendered pages on the app (called by ``create_app``)."""

from __future__ import annotations

from fastapi import FastAPI

from chainatlas.web.render import build_templates, page_error
from chainatlas.web.routes import (
    chains,
    companies,
    dashboard,
    projects,
    regions,
    search,
    session,
    upload,
)

__all__ = ["install_pages", "page_error"]


# Menu entries whose pages exist.
MENU_PAGES = frozenset(
    {"/", "/projects", "/companies", "/regions", "/chains", "/search", "/upload"}
)


def install_pages(app: FastAPI) -> None:
    app.state.templates = build_templates()
    app.state.menu_pages = MENU_PAGES
    for module in (session, dashboard, projects, companies, regions, chains, search, upload):
        app.include_router(module.router)
