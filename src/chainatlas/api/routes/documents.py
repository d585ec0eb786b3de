"""Documents: the stored articles with their facts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from chainatlas.api.deps import CurrentUser, DbSession
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.params import RowId
from chainatlas.store.documents import get_document, list_documents

router = APIRouter(tags=["documents"], responses=ERROR_RESPONSES)


class DocumentSummary(BaseModel):
    id: int
    name: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None
    format: str


class FactPublic(BaseModel):
    id: int
    kind: str
    name: str
    status: str | None
    region: str | None
    value_cny: float | None
    start: int | None
    end: int | None
    sentence: str | None
    data: dict[str, Any]


class DocumentDetail(DocumentSummary):
    normalised_text: str
    sources: list[str]
    facts: list[FactPublic]


@router.get("/documents")
def documents(
    auth: CurrentUser,
    session: DbSession,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[DocumentSummary]:
    """Stored documents, newest first."""
    found = list_documents(session, limit=page_size, offset=(page - 1) * page_size)
    return [DocumentSummary.model_validate(d, from_attributes=True) for d in found]


@router.get("/documents/{document_id}")
def document(document_id: RowId, auth: CurrentUser, session: DbSession) -> DocumentDetail:
    """One document with its normalised text, its sources and every fact with its span."""
    found = get_document(session, document_id)
    if found is None:
        raise ApiError(404, f"no document with id {document_id}")
    return DocumentDetail(
        **DocumentSummary.model_validate(found, from_attributes=True).model_dump(),
        normalised_text=found.normalised_text,
        sources=[s.origin for s in found.sources],
        facts=[FactPublic.model_validate(f, from_attributes=True) for f in found.facts],
    )
