"""Patrol capacity: how fast a team of each kind patrols (DESIGN.md §1 "Patrol capacity")

Revision ID: 0007_patrol_capacity
Revises: 0007_leak_survey
Create Date: 2026-12-01 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_patrol_capacity"
down_revision = "0007_leak_survey"
branch_labels = None
depends_on = None

#: kind, how it travels, km/h: about 4 on foot, 12 by bicycle, 25 by car in town.
DEFAULTS = (
    ("patrol", "foot", 4.0),
    ("venue_guard", "foot", 4.0),
    ("guard", "foot", 4.0),
    ("stationed", "foot", 4.0),
    ("bicycle_patrol", "bicycle", 12.0),
    ("car_patrol", "car", 25.0),
    ("repair", "car", 25.0),
    ("water_tanker", "car", 25.0),
    ("command", "car", 25.0),
)


def upgrade() -> None:
    table = op.create_table(
        "team_kind_speeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("travel_mode", sa.String(length=16), nullable=False),
        sa.Column("speed_kmh", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_kind_speeds")),
        sa.UniqueConstraint("kind", name=op.f("uq_team_kind_speeds_kind")),
    )
    op.bulk_insert(table, [{"kind": k, "travel_mode": m, "speed_kmh": v} for k, m, v in DEFAULTS])


def downgrade() -> None:
    op.drop_table("team_kind_speeds")
