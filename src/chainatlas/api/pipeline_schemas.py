"""Request and response models of the pipeline API (one class per role: …Create, …Update,
…Public) and the conversion of library objects into them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from chainatlas.api.params import MAX_ROW_ID
from chainatlas.pipeline.attachments import AttachmentInfo
from chainatlas.pipeline.history import Event, awaiting_verification, record_history
from chainatlas.pipeline.models import Attachment, PipelineRecord
from chainatlas.pipeline.records import latest_signing
from chainatlas.pipeline.stages import STAGE_NAMES, STAGES, parse_stage

Money = Annotated[float, Field(ge=0, le=1e15, description="Yuan (元).")]
Text = Annotated[str, Field(max_length=2000)]
# A stage id of the one vocabulary in pipeline/stages.py (its Chinese name is accepted too).
Stage = Annotated[
    str,
    AfterValidator(parse_stage),
    Field(max_length=20, json_schema_extra={"enum": list(STAGES)}),
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
NOT_NULL_FIELDS = frozenset({"company_name", "region", "owner", "escalated", "remarks"})


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


def record_public(record: PipelineRecord) -> RecordPublic:
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


def attachment_public(record_id: int, item: Attachment | AttachmentInfo) -> AttachmentPublic:
    """A stored file (just uploaded, or listed in a timeline) with its download URL."""
    return AttachmentPublic(
        id=item.id,
        filename=item.filename,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        url=f"/api/v1/pipeline/records/{record_id}/attachments/{item.id}",
    )


def event_public(record_id: int, event: Event) -> EventPublic:
    # EventPublic is Event's fields by name (less its internal order and change id), and
    # its attachments with their URLs.
    shown = {name: getattr(event, name) for name in EventPublic.model_fields}
    shown["attachments"] = [attachment_public(record_id, item) for item in event.attachments]
    return EventPublic(**shown)


def record_detail(session: Session, record: PipelineRecord) -> RecordDetail:
    history = [event_public(record.id, event) for event in record_history(session, record)]
    return RecordDetail(**record_public(record).model_dump(), history=history)
