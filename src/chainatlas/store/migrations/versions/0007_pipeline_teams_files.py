"""pipeline: team members, sheet keys and remarks on records, evidence attachments,
spreadsheet imports

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pipeline_team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["pipeline_teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "user_id", name="uq_team_member"),
    )
    op.create_index("ix_pipeline_team_members_team_id", "pipeline_team_members", ["team_id"])
    op.create_index("ix_pipeline_team_members_user_id", "pipeline_team_members", ["user_id"])
    with op.batch_alter_table("pipeline_records") as batch:
        batch.add_column(sa.Column("external_key", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("remarks", sa.Text(), nullable=False, server_default=""))
        batch.create_unique_constraint("uq_pipeline_records_external_key", ["external_key"])
    op.create_table(
        "pipeline_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("stage_change_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["pipeline_records.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["stage_change_id"], ["pipeline_stage_changes.id"], ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pipeline_attachments_record_id", "pipeline_attachments", ["record_id"])
    op.create_index(
        "ix_pipeline_attachments_stage_change_id", "pipeline_attachments", ["stage_change_id"]
    )
    op.create_table(
        "pipeline_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("pipeline_imports")
    op.drop_table("pipeline_attachments")
    with op.batch_alter_table("pipeline_records") as batch:
        batch.drop_constraint("uq_pipeline_records_external_key", type_="unique")
        batch.drop_column("remarks")
        batch.drop_column("external_key")
    op.drop_table("pipeline_team_members")
