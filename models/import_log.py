"""The import log: which file (by content) was imported as what, and the rows it wrote.

A repeat of the same file and kind is found by the file's SHA-256, whatever
its name, so ``import`` can ask (replace, add, skip) instead of silently
doubling a network or a track. The rows are kept as id ranges per table, so
"replace" can take the earlier import out again.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ImportLogEntry(Base):
    """One import of one file."""

    __tablename__ = "import_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    #: The file's name when imported (for messages; the match is by ``sha256``).
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported_at: Mapped[float] = mapped_column(Float)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    #: JSON object: table name → [[first id, last id], …] of the rows this import wrote.
    rows_json: Mapped[str] = mapped_column(Text, default="{}")
    #: When a later import replaced this one (its rows are gone), else None.
    replaced_at: Mapped[float | None] = mapped_column(Float)
