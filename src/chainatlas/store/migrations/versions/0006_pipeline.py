"""pipeline: the team's own records, stage history, activities, amounts, teams, targets

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _record_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["record_id"], ["pipeline_records.id"], ondelete="CASCADE")


def _user_fk(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], ondelete="SET NULL")


def upgrade() -> None:
    op.create_table(
        "pipeline_teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "pipeline_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("company_name", sa.String(length=300), nullable=False),
        sa.Column("chain", sa.String(length=100), nullable=True),
        sa.Column("node", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("stage_reason", sa.Text(), nullable=False),
        sa.Column("investment_cny", sa.Float(), nullable=True),
        sa.Column("land_mu", sa.Float(), nullable=True),
        sa.Column("promised_output_cny", sa.Float(), nullable=True),
        sa.Column("promised_tax_cny", sa.Float(), nullable=True),
        sa.Column("realised_output_cny", sa.Float(), nullable=True),
        sa.Column("realised_tax_cny", sa.Float(), nullable=True),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["pipeline_teams.id"], ondelete="SET NULL"),
        _user_fk("owner_user_id"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("chain", "team_id", "owner_user_id", "stage", "next_follow_up", "project_id"):
        op.create_index(f"ix_pipeline_records_{column}", "pipeline_records", [column])
    op.create_table(
        "pipeline_stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=16), nullable=True),
        sa.Column("to_stage", sa.String(length=16), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_document_id", sa.Integer(), nullable=True),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_on", sa.Date(), nullable=True),
        _record_fk(),
        _user_fk("user_id"),
        _user_fk("verified_by_id"),
        sa.ForeignKeyConstraint(["evidence_document_id"], ["documents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pipeline_stage_changes_record_id", "pipeline_stage_changes", ["record_id"])
    op.create_index(
        "ix_pipeline_stage_changes_changed_on", "pipeline_stage_changes", ["changed_on"]
    )
    op.create_table(
        "pipeline_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        _record_fk(),
        _user_fk("user_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pipeline_activities_record_id", "pipeline_activities", ["record_id"])
    op.create_table(
        "pipeline_amounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("dated", sa.Date(), nullable=False),
        sa.Column("amount_cny", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _record_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pipeline_amounts_record_id", "pipeline_amounts", ["record_id"])
    op.create_table(
        "pipeline_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("chain", sa.String(length=100), nullable=True),
        sa.Column("indicator", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["pipeline_teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pipeline_targets_year", "pipeline_targets", ["year"])
    op.create_index("ix_pipeline_targets_team_id", "pipeline_targets", ["team_id"])


def downgrade() -> None:
    for table in (
        "pipeline_targets",
        "pipeline_amounts",
        "pipeline_activities",
        "pipeline_stage_changes",
        "pipeline_records",
        "pipeline_teams",
    ):
        op.drop_table(table)
