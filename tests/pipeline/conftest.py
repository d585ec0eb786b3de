"""Fixtures of the pipeline tests: two users (one records, the other verifies) and a team, and
a builder of signed records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.accounts.users import create_user
from chainatlas.pipeline.models import PipelineRecord, Team
from chainatlas.pipeline.records import create_record, ensure_team, move_stage, verify_signing
from chainatlas.store.db import Database


@dataclass
class Crew:
    session: Session
    recorder: User
    checker: User
    viewer: User
    team: Team

    def signed(
        self,
        name: str,
        investment: float,
        signed_on: date,
        verified_on: date | None,
        team: Team | None = None,
        region: str = "",
    ) -> PipelineRecord:
        """A record in talks from 1 January, signed by the recorder on ``signed_on`` and
        verified by the checker on ``verified_on`` (unverified when None)."""
        record = create_record(
            self.session,
            name,
            user=self.recorder,
            on=date(signed_on.year, 1, 1),
            stage="negotiating",
            region=region,
            team=team,
            investment_cny=investment,
        )
        move_stage(self.session, record, "signed", user=self.recorder, on=signed_on)
        if verified_on is not None:
            verify_signing(self.session, record, self.checker, verified_on)
        return record


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
