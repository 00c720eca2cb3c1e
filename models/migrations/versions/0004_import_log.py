"""The import log: a file's SHA-256 and kind, and the rows its import wrote

Revision ID: 0004_import_log
Revises: 0005_customers
Create Date: 2026-12-01 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_import_log"
down_revision = "0005_customers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.Float(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("rows_json", sa.Text(), nullable=False),
        sa.Column("replaced_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_log")),
    )
    op.create_index(op.f("ix_import_log_sha256"), "import_log", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_import_log_sha256"), table_name="import_log")
    op.drop_table("import_log")
