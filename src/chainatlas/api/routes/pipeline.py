"""Pipeline API: the team's records (list, create, read with history, edit), stage moves,
核验, activities, dated amounts, evidence files and promotion from the knowledge base
(projects and 补链 candidate firms).

Thin over chainatlas.pipeline: access rules come from pipeline.access, refusals are the
library's errors (AccessDenied → 403, StageError → 409, PipelineError → 422).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from chainatlas.accounts.models import User
from chainatlas.accounts.users import get_user
from chainatlas.api.deps import AppSettings, DbSession, PipelineScope
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.params import MAX_ROW_ID, RowId
from chainatlas.api.routes.chains import chain_library
from chainatlas.pipeline.access import (
    AccessDenied,
    Scope,
    require_create,
    require_edit,
    require_verify,
    require_view,
)
from chainatlas.pipeline.attachments import (
    MAX_BYTES,
    add_attachment,
    content_disposition,
    get_attachment,
    read_upload,
)
from chainatlas.pipeline.history import Event, awaiting_verification, record_history
from chainatlas.pipeline.listing import RecordFilter, list_records
from chainatlas.pipeline.models import PipelineRecord, Team
from chainatlas.pipeline.records import (
    PipelineError,
    add_activity,
    add_amount,
    create_record,
    latest_signing,
    move_stage,
    promote_candidate,
    promote_project,
    set_owner,
    update_record,
    verify_signing,
)
from chainatlas.pipeline.stages import STAGE_NAMES

router = APIRouter(tags=["pipeline"], responses=ERROR_RESPONSES)

Money = Annotated[float, Field(ge=0, le=1e15, description="Yuan (元).")]
Text = Annotated[str, Field(max_length=2000)]
Stage = Literal[
    "lead",
    "negotiating",
    "signed",
    "construction",
    "trial",
    "operating",
    "at_capacity",
    "shelved",
    "terminated",
]


class RecordPublic(BaseModel):
    """One pipeline record as the API shows it."""

    id: int
    name: str
    company_name: str
    stage: str
    stage_name: str
    stage_reason: str
    team_id: int | None
    team: str | None
    region: str
    chain: str | None
    node: str | None
    owner: str
    investment_cny: float | None
    land_mu: float | None
    promised_output_cny: float | None
    promised_tax_cny: float | None
    realised_output_cny: float | None
    realised_tax_cny: float | None
    escalated: bool
    next_follow_up: date | None
    project_id: int | None
    remarks: str
    awaiting_verification: bool


class AttachmentPublic(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    url: str


class EventPublic(BaseModel):
    """One line of a record's history."""

    kind: str  # stage | activity | amount | attachment
    on: date
    who: str
    from_stage: str | None
    to_stage: str | None
    note: str
    evidence_text: str
    evidence_document_id: int | None
    verified_by: str
    verified_on: date | None
    awaits_verification: bool
    activity_kind: str
    amount_kind: str
    amount_cny: float | None
    attachments: list[AttachmentPublic]


class RecordDetail(RecordPublic):
    history: list[EventPublic]


class RecordList(BaseModel):
    items: list[RecordPublic]
    total: int


class RecordCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=500)]
    company_name: Annotated[str, Field(max_length=300)] = ""
    region: Annotated[str | None, Field(max_length=100)] = Field(
        default=None, description="Defaults to the server's home region."
    )
    chain: Annotated[str | None, Field(max_length=100)] = None
    node: Annotated[str | None, Field(max_length=100)] = None
    team_id: Annotated[int | None, Field(ge=1, le=MAX_ROW_ID)] = None
    owner: Annotated[str, Field(max_length=200)] = Field(
        default="", description="A username (linked) or any name; defaults to the caller."
    )
    stage: Literal["lead", "negotiating"] = "lead"
    investment_cny: Money | None = None
    land_mu: Annotated[float | None, Field(ge=0, le=1e9)] = None
    next_follow_up: date | None = None


class RecordUpdate(BaseModel):
    """Fields to change; the ones left out stay as they are. Stages change through moves."""

    model_config = ConfigDict(extra="forbid")

    company_name: Annotated[str, Field(max_length=300)] | None = None
    region: Annotated[str, Field(max_length=100)] | None = None
    chain: Annotated[str | None, Field(max_length=100)] = None
    node: Annotated[str | None, Field(max_length=100)] = None
    owner: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="A username (linked) or any name; empty clears it."
    )
    investment_cny: Money | None = None
    land_mu: Annotated[float | None, Field(ge=0, le=1e9)] = None
    promised_output_cny: Money | None = None
    promised_tax_cny: Money | None = None
    realised_output_cny: Money | None = None
    realised_tax_cny: Money | None = None
    escalated: bool | None = None
    next_follow_up: date | None = None
    remarks: Annotated[str, Field(max_length=5000)] | None = None


# Fields of RecordUpdate that may be changed but never emptied to null.
_REQUIRED_FIELDS = frozenset({"company_name", "region", "owner", "escalated", "remarks"})


class MoveCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_stage: Stage
    on: date | None = Field(default=None, description="Defaults to today.")
    note: Text = ""
    reason: Text = Field(default="", description="Needed for shelved and terminated.")
    evidence_text: Text = ""
    evidence_document_id: Annotated[int | None, Field(ge=1, le=MAX_ROW_ID)] = None


class ActivityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["visit", "call", "meeting", "promotion"]
    on: date | None = None
    notes: Annotated[str, Field(max_length=5000)] = ""
    next_follow_up: date | None = None


class AmountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["funds", "increase"]
    on: date | None = None
    amount_cny: Annotated[float, Field(gt=0, le=1e15)]
    note: Text = ""


class CandidatePromote(BaseModel):
    """A 补链 candidate firm to court for a node of a chain."""

    model_config = ConfigDict(extra="forbid")

    company_id: Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
    chain: Annotated[str, Field(min_length=1, max_length=100)]
    node: Annotated[str | None, Field(max_length=100)] = None
    region: Annotated[str | None, Field(max_length=100)] = Field(
        default=None, description="Where the firm should invest; the home region by default."
    )
    team_id: Annotated[int | None, Field(ge=1, le=MAX_ROW_ID)] = None


class PromoteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    team_id: Annotated[int | None, Field(ge=1, le=MAX_ROW_ID)] = None


def _public(record: PipelineRecord) -> RecordPublic:
    signing = latest_signing(record)
    return RecordPublic(
        id=record.id,
        name=record.name,
        company_name=record.company_name,
        stage=record.stage,
        stage_name=STAGE_NAMES[record.stage],
        stage_reason=record.stage_reason,
        team_id=record.team_id,
        team=record.team.name if record.team else None,
        region=record.region,
        chain=record.chain,
        node=record.node,
        owner=record.owner.username if record.owner else record.owner_name,
        investment_cny=record.investment_cny,
        land_mu=record.land_mu,
        promised_output_cny=record.promised_output_cny,
        promised_tax_cny=record.promised_tax_cny,
        realised_output_cny=record.realised_output_cny,
        realised_tax_cny=record.realised_tax_cny,
        escalated=record.escalated,
        next_follow_up=record.next_follow_up,
        project_id=record.project_id,
        remarks=record.remarks,
        awaiting_verification=signing is not None and awaiting_verification(signing),
    )


def _event(record_id: int, event: Event) -> EventPublic:
    return EventPublic(
        kind=event.kind,
        on=event.on,
        who=event.who,
        from_stage=event.from_stage,
        to_stage=event.to_stage,
        note=event.note,
        evidence_text=event.evidence_text,
        evidence_document_id=event.evidence_document_id,
        verified_by=event.verified_by,
        verified_on=event.verified_on,
        awaits_verification=event.awaits_verification,
        activity_kind=event.activity_kind,
        amount_kind=event.amount_kind,
        amount_cny=event.amount_cny,
        attachments=[
            AttachmentPublic(
                id=item.id,
                filename=item.filename,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                url=f"/api/v1/pipeline/records/{record_id}/attachments/{item.id}",
            )
            for item in event.attachments
        ],
    )


def _detail(session: DbSession, record: PipelineRecord) -> RecordDetail:
    history = [_event(record.id, event) for event in record_history(session, record)]
    return RecordDetail(**_public(record).model_dump(), history=history)


def get_record(session: DbSession, record_id: int) -> PipelineRecord:
    """The record, or 404 when there is none."""
    found = session.get(PipelineRecord, record_id)
    if found is None:
        raise ApiError(404, f"no pipeline record with id {record_id}")
    return found


def _user(session: DbSession, scope: Scope) -> User:
    user = session.get(User, scope.user_id)
    if user is None:
        raise AccessDenied(f"user {scope.username!r} no longer exists")
    return user


def _team(session: DbSession, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = session.get(Team, team_id)
    if team is None:
        raise PipelineError(f"no team with id {team_id}")
    return team


def _editable(session: DbSession, scope: Scope, record_id: int) -> PipelineRecord:
    record = get_record(session, record_id)
    require_edit(scope, record)
    return record


@router.get("/pipeline/records")
def records(
    scope: PipelineScope,
    session: DbSession,
    stage: Stage | None = None,
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)] = None,
    chain: Annotated[str | None, Query(max_length=100)] = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    q: Annotated[str | None, Query(max_length=200, description="In name or company.")] = None,
    overdue: Annotated[bool, Query(description="Only overdue follow-ups.")] = False,
    escalated: bool | None = None,
    sort: Literal["id", "name", "stage", "investment", "follow_up", "region"] = "id",
    order: Literal["asc", "desc"] = "asc",
) -> RecordList:
    """The records the caller may see (their teams', or all when region-wide), filtered."""
    filters = RecordFilter(
        stage=stage,
        team_id=team_id,
        chain=chain or None,
        region=region or None,
        text=q or None,
        overdue_on=date.today() if overdue else None,
        escalated=escalated,
        sort=sort,
        descending=order == "desc",
    )
    found = [_public(record) for record in list_records(session, scope, filters)]
    return RecordList(items=found, total=len(found))


@router.post("/pipeline/records", status_code=201)
def create(
    body: RecordCreate, scope: PipelineScope, session: DbSession, settings: AppSettings
) -> RecordDetail:
    """A new lead (or a record already in talks) in a team the caller may create in."""
    team = _team(session, body.team_id)
    require_create(scope, team)
    owner_user = get_user(session, body.owner) if body.owner.strip() else None
    record = create_record(
        session,
        body.name,
        user=_user(session, scope),
        on=date.today(),
        company_name=body.company_name,
        region=settings.home_region if body.region is None else body.region,
        chain=body.chain or None,
        node=body.node or None,
        team=team,
        owner=owner_user or body.owner.strip() or _user(session, scope),
        stage=body.stage,
        investment_cny=body.investment_cny,
        land_mu=body.land_mu,
        next_follow_up=body.next_follow_up,
    )
    return _detail(session, record)


@router.get("/pipeline/records/{record_id}")
def record(record_id: RowId, scope: PipelineScope, session: DbSession) -> RecordDetail:
    """One record with its whole history (stage changes, activities, amounts, files)."""
    found = get_record(session, record_id)
    require_view(scope, found)
    return _detail(session, found)


@router.patch("/pipeline/records/{record_id}")
def edit(
    record_id: RowId, body: RecordUpdate, scope: PipelineScope, session: DbSession
) -> RecordDetail:
    """Change plain fields (亩, output and tax, 提级跟进, follow-up, remarks …)."""
    found = _editable(session, scope, record_id)
    changes = body.model_dump(exclude_unset=True)
    cleared = sorted(k for k, v in changes.items() if v is None and k in _REQUIRED_FIELDS)
    if cleared:
        raise PipelineError(f"record {record_id}: {', '.join(cleared)} cannot be null")
    owner = changes.pop("owner", None)
    if owner is not None:
        set_owner(session, found, owner)
    update_record(session, found, **changes)
    return _detail(session, found)


@router.post("/pipeline/records/{record_id}/moves", status_code=201)
def move(
    record_id: RowId, body: MoveCreate, scope: PipelineScope, session: DbSession
) -> RecordDetail:
    """Move the record to another stage if the transition table allows it (409 if not)."""
    found = _editable(session, scope, record_id)
    move_stage(
        session,
        found,
        body.to_stage,
        user=_user(session, scope),
        on=body.on or date.today(),
        note=body.note,
        reason=body.reason,
        evidence_document_id=body.evidence_document_id,
        evidence_text=body.evidence_text,
    )
    return _detail(session, found)


@router.post("/pipeline/records/{record_id}/verify")
def verify(record_id: RowId, scope: PipelineScope, session: DbSession) -> RecordDetail:
    """核验 the latest signing: a region-wide editor or an admin who did not record it."""
    found = get_record(session, record_id)
    require_view(scope, found)
    require_verify(scope)
    verify_signing(session, found, _user(session, scope), date.today())
    return _detail(session, found)


@router.post("/pipeline/records/{record_id}/activities", status_code=201)
def activity(
    record_id: RowId, body: ActivityCreate, scope: PipelineScope, session: DbSession
) -> RecordDetail:
    """Log a visit, call, meeting or 推介会, optionally with the next follow-up date."""
    found = _editable(session, scope, record_id)
    add_activity(
        session,
        found,
        body.kind,
        body.on or date.today(),
        body.notes,
        _user(session, scope),
        body.next_follow_up,
    )
    return _detail(session, found)


@router.post("/pipeline/records/{record_id}/amounts", status_code=201)
def amount(
    record_id: RowId, body: AmountCreate, scope: PipelineScope, session: DbSession
) -> RecordDetail:
    """A dated amount: funds in place (到位资金) or a 增资 increment."""
    found = _editable(session, scope, record_id)
    add_amount(session, found, body.kind, body.on or date.today(), body.amount_cny, body.note)
    return _detail(session, found)


@router.post("/pipeline/records/{record_id}/attachments", status_code=201)
async def attach(
    record_id: RowId,
    scope: PipelineScope,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="PNG, JPEG, GIF, WebP or PDF.")],
) -> AttachmentPublic:
    """Keep an evidence file with the record; its type is read from its bytes."""
    found = _editable(session, scope, record_id)
    limit = min(MAX_BYTES, settings.upload_max_bytes)
    data = await read_upload(file, limit)
    stored = add_attachment(
        session, found, file.filename or "", data, user_id=scope.user_id, max_bytes=limit
    )
    return AttachmentPublic(
        id=stored.id,
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        url=f"/api/v1/pipeline/records/{found.id}/attachments/{stored.id}",
    )


@router.get(
    "/pipeline/records/{record_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def attachment(
    record_id: RowId, attachment_id: RowId, scope: PipelineScope, session: DbSession
) -> Response:
    """An evidence file, as a download with the type its bytes showed on upload."""
    require_view(scope, get_record(session, record_id))
    found = get_attachment(session, record_id, attachment_id)
    return Response(
        content=found.data,
        media_type=found.content_type,
        headers={"Content-Disposition": content_disposition(found.filename)},
    )


@router.post("/pipeline/projects/{project_id}/promote", status_code=201)
def promote(
    project_id: RowId,
    scope: PipelineScope,
    session: DbSession,
    body: PromoteRequest | None = None,
) -> RecordDetail:
    """A lead from a knowledge-base project (the existing one if it was promoted before)."""
    team = _creation_team(session, scope, body.team_id if body else None)
    found = promote_project(session, project_id, team, _user(session, scope), date.today())
    return _detail(session, found)


@router.post("/pipeline/candidates/promote", status_code=201)
def promote_candidate_firm(
    body: CandidatePromote,
    request: Request,
    scope: PipelineScope,
    session: DbSession,
    settings: AppSettings,
) -> RecordDetail:
    """A lead for a 补链 candidate firm, with its chain and node filled in."""
    chain = chain_library(request).chains.get(body.chain)
    if chain is None:
        raise PipelineError(f"unknown chain {body.chain!r}")
    node_name = ""
    if body.node:
        try:
            node_name = chain.node(body.node).name
        except KeyError:
            raise PipelineError(f"node {body.node!r} is not on chain {body.chain!r}") from None
    team = _creation_team(session, scope, body.team_id)
    found = promote_candidate(
        session,
        body.company_id,
        chain=chain.id,
        node=body.node,
        team=team,
        user=_user(session, scope),
        region=settings.home_region if body.region is None else body.region,
        node_name=node_name,
        on=date.today(),
    )
    return _detail(session, found)


def _creation_team(session: DbSession, scope: Scope, team_id: int | None) -> Team | None:
    """The team a promoted lead goes to: the one asked for, else a team member's first team."""
    team = _team(session, team_id)
    if team is None and not scope.region_wide:
        team = session.get(Team, min(scope.team_ids))
    require_create(scope, team)
    return team
