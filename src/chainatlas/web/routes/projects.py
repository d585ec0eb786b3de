"""Project list (filters, sorting, pages, exports) and the project page with its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from chainatlas.api.decisions import MergeRequest, SplitRequest, merge, split
from chainatlas.api.deps import CurrentUser, DbSession, RequireEditor
from chainatlas.api.errors import ApiError
from chainatlas.api.params import STATUSES, ProjectListQuery, RowId
from chainatlas.api.routes.chains import chain_library
from chainatlas.store.dashboard import SORTABLE, page_projects
from chainatlas.store.documents import get_document
from chainatlas.store.knowledge import get_project
from chainatlas.web.evidence import highlight
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/projects")
def projects_page(
    request: Request, auth: CurrentUser, session: DbSession, params: ProjectListQuery
) -> HTMLResponse:
    found = page_projects(
        session, params.selection, params.sort, params.descending, params.page, params.page_size
    )
    chains = sorted(chain_library(request).chains.values(), key=lambda c: c.id)
    return render(
        request,
        "projects.html",
        auth,
        found=found,
        params=params,
        statuses=STATUSES,
        sortable=SORTABLE,
        chains=chains,
    )


@router.get("/projects/{project_id}")
def project_page(
    project_id: RowId, request: Request, auth: CurrentUser, session: DbSession
) -> HTMLResponse:
    record = get_project(session, project_id)
    if record is None:
        raise ApiError(404, f"no project with id {project_id}")
    passages = {}
    texts: dict[int, str] = {}
    for item in record.evidence:
        if item.document_id not in texts:
            document = get_document(session, item.document_id)
            texts[item.document_id] = document.normalised_text if document else ""
        passages[item.fact_id] = highlight(texts[item.document_id], item.sentence or item.name)
    amounts = sorted({e.investment_cny for e in record.evidence if e.investment_cny is not None})
    chain_name = node_name = None
    if record.project.chain:
        try:
            chain = chain_library(request).get(record.project.chain)
        except KeyError:
            chain_name = record.project.chain
        else:
            chain_name = chain.name
            if record.project.node:
                try:
                    node_name = chain.node(record.project.node).name
                except KeyError:
                    node_name = None
    return render(
        request,
        "project.html",
        auth,
        record=record,
        passages=passages,
        amounts=amounts,
        chain_name=chain_name,
        node_name=node_name,
    )


@router.post("/projects/{project_id}/merge")
def merge_submit(
    project_id: RowId,
    auth: RequireEditor,
    session: DbSession,
    other_id: Annotated[RowId, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    result = merge(
        session, project_id, MergeRequest(other_id=other_id, reason=reason), auth.user.username
    )
    return RedirectResponse(f"/projects/{result.project_id or project_id}", status_code=303)


@router.post("/projects/{project_id}/split")
def split_submit(
    project_id: RowId,
    auth: RequireEditor,
    session: DbSession,
    fact_ids: Annotated[list[RowId], Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    result = split(
        session, project_id, SplitRequest(fact_ids=fact_ids, reason=reason), auth.user.username
    )
    return RedirectResponse(f"/projects/{result.other_project_id or project_id}", status_code=303)
