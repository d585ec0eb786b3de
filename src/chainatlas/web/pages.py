"""Installing the server-rendered pages on the app (called by ``create_app``)."""

from __future__ import annotations

from fastapi import FastAPI

from chainatlas.web.render import build_templates, page_error
from chainatlas.web.routes import (
    briefing,
    chains,
    companies,
    dashboard,
    evaluation,
    pipeline,
    projects,
    regions,
    search,
    session,
    sheets,
    targets,
    teams,
    upload,
)

__all__ = ["install_pages", "page_error"]


# Menu entries whose pages exist.
MENU_PAGES = frozenset(
    {
        "/",
        "/projects",
        "/companies",
        "/regions",
        "/chains",
        "/search",
        "/upload",
        "/pipeline",
        "/pipeline/targets",
        "/pipeline/compare",
        "/pipeline/land",
        "/pipeline/import",
        "/pipeline/briefing",
        "/pipeline/teams",
    }
)


def install_pages(app: FastAPI) -> None:
    app.state.templates = build_templates()
    app.state.menu_pages = MENU_PAGES
    modules = (session, dashboard, projects, companies, regions, chains, search, upload)
    # Fixed /pipeline/... paths first, the record pages with their ids last.
    pipeline_modules = (sheets, evaluation, briefing, targets, teams, pipeline)
    for module in (*modules, *pipeline_modules):
        app.include_router(module.router)
