"""Customer service tables: accounts, meters, reads, readers and routes, connections, tickets.

The utility's everyday duties the event must not disturb (DESIGN.md §1
"Customer service"). Accounts and meters can run to a million rows, so the
columns the bulk rules read are plain (dates as ``Date``, positions as
``lon``/``lat`` floats) and the services read them with SQL aggregates or
Core selects into arrays, never one ORM object per account.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

#: Account categories (household, business, large user, important user).
ACCOUNT_CATEGORIES = ("household", "business", "large", "important")
#: Causes a zero-volume user is given at follow-up.
ZERO_CAUSES = ("vacant", "stopped_meter", "suspected_bypass", "not_registered")
#: Ticket kinds, each with a stored response time.
TICKET_KINDS = ("enquiry", "repair", "meter_removal", "meter_check")
#: The steps of a new connection (报装), in order.
CONNECTION_STEPS = ("survey_design", "budget", "contract", "construction", "acceptance")
#: Actions the freeze calendar may hold during the event window.
FREEZE_KINDS = ("arrears_chasing", "treatment_process_change", "planned_shutdown")


class ReadingRoute(Base):
    """A reading route (抄表册): the accounts one reader reads."""

    __tablename__ = "reading_routes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str | None] = mapped_column(String(128))


class CustomerAccount(Base):
    """A billing account with its service location."""

    __tablename__ = "customer_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    address: Mapped[str | None] = mapped_column(String(255))
    category: Mapped[str] = mapped_column(String(16), default="household")
    #: ``active``, ``suspended`` or ``closed``; only active accounts are checked.
    status: Mapped[str] = mapped_column(String(16), default="active")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    #: Where the position came from: ``file``, ``place``, ``street``; None when unknown.
    located_by: Mapped[str | None] = mapped_column(String(16))
    route_id: Mapped[int | None] = mapped_column(ForeignKey("reading_routes.id"), index=True)
    #: Day the service was connected (a new connection stays watched until its first real read).
    connected_on: Mapped[dt.date | None] = mapped_column(Date)
    emergency_contact: Mapped[str | None] = mapped_column(String(128))
    emergency_phone: Mapped[str | None] = mapped_column(String(64))


class Meter(Base):
    """A billing water meter (JJG 162-2019 lifetimes apply)."""

    __tablename__ = "meters"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("customer_accounts.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    diameter_mm: Mapped[float | None] = mapped_column(Float)
    model: Mapped[str | None] = mapped_column(String(64))
    q3_m3h: Mapped[float | None] = mapped_column(Float)
    installed_on: Mapped[dt.date | None] = mapped_column(Date)
    first_verified_on: Mapped[dt.date | None] = mapped_column(Date)
    last_verified_on: Mapped[dt.date | None] = mapped_column(Date)
    #: ``in_service``, ``stopped`` or ``removed``; removed meters are not due.
    status: Mapped[str] = mapped_column(String(16), default="in_service")
    #: Replacement or verification due date by the stored rules; kept by the service on
    #: every meter import and rule change, so "due by D" is one index range scan.
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    #: The rule that set ``due_on`` (its name) and its action (``replace``/``verify``).
    due_rule: Mapped[str | None] = mapped_column(String(32))
    due_action: Mapped[str | None] = mapped_column(String(16))


class MeterRead(Base):
    """One account's consumption in one reading period (``YYYY-MM``)."""

    __tablename__ = "meter_reads"
    __table_args__ = (
        UniqueConstraint("account_id", "period", name="uq_meter_reads_account_period"),
        # Covering index: "any consumption since period P" is answered from the index alone.
        Index("ix_meter_reads_account_period_volume", "account_id", "period", "volume_m3"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("customer_accounts.id"))
    period: Mapped[str] = mapped_column(String(7), index=True)
    volume_m3: Mapped[float] = mapped_column(Float, default=0.0)
    read_on: Mapped[dt.date | None] = mapped_column(Date)


class ZeroVolumeCase(Base):
    """The follow-up of a zero-volume user: its cause, the action, owner and deadline."""

    __tablename__ = "zero_volume_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("customer_accounts.id"), unique=True)
    cause: Mapped[str | None] = mapped_column(String(32))
    plan: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(64), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MeterReader(Base):
    """A meter reader (抄表员)."""

    __tablename__ = "meter_readers"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str | None] = mapped_column(String(64))


class RouteAssignment(Base):
    """A reader's assignment to a route, to read it or to collect its arrears, from one day to another."""

    __tablename__ = "route_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("reading_routes.id"), index=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("meter_readers.id"), index=True)
    #: ``read`` or ``collect``.
    duty: Mapped[str] = mapped_column(String(16), default="read")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)


class ConnectionApplication(Base):
    """A new connection (报装) application."""

    __tablename__ = "connection_applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    applicant: Mapped[str] = mapped_column(String(128), default="")
    address: Mapped[str | None] = mapped_column(String(255))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("customer_accounts.id"))
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")


class ConnectionStep(Base):
    """One step of a connection job: who did it, when it started and finished."""

    __tablename__ = "connection_steps"
    __table_args__ = (UniqueConstraint("application_id", "step", name="uq_connection_steps_application_step"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("connection_applications.id"), index=True)
    step: Mapped[str] = mapped_column(String(16))
    person: Mapped[str] = mapped_column(String(64))
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class ServiceTicket(Base):
    """A service request: enquiry, repair, meter removal or meter check on request."""

    __tablename__ = "service_tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="enquiry")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("customer_accounts.id"), index=True)
    caller: Mapped[str | None] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(255))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(64))
    #: ``open``, ``responded``, ``closed``, or ``escalated`` (became an emergency repair).
    status: Mapped[str] = mapped_column(String(16), default="open")
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    responded_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("repairs.id"))


class FrozenRequest(Base):
    """An action asked for during the event (arrears chasing, a process change): accepted or refused."""

    __tablename__ = "frozen_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("customer_accounts.id"))
    subject: Mapped[str] = mapped_column(String(255), default="")
    planned_at: Mapped[dt.datetime]
    requested_by: Mapped[str] = mapped_column(String(64), default="desk")
    status: Mapped[str] = mapped_column(String(16), default="refused")
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
