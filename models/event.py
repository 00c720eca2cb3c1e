"""The event and the places it guards.

An :class:`Event` is the summit, games or parade; guarded places (venues,
residences, key units), motorcade routes, construction sites, key roads and
areas, important users and leak survey points belong to it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, geom_column

#: Kinds of guarded place (会场驻地 and key units).
PLACE_KINDS = ("venue", "residence", "key_unit")
USER_CATEGORIES = ("hospital", "venue", "residence", "government", "school", "industry", "other")


class Event(Base):
    """A major event the utility guarantees water for."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    #: IANA time zone of the host city; windows and day/night follow it.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    #: The metric CRS analysis runs in (a UTM zone, or CGCS2000 Gauss-Krüger).
    local_crs: Mapped[str] = mapped_column(String(64), default="EPSG:32632")
    city: Mapped[str | None] = mapped_column(String(128))
    notes: Mapped[str | None] = mapped_column(Text)
    #: Guard buffer around venues and residences, metres (schema 0004; the rule's default when null).
    guard_buffer_m: Mapped[float | None] = mapped_column(Float)


class GuardedPlace(Base):
    """A venue, residence or key unit, with its perimeter polygon."""

    __tablename__ = "guarded_places"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="venue")
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    #: Guard buffer around the perimeter, metres (the venue-guard rule's default applies when null).
    buffer_m: Mapped[float | None] = mapped_column(Float)
    geom: Mapped[bytes] = geom_column()


class Route(Base):
    """A motorcade route (a line along the streets)."""

    __tablename__ = "routes"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    from_place_id: Mapped[int | None] = mapped_column(ForeignKey("guarded_places.id"))
    to_place_id: Mapped[int | None] = mapped_column(ForeignKey("guarded_places.id"))
    geom: Mapped[bytes] = geom_column()
    passages: Mapped[list[RoutePassage]] = relationship(
        back_populates="route", cascade="all, delete-orphan", order_by="RoutePassage.planned_at"
    )


class RoutePassage(Base):
    """A planned passage of the motorcade along a route."""

    __tablename__ = "route_passages"
    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id"), index=True)
    planned_at: Mapped[dt.datetime]
    duration_min: Mapped[float] = mapped_column(Float, default=15.0)
    note: Mapped[str | None] = mapped_column(String(255))
    route: Mapped[Route] = relationship(back_populates="passages")


class ConstructionSite(Base):
    """A construction site; work inside the event window is a freeze conflict."""

    __tablename__ = "construction_sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    contractor: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="active")
    planned_start: Mapped[dt.datetime | None]
    planned_end: Mapped[dt.datetime | None]
    geom: Mapped[bytes] = geom_column()


class KeyRoad(Base):
    """A key road (重点道路) to patrol."""

    __tablename__ = "key_roads"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    geom: Mapped[bytes] = geom_column()


class KeyArea(Base):
    """A key area (重点区域) to patrol."""

    __tablename__ = "key_areas"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    geom: Mapped[bytes] = geom_column()


class ImportantUser(Base):
    """An important water user: hospital, venue, residence, government…"""

    __tablename__ = "important_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(16), default="other")
    contact: Mapped[str | None] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(Integer, default=3)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("guarded_places.id"))
    #: The pipe that supplies it (its service connection), for isolation.
    pipe_id: Mapped[int | None] = mapped_column(ForeignKey("pipes.id"), index=True)
    geom: Mapped[bytes] = geom_column()


class LeakSurveyPoint(Base):
    """A leak data collection point (测漏点) read once a day."""

    __tablename__ = "leak_survey_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    geom: Mapped[bytes] = geom_column()
    #: What it watches (schema 0007): residence, key_area, main_road, key_site (models.leak_survey.POINT_KINDS).
    kind: Mapped[str | None] = mapped_column(String(16))
    #: A point taken out of the survey is no longer due (schema 0007).
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
