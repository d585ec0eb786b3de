"""search: full-text index of documents (SQLite FTS5 trigram; pg_trgm GIN indexes on PostgreSQL)

Revision ID: 0004
Revises: 0003

SQLite: ``search_documents`` is an FTS5 table with the ``trigram`` tokenizer (it finds
any Chinese substring of three or more characters), its rowid the document id; triggers
on ``documents`` keep it in step with every insert, text change and delete, and the
existing documents are indexed here. PostgreSQL: trigram GIN indexes make ``ILIKE`` fast
on documents, project and company names; the queries never call pg_trgm functions, so
they work (slower) where the extension cannot be created.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_TABLE = "search_documents"
SQLITE_TRIGGERS = {
    "search_documents_insert": """
        CREATE TRIGGER search_documents_insert AFTER INSERT ON documents BEGIN
          INSERT INTO search_documents(rowid, title, body)
          VALUES (new.id, coalesce(new.title, ''), new.normalised_text);
        END""",
    "search_documents_update": """
        CREATE TRIGGER search_documents_update AFTER UPDATE OF title, normalised_text
        ON documents BEGIN
          DELETE FROM search_documents WHERE rowid = old.id;
          INSERT INTO search_documents(rowid, title, body)
          VALUES (new.id, coalesce(new.title, ''), new.normalised_text);
        END""",
    "search_documents_delete": """
        CREATE TRIGGER search_documents_delete AFTER DELETE ON documents BEGIN
          DELETE FROM search_documents WHERE rowid = old.id;
        END""",
}
# (index name, table, column) of the PostgreSQL trigram indexes.
PG_INDEXES = (
    ("ix_documents_text_trgm", "documents", "normalised_text"),
    ("ix_documents_title_trgm", "documents", "title"),
    ("ix_projects_name_trgm", "projects", "name"),
    ("ix_companies_name_trgm", "companies", "name"),
    ("ix_company_aliases_alias_trgm", "company_aliases", "alias"),
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(title, body, tokenize='trigram')"
        )
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)
        op.execute(
            f"INSERT INTO {SQLITE_TABLE}(rowid, title, body) "
            "SELECT id, coalesce(title, ''), normalised_text FROM documents"
        )
    elif bind.dialect.name == "postgresql":
        schema = _trigram_schema(bind)
        if schema is None:
            return
        for name, table, column in PG_INDEXES:
            op.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f'USING gin ({column} "{schema}".gin_trgm_ops)'
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
    elif bind.dialect.name == "postgresql":
        for name, _table, _column in PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")


def _trigram_schema(bind: sa.Connection) -> str | None:
    """The schema holding pg_trgm, creating the extension when allowed; None without it."""
    find = sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    )
    schema: str | None = bind.scalar(find)
    if schema is not None:
        return schema
    available = bind.scalar(
        sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")
    )
    if not available:
        return None
    try:
        # A savepoint: without the right to create extensions only this statement fails.
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return None
    created: str | None = bind.scalar(find)
    return created
