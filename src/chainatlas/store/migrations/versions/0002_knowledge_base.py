"""knowledge base: companies, projects, mention links, timelines, user decisions

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _documents_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("block", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("companies") as batch:
        batch.create_index("ix_companies_block", ["block"])
        batch.create_index("ix_companies_key", ["key"])
        batch.create_index("ix_companies_region_code", ["region_code"])

    op.create_table(
        "company_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "alias"),
    )
    op.create_table(
        "company_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("block", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE"),
        _documents_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("company_mentions") as batch:
        for column in ("company_id", "fact_id", "document_id", "block"):
            batch.create_index(f"ix_company_mentions_{column}", [column])

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("block", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("phase", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("status_warning", sa.Text(), nullable=True),
        sa.Column("investment_cny", sa.Float(), nullable=True),
        sa.Column("investment_conflict", sa.Boolean(), nullable=False),
        sa.Column("counted_cny", sa.Float(), nullable=True),
        sa.Column("counted_why", sa.Text(), nullable=False),
        sa.Column("capacity", sa.String(length=200), nullable=True),
        sa.Column("chain", sa.String(length=100), nullable=True),
        sa.Column("node", sa.String(length=100), nullable=True),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.Column("last_seen", sa.Date(), nullable=True),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["parent_id"], ["projects.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("projects") as batch:
        for column in (
            "block",
            "company_id",
            "parent_id",
            "region",
            "region_code",
            "status",
            "chain",
            "last_seen",
        ):
            batch.create_index(f"ix_projects_{column}", [column])

    op.create_table(
        "project_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("block", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("investment_cny", sa.Float(), nullable=True),
        sa.Column("increase", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        _documents_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("project_mentions") as batch:
        for column in ("project_id", "fact_id", "document_id", "block"):
            batch.create_index(f"ix_project_mentions_{column}", [column])

    op.create_table(
        "project_timeline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("when", sa.String(length=10), nullable=True),
        sa.Column("dated_by", sa.String(length=16), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        _documents_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("project_timeline") as batch:
        batch.create_index("ix_project_timeline_project_id", ["project_id"])
        batch.create_index("ix_project_timeline_document_id", ["document_id"])

    op.create_table(
        "resolution_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("anchors", sa.JSON(), nullable=False),
        sa.Column("others", sa.JSON(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("resolution_decisions")
    op.drop_table("project_timeline")
    op.drop_table("project_mentions")
    op.drop_table("projects")
    op.drop_table("company_mentions")
    op.drop_table("company_aliases")
    op.drop_table("companies")
