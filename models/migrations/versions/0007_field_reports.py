"""Field phones (tokens), hazards and their photos, zero reports keyed by the phone's id

Revision ID: 0007_field_reports
Revises: 0006_drill_runs
Create Date: 2026-12-01 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_field_reports"
down_revision = "0006_drill_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("holder_kind", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_field_tokens_person_id_people")),
        sa.ForeignKeyConstraint(["unit_id"], ["reporting_units.id"],
                                name=op.f("fk_field_tokens_unit_id_reporting_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_field_tokens_token_hash")),
    )
    op.create_index(op.f("ix_field_tokens_person_id"), "field_tokens", ["person_id"])
    op.create_index(op.f("ix_field_tokens_unit_id"), "field_tokens", ["unit_id"])
    op.create_table(
        "hazards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("reporter", sa.String(length=128), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("accuracy_m", sa.Float(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=True),
        sa.Column("action_item_id", sa.Integer(), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["token_id"], ["field_tokens.id"], name=op.f("fk_hazards_token_id_field_tokens")),
        sa.ForeignKeyConstraint(["repair_id"], ["repairs.id"], name=op.f("fk_hazards_repair_id_repairs")),
        sa.ForeignKeyConstraint(["action_item_id"], ["action_items.id"],
                                name=op.f("fk_hazards_action_item_id_action_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazards")),
        sa.UniqueConstraint("code", name=op.f("uq_hazards_code")),
        sa.UniqueConstraint("client_id", name=op.f("uq_hazards_client_id")),
    )
    op.create_index(op.f("ix_hazards_token_id"), "hazards", ["token_id"])
    op.create_index(op.f("ix_hazards_reported_at"), "hazards", ["reported_at"])
    op.create_index(op.f("ix_hazards_status"), "hazards", ["status"])
    op.create_table(
        "hazard_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("exif_lon", sa.Float(), nullable=True),
        sa.Column("exif_lat", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazards.id"], name=op.f("fk_hazard_photos_hazard_id_hazards")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard_photos")),
    )
    op.create_index(op.f("ix_hazard_photos_hazard_id"), "hazard_photos", ["hazard_id"])
    op.add_column("zero_reports", sa.Column("client_id", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_zero_reports_client_id"), "zero_reports", ["client_id"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_zero_reports_client_id"), table_name="zero_reports")
    with op.batch_alter_table("zero_reports") as batch:
        batch.drop_column("client_id")
    op.drop_table("hazard_photos")
    op.drop_table("hazards")
    op.drop_table("field_tokens")
