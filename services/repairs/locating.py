"""Where a phoned-in repair is: a pipe or valve code, a street (and number), a named place.

A repair without a site has no map point, no nearest vehicles, no level check
and no isolation; the call form resolves its location text with
:func:`locate_text` and refuses to save until it finds one. A repair stored
without a site is put on a pipe afterwards with :func:`set_on_pipe`.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy.orm import Session

from gis.repair_level import guard_hits, guarded_level, reason_text
from models.bulk import read_features
from models.repair import Repair


@dataclass(frozen=True)
class Site:
    """A resolved location: ``kind`` is ``pipe``, ``valve``, ``place`` or ``street``."""

    kind: str
    lon: float
    lat: float
    name: str
    pipe_id: int | None = None


def _code_match(frame: gpd.GeoDataFrame, text: str) -> pd.Series | None:
    if frame.empty or "code" not in frame:
        return None
    hit = frame[frame["code"].astype(str).str.casefold() == text.casefold()]
    return None if hit.empty else hit.iloc[0]


def locate_text(session: Session, text: str | None) -> Site | None:
    """The site named by ``text``: a pipe code, a valve code, a guarded place or user, a store street.

    Returns None when nothing in the store matches (the form then says the location is not set).
    """
    from services.repairs.opening import locate_place

    if not text or not text.strip():
        return None
    needle = text.strip()
    conn = session.connection()
    pipe = _code_match(read_features(conn, "pipes", ["code"]), needle)
    if pipe is not None and pipe.geometry is not None:
        mid = shapely.line_interpolate_point(pipe.geometry, 0.5, normalized=True)
        return Site("pipe", float(mid.x), float(mid.y), str(pipe["code"]), int(pipe["id"]))
    valve = _code_match(read_features(conn, "valves", ["code", "pipe_id"]), needle)
    if valve is not None and valve.geometry is not None:
        pt = valve.geometry.representative_point()
        pid = valve.get("pipe_id")
        return Site("valve", float(pt.x), float(pt.y), str(valve["code"]),
                    None if pid is None or pd.isna(pid) else int(pid))
    # The same order as locate_address (places first, then streets), knowing which one matched.
    place = locate_place(conn, needle)
    if place is not None:
        return Site("place", *place)
    from services.streets.streets import locate_street

    street = locate_street(conn, needle)
    return None if street is None else Site("street", *street)


def set_on_pipe(session: Session, repair: Repair, pipe: str | int, *, lang: str = "zh_CN", user: str = "desk") -> Repair:
    """Put a repair on a pipe: its site becomes the pipe's midpoint, DN and guard check follow.

    The level is raised (never lowered) when the new site is in a guarded place.
    Audited; the caller commits. Raises KeyError for an unknown pipe.
    """
    from services.repairs.opening import _event, _pipe_site, guard_buffer_m, guarded_places
    from services.repairs.records import _record

    pipe_id, diameter, lon, lat = _pipe_site(session, pipe)
    event = _event(session)
    crs = event.local_crs if event is not None and event.local_crs else \
        gpd.GeoSeries([shapely.Point(lon, lat)], crs="EPSG:4326").estimate_utm_crs().to_string()
    hits = guard_hits(shapely.Point(lon, lat), guarded_places(session), crs=crs, default_buffer_m=guard_buffer_m(session))
    level, _ = guarded_level(repair.level, hits, lang)
    repair.pipe_id, repair.diameter_mm, repair.lon, repair.lat = pipe_id, diameter, lon, lat
    repair.in_guarded_zone = bool(hits)
    if level != repair.level:
        repair.level = level
        repair.level_reason = reason_text(hits, lang) or repair.level_reason
    _record(session, "locate", "repairs", repair.id, f"{repair.code}: pipe {pipe_id}", user)
    return repair


def clear_site(session: Session, repair: Repair, before: dict, *, user: str = "desk") -> Repair:
    """Undo of :func:`set_on_pipe`: the site fields as they were in ``before``. Audited."""
    from services.repairs.records import _record

    for key in ("pipe_id", "diameter_mm", "lon", "lat", "in_guarded_zone", "level", "level_reason"):
        setattr(repair, key, before.get(key))
    _record(session, "locate", "repairs", repair.id, f"{repair.code}: site undone", user)
    return repair
