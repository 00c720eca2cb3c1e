"""The duty leader's desk: duty roster, meetings, action items, zero reports.

Action items carry a version column so two desks editing the same item are
detected (optimistic concurrency) rather than one silently overwriting the other.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

#: Categories of the daily consultation meeting (会商).
MEETING_CATEGORIES = (
    "repair_coordination",
    "network_patrol",
    "safety",
    "staff_stability",
    "external_service",
    "information_reporting",
)


class DutyShift(Base):
    """The leader on duty for one day and shift."""

    __tablename__ = "duty_shifts"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    shift: Mapped[str] = mapped_column(String(16), default="day")
    leader: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(64))
    double_shift_units: Mapped[str | None] = mapped_column(Text)


class Meeting(Base):
    """A daily consultation meeting record."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    leader: Mapped[str | None] = mapped_column(String(64))
    held_at: Mapped[dt.datetime | None]
    notes: Mapped[list[MeetingNote]] = relationship(back_populates="meeting", cascade="all, delete-orphan")


class MeetingNote(Base):
    """The typed note of one category in one meeting."""

    __tablename__ = "meeting_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    meeting: Mapped[Meeting] = relationship(back_populates="notes")


class ActionItem(Base):
    """A problem raised at a meeting, with a plan, an owner and a deadline."""

    __tablename__ = "action_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    category: Mapped[str] = mapped_column(String(32), default="safety")
    problem: Mapped[str] = mapped_column(Text)
    plan: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(64), default="")
    deadline: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="open")
    raised_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)
    followups: Mapped[list[ActionFollowUp]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ActionFollowUp.at"
    )
    __mapper_args__ = {"version_id_col": version}


class ActionFollowUp(Base):
    """A follow-up of an action item at a later meeting."""

    __tablename__ = "action_followups"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_items.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    item: Mapped[ActionItem] = relationship(back_populates="followups")


class ReportingUnit(Base):
    """A unit that must file a zero report at every slot."""

    __tablename__ = "reporting_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    contact: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(64))
    double_shift: Mapped[bool] = mapped_column(Boolean, default=True)


class ZeroReport(Base):
    """A unit's report for one slot: safe, or an incident text (零报告)."""

    __tablename__ = "zero_reports"
    __table_args__ = (UniqueConstraint("unit_id", "day", "slot", name="uq_zero_reports_unit_day_slot"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("reporting_units.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    #: The slot time "HH:MM".
    slot: Mapped[str] = mapped_column(String(5))
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    safe: Mapped[bool] = mapped_column(Boolean, default=True)
    incident: Mapped[str | None] = mapped_column(Text)
    reported_by: Mapped[str | None] = mapped_column(String(64))
    #: The sending phone's id for this report (field page); a repeat with the same id is stored once.
    client_id: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
