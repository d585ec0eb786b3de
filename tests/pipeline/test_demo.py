"""The demo region's pipeline loads through the library's rules, once, with the figures
the demo file implies."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from sqlalchemy import func, select

from chainatlas.accounts.users import create_user
from chainatlas.pipeline.access import scope_of, teams_of
from chainatlas.pipeline.demo import load_demo_pipeline, seed_demo_pipeline
from chainatlas.pipeline.listing import list_records
from chainatlas.pipeline.models import PipelineRecord, Target
from chainatlas.pipeline.progress import target_progress
from chainatlas.pipeline.stages import ALLOWED
from chainatlas.store.db import Database

TODAY = date(2026, 11, 22)


def _seed(database: Database) -> None:
    with database.session() as session:
        for name, role in (("admin", "admin"), ("editor", "editor"), ("zhuanban", "editor")):
            create_user(session, name, f"{name}-password-1", role)
        report = seed_demo_pipeline(session, TODAY)
        assert report.created == len(load_demo_pipeline().records) == 18
        assert report.region == "池州市"


def test_demo_pipeline_loads_once(database: Database) -> None:
    _seed(database)
    with database.session() as session:
        again = seed_demo_pipeline(session, TODAY)
        assert (again.created, again.already_there) == (0, 18)
        assert session.scalar(select(func.count()).select_from(PipelineRecord)) == 18
        assert session.scalar(select(func.count()).select_from(Target)) == 14


def test_demo_histories_follow_the_transition_table(database: Database) -> None:
    _seed(database)
    with database.session() as session:
        for record in session.scalars(select(PipelineRecord)):
            steps = [change.to_stage for change in record.changes]
            assert steps[-1] == record.stage
            for before, after in pairwise(steps):
                assert after in ALLOWED[before], (record.name, before, after)
            dates = [change.changed_on for change in record.changes]
            assert dates == sorted(dates)
            for change in record.changes:
                if change.verified_by_id is not None:
                    assert change.verified_by_id != change.user_id


def test_demo_progress_counts_verified_signings_of_the_year(database: Database) -> None:
    _seed(database)
    with database.session() as session:
        rows = {(r.indicator, r.chain): r for r in target_progress(session, 2026, TODAY)}
        signed = rows[("signed_cny", None)]
        # Seven verified signings in 2026 (one more signing awaits 核验) plus one 增资 of 1亿.
        assert signed.achieved == (1_358_000 + 10_000) * 10_000
        assert rows[("projects", None)].achieved == 7
        assert rows[("projects_1b", None)].achieved == 6
        assert rows[("projects_1b", None)].status == "超进度"
        assert rows[("signed_cny", "magnesium-light-alloy")].achieved == 500_000 * 10_000


def test_demo_team_editor_sees_only_their_team(database: Database) -> None:
    _seed(database)
    with database.session() as session:
        from chainatlas.accounts.users import get_user

        member = get_user(session, "zhuanban")
        assert member is not None
        assert [team.name for team in teams_of(session, member)] == ["镁基新材料产业专班"]
        visible = list_records(session, scope_of(session, member))
        assert len(visible) == 6
        assert {record.team.name for record in visible if record.team} == {"镁基新材料产业专班"}
