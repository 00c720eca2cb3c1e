"""Chinese names (name_zh) on the named things the demo and the map show

Revision ID: 0003demo
Revises: 0002
Create Date: 2026-11-27 02:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003demo"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Tables that gain a nullable ``name_zh`` shown beside ``name``.
TABLES = (
    "routes", "construction_sites", "key_roads", "key_areas", "important_users",
    "leak_survey_points", "water_sources", "teams", "reporting_units", "vehicles",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("name_zh", sa.String(length=128), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("name_zh")
