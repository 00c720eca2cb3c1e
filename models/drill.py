"""Drill runs and the ledger of every row a drill wrote (so a drill can be wiped).

A drill (``python app.py drill``) rehearses an event day in the event's own
store. Everything it writes is listed in :class:`DrillRow` (table and id), and
its devices in :class:`DrillDevice` (their positions and track points go by
device id), so ``drill --wipe`` removes exactly the drill and nothing of the
real event. While a run is not wiped, the store is "in a drill": the desk's
title bar, the wall and every report say so.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class DrillRun(Base):
    """One drill: the day it simulated, its scenario and how far it got."""

    __tablename__ = "drill_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    scenario: Mapped[str] = mapped_column(String(255), default="")
    day: Mapped[str] = mapped_column(String(10))
    speed: Mapped[float] = mapped_column(Float, default=10.0)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running, finished, stopped, failed
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sim_until: Mapped[float | None] = mapped_column(Float)
    summary_json: Mapped[str | None] = mapped_column(Text)


class DrillRow(Base):
    """A row a drill inserted (deleted again by ``drill --wipe``)."""

    __tablename__ = "drill_rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("drill_runs.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int] = mapped_column(Integer)


class DrillDevice(Base):
    """A device id a drill simulated: its positions and track points belong to the drill."""

    __tablename__ = "drill_devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("drill_runs.id"), index=True)
    device: Mapped[str] = mapped_column(String(64), index=True)
