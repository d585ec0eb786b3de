"""Pipeline API: importing a 项目库 spreadsheet — upload (→ preview), change the column
mapping (→ preview), apply a clean set, list past imports.

Thin over chainatlas.pipeline.sheets; unreadable files are 422 ``unreadable_sheet``, files
over the upload limit 413, and applying a set with errors is refused (422) with nothing
written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from chainatlas.api.deps import AppSettings, DbSession, PipelineScope
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.params import RowId
from chainatlas.api.routes.chains import chain_library
from chainatlas.api.settings import WebSettings
from chainatlas.pipeline.sheet_fields import FIELDS
from chainatlas.pipeline.sheets import (
    SheetError,
    apply_import,
    list_imports,
    preview_import,
    set_mapping,
    upload_sheet,
)

router = APIRouter(tags=["pipeline"], responses=ERROR_RESPONSES)

_CHUNK = 256 * 1024


async def read_upload(upload: UploadFile, settings: WebSettings) -> bytes:
    """The uploaded bytes; 413 when they exceed ``upload_max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > settings.upload_max_bytes:
            raise ApiError(
                413,
                f"{upload.filename or 'file'}: larger than the limit of "
                f"{settings.upload_max_bytes} bytes",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def unreadable(error: SheetError) -> ApiError:
    return ApiError(422, str(error), code="unreadable_sheet")


class MappingUpdate(BaseModel):
    """Column header (as the preview lists it) → field id, or null to leave it out."""

    columns: dict[Annotated[str, Field(max_length=300)], str | None] = Field(
        description='e.g. {"招商金额": "investment", "备注": null}; fields: ' + ", ".join(FIELDS)
    )


@router.get("/pipeline/imports")
def imports(session: DbSession, scope: PipelineScope) -> list[dict[str, Any]]:
    """Past imports, newest first: who, when, file, status, summary."""
    return list_imports(session, scope)


@router.post("/pipeline/imports", status_code=201)
async def upload(
    file: Annotated[UploadFile, File(description="A 项目库 sheet: .xlsx or .csv")],
    request: Request,
    session: DbSession,
    scope: PipelineScope,
    settings: AppSettings,
    sheet: Annotated[str | None, Form(max_length=100, description="Worksheet name")] = None,
) -> dict[str, Any]:
    """Store the sheet and return its preview: counts, mapping (guesses marked), rows, errors."""
    content = await read_upload(file, settings)
    try:
        _, preview = upload_sheet(
            session,
            scope,
            file.filename or "upload",
            content,
            library=chain_library(request),
            today=date.today(),
            sheet=sheet or None,
        )
    except SheetError as error:
        raise unreadable(error) from None
    return preview.as_dict()


def _preview_now(
    request: Request, session: DbSession, scope: PipelineScope, import_id: int
) -> dict[str, Any]:
    """The stored sheet's preview against the records as they are now (422 if unreadable)."""
    try:
        found = preview_import(
            session, scope, import_id, library=chain_library(request), today=date.today()
        )
    except SheetError as error:
        raise unreadable(error) from None
    return found.as_dict()


@router.get("/pipeline/imports/{import_id}")
def preview(
    import_id: RowId, request: Request, session: DbSession, scope: PipelineScope
) -> dict[str, Any]:
    """The stored sheet validated again against the database as it is now."""
    return _preview_now(request, session, scope, import_id)


@router.put("/pipeline/imports/{import_id}/mapping")
def change_mapping(
    import_id: RowId,
    body: MappingUpdate,
    request: Request,
    session: DbSession,
    scope: PipelineScope,
) -> dict[str, Any]:
    """Map columns to other fields (null: not imported) and return the new preview."""
    try:
        set_mapping(session, scope, import_id, body.columns)
    except SheetError as error:
        raise unreadable(error) from None
    return _preview_now(request, session, scope, import_id)


@router.post("/pipeline/imports/{import_id}/apply")
def apply(
    import_id: RowId, request: Request, session: DbSession, scope: PipelineScope
) -> dict[str, Any]:
    """Import a clean set in one transaction (refused, nothing written, while errors remain)."""
    try:
        result = apply_import(
            session, scope, import_id, library=chain_library(request), today=date.today()
        )
    except SheetError as error:
        raise unreadable(error) from None
    return result.as_dict()
