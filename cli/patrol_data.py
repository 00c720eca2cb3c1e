"""Store ↔ gis glue shared by ``plan`` and ``coverage`` (and, later, the coverage dock).

Reads the event's features and requirements from the store into the metric
GeoDataFrames and plain dataclasses that :mod:`gis.plan` and
:mod:`gis.coverage` take. No Qt here: the GUI calls the same functions from a
worker thread.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection, select

from gis.coverage import RequirementSpec
from gis.plan import RequirementRule
from models.bulk import read_features
from models.patrol import PatrolRequirement, Team

PLACE_KINDS = {"venues": "venue", "residences": "residence", "key_units": "key_unit"}


class PatrolDataError(ValueError):
    """The store lacks what a plan or coverage needs; the message says what."""


def kinds_of(value: str | None) -> frozenset[str]:
    """Parse ``eligible_team_kinds`` ("guard, patrol") into a set; empty means all teams."""
    return frozenset(k.strip() for k in (value or "").split(",") if k.strip())


def requirement_rules(reqs: list[PatrolRequirement]) -> list[RequirementRule]:
    """The active stored requirements as planner rules."""
    return [RequirementRule(key=r.id, code=r.code, rule=r.rule, buffer_m=float(r.buffer_m or 0.0),
                            tolerance_m=float(r.tolerance_m or 30.0), rounds_per_day=float(r.rounds_per_day or 1.0),
                            eligible_kinds=kinds_of(r.eligible_team_kinds))
            for r in reqs if r.active]


def requirement_specs(reqs: list[PatrolRequirement]) -> list[RequirementSpec]:
    """The active stored requirements as coverage-engine specs."""
    out = []
    for r in reqs:
        if not r.active:
            continue
        interval_h = r.interval_h or (24.0 / r.rounds_per_day if r.rounds_per_day else 24.0)
        out.append(RequirementSpec(key=r.id, code=r.code, interval_s=float(interval_h) * 3600.0,
                                   tolerance_m=float(r.tolerance_m or 30.0),
                                   covered_fraction=float(r.covered_fraction or 0.8),
                                   eligible_kinds=kinds_of(r.eligible_team_kinds)))
    return out


def read_metric(conn: Connection, kind: str, crs: str, columns: list[str] | None = None) -> gpd.GeoDataFrame:
    """A feature kind from the store, projected to ``crs`` (positions kept, index = id)."""
    gdf = read_features(conn, kind, columns=columns)
    return gdf.to_crs(crs) if len(gdf) else gdf.set_crs(crs, allow_override=True)


def read_places(conn: Connection, crs: str) -> gpd.GeoDataFrame:
    """Venues, residences and key units in one frame with a ``kind`` column."""
    frames = []
    for kind, value in PLACE_KINDS.items():
        gdf = read_metric(conn, kind, crs, ["code", "name", "buffer_m"])
        if len(gdf):
            frames.append(gdf.assign(kind=value))
    if not frames:
        return gpd.GeoDataFrame({"code": [], "name": [], "buffer_m": [], "kind": []}, geometry=[], crs=crs)
    return gpd.GeoDataFrame(pd.concat(frames), crs=crs)


def day_anchor(timezone: str, date: dt.date) -> dt.datetime:
    """Local midnight of ``date`` in the event's time zone (timezone-aware)."""
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=ZoneInfo(timezone or "UTC"))


def parse_date(text: str | None, timezone: str) -> dt.date:
    """``YYYY-MM-DD``, or today in the event's time zone when None."""
    if not text:
        return dt.datetime.now(ZoneInfo(timezone or "UTC")).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise PatrolDataError(f"--date {text!r}: expected YYYY-MM-DD") from exc


def teams_frame(conn: Connection) -> pd.DataFrame:
    """Teams: ``id, code, name, kind, device_id, patch_id``."""
    t = Team.__table__
    rows = conn.execute(select(t.c.id, t.c.code, t.c.name, t.c.kind, t.c.device_id, t.c.patch_id)
                        .order_by(t.c.id)).all()
    return pd.DataFrame(rows, columns=["id", "code", "name", "kind", "device_id", "patch_id"])
