"""The store's streets (imported from OSM or the utility's GIS) and the device registry.

Streets are bulk lines (lon/lat WKB): dispatch travel times, the vehicle
simulator and the address lookup build their graph from them. A device row
says whose a GPS device is: a vehicle's, or a patroller's (a team member).
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, geom_column

DEVICE_OWNERS = ("vehicle", "patroller")


class Street(Base):
    """One street line (an OSM way or a GIS feature)."""

    __tablename__ = "streets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(128))
    #: OSM highway class (residential, primary …); sets the driving speed.
    highway: Mapped[str | None] = mapped_column(String(32))
    oneway: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(255))
    geom: Mapped[bytes] = geom_column()


class Device(Base):
    """A registered GPS device and its owner (a vehicle, or a patroller of a team)."""

    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64), unique=True)
    owner_kind: Mapped[str] = mapped_column(String(16))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    label: Mapped[str | None] = mapped_column(String(128))
