"""Drill runs and the ledger of the rows and devices a drill wrote

Revision ID: 0006_drill_runs
Revises: 0004_own_event
Create Date: 2026-12-01 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_drill_runs"
down_revision = "0004_own_event"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drill_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("scenario", sa.String(length=255), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sim_until", sa.Float(), nullable=True),
        sa.Column("summary_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_runs")),
        sa.UniqueConstraint("code", name=op.f("uq_drill_runs_code")),
    )
    op.create_table(
        "drill_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["drill_runs.id"], name=op.f("fk_drill_rows_run_id_drill_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_rows")),
    )
    op.create_index(op.f("ix_drill_rows_run_id"), "drill_rows", ["run_id"])
    op.create_table(
        "drill_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["drill_runs.id"], name=op.f("fk_drill_devices_run_id_drill_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_devices")),
    )
    op.create_index(op.f("ix_drill_devices_run_id"), "drill_devices", ["run_id"])
    op.create_index(op.f("ix_drill_devices_device"), "drill_devices", ["device"])


def downgrade() -> None:
    op.drop_table("drill_devices")
    op.drop_table("drill_rows")
    op.drop_table("drill_runs")
