"""The pipeline record page: fields, edit form, stage moves with evidence (link, knowledge-base
document, file), 核验, activities, dated amounts, one timeline, and evidence downloads.
Forms appear only for users who may change the record; the POST routes check again."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chainatlas.api.deps import AppSettings, CurrentUser, DbSession, PipelineScope
from chainatlas.api.params import RowId
from chainatlas.api.routes.pipeline import (
    acting_user,
    attachment_response,
    editable_record,
    visible_record,
)
from chainatlas.pipeline.access import Scope, require_verify
from chainatlas.pipeline.attachments import (
    MAX_BYTES,
    add_attachment,
    check_upload,
    read_upload,
)
from chainatlas.pipeline.history import record_history
from chainatlas.pipeline.models import PipelineRecord
from chainatlas.pipeline.records import (
    ACTIVITY_KINDS,
    PipelineError,
    add_activity,
    add_amount,
    latest_signing,
    move_stage,
    set_owner,
    update_record,
    verify_signing,
)
from chainatlas.pipeline.stages import ALLOWED, STAGE_NAMES, STAGES, StageError
from chainatlas.pipeline.values import (
    UNITS,
    FieldError,
    amount_in_unit,
    parse_day,
    parse_number,
    parse_row_id,
    yuan_input,
)
from chainatlas.store.models import Project
from chainatlas.web.i18n import request_lang, translate
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)


def stage_names_for(request: Request) -> dict[str, str]:
    lang = request_lang(request)
    return {stage: translate(f"pipeline.stage.{stage}", lang) for stage in STAGE_NAMES}


def activity_kinds_for(request: Request) -> dict[str, str]:
    lang = request_lang(request)
    return {kind: translate(f"pipeline.kind.{kind}", lang) for kind in ACTIVITY_KINDS}


def today() -> date:
    return date.today()


def render_record(
    request: Request,
    auth: CurrentUser,
    scope: Scope,
    session: DbSession,
    record: PipelineRecord,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    signing = latest_signing(record)
    awaiting = signing is not None and signing.verified_on is None
    may_verify = (
        awaiting
        and scope.can_verify
        and signing is not None
        and (signing.user_id is None or signing.user_id != scope.user_id)
    )
    next_stages = [s for s in STAGES if s in ALLOWED[record.stage]]
    project = session.get(Project, record.project_id) if record.project_id else None
    return render(
        request,
        "pipeline_record.html",
        auth,
        status=status,
        record=record,
        history=record_history(session, record),
        may_edit=scope.can_edit(record),
        may_verify=may_verify,
        awaiting=awaiting,
        next_stages=next_stages,
        stage_names=stage_names_for(request),
        activity_kinds=activity_kinds_for(request),
        units=list(UNITS),
        yuan_input=yuan_input,
        errors=errors or {},
        today=today(),
        max_mb=MAX_BYTES // (1024 * 1024),
        kb_project=project,
    )


@router.get("/pipeline/records/{record_id}")
def record_page(
    record_id: RowId,
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
) -> HTMLResponse:
    record = visible_record(session, scope, record_id)
    return render_record(request, auth, scope, session, record)


def record_redirect(record_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/pipeline/records/{record_id}{anchor}", status_code=303)


@router.post("/pipeline/records/{record_id}/edit")
def edit_submit(
    record_id: RowId,
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    unit: Annotated[str, Form(max_length=10)] = "万元",
    investment: Annotated[str, Form(max_length=40)] = "",
    land: Annotated[str, Form(max_length=40)] = "",
    promised_output: Annotated[str, Form(max_length=40)] = "",
    promised_tax: Annotated[str, Form(max_length=40)] = "",
    realised_output: Annotated[str, Form(max_length=40)] = "",
    realised_tax: Annotated[str, Form(max_length=40)] = "",
    escalated: Annotated[str, Form(max_length=10)] = "",
    follow_up: Annotated[str, Form(max_length=20)] = "",
    owner: Annotated[str, Form(max_length=200)] = "",
    remarks: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    record = editable_record(session, scope, record_id)
    changes: dict[str, object] = {}
    errors: dict[str, str] = {}
    amounts = {
        "investment": ("investment_cny", investment),
        "promised_output": ("promised_output_cny", promised_output),
        "promised_tax": ("promised_tax_cny", promised_tax),
        "realised_output": ("realised_output_cny", realised_output),
        "realised_tax": ("realised_tax_cny", realised_tax),
    }
    for field, (column, text) in amounts.items():
        try:
            changes[column] = amount_in_unit(text, unit, field)
        except FieldError as error:
            errors[error.field] = error.message
    try:
        changes["land_mu"] = parse_number(land, "land")
    except FieldError as error:
        errors[error.field] = error.message
    try:
        changes["next_follow_up"] = parse_day(follow_up, "follow_up")
    except FieldError as error:
        errors[error.field] = error.message
    if errors:
        return render_record(request, auth, scope, session, record, errors, status=422)
    set_owner(session, record, owner)
    changes["escalated"] = escalated in ("1", "true", "on", "yes")
    changes["remarks"] = remarks.strip()
    update_record(session, record, **changes)
    return record_redirect(record.id)


@router.post("/pipeline/records/{record_id}/move")
async def move_submit(
    record_id: RowId,
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    settings: AppSettings,
    to_stage: Annotated[str, Form(max_length=20)],
    on: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    evidence_text: Annotated[str, Form(max_length=2000)] = "",
    evidence_document_id: Annotated[str, Form(max_length=20)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    record = editable_record(session, scope, record_id)
    errors: dict[str, str] = {}
    data = b""
    filename = file.filename if file is not None and file.filename else ""
    day: date | None = None
    document_id: int | None = None
    try:
        if file is not None and filename:
            data = await read_upload(file, max_upload_bytes(settings))
        day = parse_day(on, "on") or today()
        document_id = parse_row_id(evidence_document_id, "evidence_document_id")
        if filename:
            check_upload(filename, data, max_upload_bytes(settings))
    except FieldError as error:
        errors[error.field] = error.message
    except PipelineError as error:
        errors["file"] = str(error)
    if errors:
        return render_record(request, auth, scope, session, record, errors, status=422)
    try:
        change = move_stage(
            session,
            record,
            to_stage,
            user=acting_user(session, scope),
            on=day or today(),
            note=note,
            reason=reason,
            evidence_document_id=document_id,
            evidence_text=evidence_text,
        )
    except (PipelineError, StageError) as error:
        # Refused before anything changed: show the form again with the reason.
        status = 409 if isinstance(error, StageError) else 422
        return render_record(request, auth, scope, session, record, {"move": str(error)}, status)
    if filename:
        add_attachment(
            session,
            record,
            filename,
            data,
            user_id=scope.user_id,
            stage_change=change,
            max_bytes=max_upload_bytes(settings),
        )
    return record_redirect(record.id)


def max_upload_bytes(settings: AppSettings) -> int:
    # The page upload limit, capped at the attachments' own limit.
    return min(MAX_BYTES, settings.upload_max_bytes)


@router.post("/pipeline/records/{record_id}/verify")
def verify_submit(
    record_id: RowId,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
) -> Response:
    record = visible_record(session, scope, record_id)
    require_verify(scope)
    verify_signing(session, record, acting_user(session, scope), today())
    return record_redirect(record.id)


@router.post("/pipeline/records/{record_id}/activities")
def activity_submit(
    record_id: RowId,
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    kind: Annotated[str, Form(max_length=20)],
    on: Annotated[str, Form(max_length=20)] = "",
    notes: Annotated[str, Form(max_length=5000)] = "",
    follow_up: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    record = editable_record(session, scope, record_id)
    try:
        day = parse_day(on, "activity_on") or today()
        due = parse_day(follow_up, "activity_follow_up")
    except FieldError as error:
        return render_record(
            request, auth, scope, session, record, {error.field: error.message}, 422
        )
    add_activity(session, record, kind, day, notes, acting_user(session, scope), due)
    return record_redirect(record.id)


@router.post("/pipeline/records/{record_id}/amounts")
def amount_submit(
    record_id: RowId,
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    kind: Annotated[str, Form(max_length=20)],
    amount: Annotated[str, Form(max_length=40)],
    unit: Annotated[str, Form(max_length=10)] = "万元",
    on: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    record = editable_record(session, scope, record_id)
    try:
        value = amount_in_unit(amount, unit, "amount_value")
        day = parse_day(on, "amount_on") or today()
        if value is None:
            raise FieldError("amount_value", "required")
    except FieldError as error:
        return render_record(
            request, auth, scope, session, record, {error.field: error.message}, 422
        )
    add_amount(session, record, kind, day, value, note)
    return record_redirect(record.id)


@router.post("/pipeline/records/{record_id}/attachments")
async def attachment_submit(
    record_id: RowId,
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File()],
) -> Response:
    record = editable_record(session, scope, record_id)
    try:
        data = await read_upload(file, max_upload_bytes(settings))
        add_attachment(
            session,
            record,
            file.filename or "",
            data,
            user_id=scope.user_id,
            max_bytes=max_upload_bytes(settings),
        )
    except PipelineError as error:
        return render_record(request, auth, scope, session, record, {"upload": str(error)}, 422)
    return record_redirect(record.id)


@router.get("/pipeline/records/{record_id}/attachments/{attachment_id}")
def attachment_download(
    record_id: RowId,
    attachment_id: RowId,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
) -> Response:
    return attachment_response(session, scope, record_id, attachment_id)
