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

from chainatlas.accounts.models import User
from chainatlas.accounts.users import get_user
from chainatlas.api.deps import AppSettings, DbSession, PipelineScope
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.params import MAX_ROW_ID, RowId
from chainatlas.api.pipeline_schemas import (
    NOT_NULL_FIELDS,
    ActivityCreate,
    AmountCreate,
    AttachmentPublic,
    CandidatePromote,
    MoveCreate,
    PromoteRequest,
    RecordCreate,
    RecordDetail,
    RecordList,
    RecordUpdate,
    Stage,
    attachment_public,
    record_detail,
    record_public,
)
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
from chainatlas.pipeline.listing import RecordFilter, list_records
from chainatlas.pipeline.models import PipelineRecord, Team
from chainatlas.pipeline.records import (
    PipelineError,
    add_activity,
    add_amount,
    create_record,
    move_stage,
    promote_candidate,
    promote_project,
    set_owner,
    update_record,
    verify_signing,
)

router = APIRouter(tags=["pipeline"], responses=ERROR_RESPONSES)


def get_record(session: DbSession, record_id: int) -> PipelineRecord:
    """The record, or 404 when there is none (the API's JSON or the pages' error page)."""
    found = session.get(PipelineRecord, record_id)
    if found is None:
        raise ApiError(404, f"no pipeline record with id {record_id}")
    return found


def acting_user(session: DbSession, scope: Scope) -> User:
    """The signed-in user's account row (403 if it was deleted meanwhile); pages use it too."""
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


def visible_record(session: DbSession, scope: Scope, record_id: int) -> PipelineRecord:
    """The record if the scope may see it (404 / 403 otherwise)."""
    record = get_record(session, record_id)
    require_view(scope, record)
    return record


def editable_record(session: DbSession, scope: Scope, record_id: int) -> PipelineRecord:
    """The record if the scope may edit it (404 / 403 otherwise)."""
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
    found = [record_public(record) for record in list_records(session, scope, filters)]
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
        user=acting_user(session, scope),
        on=date.today(),
        company_name=body.company_name,
        region=settings.home_region if body.region is None else body.region,
        chain=body.chain or None,
        node=body.node or None,
        team=team,
        owner=owner_user or body.owner.strip() or acting_user(session, scope),
        stage=body.stage,
        investment_cny=body.investment_cny,
        land_mu=body.land_mu,
        next_follow_up=body.next_follow_up,
    )
    return record_detail(session, record)


@router.get("/pipeline/records/{record_id}")
def record(record_id: RowId, scope: PipelineScope, session: DbSession) -> RecordDetail:
    """One record with its whole history (stage changes, activities, amounts, files)."""
    found = visible_record(session, scope, record_id)
    return record_detail(session, found)


@router.patch("/pipeline/records/{record_id}")
def edit(
    record_id: RowId, body: RecordUpdate, scope: PipelineScope, session: DbSession
) -> RecordDetail:
    """Change plain fields (亩, output and tax, 提级跟进, follow-up, remarks …)."""
    found = editable_record(session, scope, record_id)
    changes = body.model_dump(exclude_unset=True)
    cleared = sorted(k for k, v in changes.items() if v is None and k in NOT_NULL_FIELDS)
    if cleared:
        raise PipelineError(f"record {record_id}: {', '.join(cleared)} cannot be null")
    owner = changes.pop("owner", None)
    if owner is not None:
        set_owner(session, found, owner)
    update_record(session, found, **changes)
    return record_detail(session, found)


@router.post("/pipeline/records/{record_id}/moves", status_code=201)
def move(
    record_id: RowId, body: MoveCreate, scope: PipelineScope, session: DbSession
) -> RecordDetail:
    """Move the record to another stage if the transition table allows it (409 if not)."""
    found = editable_record(session, scope, record_id)
    move_stage(
        session,
        found,
        body.to_stage,
        user=acting_user(session, scope),
        on=body.on or date.today(),
        note=body.note,
        reason=body.reason,
        evidence_document_id=body.evidence_document_id,
        evidence_text=body.evidence_text,
    )
    return record_detail(session, found)


@router.post("/pipeline/records/{record_id}/verify")
def verify(record_id: RowId, scope: PipelineScope, session: DbSession) -> RecordDetail:
    """核验 the latest signing: a region-wide editor or an admin who did not record it."""
    found = visible_record(session, scope, record_id)
    require_verify(scope)
    verify_signing(session, found, acting_user(session, scope), date.today())
    return record_detail(session, found)


@router.post("/pipeline/records/{record_id}/activities", status_code=201)
def activity(
    record_id: RowId, body: ActivityCreate, scope: PipelineScope, session: DbSession
) -> RecordDetail:
    """Log a visit, call, meeting or 推介会, optionally with the next follow-up date."""
    found = editable_record(session, scope, record_id)
    add_activity(
        session,
        found,
        body.kind,
        body.on or date.today(),
        body.notes,
        acting_user(session, scope),
        body.next_follow_up,
    )
    return record_detail(session, found)


@router.post("/pipeline/records/{record_id}/amounts", status_code=201)
def amount(
    record_id: RowId, body: AmountCreate, scope: PipelineScope, session: DbSession
) -> RecordDetail:
    """A dated amount: funds in place (到位资金) or a 增资 increment."""
    found = editable_record(session, scope, record_id)
    add_amount(session, found, body.kind, body.on or date.today(), body.amount_cny, body.note)
    return record_detail(session, found)


@router.post("/pipeline/records/{record_id}/attachments", status_code=201)
async def attach(
    record_id: RowId,
    scope: PipelineScope,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="PNG, JPEG, GIF, WebP or PDF.")],
) -> AttachmentPublic:
    """Keep an evidence file with the record; its type is read from its bytes."""
    found = editable_record(session, scope, record_id)
    limit = min(MAX_BYTES, settings.upload_max_bytes)
    data = await read_upload(file, limit)
    stored = add_attachment(
        session, found, file.filename or "", data, user_id=scope.user_id, max_bytes=limit
    )
    return attachment_public(found.id, stored)


@router.get(
    "/pipeline/records/{record_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def attachment(
    record_id: RowId, attachment_id: RowId, scope: PipelineScope, session: DbSession
) -> Response:
    """An evidence file, as a download with the type its bytes showed on upload."""
    return attachment_response(session, scope, record_id, attachment_id)


def attachment_response(
    session: DbSession, scope: Scope, record_id: int, attachment_id: int
) -> Response:
    """A visible record's evidence file as a download (the record page's links use it too)."""
    visible_record(session, scope, record_id)
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
    found = promote_project(session, project_id, team, acting_user(session, scope), date.today())
    require_view(scope, found)  # promoted before, by another team: not theirs to see
    return record_detail(session, found)


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
        user=acting_user(session, scope),
        region=settings.home_region if body.region is None else body.region,
        node_name=node_name,
        on=date.today(),
    )
    return record_detail(session, found)


def _creation_team(session: DbSession, scope: Scope, team_id: int | None) -> Team | None:
    """The team a promoted lead goes to: the one asked for, else a team member's first team."""
    team = _team(session, team_id)
    if team is None and not scope.region_wide:
        team = session.get(Team, min(scope.team_ids))
    require_create(scope, team)
    return team
