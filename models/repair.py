"""Repair vehicles, their positions, emergency repairs and notifications.

A repair carries the five time limits (五个时限) as six timestamps: reported,
dispatched, arrived, isolated, repaired, restored. Targets come from the stored
rules (:class:`models.settings.Setting`), never from constants.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

from models.vocabulary import REPAIR_LEVELS, REPAIR_STATES, VEHICLE_STATES  # noqa: F401 (re-exported)


class Vehicle(Base):
    """A repair vehicle (or a patroller's device) reporting positions."""

    __tablename__ = "vehicles"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    #: The id the device reports with (OsmAnd ``id``/``deviceid``).
    device_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="repair")
    plate: Mapped[str | None] = mapped_column(String(32))
    crew: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="available")
    depot_lon: Mapped[float | None] = mapped_column(Float)
    depot_lat: Mapped[float | None] = mapped_column(Float)
    last_t: Mapped[float | None] = mapped_column(Float)
    last_lon: Mapped[float | None] = mapped_column(Float)
    last_lat: Mapped[float | None] = mapped_column(Float)
    last_speed_mps: Mapped[float | None] = mapped_column(Float)
    last_heading: Mapped[float | None] = mapped_column(Float)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class Position(Base):
    """A position report. Bulk: use :func:`models.bulk.write_positions`."""

    __tablename__ = "positions"
    id: Mapped[int] = mapped_column(primary_key=True)
    device: Mapped[str] = mapped_column(String(64), index=True)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"), index=True)
    #: Fix time, unix seconds UTC.
    t: Mapped[float] = mapped_column(Float, index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    speed_mps: Mapped[float | None] = mapped_column(Float)
    heading: Mapped[float | None] = mapped_column(Float)
    altitude_m: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    battery: Mapped[float | None] = mapped_column(Float)
    received_t: Mapped[float | None] = mapped_column(Float)
    protocol: Mapped[str | None] = mapped_column(String(16))


class Repair(Base):
    """An emergency repair (抢修) with its five milestones."""

    __tablename__ = "repairs"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    category: Mapped[str] = mapped_column(String(32), default="leak")
    level: Mapped[str] = mapped_column(String(4), default="V")
    level_reason: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="reported")
    caller: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    pipe_id: Mapped[int | None] = mapped_column(ForeignKey("pipes.id"))
    diameter_mm: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    in_guarded_zone: Mapped[bool] = mapped_column(Boolean, default=False)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"))
    reported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    dispatched_at: Mapped[dt.datetime | None]
    arrived_at: Mapped[dt.datetime | None]
    isolated_at: Mapped[dt.datetime | None]
    repaired_at: Mapped[dt.datetime | None]
    restored_at: Mapped[dt.datetime | None]
    #: Optimistic concurrency: a second desk saving a stale copy is told.
    version: Mapped[int] = mapped_column(Integer, default=1)
    notifications: Mapped[list[Notification]] = relationship(back_populates="repair")
    __mapper_args__ = {"version_id_col": version}


class Notification(Base):
    """One message to one recipient about a repair, through the outbox."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("repairs.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(128))
    address: Mapped[str | None] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(16), default="log")
    language: Mapped[str] = mapped_column(String(8), default="zh_CN")
    subject: Mapped[str] = mapped_column(String(255), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    repair: Mapped[Repair | None] = relationship(back_populates="notifications")


class Contact(Base):
    """Someone to notify: important users, media, government, internal staff."""

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    group: Mapped[str] = mapped_column(String(32), default="internal")
    organisation: Mapped[str | None] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(128))
    #: The least severe level this contact is told about ("V" = everything).
    min_level: Mapped[str] = mapped_column(String(4), default="IV")
    language: Mapped[str] = mapped_column(String(8), default="zh_CN")
