"""Migration 0003 adds the account tables and removes them again."""

from __future__ import annotations

from sqlalchemy import inspect

from chainatlas.store.db import Database, downgrade_schema, upgrade_schema

ACCOUNT_TABLES = {"users", "login_sessions", "api_tokens"}


def test_accounts_migration_down_and_up(database: Database) -> None:
    assert set(inspect(database.engine).get_table_names()) >= ACCOUNT_TABLES
    downgrade_schema(database.engine, "0002")
    assert not ACCOUNT_TABLES & set(inspect(database.engine).get_table_names())
    upgrade_schema(database.engine)
    assert set(inspect(database.engine).get_table_names()) >= ACCOUNT_TABLES
