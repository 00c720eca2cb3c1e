"""Bulk reads and writes: GeoDataFrames and arrays in, GeoDataFrames and arrays out.

Pipes, track points and positions come in hundreds of thousands. They move
through SQLAlchemy Core in chunks, with geometry converted by vectorised
shapely (``to_wkb``/``from_wkb``); no ORM object is made per row.

Every function takes a SQLAlchemy :class:`~sqlalchemy.Connection` that the
caller opened inside a transaction (``engine.begin()``), so a failing import
rolls back everything it wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, Table, func, select, text

from models.changes import record_changes
from models.kinds import FEATURE_KINDS, FeatureKind
from models.patrol import TrackPoint
from models.repair import Position

WGS84 = "EPSG:4326"
#: Rows per executemany call: large enough to amortise the round trip,
#: small enough to keep the parameter lists' memory modest.
CHUNK = 50_000


def _kind(kind: FeatureKind | str) -> FeatureKind:
    return FEATURE_KINDS[kind] if isinstance(kind, str) else kind


def _next_id(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1


def _bump_sequence(conn: Connection, table: Table) -> None:
    # Explicit ids bypass PostgreSQL's serial sequence; move it past them so
    # later ORM inserts do not collide.
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
            )
        )


def _column_values(series: pd.Series) -> list:
    """A column as a list of Python scalars, NaN/NaT as None (what DBAPIs want)."""
    if series.dtype.kind in "fc":
        values = series.to_numpy(dtype=object)
        values[pd.isna(series.to_numpy())] = None
        return values.tolist()
    if series.dtype.kind == "M":
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    return [None if (v is None or (isinstance(v, float) and np.isnan(v))) else v for v in series.tolist()]


def _insert_columns(conn: Connection, table: Table, columns: dict[str, object], n: int) -> None:
    """Insert ``n`` rows given column-wise; values are converted one chunk at a time.

    Converting per chunk (rather than the whole frame up front) keeps peak
    memory to one chunk of Python objects: 500,000 pipes stay well under 1 GB.
    """
    names = list(columns)
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        lists = [_chunk_values(columns[c], start, stop) for c in names]
        rows = [dict(zip(names, values)) for values in zip(*lists)]
        conn.execute(table.insert(), rows)


def _chunk_values(source: object, start: int, stop: int) -> list:
    if isinstance(source, pd.Series):
        return _column_values(source.iloc[start:stop])
    if isinstance(source, np.ndarray):
        return source[start:stop].tolist()
    return list(source[start:stop])  # codes, or a lazy _Constant / _Wkb column


def write_features(conn: Connection, kind: FeatureKind | str, gdf: gpd.GeoDataFrame) -> np.ndarray:
    """Append the features of ``gdf`` to the table of ``kind``.

    Parameters
    ----------
    conn
        A connection inside a transaction.
    kind
        A :class:`~models.kinds.FeatureKind` or its name (``"pipes"``, ``"venues"`` …).
    gdf
        Features in lon/lat WGS84; columns that match the table's are stored, the
        rest ignored. Missing ``code`` values are generated (``P000123`` …).

    Returns
    -------
    numpy.ndarray
        The ids given to the new rows, in the order of ``gdf``.
    """
    fk = _kind(kind)
    table = fk.table
    n = len(gdf)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if gdf.crs is not None and not gdf.crs.equals(WGS84):
        raise ValueError(f"{fk.name}: features must be in {WGS84} to be stored, not {gdf.crs.to_string()}")
    first_id = _next_id(conn, table)
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    columns: dict[str, object] = {"id": ids}
    wanted = [c.name for c in table.columns if c.name not in ("id", "geom")]
    for name in wanted:
        if name in fk.fixed:
            columns[name] = _Constant(fk.fixed[name])
        elif name in gdf.columns:
            columns[name] = gdf[name].reset_index(drop=True)
    if "code" in table.c:
        given = _column_values(gdf["code"]) if "code" in gdf.columns else None
        columns["code"] = _codes(conn, fk, given, ids)
    if "geom" in table.c:
        columns["geom"] = _Wkb(np.asarray(gdf.geometry.values, dtype=object))
    # Non-null columns left out get the model's Python-side default by name.
    for col in table.columns:
        if col.name not in columns and not col.nullable and col.default is not None and col.default.is_scalar:
            columns[col.name] = _Constant(col.default.arg)
    _insert_columns(conn, table, columns, n)
    _bump_sequence(conn, table)
    # Other desks learn of the new features (same transaction; a big import is one marker).
    record_changes(conn, table.name, ids.tolist())
    return ids


class _Constant:
    """A column with one value for every row, sliced without materialising it."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __getitem__(self, part: slice) -> list:
        return [self.value] * (part.stop - part.start)


class _Wkb:
    """Geometries converted to WKB one slice at a time (vectorised shapely)."""

    def __init__(self, geometries: np.ndarray) -> None:
        self.geometries = geometries

    def __getitem__(self, part: slice) -> list:
        return list(shapely.to_wkb(self.geometries[part], hex=False))


def _codes(conn: Connection, fk: FeatureKind, given: list | None, ids: np.ndarray) -> list[str]:
    """Keep the codes given, generate the missing ones from the row id, never clash."""
    table = fk.table
    existing = set(conn.execute(select(table.c.code)).scalars())
    out: list[str] = []
    seen: set[str] = set()
    for i, rid in enumerate(ids.tolist()):
        code = given[i] if given is not None else None
        code = None if code is None else str(code).strip() or None
        if code is None or code in existing or code in seen:
            base = code or f"{fk.code_prefix}{rid:06d}"
            code, k = base, 1
            while code in existing or code in seen:
                k += 1
                code = f"{base}-{k}"
        seen.add(code)
        out.append(code)
    return out


def read_features(
    conn: Connection,
    kind: FeatureKind | str,
    columns: Sequence[str] | None = None,
    ids: Iterable[int] | None = None,
) -> gpd.GeoDataFrame:
    """Load a kind's features as a GeoDataFrame in lon/lat WGS84, indexed by id.

    Parameters
    ----------
    conn
        An open connection.
    kind
        The kind or its name.
    columns
        Attribute columns to load (all when None); ``geom`` is always loaded.
    ids
        Only these rows.
    """
    fk = _kind(kind)
    table = fk.table
    names = [c.name for c in table.columns if c.name != "geom"] if columns is None else ["id", *columns]
    stmt = select(*(table.c[n] for n in names), table.c.geom)
    for key, value in fk.fixed.items():
        stmt = stmt.where(table.c[key] == value)
    if ids is not None:
        stmt = stmt.where(table.c.id.in_(list(ids)))
    stmt = stmt.order_by(table.c.id)
    result = conn.execute(stmt)
    # Plain tuples from the DBAPI cursor (Row objects cost ~3x more at 500k
    # rows), a chunk at a time so only one chunk of tuples is alive at once.
    parts: list[pd.DataFrame] = []
    geoms: list[np.ndarray] = []
    cursor = result.cursor
    while cursor is not None:
        rows = cursor.fetchmany(CHUNK * 2)
        if not rows:
            break
        frame = pd.DataFrame.from_records(rows, columns=[*names, "geom"])
        del rows
        geoms.append(shapely.from_wkb(frame.pop("geom").to_numpy()))
        parts.append(frame)
    if parts:
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        geometry = np.concatenate(geoms)
    else:
        frame = pd.DataFrame({n: pd.Series(dtype=object) for n in names})
        geometry = np.empty(0, dtype=object)
    gdf = gpd.GeoDataFrame(frame, geometry=geometry, crs=WGS84)
    return gdf.set_index("id", drop=False).rename_axis(None)


def iter_features(conn: Connection, kind: FeatureKind | str, columns: Sequence[str],
                  ids: Iterable[int] | None = None, chunk: int = CHUNK):
    """A kind's features a chunk at a time, by id: ``(frame of id + columns, WGS84 geometries)`` per chunk.

    For readers that turn the geometries into something smaller at once (a city's
    pipes as vertex arrays): only one chunk of shapely objects is alive at a time.
    ``ids`` limits the rows to those ids; ``chunk`` is the rows per chunk.
    """
    fk = _kind(kind)
    table = fk.table
    names = ["id", *columns]
    stmt = select(*(table.c[n] for n in names), table.c.geom)
    for key, value in fk.fixed.items():
        stmt = stmt.where(table.c[key] == value)
    if ids is not None:
        stmt = stmt.where(table.c.id.in_([int(i) for i in ids]))
    cursor = conn.execute(stmt.order_by(table.c.id)).cursor
    while cursor is not None:
        rows = cursor.fetchmany(chunk)
        if not rows:
            break
        frame = pd.DataFrame.from_records(rows, columns=[*names, "geom"])
        del rows
        yield frame, shapely.from_wkb(frame.pop("geom").to_numpy())


def count_rows(conn: Connection, table: Table, fixed: dict[str, str] | None = None) -> int:
    """How many rows ``table`` holds (with the fixed column values, if any)."""
    stmt = select(func.count()).select_from(table)
    for key, value in (fixed or {}).items():
        stmt = stmt.where(table.c[key] == value)
    return int(conn.execute(stmt).scalar_one())


_TRACK_COLUMNS = ("device", "team_id", "t", "lon", "lat", "speed_mps", "accuracy_m", "source")
_POSITION_COLUMNS = (
    "device", "vehicle_id", "t", "lon", "lat", "speed_mps", "heading",
    "altitude_m", "accuracy_m", "battery", "received_t", "protocol",
)


def _write_points(conn: Connection, table: Table, names: Sequence[str], frame: pd.DataFrame) -> int:
    n = len(frame)
    if n == 0:
        return 0
    for required in ("device", "t", "lon", "lat"):
        if required not in frame.columns:
            raise ValueError(f"{table.name}: column {required!r} is required")
    columns = {name: frame[name].reset_index(drop=True) for name in names if name in frame.columns}
    _insert_columns(conn, table, columns, n)
    return n


def write_track_points(conn: Connection, frame: pd.DataFrame) -> int:
    """Append patrol fixes (``device, t, lon, lat`` and optional columns); returns the count."""
    return _write_points(conn, TrackPoint.__table__, _TRACK_COLUMNS, frame)


def write_positions(conn: Connection, frame: pd.DataFrame) -> int:
    """Append vehicle position reports; returns the count."""
    return _write_points(conn, Position.__table__, _POSITION_COLUMNS, frame)


def _read_points(
    conn: Connection,
    table: Table,
    names: Sequence[str],
    t0: float | None,
    t1: float | None,
    devices: Iterable[str] | None,
) -> pd.DataFrame:
    stmt = select(table.c.id, *(table.c[n] for n in names))
    if t0 is not None:
        stmt = stmt.where(table.c.t >= t0)
    if t1 is not None:
        stmt = stmt.where(table.c.t < t1)
    if devices is not None:
        stmt = stmt.where(table.c.device.in_(list(devices)))
    result = conn.execute(stmt.order_by(table.c.device, table.c.t, table.c.id))
    rows = result.cursor.fetchall() if result.cursor is not None else []
    frame = pd.DataFrame.from_records(rows, columns=["id", *names])
    for name in ("t", "lon", "lat"):
        frame[name] = frame[name].astype("float64")
    return frame


def read_track_points(
    conn: Connection, t0: float | None = None, t1: float | None = None, devices: Iterable[str] | None = None
) -> pd.DataFrame:
    """Patrol fixes with ``t0 <= t < t1`` (unix seconds), ordered by device then time."""
    return _read_points(conn, TrackPoint.__table__, _TRACK_COLUMNS, t0, t1, devices)


def read_positions(
    conn: Connection, t0: float | None = None, t1: float | None = None, devices: Iterable[str] | None = None
) -> pd.DataFrame:
    """Vehicle positions with ``t0 <= t < t1`` (unix seconds), ordered by device then time."""
    return _read_points(conn, Position.__table__, _POSITION_COLUMNS, t0, t1, devices)
