"""The isolation network and the isolation rules, read from the store."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, Engine, inspect, select

from gis.isolation import IsolationNetwork
from gis.pipe_lines import PipeLines
from gis.segment_lines import Codes
from models.audit import read_setting
from models.bulk import iter_features, read_features
from models.kinds import FEATURE_KINDS
from services.process_memory import release_freed_memory

__all__ = ["ISOLATION_RULES_KEY", "ORDER_RULES", "IsolationRules", "isolation_rules", "load_network",
           "read_pipe_lines", "read_pipes"]

#: Setting holding the isolation rules (JSON object, see :class:`IsolationRules`).
ISOLATION_RULES_KEY = "isolation_rules"
#: Orders of closing the valves that :meth:`gis.isolation.IsolationNetwork.order` knows.
ORDER_RULES = ("supply_side_first", "break_outward")


@dataclass
class IsolationRules:
    """Stored isolation rules.

    Attributes
    ----------
    min_pressure_m
        Minimum service pressure (m head) for the pressure step.
    order
        The order of closing: ``supply_side_first`` (from the supply side
        inward, by distance along the network from the nearest source) or
        ``break_outward``.
    """

    min_pressure_m: float = 14.0
    order: str = "supply_side_first"


def isolation_rules(conn: Connection) -> IsolationRules:
    """The stored :class:`IsolationRules` (defaults for what is not stored)."""
    data = read_setting(conn, ISOLATION_RULES_KEY, {})
    rules = IsolationRules()
    if data:
        if isinstance(data, dict):
            if isinstance(data.get("min_pressure_m"), (int, float)):
                rules.min_pressure_m = float(data["min_pressure_m"])
            if data.get("order") in ORDER_RULES:
                rules.order = str(data["order"])
    return rules


def _frame(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame(gdf.drop(columns="geometry"))


def _customers(conn: Connection) -> pd.DataFrame | None:
    """Customers where the store has them, else None.

    A ``customers`` table linked to a pipe or node is used as it is; the
    billing accounts (``customer_accounts``, active ones) come with their
    lon/lat: the network hangs each on the nearest pipe within
    :data:`~gis.isolation.CUSTOMER_SNAP_M` when an isolation near it needs it.
    """
    insp = inspect(conn)
    if insp.has_table("customers"):
        cols = {c["name"] for c in insp.get_columns("customers")}
        link = [c for c in ("pipe_id", "node_id") if c in cols]
        if link and "id" in cols:
            names = ["id", *(c for c in ("code", "name") if c in cols), *link]
            frame = pd.read_sql_query(f"SELECT {', '.join(names)} FROM customers", conn)
            if "code" not in frame.columns:
                frame["code"] = frame["id"].astype(str)
            if "name" not in frame.columns:
                frame["name"] = ""
            return frame
    if insp.has_table("customer_accounts"):
        cols = {c["name"] for c in insp.get_columns("customer_accounts")}
        if not {"id", "code", "lon", "lat"} <= cols:
            return None
        where = " WHERE status = 'active'" if "status" in cols else ""
        name = "name" if "name" in cols else "code AS name"
        frame = pd.read_sql_query(f"SELECT id, code, {name}, lon, lat FROM customer_accounts{where}", conn)
        if frame.empty:  # the table is there but holds no accounts: customers are not stored
            return None
        return frame[["id", "code", "name", "lon", "lat"]]
    return None


#: Pipes read per step (ids and boxes kept, the lines dropped at once).
PIPE_CHUNK = 50_000
#: Ids per ``IN (…)`` when reading some pipes' lines.
IDS_PER_READ = 5_000


def read_pipe_lines(engine: Engine, ids: np.ndarray) -> np.ndarray:
    """The lines (lon/lat) of the pipes ``ids``, in that order (None for a pipe no longer stored)."""
    ids = np.asarray(ids, dtype=np.int64)
    out = np.full(len(ids), None, dtype=object)
    if not len(ids):
        return out
    wanted = np.unique(ids)
    found_ids, found_geoms = [], []
    with engine.connect() as conn:
        for start in range(0, len(wanted), IDS_PER_READ):
            for frame, geoms in iter_features(conn, "pipes", [], ids=wanted[start:start + IDS_PER_READ].tolist()):
                found_ids.append(frame["id"].to_numpy(dtype=np.int64))
                found_geoms.append(geoms)
    if not found_ids:
        return out
    fid = np.concatenate(found_ids)
    fgeom = np.concatenate(found_geoms)
    order = np.argsort(fid)
    fid, fgeom = fid[order], fgeom[order]
    at = np.minimum(np.searchsorted(fid, ids), len(fid) - 1)
    hit = fid[at] == ids
    out[hit] = fgeom[at[hit]]
    return out


def _codes(values: tuple) -> Codes:
    """Stored codes (never null) as :class:`Codes`: one join and one encode, the offsets from the separators."""
    if not all(isinstance(v, str) for v in values):
        return Codes.from_strings(values)
    joined = "\x00".join(values)
    blob = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    cuts = np.flatnonzero(blob == 0)
    if len(cuts) != len(values) - 1 and len(values):  # a code holding the separator: one at a time
        return Codes.from_strings(values)
    starts = np.concatenate([[0], cuts + 1])
    ends = np.concatenate([cuts, [len(blob)]])
    keep = np.ones(len(blob), dtype=bool)
    keep[cuts] = False
    offsets = np.concatenate([[0], np.cumsum(ends - starts)]) if len(values) else np.zeros(1, np.int64)
    return Codes(blob[keep], offsets)


def read_pipes(conn: Connection) -> tuple[pd.DataFrame, Codes, PipeLines]:
    """The pipes' topology, codes and boxes, a chunk of lines at a time (no line is kept).

    Returns the frame (``id``, ``from_node_id``, ``to_node_id``, ``length_m``:
    numbers only, by id), the codes and the :class:`~gis.pipe_lines.PipeLines`
    that reads lines by id through the connection's engine. A pipe stored
    without a length gets its line's length in metres.
    """
    t = FEATURE_KINDS["pipes"].table
    cursor = conn.execute(select(t.c.id, t.c.code, t.c.from_node_id, t.c.to_node_id, t.c.length_m, t.c.geom)
                          .order_by(t.c.id)).cursor
    ids, fn, tn, length, codes, boxes = [], [], [], [], [], []
    while cursor is not None:
        rows = cursor.fetchmany(PIPE_CHUNK)
        if not rows:
            break
        cols = list(zip(*rows, strict=True))
        del rows
        ids.append(np.array(cols[0], dtype=np.int64))
        fn.append(np.array(cols[2], dtype=np.float64))  # None → NaN
        tn.append(np.array(cols[3], dtype=np.float64))
        length.append(np.array(cols[4], dtype=np.float64))
        codes.append(_codes(cols[1]))
        boxes.append(shapely.bounds(shapely.from_wkb(np.array(cols[5], dtype=object))))
        del cols
    if ids:
        frame = pd.DataFrame({"id": np.concatenate(ids), "from_node_id": np.concatenate(fn),
                              "to_node_id": np.concatenate(tn), "length_m": np.concatenate(length)})
        codes_all, box = Codes.concat(codes), np.concatenate(boxes)
    else:
        frame = pd.DataFrame({"id": np.empty(0, np.int64), "from_node_id": np.empty(0), "to_node_id": np.empty(0),
                              "length_m": np.empty(0)})
        codes_all, box = Codes.from_strings([]), np.empty((0, 4))
    pipe_ids = frame["id"].to_numpy()
    engine = conn.engine
    lines = PipeLines(box, lambda rows: read_pipe_lines(engine, pipe_ids[np.asarray(rows, dtype=np.int64)]))
    lengths = frame["length_m"].to_numpy()
    unknown = np.flatnonzero(~(lengths > 0))
    if len(unknown):  # no stored length: the line's, in metres
        metric = gpd.GeoSeries(lines.take(unknown), crs=4326).to_crs(lines.metric_crs()).length.to_numpy()
        lengths = lengths.copy()
        lengths[unknown] = np.where(np.isnan(metric), 0.0, metric)
        frame["length_m"] = lengths
    return frame, codes_all, lines


def read_points(conn: Connection, kind: str, columns: list[str], categories: tuple[str, ...] = ()) -> pd.DataFrame:
    """A point kind's ``id`` + ``columns`` with ``lon``, ``lat`` (a chunk of points at a time, none kept).

    ``categories`` name text columns with few distinct values (a city's valve
    states and types), kept as pandas categoricals rather than a string a row.
    """
    frames = []
    for frame, geoms in iter_features(conn, kind, columns, chunk=PIPE_CHUNK):
        frames.append(frame.assign(lon=shapely.get_x(geoms), lat=shapely.get_y(geoms)))
        for c in categories:
            frames[-1][c] = frames[-1][c].astype("category")
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ["id", *columns, "lon", "lat"]})
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for c in categories:  # chunks with different categories concatenate as objects
        out[c] = out[c].astype("category")
    return out


def load_network(conn: Connection) -> IsolationNetwork:
    """Read pipes, valves, sources, hydrants, important users, guarded places and customers.

    The pipes come as numbers, codes and boxes (:func:`read_pipes`): a city's
    500,000 lines are never held at once; the network reads the lines it needs
    (the guarded places', the broken pipe's, the order map's) by id.

    Parameters
    ----------
    conn
        An open connection to the store.
    """
    pipes, codes, lines = read_pipes(conn)
    valves = read_points(conn, "valves", ["code", "node_id", "pipe_id", "status", "valve_type", "diameter_mm"],
                         categories=("status", "valve_type"))
    users = _frame(read_features(conn, "users", ["code", "name", "name_zh", "category", "contact", "phone",
                                                 "pipe_id", "place_id"]))
    frames = [read_features(conn, k, ["code", "name", "name_zh", "kind"]) for k in ("venues", "residences", "key_units")]
    frames = [f for f in frames if len(f)]
    places = gpd.GeoDataFrame(pd.concat(frames), crs=frames[0].crs) if frames else None
    sources = _frame(read_features(conn, "sources", ["code", "name", "kind", "node_id"]))
    hydrants = read_points(conn, "hydrants", ["code", "node_id"])
    net = IsolationNetwork(pipes, valves, users, places, sources=sources, hydrants=hydrants,
                           customers=_customers(conn), lines=lines, codes=codes)
    del pipes, valves
    release_freed_memory()  # the chunks of rows read are gone: give their pages back
    return net
