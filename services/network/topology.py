"""Give imported pipes their nodes, put valves and hydrants on the network, check it.

:func:`connect_network` runs inside an import's transaction (after pipes,
valves or hydrants were written), so a failed import leaves nothing; it
works in the event's metric CRS (or the data's UTM zone) and writes nodes,
pipe ends, valve/hydrant nodes and any pipe splits in bulk.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from sqlalchemy import Connection, bindparam, select, update

from gis.crs_suggest import utm_epsg
from gis.topology import (
    CHECKS,
    DEFAULT_TOLERANCE_M,
    NetworkInputs,
    check_network,
    end_nodes,
    far_outliers,
    snap_points,
    split_line,
)
from models.audit import Setting, read_setting
from models.bulk import read_features, write_features
from models.event import Event
from models.network import Hydrant, Node, Pipe, Valve, WaterSource
from models.store import Store

#: Stored setting: ends closer than this (metres) share a node.
TOLERANCE_SETTING = "network.snap_tolerance_m"
#: Stored setting: an unjoined end closer than this to another pipe is a near miss.
NEAR_MISS_SETTING = "network.near_miss_m"


def _setting(conn: Connection, key: str, default: float) -> float:
    try:
        return float(read_setting(conn, key, default))
    except (TypeError, ValueError):
        return default


def snap_tolerance(conn: Connection) -> float:
    """The stored snapping tolerance (metres, default 0.5)."""
    return _setting(conn, TOLERANCE_SETTING, DEFAULT_TOLERANCE_M)


def set_snap_tolerance(store: Store, metres: float) -> None:
    """Store the snapping tolerance (used by the next imports and the check)."""
    from models.changes import recording_changes

    st = Setting.__table__
    with store.engine.begin() as conn, recording_changes(conn):
        if conn.execute(select(st.c.key).where(st.c.key == TOLERANCE_SETTING)).first() is None:
            conn.execute(st.insert().values(key=TOLERANCE_SETTING, value_json=json.dumps(float(metres))))
        else:
            conn.execute(st.update().where(st.c.key == TOLERANCE_SETTING).values(value_json=json.dumps(float(metres))))


def _local_crs(conn: Connection, lonlat: np.ndarray) -> str:
    crs = conn.execute(select(Event.local_crs).order_by(Event.id.desc()).limit(1)).scalar()
    if crs:
        return crs
    med = np.nanmedian(lonlat, axis=0) if len(lonlat) else np.array([0.0, 0.0])
    return utm_epsg(float(med[0]), float(med[1]))


def _geoms(conn: Connection, table, where=None, cols=()):
    stmt = select(table.c.id, table.c.geom, *[table.c[c] for c in cols])
    if where is not None:
        stmt = stmt.where(where)
    rows = conn.execute(stmt).all()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    g = shapely.from_wkb(np.array([r[1] for r in rows], dtype=object)) if rows else np.empty(0, dtype=object)
    extra = {c: [r[2 + i] for r in rows] for i, c in enumerate(cols)}
    return ids, g, extra


def connect_network(conn: Connection, undo: dict | None = None) -> dict[str, int]:
    """Nodes for pipes without them, valves, hydrants and sources onto the network (one transaction).

    ``undo``, when given, receives the earlier values of every row this
    changes (``{"table:id": {column: value}}``, before its first change; a
    geometry as WKB hex), so that replacing an import can put them back (see
    ``services.imports.repeat.remove_import``).

    Returns
    -------
    dict
        ``nodes_created``, ``pipes_joined``, ``valves_snapped``,
        ``hydrants_snapped``, ``sources_snapped``, ``pipes_split``, ``off_network``.
    """
    tol = snap_tolerance(conn)
    pt, nt = Pipe.__table__, Node.__table__
    out = {"nodes_created": 0, "pipes_joined": 0, "valves_snapped": 0, "hydrants_snapped": 0,
           "sources_snapped": 0, "pipes_split": 0, "off_network": 0}
    bare_ids, bare_g, _ = _geoms(conn, pt, pt.c.from_node_id.is_(None) | pt.c.to_node_id.is_(None))
    node_ids, node_g, _ = _geoms(conn, nt)
    lonlat = shapely.get_coordinates(bare_g[:1000]) if len(bare_g) else shapely.get_coordinates(node_g[:1000])
    crs = _local_crs(conn, lonlat)
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def to_local(g):
        return shapely.transform(g, lambda c: np.column_stack(fwd.transform(c[:, 0], c[:, 1])))

    def to_lonlat(g):
        return shapely.transform(g, lambda c: np.column_stack(back.transform(c[:, 0], c[:, 1])))

    node_xy = shapely.get_coordinates(to_local(node_g)) if len(node_g) else np.empty((0, 2))
    if len(bare_ids) and undo is not None:
        olds = conn.execute(select(pt.c.id, pt.c.from_node_id, pt.c.to_node_id).where(pt.c.id.in_(bare_ids.tolist())))
        for r in olds:
            remember(undo, "pipes", r.id, {"from_node_id": r.from_node_id, "to_node_id": r.to_node_id})
    if len(bare_ids):
        ends = end_nodes(to_local(bare_g), tol, node_xy)
        new_ids = _write_nodes(conn, ends.new_xy, to_lonlat)
        all_ids = np.concatenate([node_ids, new_ids])
        conn.execute(update(pt).where(pt.c.id == bindparam("pid")).values(
            from_node_id=bindparam("a"), to_node_id=bindparam("b")),
            [{"pid": int(p), "a": int(all_ids[s]), "b": int(all_ids[e])}
             for p, s, e in zip(bare_ids.tolist(), ends.start.tolist(), ends.end.tolist())])
        out["nodes_created"] += len(new_ids)
        out["pipes_joined"] = len(bare_ids)
        node_ids = all_ids
        node_xy = np.vstack([node_xy, ends.new_xy])
    # Sources too: isolation finds where the water comes from by their nodes.
    for table, key in ((Valve.__table__, "valves_snapped"), (Hydrant.__table__, "hydrants_snapped"),
                       (WaterSource.__table__, "sources_snapped")):
        ids, g, _ = _geoms(conn, table, table.c.node_id.is_(None))
        if not len(ids):
            continue
        pipe_ids, pipe_g, pipe_extra = _geoms(conn, pt, None, ("from_node_id", "to_node_id"))
        local_pipes = to_local(pipe_g)
        snap = snap_points(to_local(g), node_xy, local_pipes, tol)
        # Splits: every point that lies mid-pipe cuts it; the point's node is the new vertex.
        new_node_for = np.full(len(ids), -1, dtype=np.int64)
        for p in np.unique(snap.pipe[snap.pipe >= 0]).tolist():
            pts = np.flatnonzero(snap.pipe == p)
            node_xy, node_ids, made = _split_pipe(
                conn, int(pipe_ids[p]), local_pipes[p], snap.split_at[pts], pipe_extra, p, node_xy, node_ids,
                to_lonlat, undo)
            out["pipes_split"] += 1
            out["nodes_created"] += len(set(made.values()))
            for k, at in zip(pts.tolist(), snap.split_at[pts].tolist()):
                new_node_for[k] = made.get(round(at, 6), -1)
        rows = []
        for k, rid in enumerate(ids.tolist()):
            nid = int(node_ids[snap.node[k]]) if snap.node[k] >= 0 else int(new_node_for[k])
            if nid >= 0:
                row = {"rid": rid, "nid": nid}
                if table is Valve.__table__:
                    row["pid"] = int(pipe_ids[snap.pipe[k]]) if snap.pipe[k] >= 0 else _pipe_at(conn, nid)
                rows.append(row)
            else:
                out["off_network"] += 1
        if rows and undo is not None:
            cols = [table.c.id, table.c.node_id] + ([table.c.pipe_id] if table is Valve.__table__ else [])
            for r in conn.execute(select(*cols).where(table.c.id.in_([row["rid"] for row in rows]))):
                remember(undo, table.name, r[0], dict(zip([c.name for c in cols[1:]], r[1:], strict=True)))
        if rows:
            values = {"node_id": bindparam("nid")}
            if table is Valve.__table__:
                values["pipe_id"] = bindparam("pid")
            conn.execute(update(table).where(table.c.id == bindparam("rid")).values(**values), rows)
        out[key] += len(rows)
    return out


def _pipe_at(conn: Connection, node_id: int) -> int | None:
    pt = Pipe.__table__
    return conn.execute(select(pt.c.id).where((pt.c.from_node_id == node_id) | (pt.c.to_node_id == node_id))
                        .order_by(pt.c.id).limit(1)).scalar()


def _write_nodes(conn: Connection, xy: np.ndarray, to_lonlat) -> np.ndarray:
    if len(xy) == 0:
        return np.empty(0, dtype=np.int64)
    frame = gpd.GeoDataFrame({"kind": ["junction"] * len(xy)},
                             geometry=to_lonlat(shapely.points(xy)), crs="EPSG:4326")
    return np.asarray(write_features(conn, "nodes", frame), dtype=np.int64)


def remember(undo: dict | None, table: str, row_id: int, values: dict) -> None:
    """Keep a row's values before its first change (the ``undo`` of :func:`connect_network`)."""
    if undo is None:
        return
    key = f"{table}:{int(row_id)}"
    if key not in undo:
        undo[key] = {k: (bytes(v).hex() if k == "geom" and v is not None else v) for k, v in values.items()}


def _split_pipe(conn, pipe_id, line, at, extra, p, node_xy, node_ids, to_lonlat, undo=None):
    """Cut one pipe at distances ``at``: the first piece keeps the row, the others are new pipes."""
    pieces = split_line(line, at)
    if len(pieces) < 2:
        return node_xy, node_ids, {}
    cut_xy = np.array([piece.coords[-1] for piece in pieces[:-1]])
    new_ids = _write_nodes(conn, cut_xy, to_lonlat)
    cuts = np.unique(np.asarray(at, float))
    cuts = cuts[(cuts > 1e-6) & (cuts < line.length - 1e-6)]
    made = {round(float(c), 6): int(n) for c, n in zip(cuts.tolist(), new_ids.tolist())}
    pt = Pipe.__table__
    row = conn.execute(select(pt).where(pt.c.id == pipe_id)).mappings().one()
    remember(undo, "pipes", pipe_id, {"geom": row["geom"], "to_node_id": row["to_node_id"], "length_m": row["length_m"]})
    ends = [row["from_node_id"], *new_ids.tolist(), row["to_node_id"]]
    lonlat = to_lonlat(np.array(pieces, dtype=object))
    conn.execute(update(pt).where(pt.c.id == pipe_id).values(
        geom=shapely.to_wkb(lonlat[0]), to_node_id=ends[1], length_m=float(pieces[0].length)))
    keep = {c: row[c] for c in ("diameter_mm", "material", "pipe_class", "exposed", "street", "source")}
    frame = gpd.GeoDataFrame(
        [{**keep, "code": f"{row['code']}-{i}", "from_node_id": ends[i], "to_node_id": ends[i + 1],
          "length_m": float(pieces[i].length)} for i in range(1, len(pieces))],
        geometry=list(lonlat[1:]), crs="EPSG:4326")
    piece_ids = write_features(conn, "pipes", frame)
    if undo is not None:  # where each piece came from: replacing the import that wrote the parent removes them
        for i, piece in enumerate(np.asarray(piece_ids).tolist(), start=1):
            undo[f"split:{int(piece)}"] = {"parent": int(pipe_id), "cut_node": int(ends[i])}
    return np.vstack([node_xy, cut_xy]), np.concatenate([node_ids, new_ids]), made


def check_report(store: Store) -> dict:
    """Run the network check on the store: findings with lon/lat, and counts per check."""
    with store.engine.connect() as conn:
        tol = snap_tolerance(conn)
        near = _setting(conn, NEAR_MISS_SETTING, max(5.0, 10 * tol))
        pipes = read_features(conn, "pipes", ["code", "diameter_mm", "from_node_id", "to_node_id"])
        nodes = read_features(conn, "nodes", ["code"])
        valves = read_features(conn, "valves", ["code", "node_id"])
        sources = read_features(conn, "sources", ["code", "node_id"])
        tanks = conn.execute(select(Node.id).where(Node.kind.in_(("reservoir", "tank", "source")))).scalars().all()
        crs = _local_crs(conn, shapely.get_coordinates(pipes.geometry.to_numpy()[:1000]) if len(pipes) else
                         np.empty((0, 2)))
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def local(gdf):
        return gdf.to_crs(crs).geometry.to_numpy() if len(gdf) else np.empty(0, dtype=object)

    def ints(s: pd.Series) -> np.ndarray:
        return s.fillna(-1).astype(np.int64).to_numpy() if len(s) else np.empty(0, np.int64)

    src_nodes = np.concatenate([ints(sources["node_id"]), np.asarray(tanks, np.int64)])
    # A source without a node: the node nearest to it (within the tolerance) feeds the network.
    unplaced = sources[sources["node_id"].isna()] if len(sources) else sources
    if len(unplaced) and len(nodes):
        from scipy.spatial import cKDTree

        d, i = cKDTree(shapely.get_coordinates(local(nodes))).query(
            shapely.get_coordinates(local(unplaced)), distance_upper_bound=max(tol, 1.0))
        src_nodes = np.concatenate([src_nodes, nodes.index.to_numpy()[i[np.isfinite(d)]]])
    inp = NetworkInputs(
        pipe_codes=pipes["code"].to_numpy(object), pipe_geoms=local(pipes),
        pipe_from=ints(pipes["from_node_id"]), pipe_to=ints(pipes["to_node_id"]),
        pipe_diameter=pipes["diameter_mm"].astype(float).to_numpy() if len(pipes) else np.empty(0),
        node_ids=nodes.index.to_numpy(np.int64), node_xy=shapely.get_coordinates(local(nodes)),
        valve_codes=valves["code"].to_numpy(object), valve_xy=shapely.get_coordinates(local(valves)),
        valve_node=ints(valves["node_id"]), source_nodes=src_nodes, tolerance=tol, near_m=near,
    )
    findings = check_network(inp)
    xs = np.array([f.x for f in findings], float)
    ys = np.array([f.y for f in findings], float)
    lon, lat = back.transform(xs, ys) if len(findings) else (np.empty(0), np.empty(0))
    counts = {c: 0 for c in CHECKS}
    items = []
    for f, lo, la in zip(findings, np.atleast_1d(lon).tolist(), np.atleast_1d(lat).tolist()):
        counts[f.check] += 1
        items.append({"check": f.check, "codes": f.codes, "detail": f.detail, "value": f.value,
                      "lon": round(lo, 7), "lat": round(la, 7)})
    return {"pipes": len(pipes), "valves": len(valves), "sources": len(sources), "tolerance_m": tol,
            "near_miss_m": near, "crs": crs, "counts": counts, "findings": items}


def far_features(gdf: gpd.GeoDataFrame, code_column: str = "code") -> list[dict]:
    """Features far outside the others (a wrong CRS, a stray 0,0), with where they lie (lon/lat)."""
    if len(gdf) < 3:
        return []
    pts = shapely.get_coordinates(shapely.point_on_surface(gdf.geometry.to_numpy()))
    far = far_outliers(pts)
    codes = gdf[code_column].to_numpy(object) if code_column in gdf else np.arange(len(gdf))
    med = np.nanmedian(pts, axis=0)
    from gis.topology import haversine_km

    return [{"feature": str(codes[i]) if codes[i] is not None else f"#{i + 1}", "row": int(i) + 1,
             "lon": round(float(pts[i, 0]), 6), "lat": round(float(pts[i, 1]), 6),
             "km_from_rest": round(float(haversine_km(pts[i, 0], pts[i, 1], med[0], med[1])), 1)}
            for i in far.tolist()]

