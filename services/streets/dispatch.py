"""Dispatch candidates for a repair site, saying what the travel times rest on.

With streets (the store's, or the demo's bundled ones in the demo store) the
times are Dijkstra over the street graph (``eta_basis = "streets"``); without
any, they are straight-line distances at :data:`STRAIGHT_LINE_KMH`
(``eta_basis = "straight_line"``) and every screen and JSON says so.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import select

from gis.dispatch import VehicleEta, nearest_vehicles
from gis.streets import FALLBACK_KMH, StreetGraph
from gis.topology import haversine_km
from models.repair import Vehicle
from models.store import Store

#: Speed of a straight-line estimate (the street graph's fallback speed in town).
STRAIGHT_LINE_KMH = FALLBACK_KMH


def vehicles_frame(store: Store) -> pd.DataFrame:
    """``id, code, status, lon, lat`` of every vehicle (last fix, else depot)."""
    v = Vehicle.__table__
    with store.engine.connect() as conn:
        rows = conn.execute(select(v.c.id, v.c.code, v.c.status, v.c.last_lon, v.c.last_lat,
                                   v.c.depot_lon, v.c.depot_lat)).all()
    return pd.DataFrame({
        "id": [r.id for r in rows], "code": [r.code for r in rows], "status": [r.status for r in rows],
        "lon": [r.last_lon if r.last_lon is not None else r.depot_lon for r in rows],
        "lat": [r.last_lat if r.last_lat is not None else r.depot_lat for r in rows],
    }, columns=["id", "code", "status", "lon", "lat"])


def dispatch_candidates(store: Store, lon: float, lat: float, *, k: int = 3, now: dt.datetime | None = None,
                        graph: StreetGraph | None = None, load_graph: bool = True) -> dict:
    """The ``k`` fastest available vehicles to ``lon, lat`` and the basis of their times.

    Parameters
    ----------
    graph
        A street graph already built (the desk keeps one; the demo store's
        comes from its bundled streets); else it is built from the store's
        streets when ``load_graph``.

    Returns
    -------
    dict
        ``eta_basis`` ("streets" | "straight_line"), ``basis_note`` and
        ``candidates`` (``vehicle_id, code, status, travel_s, distance_m, eta``).
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    frame = vehicles_frame(store)
    if graph is None and load_graph:
        from services.streets.streets import store_street_graph

        graph = store_street_graph(store)
    if graph is not None:
        etas = nearest_vehicles(graph, frame, lon, lat, k=k, now=now)
        return {"eta_basis": "streets", "basis_note": "travel times along the streets",
                "candidates": [{"vehicle_id": e.vehicle_id, "code": e.code, "status": e.status,
                                "travel_s": round(e.travel_s, 1), "distance_m": round(e.distance_m, 1),
                                "eta": e.eta.isoformat()} for e in etas]}
    etas = straight_line_etas(frame, lon, lat, k=k, now=now)
    return {"eta_basis": "straight_line",
            "basis_note": f"no streets in the store: straight-line distance at {STRAIGHT_LINE_KMH:g} km/h "
                          "(import streets for travel times along the streets)",
            "candidates": [{"vehicle_id": e.vehicle_id, "code": e.code, "status": e.status,
                            "travel_s": round(e.travel_s, 1), "distance_m": round(e.distance_m, 1),
                            "eta": e.eta.isoformat()} for e in etas]}


def straight_line_etas(vehicles: pd.DataFrame, lon: float, lat: float, *, k: int = 3,
                       now: dt.datetime | None = None) -> list[VehicleEta]:
    """The ``k`` nearest available vehicles by straight-line distance at :data:`STRAIGHT_LINE_KMH`."""
    now = now or dt.datetime.now(dt.timezone.utc)
    pool = vehicles[(vehicles["status"] == "available") & vehicles["lon"].notna() & vehicles["lat"].notna()]
    d_km = haversine_km(pool["lon"].to_numpy(float), pool["lat"].to_numpy(float), lon, lat)
    travel = d_km / STRAIGHT_LINE_KMH * 3600.0
    order = np.argsort(travel, kind="stable")[:k]
    return [VehicleEta(int(pool["id"].iloc[i]), str(pool["code"].iloc[i]), "available", float(travel[i]),
                       float(d_km[i]) * 1000, now + dt.timedelta(seconds=float(travel[i]))) for i in order.tolist()]
