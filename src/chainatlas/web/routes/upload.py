"""The upload page: drag-and-drop files, per-file progress and results (via the API)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chainatlas.accounts.roles import Role
from chainatlas.api.deps import AppSettings, CurrentUser
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/upload")
def upload_page(request: Request, auth: CurrentUser, settings: AppSettings) -> HTMLResponse:
    allowed = auth.can(Role.editor)
    return render(
        request,
        "upload.html",
        auth,
        status=200 if allowed else 403,
        allowed=allowed,
        settings=settings,
        max_mb=f"{settings.upload_max_bytes / 1024 / 1024:g}",
    )
