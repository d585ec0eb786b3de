"""Who may see and change which pipeline records: roles combined with team membership.

The rules, in one place (the web pages, the API and the CLI all ask here):

- a **viewer** reads and never changes anything;
- a user **in no team** works for the whole region (招商局 office, leadership): sees every
  record; as editor changes any record and sets targets;
- a user **in one or more teams** (专班, 小分队, department) sees only the records of their
  teams and, as editor, creates and changes only those;
- an **admin** sees and changes everything, whatever their teams;
- a signing is verified (核验) by a region-wide editor or an admin who did not record it:
  a team does not verify its own signings.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.accounts.roles import Role, allows
from chainatlas.pipeline.models import PipelineRecord, Team, TeamMember
from chainatlas.pipeline.records import PipelineError


class AccessDenied(PipelineError):
    """The user's role or team does not allow this."""


@dataclass(frozen=True)
class Scope:
    """What one user may reach: their role and the teams they belong to."""

    user_id: int
    username: str
    role: str
    team_ids: frozenset[int]

    @property
    def region_wide(self) -> bool:
        return self.role == Role.admin or not self.team_ids

    @property
    def can_write(self) -> bool:
        return allows(self.role, Role.editor)

    def sees_team(self, team_id: int | None) -> bool:
        return self.region_wide or (team_id is not None and team_id in self.team_ids)

    def can_view(self, record: PipelineRecord) -> bool:
        return self.sees_team(record.team_id)

    def can_edit(self, record: PipelineRecord) -> bool:
        return self.can_write and self.sees_team(record.team_id)

    def can_create_in(self, team_id: int | None) -> bool:
        return self.can_write and self.sees_team(team_id)

    @property
    def can_verify(self) -> bool:
        return self.can_write and self.region_wide

    @property
    def can_set_targets(self) -> bool:
        return self.can_write and self.region_wide


def scope_for(session: Session, user_id: int, username: str, role: str) -> Scope:
    """The scope of a user, from their id, name and role (as carried by a login)."""
    team_ids = frozenset(
        session.scalars(select(TeamMember.team_id).where(TeamMember.user_id == user_id))
    )
    return Scope(user_id=user_id, username=username, role=role, team_ids=team_ids)


def scope_of(session: Session, user: User) -> Scope:
    return scope_for(session, user.id, user.username, user.role)


def visible_records(
    scope: Scope, query: Select[tuple[PipelineRecord]]
) -> Select[tuple[PipelineRecord]]:
    """``query`` narrowed to the records ``scope`` may see."""
    if scope.region_wide:
        return query
    return query.where(PipelineRecord.team_id.in_(sorted(scope.team_ids)))


def visible_teams(session: Session, scope: Scope) -> list[Team]:
    query = select(Team).order_by(Team.name)
    if not scope.region_wide:
        query = query.where(Team.id.in_(sorted(scope.team_ids)))
    return list(session.scalars(query))


def require_view(scope: Scope, record: PipelineRecord) -> None:
    if not scope.can_view(record):
        raise AccessDenied(f"user {scope.username!r} may not see pipeline record {record.id}")


def require_write(scope: Scope) -> None:
    """AccessDenied for a read-only role (viewer): it may change no record at all."""
    if not scope.can_write:
        raise AccessDenied(f"user {scope.username!r} ({scope.role}) may only read records")


def require_edit(scope: Scope, record: PipelineRecord) -> None:
    """AccessDenied unless ``scope`` may change ``record`` (role and team both checked)."""
    require_view(scope, record)
    require_write(scope)
    if not scope.can_edit(record):
        raise AccessDenied(
            f"user {scope.username!r} may not change record {record.id} of another team"
        )


def require_create(scope: Scope, team: Team | None) -> None:
    require_write(scope)
    if not scope.can_create_in(team.id if team else None):
        where = f"team {team.name!r}" if team else "the region as a whole"
        raise AccessDenied(f"user {scope.username!r} may not create records for {where}")


def require_verify(scope: Scope) -> None:
    if not scope.can_verify:
        raise AccessDenied(
            f"user {scope.username!r} may not verify signings: 核验 is done by a region-wide "
            "editor or an admin, not by the team that signed"
        )


def require_targets(scope: Scope) -> None:
    if not scope.can_set_targets:
        raise AccessDenied(f"user {scope.username!r} may not set targets")


def add_member(session: Session, team: Team, user: User) -> TeamMember:
    """Put ``user`` in ``team`` (nothing happens if they already are)."""
    found = session.scalars(
        select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.user_id == user.id)
    ).first()
    if found is not None:
        return found
    member = TeamMember(team_id=team.id, user_id=user.id)
    session.add(member)
    session.flush()
    return member


def remove_member(session: Session, team: Team, user: User) -> bool:
    found = session.scalars(
        select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.user_id == user.id)
    ).first()
    if found is None:
        return False
    session.delete(found)
    session.flush()
    return True


def teams_of(session: Session, user: User) -> list[Team]:
    return list(
        session.scalars(
            select(Team)
            .join(TeamMember, TeamMember.team_id == Team.id)
            .where(TeamMember.user_id == user.id)
            .order_by(Team.name)
        )
    )
