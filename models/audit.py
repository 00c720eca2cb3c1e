"""The audit log and stored settings.

Every change made through the desk is written to :class:`AuditEntry` with who
and when. :class:`Setting` holds the configurable rules (time-limit targets,
report slots, buffers) as JSON, so the numbers of DESIGN.md §1 are data.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class AuditEntry(Base):
    """One recorded change."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """A stored, editable rule or preference (JSON value)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


def read_setting(conn: Connection, key: str, default: Any = None) -> Any:
    """A stored JSON setting read on a Core connection; ``default`` when absent or unreadable."""
    raw = conn.execute(select(Setting.value_json).where(Setting.key == key)).scalar()
    if raw is None:
        return default
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return default


class StoreChange(Base):
    """A monotonically numbered change marker (added in schema 0002).

    Desks sharing one SQLite store poll ``max(id)`` of this table: a cheap
    change check that needs no server. On PostgreSQL, LISTEN/NOTIFY carries
    the same news.
    """

    __tablename__ = "store_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int | None]
    desk: Mapped[str] = mapped_column(String(64), default="")
