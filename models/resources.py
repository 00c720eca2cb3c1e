"""Repair resources: spare fittings in stock and centrally dispatched machinery."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class SparePart(Base):
    """Spare fittings of one type and DN at one location."""

    __tablename__ = "spare_parts"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    diameter_mm: Mapped[float | None] = mapped_column(Float)
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    location: Mapped[str] = mapped_column(String(128), default="")
    #: Odd-shaped fittings (异型管件) are stocked specially for the event.
    odd_shaped: Mapped[bool] = mapped_column(default=False)


class StockMovement(Base):
    """Fittings taken from (negative) or returned to stock, e.g. for a repair."""

    __tablename__ = "stock_movements"
    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("spare_parts.id"), index=True)
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("repairs.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    at_t: Mapped[float] = mapped_column(Float)


class Machinery(Base):
    """A piece of machinery (excavator, pump, generator) dispatched centrally."""

    __tablename__ = "machinery"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="available")
    location: Mapped[str | None] = mapped_column(String(128))
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("repairs.id"))
