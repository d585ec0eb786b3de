"""The teams page: 专班, 招商小分队 and departments with their members and record counts;
admins create teams and decide who is in which (membership decides what a user sees
and edits in the pipeline, see chainatlas.pipeline.access)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select

from chainatlas.accounts.models import User
from chainatlas.accounts.users import list_users
from chainatlas.api.deps import CurrentUser, DbSession, RequireAdmin
from chainatlas.api.errors import ApiError
from chainatlas.api.params import RowId
from chainatlas.pipeline.access import add_member, remove_member
from chainatlas.pipeline.models import TEAM_KINDS, PipelineRecord, Team, TeamMember
from chainatlas.pipeline.records import PipelineError, ensure_team
from chainatlas.web.i18n import register_messages
from chainatlas.web.render import render

router = APIRouter(include_in_schema=False)

register_messages(
    {
        "teams.title": ("专班与团队", "Teams"),
        "teams.kind": ("类型", "Kind"),
        "teams.members": ("成员", "Members"),
        "teams.records": ("项目数", "Records"),
        "teams.none": ("尚无团队", "No teams yet"),
        "teams.new": ("新建团队", "New team"),
        "teams.name": ("团队名称", "Team name"),
        "teams.create": ("创建", "Create"),
        "teams.add_member": ("加入成员", "Add member"),
        "teams.user": ("用户", "User"),
        "teams.add": ("加入", "Add"),
        "teams.remove": ("移出", "Remove"),
        "teams.rule": (
            "团队成员只能查看和编辑本团队的项目；不属于任何团队的用户面向全市工作。",
            "Team members see and edit only their teams' records; users in no team work "
            "for the whole region.",
        ),
    }
)


@router.get("/pipeline/teams")
def teams_page(
    request: Request, auth: CurrentUser, session: DbSession, error: str = ""
) -> HTMLResponse:
    counted = select(PipelineRecord.team_id, func.count()).group_by(PipelineRecord.team_id)
    record_counts = {team_id: count for team_id, count in session.execute(counted)}
    members: dict[int, list[tuple[int, str]]] = {}
    for team_id, user_id, username in session.execute(
        select(TeamMember.team_id, User.id, User.username)
        .join(User, User.id == TeamMember.user_id)
        .order_by(User.username)
    ):
        members.setdefault(team_id, []).append((user_id, username))
    teams = list(session.scalars(select(Team).order_by(Team.name)))
    return render(
        request,
        "pipeline_teams.html",
        auth,
        teams=teams,
        members=members,
        record_counts=record_counts,
        users=list_users(session),
        kinds=TEAM_KINDS,
        error=error[:300],
    )


def _back(error: str = "") -> RedirectResponse:
    from urllib.parse import quote

    suffix = f"?error={quote(error)}" if error else ""
    return RedirectResponse(f"/pipeline/teams{suffix}", status_code=303)


@router.post("/pipeline/teams")
def create_team(
    auth: RequireAdmin,
    session: DbSession,
    name: Annotated[str, Form(max_length=200)],
    kind: Annotated[str, Form(max_length=16)] = "专班",
) -> RedirectResponse:
    try:
        ensure_team(session, name, kind)
    except PipelineError as error:
        return _back(str(error))
    return _back()


def _team_and_user(session: DbSession, team_id: int, user_id: int) -> tuple[Team, User]:
    """The team and the user a membership form names; 404 if either is gone."""
    team = session.get(Team, team_id)
    user = session.get(User, user_id)
    if team is None or user is None:
        raise ApiError(404, f"no team {team_id} or no user {user_id}")
    return team, user


@router.post("/pipeline/teams/{team_id}/members")
def add_team_member(
    team_id: RowId,
    auth: RequireAdmin,
    session: DbSession,
    user_id: Annotated[RowId, Form()],
) -> RedirectResponse:
    add_member(session, *_team_and_user(session, team_id, user_id))
    return _back()


@router.post("/pipeline/teams/{team_id}/members/{user_id}/remove")
def remove_team_member(
    team_id: RowId, user_id: RowId, auth: RequireAdmin, session: DbSession
) -> RedirectResponse:
    remove_member(session, *_team_and_user(session, team_id, user_id))
    return _back()
