"""What arrives from the field: phones registered by token, hazards with their photos.

A :class:`FieldToken` registers one phone to a person (a patroller) or to a
reporting unit (for its zero reports). Only a hash of the token is stored: the
token itself is printed once as a QR code and never shown again.

A :class:`Hazard` is a patroller's report of something found (隐患上报); it is
stored once per ``client_id`` (a phone that resends after a lost answer does
not make a second one) and is later turned into a repair or an action item,
or closed with a reason.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

#: What a hazard can be (the field page's buttons, in this order).
HAZARD_CATEGORIES = ("leak", "water_on_road", "construction_near_main", "damaged_cover", "low_pressure", "other")
#: A hazard's life: new at the desk, then turned into a repair or an action item, or closed.
HAZARD_STATUSES = ("new", "repair", "action_item", "closed")
#: Who a token registers a phone to.
TOKEN_HOLDERS = ("person", "unit")


class FieldToken(Base):
    """One phone's registration: a person or a reporting unit, by the hash of its token."""

    __tablename__ = "field_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the token, hex; the token itself is not stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    holder_kind: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_units.id"), index=True)
    #: The holder's name as printed on the QR sheet (kept if the person is renamed).
    label: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None]


class Hazard(Base):
    """A hazard found in the field (隐患)."""

    __tablename__ = "hazards"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    #: The phone's own id for this report: a repeat with the same id is the same hazard.
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    token_id: Mapped[int | None] = mapped_column(ForeignKey("field_tokens.id"), index=True)
    reporter: Mapped[str | None] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    #: When the patroller reported it (the phone's clock, checked); the five limits start here.
    reported_at: Mapped[dt.datetime] = mapped_column(index=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("repairs.id"))
    action_item_id: Mapped[int | None] = mapped_column(ForeignKey("action_items.id"))
    close_reason: Mapped[str | None] = mapped_column(Text)
    handled_at: Mapped[dt.datetime | None]
    handled_by: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    photos: Mapped[list[HazardPhoto]] = relationship(back_populates="hazard", cascade="all, delete-orphan",
                                                     order_by="HazardPhoto.id")


class HazardPhoto(Base):
    """One photo of a hazard, as stored: re-encoded, metadata stripped."""

    __tablename__ = "hazard_photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazards.id"), index=True)
    mime: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    #: Loaded only when read (counting a hazard's photos, listing them, must not read the images).
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    #: The position the camera wrote into the photo (EXIF GPS), if any.
    exif_lon: Mapped[float | None] = mapped_column(Float)
    exif_lat: Mapped[float | None] = mapped_column(Float)
    hazard: Mapped[Hazard] = relationship(back_populates="photos")
