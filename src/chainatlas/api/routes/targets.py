"""Pipeline API: annual targets and progress with 序时进度, stage conversion rates, and the
XLSX exports of the record list and of the progress table."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from chainatlas.api.deps import DbSession, PipelineScope
from chainatlas.api.errors import ERROR_RESPONSES
from chainatlas.api.params import MAX_ROW_ID, IsoDay, OptionalDay, RowId
from chainatlas.api.routes.chains import chain_library
from chainatlas.pipeline.access import require_targets
from chainatlas.pipeline.export import (
    content_disposition,
    library_labels,
    progress_filename,
    progress_xlsx,
    records_filename,
    records_xlsx,
)
from chainatlas.pipeline.listing import RecordFilter, list_records
from chainatlas.pipeline.progress import (
    Conversion,
    Evidence,
    conversion_rates,
    default_as_of,
    progress_sections,
    region_progress,
    target_progress,
    time_progress,
)
from chainatlas.pipeline.records import PipelineError
from chainatlas.pipeline.stages import StageError, parse_stage
from chainatlas.pipeline.targets import (
    INDICATORS,
    YEARS,
    delete_target,
    parse_target_value,
    set_target,
    team_for,
)

router = APIRouter(tags=["pipeline"], responses=ERROR_RESPONSES)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Year = Annotated[int, Query(ge=YEARS.start, le=YEARS.stop - 1, description="Target year")]
TeamQuery = Annotated[RowId | None, Query(description="Team id; omitted = the region as a whole")]
AsOfQuery = Annotated[OptionalDay, Query(description="Measure as of this day (default today)")]


class ProgressRowPublic(BaseModel):
    indicator: str
    label: str
    chain: str | None
    target: float
    achieved: float
    completion: float
    time_progress: float
    status: str
    gap_points: float
    evidence: list[Evidence]
    hidden_evidence: int


class ProgressPublic(BaseModel):
    year: int
    as_of: date
    time_progress: float
    team_id: int | None
    team: str | None
    rows: list[ProgressRowPublic]


class TargetCreate(BaseModel):
    year: int = Field(ge=YEARS.start, le=YEARS.stop - 1)
    indicator: Literal["signed_cny", "funds_cny", "projects", "projects_100m", "projects_1b"]
    value: float | str = Field(
        description="Yuan (or text with 亿/万, e.g. '50亿') for amounts; a whole number for counts"
    )
    team_id: RowId | None = None
    chain: str | None = Field(default=None, max_length=100)


class TargetPublic(BaseModel):
    id: int
    year: int
    indicator: str
    label: str
    value: float
    team_id: int | None
    chain: str | None


def as_of_day(year: int, as_of: OptionalDay) -> date:
    """The as-of day asked for (else today) clamped into ``year``; pages and 三比三看 use it too."""
    chosen = as_of if isinstance(as_of, date) else date.today()
    return default_as_of(year, chosen)


@router.get("/pipeline/targets")
def progress(
    session: DbSession,
    scope: PipelineScope,
    year: Year,
    as_of: AsOfQuery = None,
    team: TeamQuery = None,
) -> ProgressPublic:
    """Progress against the year's targets of the region or a team, with 序时进度 and the
    records each figure counted (a team member sees other teams' records only as a count)."""
    chosen = team_for(session, scope, team)
    day = as_of_day(year, as_of)
    if chosen is None:
        rows = region_progress(session, scope, year, day)
    else:
        rows = target_progress(session, year, day, chosen)
    return ProgressPublic(
        year=year,
        as_of=day,
        time_progress=time_progress(year, day),
        team_id=chosen.id if chosen else None,
        team=chosen.name if chosen else None,
        # ProgressRow less its team (the response names the team once, above the rows).
        rows=[ProgressRowPublic(**vars(row)) for row in rows],
    )


def resolve_chain(request: Request, chain: str | None) -> str | None:
    """A chain id from an id, name or alias of the chain library; PipelineError if unknown."""
    if chain is None or not chain.strip():
        return None
    try:
        return chain_library(request).get(chain).id
    except KeyError:
        raise PipelineError(f"unknown chain {chain.strip()!r}") from None


@router.post("/pipeline/targets", status_code=201)
def create_target(
    request: Request, session: DbSession, scope: PipelineScope, body: TargetCreate
) -> TargetPublic:
    """Set (create or replace) an annual target; region-wide editors and admins only."""
    require_targets(scope)
    team = team_for(session, scope, body.team_id)
    if isinstance(body.value, str):
        value = parse_target_value(body.indicator, body.value)
    else:
        value = body.value
    target = set_target(
        session, body.year, body.indicator, value, team, resolve_chain(request, body.chain)
    )
    return TargetPublic(
        id=target.id,
        year=target.year,
        indicator=target.indicator,
        label=INDICATORS[target.indicator],
        value=target.value,
        team_id=target.team_id,
        chain=target.chain,
    )


@router.delete("/pipeline/targets/{target_id}", status_code=204)
def remove_target(target_id: RowId, session: DbSession, scope: PipelineScope) -> Response:
    """Delete one target; region-wide editors and admins only."""
    require_targets(scope)
    delete_target(session, target_id)
    return Response(status_code=204)


@router.get("/pipeline/conversion")
def conversion(
    session: DbSession,
    scope: PipelineScope,
    start: Annotated[IsoDay, Query(description="First day of the period")],
    end: Annotated[IsoDay, Query(description="Last day of the period")],
    team: TeamQuery = None,
) -> list[Conversion]:
    """Conversion rates between consecutive main stages (线索→洽谈→…→达产) in a period."""
    if end < start:
        raise PipelineError(f"period ends ({end}) before it starts ({start})")
    chosen = team_for(session, scope, team)
    return conversion_rates(session, start, end, chosen)


def _flag(value: str | None, name: str) -> bool | None:
    if value is None or not value.strip():
        return None
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on", "是"):
        return True
    if text in ("0", "false", "no", "off", "否"):
        return False
    raise PipelineError(f"{name}={value!r} is neither yes (1/true) nor no (0/false)")


def record_filter(
    stage: Annotated[str | None, Query(max_length=20, description="Stage id or 中文")] = None,
    team: Annotated[str | None, Query(max_length=20, description="Team id")] = None,
    chain: Annotated[str | None, Query(max_length=100)] = None,
    region: Annotated[str | None, Query(max_length=100, description="Part of the region")] = None,
    text: Annotated[str | None, Query(max_length=200, description="Part of name/company")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Same as text (the board's name)")
    ] = None,
    overdue: Annotated[str | None, Query(max_length=10, description="1: overdue only")] = None,
    escalated: Annotated[str | None, Query(max_length=10, description="1: 提级跟进 only")] = None,
) -> RecordFilter:
    """The board's filters as a RecordFilter (blank fields mean "any")."""
    team_text = (team or "").strip()
    if team_text and not (team_text.isdigit() and 1 <= int(team_text) <= MAX_ROW_ID):
        raise PipelineError(f"team={team!r} is not a team id")
    try:
        chosen_stage = parse_stage(stage) if stage and stage.strip() else None
    except StageError as error:
        raise PipelineError(str(error)) from None
    return RecordFilter(
        stage=chosen_stage,
        team_id=int(team_text) if team_text else None,
        chain=(chain or "").strip() or None,
        region=(region or "").strip() or None,
        text=(text or q or "").strip() or None,
        overdue_on=date.today() if _flag(overdue, "overdue") else None,
        escalated=_flag(escalated, "escalated"),
    )


RecordFilterParams = Annotated[RecordFilter, Depends(record_filter)]


def _xlsx_download(body: bytes, name: str, fallback: str) -> Response:
    """A workbook as a download named ``name`` (``fallback``: its ASCII-only name)."""
    return Response(
        body, media_type=XLSX, headers={"Content-Disposition": content_disposition(name, fallback)}
    )


def records_export(
    request: Request, session: DbSession, scope: PipelineScope, filters: RecordFilter
) -> Response:
    """The visible records passing ``filters`` as a formatted workbook (pages use it too)."""
    today = date.today()
    chain_label, node_label = library_labels(chain_library(request))
    body = records_xlsx(list_records(session, scope, filters), today, chain_label, node_label)
    return _xlsx_download(body, *records_filename(today))


def progress_export(
    request: Request, session: DbSession, scope: PipelineScope, year: int, as_of: date
) -> Response:
    """The region's and each visible team's progress as a formatted workbook."""
    chain_label, _ = library_labels(chain_library(request))
    body = progress_xlsx(progress_sections(session, scope, year, as_of), year, as_of, chain_label)
    return _xlsx_download(body, *progress_filename(year, as_of))


@router.get(
    "/pipeline/export.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}}
)
def export_records(
    request: Request, session: DbSession, scope: PipelineScope, filters: RecordFilterParams
) -> Response:
    """The records you may see that pass the board's filters, as a formatted XLSX."""
    return records_export(request, session, scope, filters)


@router.get(
    "/pipeline/targets/export.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def export_progress(
    request: Request,
    session: DbSession,
    scope: PipelineScope,
    year: Year,
    as_of: AsOfQuery = None,
) -> Response:
    """Target progress of the region and of each team you may see, as a formatted XLSX."""
    return progress_export(request, session, scope, year, as_of_day(year, as_of))
