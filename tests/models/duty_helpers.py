"""Rows the duty-desk tests share (each test makes its own)."""

from __future__ import annotations

import datetime as dt

from models.duty import ReportingUnit
from models.repair import Repair
from models.resources import Machinery, SparePart

UTC = dt.timezone.utc
DAY = dt.date(2026, 8, 10)


def at(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    """An aware UTC instant on ``day``."""
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), tzinfo=UTC)


def add_units(session, n: int = 3) -> list[ReportingUnit]:
    units = [ReportingUnit(code=f"U{i:02d}", name=f"Unit {i}", contact=f"Contact {i}", phone=f"555-{i:04d}",
                           double_shift=i % 2 == 1) for i in range(1, n + 1)]
    session.add_all(units)
    session.flush()
    return units


def add_repair(session, code: str = "R-001", **kw) -> Repair:
    fields = dict(level="V", status="reported", reported_at=at("09:00"))
    fields.update(kw)
    repair = Repair(code=code, **fields)
    session.add(repair)
    session.flush()
    return repair


def add_stock(session) -> tuple[SparePart, Machinery]:
    part = SparePart(kind="tee", diameter_mm=200, quantity=3, location="Depot North", odd_shaped=True)
    machine = Machinery(code="EX-01", name="Excavator 1", kind="excavator", location="Depot North")
    session.add_all([part, machine])
    session.flush()
    return part, machine
