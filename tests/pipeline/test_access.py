"""Tests of the pipeline's access policy: roles with team membership decide who sees,
creates, changes and verifies which records (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from chainatlas.accounts.users import create_user
from chainatlas.pipeline.access import (
    AccessDenied,
    add_member,
    remove_member,
    require_create,
    require_edit,
    require_targets,
    require_verify,
    require_view,
    scope_of,
    teams_of,
    visible_records,
    visible_teams,
)
from chainatlas.pipeline.listing import RecordFilter, list_records
from chainatlas.pipeline.models import PipelineRecord
from chainatlas.pipeline.records import create_record, ensure_team

Crew = Any  # the ``crew`` fixture of tests/pipeline/conftest.py


def _world(crew: Crew) -> dict[str, Any]:
    """Two teams with one record each, plus a region-wide record; a team editor in team A."""
    s = crew.session
    other = ensure_team(s, "半导体产业招商小分队", "小分队")
    member = create_user(s, "teamer", "password-four", "editor")
    team_viewer = create_user(s, "teamviewer", "password-five", "viewer")
    add_member(s, crew.team, member)
    add_member(s, crew.team, team_viewer)
    day = date(2026, 3, 1)
    return {
        "other": other,
        "member": member,
        "team_viewer": team_viewer,
        "mine": create_record(s, "本专班项目", user=member, on=day, team=crew.team),
        "theirs": create_record(s, "别队项目", user=crew.recorder, on=day, team=other),
        "region": create_record(s, "全区项目", user=crew.recorder, on=day),
    }


def test_membership_is_kept_once_and_can_be_removed(crew: Crew) -> None:
    s = crew.session
    first = add_member(s, crew.team, crew.recorder)
    again = add_member(s, crew.team, crew.recorder)
    assert first.id == again.id
    other = ensure_team(s, "半导体产业招商小分队", "小分队")
    add_member(s, other, crew.recorder)
    assert [team.name for team in teams_of(s, crew.recorder)] == [
        "半导体产业招商小分队",
        "新能源汽车专班",
    ]
    assert scope_of(s, crew.recorder).team_ids == {crew.team.id, other.id}
    assert remove_member(s, other, crew.recorder) is True
    assert remove_member(s, other, crew.recorder) is False
    assert [team.name for team in teams_of(s, crew.recorder)] == ["新能源汽车专班"]


def test_team_member_sees_only_their_teams_records(crew: Crew) -> None:
    s = crew.session
    world = _world(crew)
    member = scope_of(s, world["member"])
    names = {r.name for r in s.scalars(visible_records(member, select(PipelineRecord)))}
    assert names == {"本专班项目"}
    assert [r.name for r in list_records(s, member, RecordFilter())] == ["本专班项目"]
    assert [t.name for t in visible_teams(s, member)] == ["新能源汽车专班"]
    region_wide = scope_of(s, crew.recorder)
    assert {r.name for r in list_records(s, region_wide)} == {"本专班项目", "别队项目", "全区项目"}
    admin_in_team = crew.checker
    add_member(s, world["other"], admin_in_team)
    assert len(list_records(s, scope_of(s, admin_in_team))) == 3  # admins see everything
    assert len(visible_teams(s, region_wide)) == 2


def test_viewer_reads_but_never_writes(crew: Crew) -> None:
    s = crew.session
    world = _world(crew)
    viewer = scope_of(s, crew.viewer)
    for record in (world["mine"], world["theirs"], world["region"]):
        require_view(viewer, record)
        with pytest.raises(AccessDenied, match="may only read"):
            require_edit(viewer, record)
    with pytest.raises(AccessDenied, match="may only read"):
        require_create(viewer, None)
    with pytest.raises(AccessDenied, match="may not verify"):
        require_verify(viewer)
    with pytest.raises(AccessDenied, match="may not set targets"):
        require_targets(viewer)
    team_viewer = scope_of(s, world["team_viewer"])
    with pytest.raises(AccessDenied, match="may not see"):
        require_view(team_viewer, world["theirs"])
    with pytest.raises(AccessDenied, match="may only read"):
        require_edit(team_viewer, world["mine"])


def test_team_editor_changes_and_creates_only_in_their_team(crew: Crew) -> None:
    s = crew.session
    world = _world(crew)
    member = scope_of(s, world["member"])
    require_edit(member, world["mine"])
    require_create(member, crew.team)
    with pytest.raises(AccessDenied, match="may not see pipeline record"):
        require_edit(member, world["theirs"])
    with pytest.raises(AccessDenied, match="may not see"):
        require_edit(member, world["region"])
    with pytest.raises(AccessDenied, match="team '半导体产业招商小分队'"):
        require_create(member, world["other"])
    with pytest.raises(AccessDenied, match="the region as a whole"):
        require_create(member, None)
    with pytest.raises(AccessDenied, match="not by the team that signed"):
        require_verify(member)
    with pytest.raises(AccessDenied):
        require_targets(member)


def test_region_wide_editor_and_admin_reach_everything(crew: Crew) -> None:
    s = crew.session
    world = _world(crew)
    for user in (crew.recorder, crew.checker):
        scope = scope_of(s, user)
        assert scope.region_wide
        for record in (world["mine"], world["theirs"], world["region"]):
            require_edit(scope, record)
        require_create(scope, None)
        require_create(scope, world["other"])
        require_verify(scope)
        require_targets(scope)
    add_member(s, crew.team, crew.checker)
    admin = scope_of(s, crew.checker)
    assert admin.region_wide and admin.can_verify and admin.can_edit(world["theirs"])
