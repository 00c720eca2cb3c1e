"""A busy moment of the demo event for the wall tests and screenshots.

Repairs at real pipe locations of the demo city, vehicles with fresh and old
fixes, a missed zero report and an overdue action item, all relative to ``now``.
"""

from __future__ import annotations

import datetime as dt

import shapely
from sqlalchemy import select

from models.bulk import read_features
from models.duty import ActionItem, ZeroReport
from models.repair import Repair, Vehicle


def pipe_points(store, n: int) -> list[tuple[float, float]]:
    """Midpoints (lon, lat) of ``n`` demo pipes spread over the city."""
    with store.engine.connect() as conn:
        pipes = read_features(conn, "pipes", columns=["code"])
    step = max(len(pipes) // (n + 1), 1)
    mids = shapely.line_interpolate_point(pipes.geometry.to_numpy()[step::step][:n], 0.5, normalized=True)
    return [(float(p.x), float(p.y)) for p in mids]


def add_repair(store, code: str, level: str, lonlat: tuple[float, float], reported_at: dt.datetime,
               dispatched: bool = False, address: str | None = None) -> int:
    """Insert one open repair; returns its id."""
    with store.session() as s:
        r = Repair(code=code, level=level, status="dispatched" if dispatched else "reported",
                   address=address, lon=lonlat[0], lat=lonlat[1], reported_at=reported_at,
                   dispatched_at=reported_at + dt.timedelta(minutes=4) if dispatched else None, diameter_mm=200.0)
        s.add(r)
        s.commit()
        return r.id


def seed_busy(store, now: dt.datetime) -> None:
    """Repairs (one level II not yet dispatched), vehicles, reports and items as of ``now``."""
    pts = pipe_points(store, 6)
    levels = ("V", "V", "IV", "V", "III", "II")
    for i, (level, p) in enumerate(zip(levels, pts)):
        dispatched = level != "II"
        address = "Städtle 12, Vaduz" if level == "II" else f"Landstrasse {10 + i}"
        add_repair(store, f"R-{i + 1:03d}", level, p, now - dt.timedelta(minutes=70 - 10 * i), dispatched, address)
    with store.session() as s:
        vehicles = list(s.scalars(select(Vehicle).order_by(Vehicle.code)))
        for i, v in enumerate(vehicles):
            lon, lat = pts[i % len(pts)]
            v.last_lon, v.last_lat = lon + 0.002 * (i % 3), lat + 0.0015 * (i % 2)
            v.last_t = now.timestamp() - (600 if i in (3, 9) else 20)
            v.status = "off_duty" if i == 13 else "on_site" if i < 4 else "available"
        s.add(ActionItem(code="A-001", category="safety", problem="Fence at the Rheinpark pump station",
                         plan="Repair before the opening", owner="Li", status="open",
                         deadline=now - dt.timedelta(hours=2), created_at=now - dt.timedelta(days=1)))
        s.add(ActionItem(code="A-002", category="repair_coordination", problem="Spare DN300 couplings",
                         plan="Order from the depot", owner="Wang", status="open",
                         deadline=now + dt.timedelta(days=1), created_at=now - dt.timedelta(hours=3)))
        s.commit()


def report_all_but(store, now: dt.datetime, missing_units: int = 2) -> None:
    """Every unit reported every slot so far except the last ``missing_units`` units."""
    from models.clock import event_timezone
    from services.duty.zero_reports import report_matrix

    with store.session() as s:
        tz = event_timezone(s)
        day = now.astimezone(tz).date()
        matrix = report_matrix(s, day, now, tz)
        silent = {u.id for u in matrix.units[len(matrix.units) - missing_units:]} if missing_units else set()
        for cell in matrix.missing:
            if cell.unit_id not in silent:
                s.add(ZeroReport(unit_id=cell.unit_id, day=day, slot=cell.slot, safe=True, received_at=now))
        s.commit()
