"""Projects: filtered, sorted, paginated lists, one project's record, and exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel

from chainatlas.api.decisions import DecisionResult, MergeRequest, SplitRequest, merge, split
from chainatlas.api.deps import CurrentUser, DbSession, RequireEditor
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.export import projects_csv, projects_xlsx
from chainatlas.api.params import ProjectFilterParams, ProjectListQuery, RowId
from chainatlas.store.dashboard import (
    Dashboard,
    all_projects,
    dashboard,
    page_projects,
)
from chainatlas.store.knowledge import ProjectRecord, ProjectSummary, get_project

router = APIRouter(tags=["projects"], responses=ERROR_RESPONSES)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProjectList(BaseModel):
    items: list[ProjectSummary]
    total: int
    page: int
    page_size: int
    pages: int


@router.get("/projects")
def projects(auth: CurrentUser, session: DbSession, params: ProjectListQuery) -> ProjectList:
    """Projects matching the filters, one page at a time."""
    found = page_projects(
        session, params.selection, params.sort, params.descending, params.page, params.page_size
    )
    return ProjectList(
        items=found.items,
        total=found.total,
        page=found.page,
        page_size=found.page_size,
        pages=found.pages,
    )


@router.get(
    "/projects/export.{fmt}",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}, XLSX: {}}}},
)
def export_projects(
    fmt: Annotated[str, Path(pattern="^(csv|xlsx)$")],
    auth: CurrentUser,
    session: DbSession,
    params: ProjectListQuery,
) -> Response:
    """Every project matching the filters (all pages), as CSV or XLSX."""
    found = all_projects(session, params.selection, params.sort, params.descending)
    if fmt == "csv":
        body, media = projects_csv(found), "text/csv; charset=utf-8"
    else:
        body, media = projects_xlsx(found), XLSX
    headers = {"Content-Disposition": f'attachment; filename="projects.{fmt}"'}
    return Response(body, media_type=media, headers=headers)


@router.get("/projects/{project_id}")
def project(project_id: RowId, auth: CurrentUser, session: DbSession) -> ProjectRecord:
    """One project: record, status timeline, every evidence sentence, phases."""
    found = get_project(session, project_id)
    if found is None:
        raise ApiError(404, f"no project with id {project_id}")
    return found


@router.get("/dashboard")
def dashboard_totals(
    auth: CurrentUser, session: DbSession, selection: ProjectFilterParams
) -> Dashboard:
    """The 驾驶舱 totals: by status, chain, region and month, with the latest projects."""
    return dashboard(session, selection)


@router.post("/projects/{project_id}/merge")
def merge_project(
    project_id: RowId, body: MergeRequest, auth: RequireEditor, session: DbSession
) -> DecisionResult:
    """Merge another project into this one (editors); re-applied after every re-extraction."""
    return merge(session, project_id, body, auth.user.username)


@router.post("/projects/{project_id}/split")
def split_off(
    project_id: RowId, body: SplitRequest, auth: RequireEditor, session: DbSession
) -> DecisionResult:
    """Move some evidence of this project to a project of its own (editors)."""
    return split(session, project_id, body, auth.user.username)
