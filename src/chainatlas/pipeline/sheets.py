"""Importing an existing 项目库 spreadsheet (XLSX/CSV): find the header row, map columns to
record fields, validate every row against the database and the access rules, preview what
would change, and apply a clean set in one transaction — re-imports update, never duplicate.

Upload → ``upload_sheet`` (stored as a SheetImport) → ``preview_import`` (read-only, any
number of times, after ``set_mapping``) → ``apply_import`` (refused while any row has errors).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.chains import ChainLibrary
from chainatlas.pipeline.access import AccessDenied, Scope
from chainatlas.pipeline.models import PipelineRecord, SheetImport, Team
from chainatlas.pipeline.records import (
    PipelineError,
    add_amount,
    create_record,
    ensure_team,
    move_stage,
    update_record,
)
from chainatlas.pipeline.sheet_fields import FIELDS
from chainatlas.pipeline.sheet_rows import (
    RECORD_FIELDS,
    CellError,
    RowPlan,
    SheetPreview,
    analyse,
    check_mapping,
    find_header,
)
from chainatlas.pipeline.sheet_values import SheetError, read_table
from chainatlas.pipeline.stages import REASON_REQUIRED

__all__ = [
    "FIELDS",
    "ApplyResult",
    "CellError",
    "SheetError",
    "SheetPreview",
    "analyse",
    "apply_import",
    "get_import",
    "list_imports",
    "preview_import",
    "sample_sheet",
    "set_mapping",
    "upload_sheet",
]

SAMPLE_NAME = "项目库样表.csv"


# --- storing, previewing, applying ----------------------------------------------------------


def _decode_mapping(sheet_import: SheetImport) -> tuple[str | None, dict[str, str | None]]:
    stored = json.loads(sheet_import.mapping or "{}")
    return stored.get("sheet"), stored.get("columns") or {}


def upload_sheet(
    session: Session,
    scope: Scope,
    filename: str,
    content: bytes,
    *,
    library: ChainLibrary,
    today: date,
    sheet: str | None = None,
) -> tuple[SheetImport, SheetPreview]:
    """Store an uploaded sheet (if it can be read at all) and return its first preview."""
    if not scope.can_write:
        raise AccessDenied(f"user {scope.username!r} ({scope.role}) may not import records")
    clean = re.sub(r"[\x00-\x1f\x7f]", "", filename.replace("\\", "/"))
    name = PurePath(clean).name.strip()[-200:] or "upload"
    table = read_table(name, content, sheet)
    preview = analyse(
        session, scope, table, filename=name, mapping=None, library=library, today=today
    )
    mapping = {column.header: column.field for column in preview.columns}
    stored = SheetImport(
        user_id=scope.user_id,
        filename=name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        mapping=json.dumps(
            {"sheet": table.sheet if sheet else None, "columns": mapping}, ensure_ascii=False
        ),
        status="previewed",
        summary="",
        created_at=datetime.now().replace(microsecond=0),
    )
    session.add(stored)
    session.flush()
    preview.import_id = stored.id
    return stored, preview


def get_import(session: Session, scope: Scope, import_id: int) -> SheetImport:
    found = session.get(SheetImport, import_id)
    if found is None:
        raise PipelineError(f"no spreadsheet import with id {import_id}")
    if not scope.region_wide and found.user_id != scope.user_id:
        raise AccessDenied(f"user {scope.username!r} may not see import {import_id}")
    return found


def preview_import(
    session: Session, scope: Scope, import_id: int, *, library: ChainLibrary, today: date
) -> SheetPreview:
    """The stored sheet validated again, with its stored mapping, against today's database."""
    found = get_import(session, scope, import_id)
    sheet, mapping = _decode_mapping(found)
    table = read_table(found.filename, found.content, sheet)
    preview = analyse(
        session,
        scope,
        table,
        filename=found.filename,
        mapping=mapping,
        library=library,
        today=today,
    )
    preview.import_id = found.id
    preview.status = found.status
    return preview


def set_mapping(
    session: Session, scope: Scope, import_id: int, mapping: dict[str, str | None]
) -> SheetImport:
    """Replace the mapping of some columns (None or "" = do not import that column)."""
    found = get_import(session, scope, import_id)
    if not scope.can_write:
        raise AccessDenied(f"user {scope.username!r} ({scope.role}) may not import records")
    sheet, current = _decode_mapping(found)
    table = read_table(found.filename, found.content, sheet)
    header = table.rows[find_header(table, found.filename)]
    merged = current | {key: (value or None) for key, value in mapping.items()}
    check_mapping(header, merged)
    found.mapping = json.dumps({"sheet": sheet, "columns": merged}, ensure_ascii=False)
    session.flush()
    return found


@dataclass
class ApplyResult:
    import_id: int
    created: list[int]
    updated: list[int]
    unchanged: int
    skipped: int
    new_teams: list[str]
    signed_unverified: list[int]
    funds_added_cny: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {
            "note": "导入的签约项目尚未核验，需由全区编辑或管理员核验后才计入目标"
            if self.signed_unverified
            else ""
        }


def apply_import(
    session: Session, scope: Scope, import_id: int, *, library: ChainLibrary, today: date
) -> ApplyResult:
    """Apply a clean import in the caller's transaction; PipelineError (nothing written) when
    any row has an error. Applying the same sheet again changes nothing."""
    if not scope.can_write:
        raise AccessDenied(f"user {scope.username!r} ({scope.role}) may not import records")
    preview = preview_import(session, scope, import_id, library=library, today=today)
    if preview.errors:
        raise PipelineError(
            f"导入 {import_id} 有 {len(preview.errors)} 处错误，未导入任何数据；"
            f"第一处：{preview.errors[0]}"
        )
    if not preview.rows:
        raise PipelineError(f"导入 {import_id}: 表格中没有数据行")
    user = session.get(User, scope.user_id)
    found = get_import(session, scope, import_id)
    result = ApplyResult(import_id, [], [], preview.count("unchanged"), len(preview.skipped),
                         list(preview.new_teams), [], 0.0)  # fmt: skip
    teams = {name: ensure_team(session, name, team_kind(name)) for name in preview.new_teams}
    note = f"表格导入 {found.filename}"
    for plan in preview.rows:
        if plan.action == "unchanged":
            continue
        record = _apply_row(session, plan, user, teams, today, note)
        (result.created if plan.action == "create" else result.updated).append(record.id)
        result.funds_added_cny += plan.funds_added
        if any(step == "signed" for step, _ in plan.moves):
            result.signed_unverified.append(record.id)
    if result.created or result.updated or found.status != "applied":
        found.status = "applied"
        found.applied_at = datetime.now().replace(microsecond=0)
        found.summary = json.dumps(result.as_dict(), ensure_ascii=False)
    session.flush()
    return result


def team_kind(name: str) -> str:
    """The kind of a team created by an import, read from its name (专班 unless it says)."""
    if name.endswith("小分队"):
        return "小分队"
    if name.endswith(("局", "办", "委", "中心", "部", "处", "科")):
        return "部门"
    return "专班"


def _apply_row(
    session: Session,
    plan: RowPlan,
    user: User | None,
    teams: dict[str, Team],
    today: date,
    note: str,
) -> PipelineRecord:
    values = plan.values
    team = None
    if plan.team:
        team = teams.get(plan.team) or ensure_team(session, plan.team)
    if plan.action == "create":
        first = plan.moves[0][1] if plan.moves else today
        record = create_record(session, values["name"], user=user, on=first, team=team)
        record.external_key = values.get("key") or None
    else:
        found = session.get(PipelineRecord, plan.record_id)
        if found is None:
            raise PipelineError(f"record {plan.record_id} vanished during the import")
        record = found
        if values.get("key"):
            record.external_key = values["key"]
        record.name = values["name"]
        if team is not None:
            record.team = team
    changes = {
        attribute: values[name]
        for name, attribute in RECORD_FIELDS.items()
        if name in values and not (name in ("chain", "node") and values[name] is None)
    }
    update_record(session, record, **changes)
    if values.get("remarks"):
        record.remarks = values["remarks"]
    reason = f"项目库表格导入：{values.get('remarks') or '表格标注'}"
    for stage, day in plan.moves:
        why = reason if stage in REASON_REQUIRED else ""
        move_stage(session, record, stage, user=user, on=day, note=note, reason=why)
    if plan.funds_added > 0:
        add_amount(
            session, record, "funds", values.get("funds_on") or today, plan.funds_added, note
        )
    session.flush()
    return record


def sample_sheet() -> Path:
    """The sample 项目库 sheet shipped with the package (invented 池州市 records)."""
    return Path(str(resources.files("chainatlas") / "data" / "samples" / SAMPLE_NAME))


def list_imports(session: Session, scope: Scope) -> list[dict[str, Any]]:
    """Past imports, newest first: who, when, file, status and summary (own imports for a
    team-scoped user, all for a region-wide one)."""
    query = select(SheetImport, User.username).outerjoin(User, User.id == SheetImport.user_id)
    if not scope.region_wide:
        query = query.where(SheetImport.user_id == scope.user_id)
    rows = session.execute(query.order_by(SheetImport.id.desc())).all()
    return [
        {
            "id": found.id,
            "user": username or "",
            "filename": found.filename,
            "status": found.status,
            "created_at": found.created_at,
            "applied_at": found.applied_at,
            "summary": json.loads(found.summary) if found.summary else None,
        }
        for found, username in rows
    ]
