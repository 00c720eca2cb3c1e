"""Leak-survey readings (测漏数据采集): one reading a day at every survey point.

The points themselves are :class:`models.event.LeakSurveyPoint` (around
residences, key areas, main roads and key sites). A :class:`LeakReading` is one
reading taken at a point: a listening verdict and/or a noise level, from a
patroller's phone (``field``), a leak-noise logger's CSV (``logger``) or typed
at the desk (``desk``). ``client_id`` is unique: the same reading sent twice
(a phone's offline queue, a logger file imported again) is stored once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

#: What a survey point watches (DESIGN §1: around residences, key areas, main roads, key sites).
POINT_KINDS = ("residence", "key_area", "main_road", "key_site")
#: Where a reading came from.
READING_SOURCES = ("field", "logger", "desk")
#: A listening verdict.
VERDICTS = ("leak_suspected", "no_leak", "unclear")


class LeakReading(Base):
    """One reading at a leak-survey point."""

    __tablename__ = "leak_readings"
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("leak_survey_points.id"), index=True)
    #: When the reading was taken (UTC); its event-local day is the day it counts for.
    taken_at: Mapped[dt.datetime] = mapped_column(index=True)
    #: Who took it: a person of the roster, a reporting unit, or the id of a field token (any may be null).
    reader_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reader_unit_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_units.id"))
    reader_token_id: Mapped[int | None] = mapped_column(Integer)
    #: A free label of the reader: a logger's serial number, a name typed at the desk.
    reader_label: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(8), default="field")
    noise_db: Mapped[float | None] = mapped_column(Float)
    verdict: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    #: Where the reader stood (WGS84), when the phone or logger said so.
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    #: The sender's id of this reading: a repeat with the same id is the same reading.
    client_id: Mapped[str | None] = mapped_column(String(96), unique=True)
    stored_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
