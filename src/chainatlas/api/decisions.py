"""Merging and splitting projects: a person's decision, kept across re-extraction.

Shared by the API and the project page. Project ids change when blocks are
resolved again, so results name where the project's evidence is afterwards.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from chainatlas.api.errors import ApiError
from chainatlas.api.params import RowId
from chainatlas.resolve import ResolutionError, merge_projects, split_project
from chainatlas.store.dashboard import project_of_fact
from chainatlas.store.knowledge import get_project


class MergeRequest(BaseModel):
    other_id: RowId = Field(description="The project that is the same as this one")
    reason: str = Field(default="", max_length=2000)


class SplitRequest(BaseModel):
    fact_ids: list[RowId] = Field(min_length=1, description="Evidence (fact ids) to move out")
    reason: str = Field(default="", max_length=2000)


class DecisionResult(BaseModel):
    decision_id: int
    kind: str
    project_id: int | None  # where this project's first evidence is now
    other_project_id: int | None  # merge: the same as project_id; split: the new project


def _first_fact(session: Session, project_id: int) -> int:
    record = get_project(session, project_id)
    if record is None:
        raise ApiError(404, f"no project with id {project_id}")
    if not record.evidence:
        raise ApiError(422, f"project {project_id} has no evidence to anchor a decision")
    return record.evidence[0].fact_id


def merge(session: Session, project_id: int, body: MergeRequest, user: str) -> DecisionResult:
    """Record that two projects are one (a user decision, kept across re-extraction)."""
    anchor = _first_fact(session, project_id)
    if get_project(session, body.other_id) is None:
        raise ApiError(404, f"no project with id {body.other_id} to merge with")
    try:
        decision = merge_projects(session, project_id, body.other_id, user, body.reason)
    except ResolutionError as error:
        raise ApiError(409, str(error), code="invalid_decision") from None
    merged = project_of_fact(session, anchor)
    return DecisionResult(
        decision_id=decision.id, kind="merge", project_id=merged, other_project_id=merged
    )


def split(session: Session, project_id: int, body: SplitRequest, user: str) -> DecisionResult:
    """Record that some evidence belongs to another project."""
    record = get_project(session, project_id)
    if record is None:
        raise ApiError(404, f"no project with id {project_id}")
    staying = [e.fact_id for e in record.evidence if e.fact_id not in set(body.fact_ids)]
    try:
        decision = split_project(session, project_id, body.fact_ids, user, body.reason)
    except ResolutionError as error:
        raise ApiError(409, str(error), code="invalid_decision") from None
    return DecisionResult(
        decision_id=decision.id,
        kind="split",
        project_id=project_of_fact(session, staying[0]) if staying else None,
        other_project_id=project_of_fact(session, body.fact_ids[0]),
    )
