"""Fixtures of the pipeline tests: two users (one records, the other verifies) and a team."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.accounts.users import create_user
from chainatlas.pipeline.models import Team
from chainatlas.pipeline.records import ensure_team
from chainatlas.store.db import Database


@dataclass
class Crew:
    session: Session
    recorder: User
    checker: User
    viewer: User
    team: Team


@pytest.fixture
def crew(database: Database) -> Iterator[Crew]:
    with database.session() as session:
        yield Crew(
            session=session,
            recorder=create_user(session, "zhangsan", "password-one", "editor"),
            checker=create_user(session, "lisi", "password-two", "admin"),
            viewer=create_user(session, "wangwu", "password-three", "viewer"),
            team=ensure_team(session, "新能源汽车专班"),
        )
