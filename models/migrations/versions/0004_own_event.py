"""A utility's own event: the event's guard buffer, the store's streets, device owners

Revision ID: 0004_own_event
Revises: 0006_isolation
Create Date: 2026-12-01 02:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_own_event"
down_revision = "0006_isolation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("guard_buffer_m", sa.Float(), nullable=True))
    op.create_table(
        "streets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=128), nullable=True),
        sa.Column("highway", sa.String(length=32), nullable=True),
        sa.Column("oneway", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("source", sa.String(length=255), nullable=True),
        sa.Column("geom", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("device_id", sa.String(length=64), nullable=False, unique=True),
        sa.Column("owner_kind", sa.String(length=16), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), sa.ForeignKey("vehicles.id"), nullable=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=True),
        sa.Column("label", sa.String(length=128), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("devices")
    op.drop_table("streets")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("guard_buffer_m")
