"""Read a plain GeoPackage feature table with sqlite3 and shapely, without GDAL.

The desk reads the demo's bundled basemap and streets (``resources/demo/demo_city.gpkg``)
on every start. Through pyogrio that loads GDAL: ~45 MB of the desk's memory for four
small tables. A GeoPackage is an SQLite file whose geometries are WKB behind a short
header (OGC 12-128r18 §2.1.3), so simple tables need neither.

:func:`read_layer` answers what ``pyogrio.read_dataframe(path, layer=…)`` answers for
tables of TEXT, INTEGER and REAL columns (the same columns in the same order, rows in
``fid`` order, a RangeIndex, the CRS by its EPSG code). Anything else raises
:class:`NotPlainGpkg`, and the caller reads the file with pyogrio as before.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

#: Envelope bytes after the 8-byte header, by the envelope indicator in bits 1–3 of its flags.
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_TEXT = ("TEXT",)
_INTEGER = ("INTEGER", "INT", "MEDIUMINT", "SMALLINT", "TINYINT")
_REAL = ("REAL", "DOUBLE", "FLOAT")


class NotPlainGpkg(ValueError):
    """The file or table is not one this reader answers exactly as pyogrio would (use pyogrio)."""


def _connect(path: str | Path) -> sqlite3.Connection:
    path = Path(path)
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        raise NotPlainGpkg(f"{path}: not a GeoPackage file")
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise NotPlainGpkg(f"{path}: {exc}") from None


def list_layers(path: str | Path) -> list[str]:
    """The feature tables of the GeoPackage at ``path``, in ``gpkg_contents`` order."""
    con = _connect(path)
    try:
        rows = con.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid").fetchall()
    except sqlite3.Error as exc:
        raise NotPlainGpkg(f"{path}: {exc}") from None
    finally:
        con.close()
    return [r[0] for r in rows]


def geometries_from_blobs(blobs: list) -> np.ndarray:
    """Shapely geometries from GeoPackage geometry blobs (None stays None)."""
    import shapely

    wkb = []
    for blob in blobs:
        if blob is None:
            wkb.append(None)
            continue
        blob = bytes(blob)
        if blob[:2] != b"GP" or len(blob) < 8:
            raise NotPlainGpkg("a geometry without the GeoPackage header")
        flags = blob[3]
        if flags & 0b100000:  # an extended geometry type: not standard WKB
            raise NotPlainGpkg("an extended GeoPackage geometry")
        envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
        if envelope is None:
            raise NotPlainGpkg("a GeoPackage geometry with an invalid envelope")
        wkb.append(blob[8 + envelope:])
    return shapely.from_wkb(np.array(wkb, dtype=object))


def read_layer(path: str | Path, layer: str):
    """``layer`` of the GeoPackage at ``path`` as a GeoDataFrame (see the module notes)."""
    import geopandas as gpd
    import pandas as pd

    con = _connect(path)
    try:
        geom = con.execute("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?",
                           (layer,)).fetchone()
        if geom is None:
            raise NotPlainGpkg(f"{path}: no feature table {layer!r}")
        geom_col, srs_id = geom
        srs = con.execute("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
                          "WHERE srs_id = ?", (srs_id,)).fetchone()
        if srs is None or str(srs[0]).upper() != "EPSG":
            raise NotPlainGpkg(f"{path}: {layer} has no EPSG coordinate system")
        crs = f"EPSG:{int(srs[1])}"
        info = con.execute(f'PRAGMA table_info("{layer}")').fetchall()  # cid, name, type, notnull, dflt, pk
        fid = [r[1] for r in info if r[5]]
        if len(fid) != 1:
            raise NotPlainGpkg(f"{path}: {layer} has no single integer primary key")
        columns = []
        for _, name, kind, _, _, pk in info:
            if pk or name == geom_col:
                continue
            base = str(kind).upper().split("(")[0].strip()
            if base not in _TEXT + _INTEGER + _REAL:
                raise NotPlainGpkg(f"{path}: {layer}.{name} is {kind}")
            columns.append((name, base))
        select = ", ".join(f'"{c}"' for c in [geom_col] + [n for n, _ in columns])
        rows = con.execute(f'SELECT {select} FROM "{layer}" ORDER BY "{fid[0]}"').fetchall()
    except sqlite3.Error as exc:
        raise NotPlainGpkg(f"{path}: {exc}") from None
    finally:
        con.close()
    values = list(zip(*rows)) if rows else [()] * (1 + len(columns))
    data = {}
    for (name, base), col in zip(columns, values[1:]):
        if base in _TEXT:
            if any(v is not None and not isinstance(v, str) for v in col):
                raise NotPlainGpkg(f"{path}: {layer}.{name} holds values that are not text")
            if col and all(v is None for v in col):  # pyogrio: an object column of None
                data[name] = np.array(col, dtype=object)
            else:
                data[name] = pd.array(list(col), dtype="str")
        elif base in _INTEGER:
            if any(not isinstance(v, int) for v in col):  # NULLs (pyogrio: floats) or stray types
                raise NotPlainGpkg(f"{path}: {layer}.{name} has NULLs or non-integers")
            data[name] = np.array(col, dtype=np.int64)
        else:
            if any(v is not None and not isinstance(v, (int, float)) for v in col):
                raise NotPlainGpkg(f"{path}: {layer}.{name} holds values that are not numbers")
            data[name] = np.array([np.nan if v is None else v for v in col], dtype=np.float64)
    geometry = geometries_from_blobs(list(values[0]))
    return gpd.GeoDataFrame(data, geometry=geometry, crs=crs)
