"""Import street lines into the store and read them back for the street graph."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from gis.io import ImportFailed
from gis.io.streets import read_streets
from models.changes import recording_changes
from models.store import Store
from models.streets import Street


class NoStreets(LookupError):
    """The store holds no streets (and is not the demo)."""


def import_streets(store: Store, path: str | Path, layer: str | None = None) -> dict:
    """Replace the store's streets with those of ``path``, all or nothing.

    Returns
    -------
    dict
        ``ok``, ``imported``, ``km``, ``notes`` — or ``ok: False`` with ``error``.
    """
    try:
        result = read_streets(path, layer)
    except ImportFailed as exc:
        return {"kind": "streets", "file": str(path), "ok": False, "imported": 0, "error": str(exc),
                "errors": [{"feature": "file", "reason": exc.reason}]}
    frame = result.frame
    geoms = frame.geometry.to_numpy()
    rows = [{"name": n if isinstance(n, str) else None, "highway": h if isinstance(h, str) else None,
             "oneway": bool(o), "source": Path(path).name, "geom": g}
            for n, h, o, g in zip(frame["name"].tolist(), frame["highway"].tolist(), frame["oneway"].tolist(),
                                  shapely.to_wkb(geoms).tolist())]
    try:
        with store.engine.begin() as conn, recording_changes(conn):
            conn.execute(delete(Street.__table__))
            for i in range(0, len(rows), 20_000):
                conn.execute(Street.__table__.insert(), rows[i:i + 20_000])
    except SQLAlchemyError as exc:
        return {"kind": "streets", "file": str(path), "ok": False, "imported": 0,
                "error": f"{Path(path).name}: the store refused the streets ({exc.orig or exc}); nothing written"}
    km = float(frame.to_crs(frame.estimate_utm_crs()).length.sum() / 1000)
    return {"kind": "streets", "file": str(path), "ok": True, "imported": len(rows), "km": round(km, 1),
            "notes": result.notes, "warnings": list(result.warnings), "rejected": 0, "errors": [], "repaired": 0}


def store_street_lines(store: Store) -> gpd.GeoDataFrame | None:
    """The store's streets (``name, highway, oneway``, lon/lat), or None when it has none."""
    t = Street.__table__
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.c.name, t.c.highway, t.c.oneway, t.c.geom)).all()
    if not rows:
        return None
    geoms = shapely.from_wkb(np.array([r.geom for r in rows], dtype=object))
    return gpd.GeoDataFrame({"name": [r.name for r in rows], "highway": [r.highway for r in rows],
                             "oneway": [bool(r.oneway) for r in rows]}, geometry=geoms, crs="EPSG:4326")


def locate_street(conn, text: str) -> tuple[float, float, str] | None:
    """The store's street whose name appears in ``text`` (longest name wins): ``(lon, lat, name)`` at its middle.

    The address lookup's fallback when no guarded place or important user is
    named: "Boulevard Albert 1er, near the port" finds the boulevard.
    """
    if not text or not text.strip():
        return None
    needle = text.casefold()
    t = Street.__table__
    names = [n for n in conn.execute(select(t.c.name).where(t.c.name.is_not(None)).distinct()).scalars()
             if len(n) >= 4 and n.casefold() in needle]
    if not names:
        return None
    name = max(names, key=len)
    wkb = conn.execute(select(t.c.geom).where(t.c.name == name)).scalars().all()
    lines = shapely.from_wkb(np.asarray(wkb, dtype=object))
    longest = lines[int(np.argmax(shapely.length(lines)))]
    mid = shapely.line_interpolate_point(longest, 0.5, normalized=True)
    return float(mid.x), float(mid.y), name


def store_street_graph(store: Store):
    """The drivable graph of the store's streets in the event's CRS, or None when the store has none."""
    from gis.streets import build_street_graph

    lines = store_street_lines(store)
    if lines is None:
        return None
    event = store.current_event()
    return build_street_graph(lines, crs=None if event is None else event.local_crs)
