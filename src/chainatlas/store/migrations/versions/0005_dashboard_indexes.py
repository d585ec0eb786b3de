"""dashboard indexes: covering indexes for the 驾驶舱 totals by status, chain, region, month

Revision ID: 0005
Revises: 0004

Each dashboard aggregate groups projects by one column and sums ``counted_cny``; with
(column, counted_cny) indexes the database reads the index alone instead of every row
(at 100,000 projects on SQLite: ~10 ms instead of 70-200 ms per aggregate).
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_projects_status_counted": "status",
    "ix_projects_chain_counted": "chain",
    "ix_projects_region_counted": "region",
    "ix_projects_first_seen_counted": "first_seen",
}


def upgrade() -> None:
    for name, column in INDEXES.items():
        op.create_index(name, "projects", [column, "counted_cny"])


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="projects")
