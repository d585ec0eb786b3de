"""Companies: a searchable list and the company page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from chainatlas.api.deps import CurrentUser, DbSession
from chainatlas.api.errors import ApiError
from chainatlas.api.params import RowId
from chainatlas.store.knowledge import get_company, list_companies
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/companies")
def companies_page(
    request: Request,
    auth: CurrentUser,
    session: DbSession,
    name: Annotated[str, Query(max_length=100)] = "",
    region: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    found = list_companies(
        session, name=name.strip() or None, region=region.strip() or None, limit=200
    )
    return render(request, "companies.html", auth, companies=found, name=name, region=region)


@router.get("/companies/{company_id}")
def company_page(
    company_id: RowId, request: Request, auth: CurrentUser, session: DbSession
) -> HTMLResponse:
    record = get_company(session, company_id)
    if record is None:
        raise ApiError(404, f"no company with id {company_id}")
    mounts = sorted({(p.chain, p.node) for p in record.projects if p.chain}, key=str)
    regions = sorted({p.region for p in record.projects if p.region})
    return render(request, "company.html", auth, record=record, mounts=mounts, regions=regions)
