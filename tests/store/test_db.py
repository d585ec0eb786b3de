"""Schema creation, upgrades and SQLite settings, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, text

from chainatlas.store.db import (
    Database,
    current_revision,
    downgrade_schema,
    head_revision,
    upgrade_schema,
)


def test_first_use_creates_every_table_at_head(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert {"documents", "document_sources", "stories", "facts", "alembic_version"} <= tables
    assert current_revision(database.engine) == head_revision()


def test_migrations_go_down_to_nothing_and_up_again(database: Database) -> None:
    downgrade_schema(database.engine, "base")
    assert "documents" not in inspect(database.engine).get_table_names()
    upgrade_schema(database.engine)
    assert "documents" in inspect(database.engine).get_table_names()


def test_opening_twice_is_harmless(database_url: str) -> None:
    Database(database_url).dispose()
    second = Database(database_url)
    assert current_revision(second.engine) == head_revision()
    second.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    db = Database(f"sqlite:///{tmp_path}/x.sqlite3")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()
