"""Leak survey: the kind and active flag of survey points, and the readings taken at them

Revision ID: 0007_leak_survey
Revises: 0007_field_reports
Create Date: 2026-12-01 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_leak_survey"
down_revision = "0007_field_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leak_survey_points", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        "leak_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reader_person_id", sa.Integer(), nullable=True),
        sa.Column("reader_unit_id", sa.Integer(), nullable=True),
        sa.Column("reader_token_id", sa.Integer(), nullable=True),
        sa.Column("reader_label", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("noise_db", sa.Float(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("client_id", sa.String(length=96), nullable=True),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["point_id"], ["leak_survey_points.id"],
                                name=op.f("fk_leak_readings_point_id_leak_survey_points")),
        sa.ForeignKeyConstraint(["reader_person_id"], ["people.id"], name=op.f("fk_leak_readings_reader_person_id_people")),
        sa.ForeignKeyConstraint(["reader_unit_id"], ["reporting_units.id"],
                                name=op.f("fk_leak_readings_reader_unit_id_reporting_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leak_readings")),
        sa.UniqueConstraint("client_id", name=op.f("uq_leak_readings_client_id")),
    )
    op.create_index(op.f("ix_leak_readings_point_id"), "leak_readings", ["point_id"])
    op.create_index(op.f("ix_leak_readings_taken_at"), "leak_readings", ["taken_at"])


def downgrade() -> None:
    op.drop_table("leak_readings")
    with op.batch_alter_table("leak_survey_points", schema=None) as batch_op:
        batch_op.drop_column("active")
        batch_op.drop_column("kind")
