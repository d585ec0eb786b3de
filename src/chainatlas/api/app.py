"""``create_app(settings)``: the FastAPI application serving the JSON API and the pages.

Nothing happens at import: the database, the chain library and the upload worker
are created when ``create_app`` is called, with the settings passed in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from chainatlas import __version__
from chainatlas.api.deps import CurrentUser
from chainatlas.api.errors import envelope, install_error_handlers
from chainatlas.api.jobs import ExtractStep, UploadJobs
from chainatlas.api.routes import (
    auth,
    briefing,
    chains,
    companies,
    documents,
    evaluation,
    health,
    pipeline,
    projects,
    regions,
    search,
    sheets,
    targets,
    upload,
)
from chainatlas.api.settings import web_settings
from chainatlas.api.staging import upload_ceiling
from chainatlas.config import Settings
from chainatlas.store.db import Database

API_PREFIX = "/api/v1"
STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
# Paths that take file uploads: their declared size is checked before the body is read.
UPLOAD_PATHS = (
    f"{API_PREFIX}/uploads",
    "/upload",
    f"{API_PREFIX}/pipeline/imports",
    "/pipeline/import",
)
# No framing (clickjacking), no MIME sniffing, no full URLs (with filters) sent to other sites.
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _default_extract() -> ExtractStep:
    from chainatlas.ingest.pipeline import extraction_step

    return extraction_step()


def create_app(
    settings: Settings, extract_factory: Callable[[], ExtractStep] | None = _default_extract
) -> FastAPI:
    """The whole web application on the database named by ``settings``."""
    import chainatlas.accounts.models  # noqa: F401  (registers the account tables)
    from chainatlas.web.pages import install_pages, page_error
    from chainatlas.web.render import render

    config = web_settings(settings)
    database = Database(config.database_url)
    jobs = UploadJobs(database, config, extract_factory)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()
        database.dispose()

    app = FastAPI(
        title="ChainAtlas API",
        version=__version__,
        description="产业链招商图谱: projects, companies, chains and regions with evidence. "
        "Authenticate with the session cookie (and X-CSRF-Token on writes) or "
        "'Authorization: Bearer <token>' from `chainatlas users token`.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served below, behind the login like every other route
        lifespan=lifespan,
    )
    app.state.settings = config
    app.state.database = database
    app.state.upload_jobs = jobs
    install_error_handlers(app, page_error)

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Upload size is checked before the body is read: FastAPI parses multipart bodies before any
        # dependency runs, so the route alone could not stop an oversized upload.
        declared = request.headers.get("content-length", "")
        ceiling = upload_ceiling(config)
        if request.url.path in UPLOAD_PATHS and declared.isdigit() and int(declared) > ceiling:
            message = f"upload of {declared} bytes exceeds the limit of {ceiling} bytes"
            return envelope(413, "too_large", message)
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    modules = (health, auth, documents, projects, companies, chains, regions, search, upload)
    pipeline_modules = (sheets, evaluation, briefing, targets, pipeline)
    for module in (*modules, *pipeline_modules):
        app.include_router(module.router, prefix=API_PREFIX)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_schema(auth: CurrentUser) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request, auth: CurrentUser) -> HTMLResponse:
        # Our own page rather than FastAPI's: assets are local and "Try it out"
        # requests carry the CSRF token.
        return render(request, "docs.html", auth)

    _mount_static(app)
    install_pages(app)
    return app


def _mount_static(app: FastAPI) -> None:
    # Swagger UI 5 (it reads OpenAPI 3.1) comes from the swagger-ui-py wheel, so /docs
    # works offline; only its static folder is used.
    import swagger_ui

    swagger = Path(swagger_ui.__file__).resolve().parent / "static"
    app.mount("/static/swagger", StaticFiles(directory=str(swagger)), name="swagger")
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
