"""Alembic environment: migrations run on a connection handed in by the store."""

from __future__ import annotations

from alembic import context

import models

config = context.config
target_metadata = models.metadata


def run_migrations_online() -> None:
    """Run against the connection the store passes in ``config.attributes``."""
    connection = config.attributes.get("connection")
    if connection is None:  # pragma: no cover - only from the alembic CLI
        from sqlalchemy import create_engine

        connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
