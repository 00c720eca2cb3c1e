"""Patrol: requirements, patches, teams and people, shifts and tracks.

Every frequency, buffer and tolerance of DESIGN.md §1 is a row here, editable,
never a constant in code. Track points are bulk data (lon/lat floats plus a
unix time), read and written as arrays through :mod:`models.bulk`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, geom_column

#: What a requirement applies to (the spatial rule that selects its targets).
REQUIREMENT_RULES = (
    "venue_guard",      # venue & residence perimeters + buffer, routes and sites next to them
    "stationed_post",   # exposed transmission segments: a person on site
    "key_places",       # venue residences, key roads, key areas
    "transmission",     # transmission mains, construction sites, motorcade routes
    "patch",            # every other pipe, by patrol patch
    "leak_survey",      # leak survey points
)


class PatrolRequirement(Base):
    """A patrol requirement with its frequency and coverage tolerances."""

    __tablename__ = "patrol_requirements"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    rule: Mapped[str] = mapped_column(String(32))
    #: Window length in hours (24 / rounds per day).
    interval_h: Mapped[float] = mapped_column(Float)
    rounds_per_day: Mapped[float] = mapped_column(Float)
    buffer_m: Mapped[float] = mapped_column(Float, default=0.0)
    #: D: a segment point counts as visited within this distance of a track.
    tolerance_m: Mapped[float] = mapped_column(Float, default=30.0)
    #: F: the share of a segment's length that must be visited in a window.
    covered_fraction: Mapped[float] = mapped_column(Float, default=0.8)
    #: S: dwell time at a key point for it to count as reached.
    min_dwell_s: Mapped[float] = mapped_column(Float, default=60.0)
    #: Team kinds whose tracks count (comma separated); empty means all.
    eligible_team_kinds: Mapped[str] = mapped_column(String(128), default="")
    round_the_clock: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PatrolPatch(Base):
    """A patrol patch (管片): a contiguous piece of the network for one team."""

    __tablename__ = "patrol_patches"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    workload_km: Mapped[float] = mapped_column(Float, default=0.0)
    geom: Mapped[bytes] = geom_column()


class SegmentRequirement(Base):
    """One pipe under one requirement, with the reason it is there."""

    __tablename__ = "segment_requirements"
    id: Mapped[int] = mapped_column(primary_key=True)
    pipe_id: Mapped[int] = mapped_column(ForeignKey("pipes.id"), index=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("patrol_requirements.id"), index=True)
    patch_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_patches.id"))
    reason: Mapped[str] = mapped_column(String(255), default="")


class Team(Base):
    """A patrol or guard team (or a repair crew's team)."""

    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32), default="patrol")
    leader: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(64))
    device_id: Mapped[str | None] = mapped_column(String(64), index=True)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"))
    patch_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_patches.id"))
    members: Mapped[list[Person]] = relationship(back_populates="team")


class TeamKindSpeed(Base):
    """How fast a team of a kind patrols (DESIGN.md §1 "Patrol capacity"); editable.

    Seeded by the migration: about 4 km/h on foot, 12 by bicycle, 25 by car in town.
    """

    __tablename__ = "team_kind_speeds"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), unique=True)
    #: foot, bicycle or car (what the speed stands for).
    travel_mode: Mapped[str] = mapped_column(String(16), default="foot")
    speed_kmh: Mapped[float] = mapped_column(Float, default=4.0)


class Person(Base):
    """A member of staff."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(128))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    team: Mapped[Team | None] = relationship(back_populates="members")


class Shift(Base):
    """A team's shift; every unit runs double shifts during the event."""

    __tablename__ = "shifts"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    name: Mapped[str] = mapped_column(String(32), default="day")
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]


class TrackPoint(Base):
    """A recorded patrol fix. Bulk: use :func:`models.bulk.write_track_points`."""

    __tablename__ = "track_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    device: Mapped[str] = mapped_column(String(64), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    #: Unix seconds, UTC.
    t: Mapped[float] = mapped_column(Float, index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    speed_mps: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(255))


class KeyPoint(Base):
    """A key point a requirement wants reached (到位), e.g. a valve chamber."""

    __tablename__ = "key_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    requirement_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_requirements.id"))
    patch_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_patches.id"))
    note: Mapped[str | None] = mapped_column(Text)
    geom: Mapped[bytes] = geom_column()
