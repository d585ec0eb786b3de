"""Listing pipeline records: one filter shared by the kanban board, the table, the JSON API,
the XLSX export and the CLI, always narrowed to what the asking user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from chainatlas.pipeline.access import Scope, visible_records
from chainatlas.pipeline.models import PipelineRecord
from chainatlas.pipeline.stages import STAGES

SORTS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "name": ("name", "id"),
    "stage": ("stage", "id"),
    "investment": ("investment_cny", "id"),
    "follow_up": ("next_follow_up", "id"),
    "region": ("region", "id"),
}


@dataclass(frozen=True)
class RecordFilter:
    """What to list; every field None/empty means "any"."""

    stage: str | None = None
    team_id: int | None = None
    chain: str | None = None
    region: str | None = None  # substring of the record's region
    text: str | None = None  # substring of the record's name or company
    overdue_on: date | None = None  # only records whose follow-up date is before this day
    escalated: bool | None = None
    sort: str = "id"
    descending: bool = False


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def record_query(scope: Scope, filters: RecordFilter) -> Select[tuple[PipelineRecord]]:
    """The SELECT of the records ``scope`` may see that pass ``filters``."""
    if filters.stage is not None and filters.stage not in STAGES:
        raise ValueError(f"unknown stage {filters.stage!r}; expected one of {', '.join(STAGES)}")
    if filters.sort not in SORTS:
        raise ValueError(f"unknown sort {filters.sort!r}; expected one of {', '.join(SORTS)}")
    query = visible_records(scope, select(PipelineRecord))
    if filters.stage:
        query = query.where(PipelineRecord.stage == filters.stage)
    if filters.team_id is not None:
        query = query.where(PipelineRecord.team_id == filters.team_id)
    if filters.chain:
        query = query.where(PipelineRecord.chain == filters.chain)
    if filters.region:
        query = query.where(
            PipelineRecord.region.like(f"%{_escape_like(filters.region)}%", escape="\\")
        )
    if filters.text:
        pattern = f"%{_escape_like(filters.text)}%"
        query = query.where(
            or_(
                PipelineRecord.name.like(pattern, escape="\\"),
                PipelineRecord.company_name.like(pattern, escape="\\"),
            )
        )
    if filters.overdue_on is not None:
        query = query.where(
            PipelineRecord.next_follow_up < filters.overdue_on,
            PipelineRecord.stage.not_in(("terminated", "at_capacity")),
        )
    if filters.escalated is not None:
        query = query.where(PipelineRecord.escalated.is_(filters.escalated))
    columns = [getattr(PipelineRecord, name) for name in SORTS[filters.sort]]
    first = columns[0].desc() if filters.descending else columns[0].asc()
    return query.order_by(first, *columns[1:])


def list_records(
    session: Session, scope: Scope, filters: RecordFilter | None = None
) -> list[PipelineRecord]:
    """The visible records passing ``filters``, with team, owner, changes and amounts loaded."""
    query = record_query(scope, filters or RecordFilter()).options(
        selectinload(PipelineRecord.team),
        selectinload(PipelineRecord.owner),
        selectinload(PipelineRecord.changes),
        selectinload(PipelineRecord.amounts),
    )
    return list(session.scalars(query))
