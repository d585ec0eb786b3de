"""Validating the rows of a 项目库 sheet: find the header row, map columns to fields, parse
each row into typed values with per-cell errors, match it to an existing record (项目编号, else
name and company), check the access rules, and plan the dated stage moves an import makes.

Read-only: nothing here writes; ``sheets.py`` stores uploads and applies the plans.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chainatlas.chains import ChainLibrary
from chainatlas.pipeline.access import Scope
from chainatlas.pipeline.models import PipelineRecord, Team
from chainatlas.pipeline.records import PipelineError
from chainatlas.pipeline.sheet_fields import (
    FIELDS,
    Column,
    column_unit,
    guess_mapping,
    header_keys,
    header_score,
)
from chainatlas.pipeline.sheet_values import (
    Cell,
    SheetError,
    SheetTable,
    compact,
    half_width,
    is_blank,
    normal_text,
    parse_date,
    parse_number,
    parse_stage_text,
)
from chainatlas.pipeline.stages import MAIN_STAGES, STAGE_NAMES, StageError, check_transition

HEADER_SEARCH_ROWS = 30
PREVIEW_ROWS = 50
_TOTAL_WORDS = ("合计", "小计", "总计", "累计")
_SECTION_ROW = re.compile(r"^[(（]?[一二三四五六七八九十]+[)）、.]")
# Column widths of PipelineRecord and Team (PostgreSQL refuses longer text).
_MAX_LENGTHS = {"key": 100, "name": 500, "company": 300, "region": 100, "team": 200, "owner": 200}
_STAGE_DATES = {"signed": "signed_on", "construction": "started_on", "operating": "operating_on"}
# Record attributes an import may set, by field; 到位资金 and stages are handled apart.
RECORD_FIELDS = {
    "company": "company_name",
    "region": "region",
    "chain": "chain",
    "node": "node",
    "owner": "owner_name",
    "investment": "investment_cny",
    "land": "land_mu",
    "promised_output": "promised_output_cny",
    "promised_tax": "promised_tax_cny",
    "realised_output": "realised_output_cny",
    "realised_tax": "realised_tax_cny",
    "follow_up": "next_follow_up",
}


@dataclass(frozen=True)
class CellError:
    """A problem with one cell (or a whole row when ``column`` is empty)."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.line}行" + (f" {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class RowPlan:
    """What applying one row does; built at preview time and again, fresh, at apply time."""

    line: int
    action: str = "create"  # create | update | unchanged | error
    cells: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record_id: int | None = None
    changes: list[str] = field(default_factory=list)
    moves: list[tuple[str, date]] = field(default_factory=list)
    funds_added: float = 0.0
    team: str | None = None

    @property
    def error_columns(self) -> set[str]:
        return {error.column for error in self.errors}

    def fail(self, column: str, value: Cell, message: str) -> None:
        self.errors.append(CellError(self.line, column, normal_text(value), message))


@dataclass
class SheetPreview:
    """Everything the preview page and the API show before a user confirms."""

    import_id: int | None
    filename: str
    sheet: str
    header_line: int
    columns: list[Column]
    rows: list[RowPlan]
    skipped: list[tuple[int, str]]
    new_teams: list[str]
    status: str = "previewed"

    @property
    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def unmapped(self) -> list[str]:
        return [column.header for column in self.columns if column.field is None]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "create": self.count("create"),
            "update": self.count("update"),
            "unchanged": self.count("unchanged"),
            "errors": self.count("error"),
            "skipped": len(self.skipped),
        }

    @property
    def clean(self) -> bool:
        return bool(self.rows) and not self.errors

    def as_dict(self, limit: int = PREVIEW_ROWS) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "filename": self.filename,
            "sheet": self.sheet,
            "status": self.status,
            "header_line": self.header_line,
            "counts": self.counts,
            "clean": self.clean,
            "columns": [asdict(column) for column in self.columns],
            "unmapped": self.unmapped,
            "new_teams": self.new_teams,
            "skipped": [{"line": line, "reason": reason} for line, reason in self.skipped],
            "errors": [asdict(error) | {"text": str(error)} for error in self.errors],
            "warnings": [w for row in self.rows for w in row.warnings],
            "rows": [_row_dict(row) for row in self.rows[:limit]],
        }


def _row_dict(row: RowPlan) -> dict[str, Any]:
    return {
        "line": row.line,
        "action": row.action,
        "record_id": row.record_id,
        "cells": row.cells,
        "error_columns": sorted(row.error_columns),
        "changes": row.changes,
        "warnings": row.warnings,
    }


# --- reading and mapping --------------------------------------------------------------------


def find_header(table: SheetTable, where: str) -> int:
    """Index of the header row: the first of the top rows naming 项目名称 and another known
    field (title rows above it are skipped)."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if header_score(row) >= 2 and "name" in guess_mapping(row).values():
            # A two-line header (投资情况 merged above 总投资 | 到位资金) names more fields on
            # its second line, where merged cells were filled down.
            below = table.rows[index + 1] if index + 1 < len(table.rows) else []
            if header_score(below) > header_score(row) and "name" in guess_mapping(below).values():
                return index + 1
            return index
    raise SheetError(
        f"{where}: 前{HEADER_SEARCH_ROWS}行中找不到表头行（需要一行含有“项目名称”和至少另一个"
        "常见列名，如 项目编号、投资方、总投资、项目进展）"
    )


def build_columns(header: list[Cell], mapping: dict[str, str | None] | None) -> list[Column]:
    """The columns with the fields ``mapping`` gives them (the guess where it says nothing)."""
    guessed = guess_mapping(header)
    columns: list[Column] = []
    for index, (key, cell) in enumerate(zip(header_keys(header), header, strict=True)):
        chosen = mapping[key] if mapping is not None and key in mapping else guessed[key]
        unit, factor, note = column_unit(cell, chosen)
        columns.append(
            Column(index, key, chosen, chosen is not None and chosen == guessed[key], unit, factor,
                   note)
        )  # fmt: skip
    return columns


def check_mapping(header: list[Cell], mapping: dict[str, str | None]) -> None:
    """PipelineError naming an unknown column or field, or a field given to two columns."""
    keys = header_keys(header)
    unknown = [key for key in mapping if key not in keys]
    if unknown:
        raise PipelineError(f"表格中没有名为 '{unknown[0]}' 的列；有：{', '.join(keys)}")
    effective = guess_mapping(header) | mapping
    used: dict[str, str] = {}
    for key, chosen in effective.items():
        if chosen is None:
            continue
        if chosen not in FIELDS:
            raise PipelineError(f"列 '{key}': 未知字段 '{chosen}'；可选：{', '.join(FIELDS)}")
        if chosen in used and FIELDS[chosen].kind != "ignore":
            raise PipelineError(
                f"字段 '{FIELDS[chosen].label}' 同时对应了列 '{used[chosen]}' 和 '{key}'"
            )
        used[chosen] = key
    if "name" not in effective.values():
        raise PipelineError("没有一列对应“项目名称”，无法导入")


# --- validating rows ------------------------------------------------------------------------


@dataclass
class _Context:
    session: Session
    scope: Scope
    library: ChainLibrary
    today: date
    teams: dict[str, Team]
    by_key: dict[str, PipelineRecord]
    by_name: dict[tuple[str, str], list[PipelineRecord]]
    new_teams: list[str] = field(default_factory=list)


def analyse(
    session: Session,
    scope: Scope,
    table: SheetTable,
    *,
    filename: str,
    mapping: dict[str, str | None] | None,
    library: ChainLibrary,
    today: date,
) -> SheetPreview:
    """Validate every data row of ``table`` and plan what applying it would change."""
    start = find_header(table, filename)
    header = table.rows[start]
    if mapping:
        check_mapping(header, mapping)
    columns = build_columns(header, mapping)
    if not any(column.field == "name" for column in columns):
        raise PipelineError("没有一列对应“项目名称”，无法导入")
    records = list(
        session.scalars(
            select(PipelineRecord).options(
                selectinload(PipelineRecord.changes), selectinload(PipelineRecord.amounts)
            )
        )
    )
    context = _Context(
        session=session,
        scope=scope,
        library=library,
        today=today,
        teams={team.name: team for team in session.scalars(select(Team))},
        by_key={r.external_key: r for r in records if r.external_key},
        by_name={},
    )
    for record in records:
        context.by_name.setdefault(_identity(record.name, record.company_name), []).append(record)
    rows: list[RowPlan] = []
    skipped: list[tuple[int, str]] = []
    seen: dict[object, int] = {}
    for offset, cells in enumerate(table.rows[start + 1 :]):
        line = start + offset + 2
        reason = _skip_reason(cells, columns)
        if reason:
            skipped.append((line, reason))
            continue
        plan = _parse_row(line, cells, columns, context)
        _check_duplicate(plan, columns, seen)
        if not plan.errors:
            _plan_against_database(plan, columns, context)
        if plan.errors:
            plan.action = "error"
        rows.append(plan)
    while skipped and skipped[-1][1] == "空行" and (not rows or skipped[-1][0] > rows[-1].line):
        skipped.pop()  # trailing empty rows are formatting, not content
    return SheetPreview(
        import_id=None,
        filename=filename,
        sheet=table.sheet,
        header_line=start + 1,
        columns=columns,
        rows=rows,
        skipped=skipped,
        new_teams=context.new_teams,
    )


def _identity(name: str, company: str) -> tuple[str, str]:
    return compact(name).lower(), compact(company).lower()


def _cell(cells: list[Cell], column: Column) -> Cell:
    return cells[column.index] if column.index < len(cells) else None


def _skip_reason(cells: list[Cell], columns: list[Column]) -> str:
    filled = [cell for cell in cells if not is_blank(cell)]
    if not filled:
        return "空行"
    leading = [compact(_cell(cells, c)) for c in columns if c.field in ("seq", "key", "name")]
    for text in [*leading, compact(filled[0])]:
        if any(text.startswith(word) for word in _TOTAL_WORDS):
            return f"{text[:10]}行"
    if any(c.field == "name" and compact(_cell(cells, c)) == compact(c.header) for c in columns):
        return "重复的表头行"
    if len(filled) == 1 and _SECTION_ROW.match(compact(filled[0])):
        return f"分组标题行（{normal_text(filled[0])[:20]}）"
    return ""


def _parse_row(line: int, cells: list[Cell], columns: list[Column], ctx: _Context) -> RowPlan:
    plan = RowPlan(line=line, cells=[normal_text(_cell(cells, column)) for column in columns])
    chain_id: str | None = None
    for column in columns:
        if column.field is None:
            continue
        spec = FIELDS[column.field]
        raw = _cell(cells, column)
        if spec.kind == "ignore":
            continue
        if is_blank(raw):
            if column.field == "name":
                plan.fail(column.header, raw, "项目名称不能为空")
            continue
        try:
            if spec.kind in ("money", "land"):
                number = parse_number(raw, column.factor)
                if number < 0:
                    raise ValueError(f"'{normal_text(raw)}' 不能为负数")
                plan.values[column.field] = number
            elif spec.kind == "date":
                plan.values[column.field] = parse_date(raw)
            elif spec.kind == "stage":
                plan.values["stage"] = parse_stage_text(raw)
            elif spec.kind == "chain":
                chain_id = _match_chain(ctx.library, half_width(raw))
                if chain_id is None:
                    plan.warnings.append(
                        f"第{line}行 {column.header}: '{normal_text(raw)}' 不在产业链库中，留空"
                    )
                plan.values["chain"] = chain_id
            else:
                text = half_width(raw) if spec.kind == "key" else normal_text(raw)
                limit = _MAX_LENGTHS.get(column.field)
                if limit is not None and len(text) > limit:
                    raise ValueError(f"长度 {len(text)} 超过上限 {limit} 个字")
                plan.values[column.field] = text
        except ValueError as error:
            plan.fail(column.header, raw, str(error))
    node_text = plan.values.pop("node", None)
    if node_text:
        plan.values["node"] = _match_node(ctx.library, chain_id, node_text)
        if plan.values["node"] is None:
            plan.warnings.append(f"第{line}行 产业链环节: '{node_text}' 不是所选产业链的环节，留空")
    if "stage" not in plan.values:
        plan.values["stage"] = _stage_from_dates(plan.values)
        plan.values["stage_inferred"] = True
    return plan


def _match_chain(library: ChainLibrary, text: str) -> str | None:
    for candidate in (text, re.sub(r"(产业链|产业|链)$", "", text)):
        try:
            return library.get(candidate).id
        except KeyError:
            continue
    return None


def _match_node(library: ChainLibrary, chain_id: str | None, text: str) -> str | None:
    chain = library.chains.get(chain_id or "")
    if chain is None:
        return None
    for node in chain.nodes:
        if text in (node.id, node.name, *node.aliases):
            return node.id
    return None


def _stage_from_dates(values: dict[str, Any]) -> str:
    for stage in ("operating", "construction", "signed"):
        if _STAGE_DATES[stage] in values:
            return stage
    return "lead"


def _check_duplicate(plan: RowPlan, columns: list[Column], seen: dict[object, int]) -> None:
    """A 项目编号 (or, without one, a name and company) may appear on one row only."""
    key = plan.values.get("key")
    name = plan.values.get("name")
    if not key and not name:
        return
    identity: object = (
        ("key", key) if key else ("name", *_identity(str(name), plan.values.get("company", "")))
    )
    if identity not in seen:
        seen[identity] = plan.line
        return
    label = next((c.header for c in columns if c.field == ("key" if key else "name")), "")
    what = f"项目编号 '{key}'" if key else "项目名称和企业"
    plan.fail(label, key or name, f"{what} 与第{seen[identity]}行重复")


def _plan_against_database(plan: RowPlan, columns: list[Column], ctx: _Context) -> None:
    values = plan.values
    column_of = {c.field: c.header for c in columns if c.field}
    record = _match_record(plan, ctx, column_of)
    if plan.errors:
        return
    team = _plan_team(plan, record, ctx, column_of)
    if plan.errors:
        return
    if record is None:
        if not ctx.scope.can_write:
            plan.fail("", "", f"用户 {ctx.scope.username} 只能查看，不能导入")
        elif team is None and values.get("team") is None and not ctx.scope.can_create_in(None):
            plan.fail(column_of.get("team", ""), "", "没有填写责任单位：只能为本团队新建项目")
        plan.moves = _plan_moves(plan, None, ctx, column_of)
        plan.funds_added = values.get("funds", 0.0)
        plan.action = "create"
        return
    plan.record_id = record.id
    if not ctx.scope.can_edit(record):
        plan.fail(
            "", values.get("name"), f"项目 {record.id}「{record.name}」属于其他团队，无权修改"
        )
        return
    plan.changes = _field_changes(record, values, team)
    if values.get("key") and record.external_key != values["key"]:
        plan.changes.append("项目编号")
    if values.get("name") and record.name != values["name"]:
        plan.changes.append("项目名称")
    if not values.get("stage_inferred"):
        plan.moves = _plan_moves(plan, record, ctx, column_of)
    funds = values.get("funds")
    if funds is not None:
        held = sum(a.amount_cny for a in record.amounts if a.kind == "funds")
        if funds > held and not math.isclose(funds, held, rel_tol=1e-9, abs_tol=0.005):
            plan.funds_added = funds - held
            plan.changes.append("到位资金")
        elif funds < held and not math.isclose(funds, held, rel_tol=1e-9, abs_tol=0.005):
            plan.warnings.append(
                f"第{plan.line}行 到位资金: 表格数额少于系统已记录的到位资金，"
                "未减少（到位资金只增不减）"
            )
    if plan.moves:
        plan.changes.append("阶段")
    plan.action = "update" if plan.changes else "unchanged"


def _match_record(plan: RowPlan, ctx: _Context, column_of: dict[str, str]) -> PipelineRecord | None:
    key = plan.values.get("key")
    if key and key in ctx.by_key:
        return ctx.by_key[key]
    found = ctx.by_name.get(_identity(plan.values["name"], plan.values.get("company", "")), [])
    if key:
        # A record entered by hand before its number was known takes the sheet's number.
        found = [record for record in found if not record.external_key]
    if len(found) > 1:
        ids = ", ".join(str(record.id) for record in found)
        plan.fail(
            column_of["name"],
            plan.values["name"],
            f"系统中有多个同名同企业的项目（{ids}），无法确定更新哪一个",
        )
        return None
    return found[0] if found else None


def _plan_team(
    plan: RowPlan, record: PipelineRecord | None, ctx: _Context, column_of: dict[str, str]
) -> Team | None:
    name = plan.values.get("team")
    if not name:
        return record.team if record is not None else None
    plan.team = name
    team = ctx.teams.get(name)
    column = column_of.get("team", "")
    if team is None:
        if not ctx.scope.region_wide:
            plan.fail(column, name, f"团队“{name}”不存在；新建团队需要全区编辑权限")
        elif name not in ctx.new_teams:
            ctx.new_teams.append(name)
        return None
    if not ctx.scope.sees_team(team.id):
        plan.fail(column, name, f"“{name}”不是你所在的团队，不能导入其项目")
    return team


def _field_changes(record: PipelineRecord, values: dict[str, Any], team: Team | None) -> list[str]:
    changed: list[str] = []
    for name, attribute in RECORD_FIELDS.items():
        if name not in values or (name in ("chain", "node") and values[name] is None):
            continue
        old, new = getattr(record, attribute), values[name]
        same = (
            isinstance(old, float) and isinstance(new, float) and math.isclose(old, new)
        ) or old == new
        if not same:
            changed.append(FIELDS[name].label)
    if values.get("remarks") and record.remarks != values["remarks"]:
        changed.append("备注")
    if values.get("team") and (record.team is None or record.team.name != values["team"]):
        changed.append("责任单位")
    return changed


def _plan_moves(
    plan: RowPlan, record: PipelineRecord | None, ctx: _Context, column_of: dict[str, str]
) -> list[tuple[str, date]]:
    """The dated stage moves from the record's stage (or a new lead) to the sheet's stage."""
    target: str = plan.values["stage"]
    column = column_of.get("stage", "项目阶段")
    shown = STAGE_NAMES[target]
    current = record.stage if record is not None else "lead"
    if target == current:
        return []
    reason = f"项目库表格导入：{plan.values.get('remarks') or '表格标注为' + shown}"
    if current in MAIN_STAGES and target in MAIN_STAGES:
        if MAIN_STAGES.index(target) < MAIN_STAGES.index(current):
            plan.fail(
                column, shown, f"系统中该项目已是“{STAGE_NAMES[current]}”，阶段不能倒退为“{shown}”"
            )
            return []
        path = _main_path(current, target)
    elif record is None:
        reached = [
            s for s in ("signed", "construction", "operating") if _STAGE_DATES[s] in plan.values
        ]
        last = MAIN_STAGES.index(reached[-1]) if reached else 0
        path = [*_main_path("lead", MAIN_STAGES[last]), target]
    else:
        path = [target]
    stage = current
    for step in path:
        try:
            check_transition(stage, step, reason)
        except StageError:
            plan.fail(column, shown, f"不能从“{STAGE_NAMES[stage]}”改为“{STAGE_NAMES[step]}”")
            return []
        stage = step
    return _date_path(plan, path, ctx.today, column_of)


def _main_path(current: str, target: str) -> list[str]:
    """The main-line stages after ``current`` up to ``target``; 试生产 only when it is the
    target, since it is an optional step."""
    steps = MAIN_STAGES[MAIN_STAGES.index(current) + 1 : MAIN_STAGES.index(target) + 1]
    return [step for step in steps if step != "trial" or step == target]


def _date_path(
    plan: RowPlan, path: list[str], today: date, column_of: dict[str, str]
) -> list[tuple[str, date]]:
    given: list[date | None] = [plan.values.get(_STAGE_DATES.get(step, "")) for step in path]
    for step, day in zip(path, given, strict=True):
        if day is not None and day > today:
            label = column_of.get(_STAGE_DATES[step], step)
            plan.fail(
                label,
                day.isoformat(),
                f"{day.isoformat()} 晚于今天，但项目已到“{STAGE_NAMES[step]}”",
            )
    dated: list[date] = []
    following: date | None = None
    for day in reversed(given):
        following = day or following
        dated.append(following or today)
    dated.reverse()
    for (earlier, a), (later, b) in zip(
        zip(path, dated, strict=True), list(zip(path, dated, strict=True))[1:], strict=False
    ):
        if b < a:
            label = column_of.get(_STAGE_DATES.get(later, ""), later)
            plan.fail(
                label,
                b.isoformat(),
                f"{STAGE_NAMES[later]}日期早于{STAGE_NAMES[earlier]}日期 {a.isoformat()}",
            )
    return list(zip(path, dated, strict=True))
