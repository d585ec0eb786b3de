"""Pipeline pages: importing a 项目库 spreadsheet — upload form and past imports, the preview
with its column mapping and errors, confirmation and the result."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chainatlas.api.deps import AppSettings, CurrentUser, DbSession, PipelineScope
from chainatlas.api.errors import ApiError
from chainatlas.api.params import RowId
from chainatlas.api.routes.chains import chain_library
from chainatlas.api.routes.sheets import read_upload
from chainatlas.pipeline.records import PipelineError
from chainatlas.pipeline.sheet_fields import FIELDS
from chainatlas.pipeline.sheets import (
    SAMPLE_NAME,
    SheetError,
    SheetPreview,
    apply_import,
    get_import,
    list_imports,
    preview_import,
    sample_sheet,
    set_mapping,
    upload_sheet,
)
from chainatlas.web.i18n import register_messages
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)

register_messages(
    {
        "import.title": ("导入项目库表格", "Import a pipeline spreadsheet"),
        "import.intro": (
            "上传现有的项目库 Excel（.xlsx）或 CSV 表格：先预览、逐行检查，确认无误后才导入；"
            "再次导入同一项目（按项目编号，无编号时按项目名称和企业）会更新而不会重复。",
            "Upload an existing pipeline sheet (.xlsx or .csv): it is previewed and checked "
            "row by row, and imported only when you confirm a clean set; importing a project "
            "again (by 项目编号, else by name and company) updates it instead of duplicating.",
        ),
        "import.file": ("表格文件", "Spreadsheet file"),
        "import.limits": ("最大 {mb} MB；.xlsx 或 .csv", "Up to {mb} MB; .xlsx or .csv"),
        "import.upload": ("上传并预览", "Upload and preview"),
        "import.sample": ("下载样表", "Download a sample sheet"),
        "import.forbidden": ("只读用户不能导入表格。", "Viewers cannot import spreadsheets."),
        "import.failed": ("无法读取该文件：{message}", "The file could not be read: {message}"),
        "import.history": ("导入记录", "Past imports"),
        "import.history_none": ("还没有导入记录", "No imports yet"),
        "import.who": ("导入人", "By"),
        "import.when": ("上传时间", "Uploaded"),
        "import.status": ("状态", "Status"),
        "import.status_previewed": ("待确认", "Awaiting confirmation"),
        "import.status_applied": ("已导入", "Imported"),
        "import.summary": ("结果", "Result"),
        "import.summary_text": (
            "新建 {created}，更新 {updated}，未变 {unchanged}",
            "{created} created, {updated} updated, {unchanged} unchanged",
        ),
        "import.preview": ("导入预览", "Import preview"),
        "import.sheet": ("工作表", "Sheet"),
        "import.header_line": ("表头在第 {n} 行", "Header on line {n}"),
        "import.count_rows": ("数据行", "Rows"),
        "import.count_create": ("新建", "To create"),
        "import.count_update": ("更新", "To update"),
        "import.count_unchanged": ("未变", "Unchanged"),
        "import.count_errors": ("有错误", "With errors"),
        "import.count_skipped": ("跳过", "Skipped"),
        "import.mapping": ("列对应关系", "Column mapping"),
        "import.mapping_hint": (
            "标“猜测”的是按表头自动识别的；可以改选，改动后重新预览。",
            "Entries marked “guessed” were read from the headers; change them and preview again.",
        ),
        "import.column": ("表格列", "Sheet column"),
        "import.field": ("导入为", "Imported as"),
        "import.unit": ("单位", "Unit"),
        "import.guessed": ("猜测", "guessed"),
        "import.not_imported": ("（不导入）", "(not imported)"),
        "import.repreview": ("按此对应重新预览", "Preview again with this mapping"),
        "import.unmapped": ("未导入的列：{names}", "Columns not imported: {names}"),
        "import.new_teams": ("将新建团队：{names}", "New teams will be created: {names}"),
        "import.rows": ("前 {n} 行预览", "First {n} rows"),
        "import.line": ("行号", "Line"),
        "import.action": ("处理", "Action"),
        "import.action_create": ("新建", "Create"),
        "import.action_update": ("更新", "Update"),
        "import.action_unchanged": ("未变", "Unchanged"),
        "import.action_error": ("错误", "Error"),
        "import.errors": ("错误（共 {n} 处）", "Errors ({n})"),
        "import.errors_hint": (
            "有错误时不会导入任何数据。请在表格中改正后重新上传，或调整列对应关系。",
            "Nothing is imported while errors remain. Correct the sheet and upload it again, "
            "or change the column mapping.",
        ),
        "import.warnings": ("提示", "Warnings"),
        "import.skipped": ("跳过的行", "Skipped rows"),
        "import.skipped_line": ("第{n}行", "Line {n}"),
        "import.confirm": ("确认导入", "Confirm import"),
        "import.confirm_blocked": (
            "存在错误或没有数据行，不能导入。",
            "There are errors or no rows: nothing to import.",
        ),
        "import.result": ("导入完成", "Import done"),
        "import.now": (
            "与当前项目库对照（再次导入同一表格时）",
            "Against the records as they are now (if the sheet were imported again)",
        ),
        "import.result_text": (
            "新建 {created} 个、更新 {updated} 个项目，{unchanged} 个未变，跳过 {skipped} 行。",
            "{created} records created, {updated} updated, {unchanged} unchanged, "
            "{skipped} rows skipped.",
        ),
        "import.result_teams": ("新建团队：{names}", "Teams created: {names}"),
        "import.result_verify": (
            "导入的 {n} 个签约项目尚未核验：需由全区编辑或管理员核验后才计入目标。",
            "{n} imported signings are not verified yet: a region-wide editor or admin must "
            "verify them before they count toward targets.",
        ),
        "import.created": ("新建的项目", "Created records"),
        "import.updated": ("更新的项目", "Updated records"),
        "import.to_board": ("查看项目库", "Open the records"),
        "import.again": ("导入另一个表格", "Import another sheet"),
    }
)


@router.get("/pipeline/import")
def import_page(
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
    settings: AppSettings,
) -> HTMLResponse:
    return _form(request, auth, session, scope, settings)


def _form(
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
    settings: AppSettings,
    problem: str = "",
    status: int = 200,
) -> HTMLResponse:
    allowed = scope.can_write
    return render(
        request,
        "pipeline_import.html",
        auth,
        status=status if allowed else 403,
        allowed=allowed,
        problem=problem,
        imports=list_imports(session, scope),
        max_mb=f"{settings.upload_max_bytes / 1024 / 1024:g}",
    )


@router.post("/pipeline/import", response_model=None)
async def upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
    settings: AppSettings,
) -> Response:
    try:
        content = await read_upload(file, settings)
        stored, _ = upload_sheet(
            session,
            scope,
            file.filename or "upload",
            content,
            library=chain_library(request),
            today=date.today(),
        )
    except SheetError as error:
        return _form(request, auth, session, scope, settings, str(error), 422)
    except ApiError as error:
        if error.status != 413:
            raise
        return _form(request, auth, session, scope, settings, error.message, 413)
    return RedirectResponse(f"/pipeline/import/{stored.id}", status_code=303)


@router.get("/pipeline/import/sample.csv")
def sample(auth: CurrentUser) -> Response:
    """The sample 项目库 sheet (UTF-8 with BOM, so that Excel opens it in Chinese)."""
    content = sample_sheet().read_bytes()
    disposition = "attachment; filename=\"sample.csv\"; filename*=UTF-8''" + quote(SAMPLE_NAME)
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


def _preview_now(
    request: Request, session: DbSession, scope: PipelineScope, import_id: int
) -> SheetPreview:
    """The stored sheet checked against the records as they are now; 422 if unreadable."""
    try:
        return preview_import(
            session, scope, import_id, library=chain_library(request), today=date.today()
        )
    except SheetError as error:
        raise ApiError(422, str(error)) from None


@router.get("/pipeline/import/{import_id}")
def preview_page(
    import_id: RowId,
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
) -> HTMLResponse:
    preview = _preview_now(request, session, scope, import_id)
    stored = get_import(session, scope, import_id)
    summary = json.loads(stored.summary) if stored.summary else None
    return render(
        request,
        "pipeline_import_preview.html",
        auth,
        preview=preview,
        summary=summary,
        fields=FIELDS,
        can_apply=scope.can_write and preview.clean,
    )


@router.post("/pipeline/import/{import_id}/mapping")
async def change_mapping(
    import_id: RowId,
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
) -> RedirectResponse:
    form = await request.form()
    current = _preview_now(request, session, scope, import_id)
    mapping: dict[str, str | None] = {}
    for column in current.columns:
        chosen = form.get(f"col-{column.index}")
        if isinstance(chosen, str):
            mapping[column.header] = chosen or None
    set_mapping(session, scope, import_id, mapping)
    return RedirectResponse(f"/pipeline/import/{import_id}", status_code=303)


@router.post("/pipeline/import/{import_id}/apply")
def apply(
    import_id: RowId,
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    scope: PipelineScope,
) -> RedirectResponse:
    try:
        apply_import(session, scope, import_id, library=chain_library(request), today=date.today())
    except SheetError as error:
        raise PipelineError(str(error)) from None
    return RedirectResponse(f"/pipeline/import/{import_id}?done=1", status_code=303)
