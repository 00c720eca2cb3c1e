"""Declarative base and the column types every table shares.

Geometry is stored as WKB in lon/lat WGS84 (EPSG:4326), per DESIGN.md §3. Bulk
tables (pipes, track points, positions) are read and written through
:mod:`models.bulk` with SQLAlchemy Core and vectorised shapely, never one ORM
object per row; the ORM classes here exist for the small things and so that
every table has one typed definition.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, LargeBinary, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Deterministic constraint names so Alembic migrations (and SQLite batch mode)
#: can address every index and foreign key by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware timestamp that always comes back aware, in UTC.

    SQLite keeps no offset, so a plain ``DateTime(timezone=True)`` reads back
    naive there while PostgreSQL returns it aware; comparing the two raises.
    Values are stored as UTC and read back as UTC on every backend.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: D102 (SQLAlchemy hook)
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give the store timezone-aware times")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value, dialect):  # noqa: D102 (SQLAlchemy hook)
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    """Root of every WaterGuard table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        # Timestamps are timezone-aware in Python and stored as UTC.
        dt.datetime: UTCDateTime(),
        bytes: LargeBinary,
    }


def geom_column(nullable: bool = False) -> Mapped[bytes]:
    """A WKB geometry column in lon/lat WGS84."""
    return mapped_column(LargeBinary, nullable=nullable)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC (the store's clock)."""
    return dt.datetime.now(dt.timezone.utc)
