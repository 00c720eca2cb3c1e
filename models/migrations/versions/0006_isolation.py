"""Isolation: the stored EPANET model for the pressure step, the isolation chosen per repair

Revision ID: 0006_isolation
Revises: 0004_import_log
Create Date: 2026-12-01 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_isolation"
down_revision = "0004_import_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hydraulic_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("inp_text", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hydraulic_models")),
    )
    op.create_table(
        "repair_isolations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("pipe_id", sa.Integer(), nullable=True),
        sa.Column("option_rank", sa.Integer(), nullable=False),
        sa.Column("valves_json", sa.Text(), nullable=False),
        sa.Column("left_open_json", sa.Text(), nullable=False),
        sa.Column("guarded_json", sa.Text(), nullable=False),
        sa.Column("dry_length_m", sa.Float(), nullable=False),
        sa.Column("cut_off_pipes", sa.Integer(), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("chosen_by", sa.String(length=64), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["repair_id"], ["repairs.id"], name=op.f("fk_repair_isolations_repair_id_repairs")),
        sa.ForeignKeyConstraint(["pipe_id"], ["pipes.id"], name=op.f("fk_repair_isolations_pipe_id_pipes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_isolations")),
    )
    with op.batch_alter_table("repair_isolations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_repair_isolations_repair_id"), ["repair_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("repair_isolations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repair_isolations_repair_id"))
    op.drop_table("repair_isolations")
    op.drop_table("hydraulic_models")
