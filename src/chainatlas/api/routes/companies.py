"""Companies: lists by name and region, one company's record."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from chainatlas.api.deps import CurrentUser, DbSession
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.params import RowId
from chainatlas.store.knowledge import (
    CompanySummary,
    ProjectSummary,
    get_company,
    list_companies,
)

router = APIRouter(tags=["companies"], responses=ERROR_RESPONSES)


class SourceDocument(BaseModel):
    id: int
    name: str
    published: date | None


class CompanyDetail(BaseModel):
    company: CompanySummary
    alias_reasons: dict[str, str]
    projects: list[ProjectSummary]
    documents: list[SourceDocument]


@router.get("/companies")
def companies(
    auth: CurrentUser,
    session: DbSession,
    name: Annotated[
        str | None, Query(max_length=100, description="Part of a name or alias")
    ] = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> list[CompanySummary]:
    """Companies whose name or an alias contains ``name``, most reported first."""
    return list_companies(session, name=name or None, region=region or None, limit=limit)


@router.get("/companies/{company_id}")
def company(company_id: RowId, auth: CurrentUser, session: DbSession) -> CompanyDetail:
    """One company with its aliases, projects and source documents."""
    found = get_company(session, company_id)
    if found is None:
        raise ApiError(404, f"no company with id {company_id}")
    return CompanyDetail(
        company=found.company,
        alias_reasons=found.alias_reasons,
        projects=found.projects,
        documents=[SourceDocument(id=i, name=n, published=p) for i, n, p in found.documents],
    )
