"""Exports for other tools: a GeoPackage of the day's patrol picture, tables as CSV/XLSX.

The GeoPackage (opened by QGIS and ``ogrinfo``) holds ``patches``,
``segment_requirements`` (a pipe per requirement it falls under),
``segment_coverage`` (a pipe per requirement with the covered share of each
window), ``repairs`` (points) and ``tracks`` (a line per device). Tables go
to CSV as UTF-8 with a byte order mark, so Excel shows Chinese text right, or
to XLSX with one worksheet per table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from gis.io.output import replacing

WGS84 = "EPSG:4326"

#: GeoPackage layer → its geometry type (written even when the layer is empty).
GPKG_GEOMETRY = {"patches": "Polygon", "segment_requirements": "LineString", "segment_coverage": "LineString",
                 "repairs": "Point", "tracks": "LineString"}


def track_lines(fixes: pd.DataFrame, crs: str | None = None) -> gpd.GeoDataFrame:
    """One line per device through its fixes in time order.

    Parameters
    ----------
    fixes
        ``device, t, lon, lat`` (as :func:`models.bulk.read_track_points` returns).
    crs
        Metric CRS to measure ``length_m`` in (None: no length).

    Returns
    -------
    geopandas.GeoDataFrame
        ``device, fixes, start, end, length_m`` with LineString geometry in WGS84
        (devices with a single fix are left out).
    """
    columns = ["device", "fixes", "start", "end", "length_m"]
    if len(fixes) == 0:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=WGS84)
    f = fixes.assign(device=fixes["device"].astype(str))
    f = f[f.groupby("device")["t"].transform("size") >= 2].sort_values(["device", "t"], kind="stable")
    if len(f) == 0:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=WGS84)
    device = f["device"].to_numpy()
    starts = np.r_[0, np.nonzero(device[1:] != device[:-1])[0] + 1]
    counts = np.diff(np.r_[starts, len(f)])
    coords = np.c_[f["lon"].to_numpy(float), f["lat"].to_numpy(float)]
    index = np.repeat(np.arange(len(starts)), counts)
    lines = shapely.linestrings(coords, indices=index)
    t = f["t"].to_numpy(float)
    out = gpd.GeoDataFrame({
        "device": device[starts], "fixes": counts,
        "start": pd.to_datetime(t[starts], unit="s", utc=True),
        "end": pd.to_datetime(t[starts + counts - 1], unit="s", utc=True),
    }, geometry=lines, crs=WGS84)
    out["length_m"] = out.geometry.to_crs(crs).length.round(1) if crs and len(out) else np.nan
    return out[[*columns, "geometry"]].reset_index(drop=True)


def write_geopackage(path: str | Path,
                     layers: Mapping[str, gpd.GeoDataFrame | Iterable[gpd.GeoDataFrame]]) -> dict[str, int]:
    """Write ``layers`` into a new GeoPackage at ``path`` (an existing file is replaced); rows written per layer.

    A layer is a GeoDataFrame or an iterable of them (its chunks, appended in turn: a city's
    layers are written without holding them whole). Written whole or not at all
    (:func:`gis.io.output.replacing`).
    """
    counts: dict[str, int] = {}
    with replacing(path) as tmp:
        for name, layer in layers.items():
            chunks = [layer] if isinstance(layer, pd.DataFrame) else layer
            counts[name] = 0
            for i, frame in enumerate(chunks):
                if i and len(frame) == 0:
                    continue
                frame = frame.to_crs(WGS84) if frame.crs is not None else frame.set_crs(WGS84)
                pyogrio.write_dataframe(frame, tmp, layer=name, driver="GPKG", append=tmp.exists(),
                                        geometry_type=GPKG_GEOMETRY.get(name), promote_to_multi=False)
                counts[name] += len(frame)
    return counts


def write_tables(path: str | Path, tables: Mapping[str, pd.DataFrame]) -> Path:
    """Write tables as XLSX (one worksheet each) or, for a ``.csv`` path, the single table as UTF-8 CSV with BOM.

    Raises
    ------
    ValueError
        A CSV path with more than one table, or an unknown extension.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv" and len(tables) != 1:
        raise ValueError(f"{path}: a CSV file holds one table, not {len(tables)}")
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"{path}: expected a .csv or .xlsx file")
    with replacing(path) as tmp:  # whole or not at all
        if suffix == ".csv":
            next(iter(tables.values())).to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for name, frame in tables.items():
                    _excel_safe(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return path


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel cannot store time zones: aware times become naive UTC."""
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_convert("UTC").dt.tz_localize(None)
        elif out[col].dtype == object:
            out[col] = [v.astimezone(dt.timezone.utc).replace(tzinfo=None)
                        if isinstance(v, dt.datetime) and v.tzinfo else v for v in out[col]]
    return out
