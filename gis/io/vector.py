"""Read any OGR vector file (GeoPackage, Shapefile, GeoJSON, KML, CSV) for one feature kind.

The result is a GeoDataFrame in lon/lat WGS84 whose columns are the store's
(``diameter_mm``, ``material``, ``name`` …), plus the features refused with a
reason. Decisions, in order:

1. Encoding: a declared encoding (a Shapefile's ``.cpg`` or DBF language id,
   or ``encoding=``) is used; otherwise UTF-8 is tried, then GB18030 (Chinese
   utility shapefiles are usually GBK, a subset), then Latin-1. Which one was
   used is reported in the notes.
2. CRS: ``crs=`` overrides the file's; a file with no CRS and no ``crs=`` fails
   (except a CSV whose x/y columns are named lon/lat and hold lon/lat values).
   Coordinates outside lon/lat bounds in a geographic CRS are refused as a
   probable wrong CRS.
3. Geometry: the kind's family is enforced (lines for pipes, routes and key
   roads; polygons for venues, residences, sites and key areas; points for
   valves, hydrants and users); multi-part lines are merged or split into
   parts; invalid polygons are repaired with ``make_valid`` and counted, or
   refused when nothing polygonal is left.
4. Fields: :mod:`gis.io.fields` maps and converts attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from gis.io.common import (
    WGS84,
    ImportFailed,
    ImportResult,
    captured_warnings,
    geodesic_lengths,
    out_of_lonlat,
    parse_crs,
)
from gis.io.fields import apply_mapping, looks_like_inches, resolve_mapping, targets_for
from gis.messages import Message
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the kind table is the caller's (models.kinds); only its shape is used here
    from models.kinds import FeatureKind

#: shapely type ids.
_POINT, _LINE, _RING, _POLY, _MPOINT, _MLINE, _MPOLY, _COLL = range(8)
_FAMILY_TYPES = {"point": {_POINT, _MPOINT}, "line": {_LINE, _RING, _MLINE}, "polygon": {_POLY, _MPOLY, _COLL}}
_TYPE_NAMES = {-1: "no", _POINT: "point", _LINE: "line", _RING: "line", _POLY: "polygon",
               _MPOINT: "multi-point", _MLINE: "multi-line", _MPOLY: "multi-polygon", _COLL: "collection"}

#: CSV column names GDAL should take as geometry (WKT) or x / y.
_CSV_WKT = "WKT,wkt,geom,geometry,the_geom,shape,几何"
_CSV_X = "x,lon,lng,long,longitude,easting,经度,X坐标,x坐标"
_CSV_Y = "y,lat,latitude,northing,纬度,Y坐标,y坐标"
_LONLAT_NAMES = {"lon", "lng", "long", "longitude", "经度", "lat", "latitude", "纬度"}


def _shapefile_declares_encoding(path: Path) -> bool:
    """Whether a shapefile says its encoding (a .cpg file, or a DBF language id)."""
    stem = path.with_suffix("")
    if any(stem.with_suffix(s).exists() for s in (".cpg", ".CPG")):
        return True
    for suffix in (".dbf", ".DBF"):
        dbf = stem.with_suffix(suffix)
        if dbf.exists():
            with dbf.open("rb") as fh:
                header = fh.read(30)
            return len(header) >= 30 and header[29] != 0
    return False


def check_shapefile(path: Path) -> None:
    """Refuse a shapefile whose .shp, .shx or .dbf is shorter than its header says.

    GDAL reads a truncated shapefile without error, giving the missing
    features empty geometries or attributes; a cut-off copy must fail as a
    whole instead of importing half a network.
    """
    for suffix in (".shp", ".shx"):
        part = path.with_suffix(suffix)
        if not part.exists():
            part = path.with_suffix(suffix.upper())
        if not part.exists():
            if suffix == ".shx":
                continue
            raise ImportFailed(path, "no such file")
        size = part.stat().st_size
        with part.open("rb") as fh:
            header = fh.read(100)
        if len(header) < 100:
            raise ImportFailed(path, f"{part.name} is truncated ({size} bytes, less than its 100-byte header)")
        declared = int.from_bytes(header[24:28], "big") * 2
        if size < declared:
            raise ImportFailed(
                path, f"{part.name} is truncated: {size:,} bytes of the {declared:,} its header declares"
            )
    dbf = path.with_suffix(".dbf")
    if not dbf.exists():
        dbf = path.with_suffix(".DBF")
    if dbf.exists():
        size = dbf.stat().st_size
        with dbf.open("rb") as fh:
            header = fh.read(12)
        if len(header) < 12:
            raise ImportFailed(path, f"{dbf.name} is truncated ({size} bytes)")
        records = int.from_bytes(header[4:8], "little")
        header_len = int.from_bytes(header[8:10], "little")
        record_len = int.from_bytes(header[10:12], "little")
        declared = header_len + records * record_len
        if size < declared:
            raise ImportFailed(path, f"{dbf.name} is truncated: {size:,} bytes of the {declared:,} its header declares")


def _open_options(path: Path) -> dict[str, str]:
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return {
            "GEOM_POSSIBLE_NAMES": _CSV_WKT,
            "X_POSSIBLE_NAMES": _CSV_X,
            "Y_POSSIBLE_NAMES": _CSV_Y,
            "KEEP_GEOM_COLUMNS": "NO",
            "AUTODETECT_TYPE": "YES",
        }
    return {}


def _csv_header(path: Path) -> list[str]:
    """The column names on a CSV's first line (GDAL drops the x/y columns it uses)."""
    with path.open("rb") as fh:
        first = fh.readline().decode("utf-8", errors="replace").lstrip("\ufeff")
    sep = max((",", ";", "\t"), key=first.count)
    return [c.strip().strip('"') for c in first.split(sep)]


def _read(path: Path, layer: str | None, encoding: str | None, notes: list[str]) -> gpd.GeoDataFrame:
    """Read the layer with the first encoding that decodes its text."""
    options = _open_options(path)
    is_shp = path.suffix.lower() == ".shp"
    if encoding:
        candidates = [encoding]
    elif is_shp and _shapefile_declares_encoding(path):
        # The declaration first; some tools write a .cpg that does not match the text.
        candidates = [None, "GB18030"]
    else:
        # GeoPackage and GeoJSON are UTF-8 by definition; GDAL's reading of
        # them needs no hint, but a CSV or an undeclared DBF may be anything.
        candidates = ["UTF-8", "GB18030", "ISO-8859-1"] if (is_shp or options) else [None, "GB18030"]
    import pyogrio  # here: the desk imports this package, and GDAL costs it ~45 MB

    last: Exception | None = None
    for enc in candidates:
        try:
            with captured_warnings(notes, prefix="GDAL: "):
                gdf = pyogrio.read_dataframe(
                    path, layer=layer, encoding=enc, fid_as_index=True, on_invalid="ignore", **options
                )
        except UnicodeDecodeError as exc:
            last = exc
            continue
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
            raise ImportFailed(path, _gdal_reason(path, exc)) from exc
        except (pyogrio.errors.FeatureError, pyogrio.errors.GeometryError, pyogrio.errors.FieldError) as exc:
            raise ImportFailed(path, f"cannot read a feature: {exc} (the file may be truncated or damaged)") from exc
        except (RuntimeError, ValueError, OSError) as exc:
            raise ImportFailed(path, f"cannot read: {exc}") from exc
        if enc not in (None, "UTF-8") and not encoding:
            if candidates[0] is None:
                notes.append(Message("attribute text does not decode as its declared encoding; decoded as {enc}",
                                     enc=enc))
            else:
                notes.append(Message("attribute text does not decode as UTF-8; decoded as {enc}", enc=enc))
        return gdf
    raise ImportFailed(path, f"attribute text cannot be decoded ({last}); give its encoding with --encoding")


def _gdal_reason(path: Path, exc: Exception) -> str:
    if not path.exists():
        return "no such file"
    if path.is_file() and path.stat().st_size == 0:
        return "the file is empty"
    text = str(exc)
    if "not recognized as" in text or "not a supported file format" in text:
        return "not a readable GIS file (damaged, truncated or of an unknown format)"
    if "layer" in text.lower() and "not found" in text.lower():
        try:
            import pyogrio

            layers = ", ".join(pyogrio.list_layers(path)[:, 0])
        except Exception:  # noqa: BLE001 - only to enrich the message
            layers = "?"
        return f"{text} (layers: {layers})"
    return f"cannot read: {text} (the file may be truncated or damaged)"


def _decide_crs(
    gdf: gpd.GeoDataFrame, path: Path, crs: str | None, default_crs: str | None, result: ImportResult
) -> CRS:
    declared = gdf.crs
    if crs is not None:
        chosen = parse_crs(crs, path)
        if declared is not None and not CRS(declared).equals(chosen):
            result.notes.append(Message("the file declares {declared}; --crs {chosen} used instead",
                                        declared=CRS(declared).to_string(), chosen=chosen.to_string()))
        return chosen
    if declared is not None:
        return CRS(declared)
    if default_crs is not None:
        result.notes.append(Message("the file has no CRS; {crs} used, as for this source before", crs=default_crs))
        return parse_crs(default_crs, path)
    cols = {c.lower() for c in gdf.attrs.get("source_columns", [])}
    if _open_options(path) and cols & _LONLAT_NAMES and len(gdf):
        b = gdf.total_bounds
        if -180 <= b[0] <= b[2] <= 180 and -90 <= b[1] <= b[3] <= 90:
            result.notes.append(Message("no CRS given; lon/lat columns read as WGS84 (EPSG:4326)"))
            return CRS(WGS84)
    raise ImportFailed(
        path, "the file has no coordinate reference system (no .prj or CRS); give it with --crs EPSG:N"
    )


def _to_wgs84(
    geoms: np.ndarray, src: CRS, path: Path, labels: np.ndarray, result: ImportResult
) -> tuple[np.ndarray, np.ndarray]:
    """Reproject to lon/lat; returns the geometries and a mask of features kept."""
    keep = np.ones(len(geoms), dtype=bool)
    if src.is_geographic:
        bad = out_of_lonlat(geoms)
        if bad.all() and len(geoms):
            b = shapely.total_bounds(geoms)
            raise ImportFailed(
                path,
                f"coordinates ({b[0]:.0f}, {b[1]:.0f}) – ({b[2]:.0f}, {b[3]:.0f}) are not lon/lat but the file "
                f"declares {src.to_string()}: wrong CRS? give the right one with --crs EPSG:N",
            )
        for i in np.flatnonzero(bad):
            result.reject(labels[i], "coordinates outside lon/lat range: wrong CRS?")
        keep &= ~bad
    if not src.equals(CRS(WGS84)):
        geoms = gpd.GeoSeries(geoms, crs=src).to_crs(WGS84).values
        geoms = np.asarray(geoms)
        b = shapely.bounds(geoms)
        bad = keep & (~np.isfinite(b).all(axis=1) | out_of_lonlat(geoms))
        if bad.sum() == keep.sum() and keep.any():
            raise ImportFailed(path, f"the coordinates do not fit {src.to_string()}: wrong CRS? give it with --crs")
        for i in np.flatnonzero(bad):
            result.reject(labels[i], f"coordinates cannot be transformed from {src.to_string()}: wrong CRS?")
        keep &= ~bad
    return geoms, keep


def normalise_geometries(
    geoms: np.ndarray, family: str, labels: np.ndarray, result: ImportResult
) -> tuple[np.ndarray, np.ndarray]:
    """Enforce the kind's geometry family; repair or refuse invalid geometries.

    Parameters
    ----------
    geoms
        Shapely geometries (may hold None).
    family
        ``"point"``, ``"line"`` or ``"polygon"``.
    labels
        The feature label of each geometry, for messages.
    result
        Receives rejections, notes and the repaired count.

    Returns
    -------
    geoms, keep
        The cleaned geometries (multi-points of one point made points, lines
        merged) and a mask of the ones to keep. Multi-lines that do not merge
        into one line stay multi-lines; :func:`explode_lines` splits them.
    """
    geoms = shapely.force_2d(np.asarray(geoms, dtype=object))
    types = shapely.get_type_id(geoms)
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    keep = ~empty
    for i in np.flatnonzero(empty):
        result.reject(labels[i], "no geometry")
    wrong = keep & ~np.isin(types, list(_FAMILY_TYPES[family]))
    for i in np.flatnonzero(wrong):
        result.reject(labels[i], f"{_TYPE_NAMES.get(int(types[i]), 'unknown')} geometry, expected a {family}")
    keep &= ~wrong
    if family == "point":
        multi = keep & (types == _MPOINT)
        n_parts = shapely.get_num_geometries(geoms)
        for i in np.flatnonzero(multi & (n_parts != 1)):
            result.reject(labels[i], f"multi-point of {int(n_parts[i])} points, expected one point")
        keep &= ~(multi & (n_parts != 1))
        one = multi & (n_parts == 1)
        geoms[one] = shapely.get_geometry(geoms[one], 0)
    elif family == "line":
        ring = keep & (types == _RING)
        for i in np.flatnonzero(ring):
            geoms[i] = shapely.linestrings(shapely.get_coordinates(geoms[i]))
        multi = keep & (types == _MLINE)
        if multi.any():
            geoms[multi] = shapely.line_merge(geoms[multi])
        zero = keep & (shapely.length(geoms) == 0)
        for i in np.flatnonzero(zero):
            result.reject(labels[i], "line of zero length")
        keep &= ~zero
    else:
        invalid = keep & ~shapely.is_valid(geoms)
        if invalid.any():
            reasons = shapely.is_valid_reason(geoms[invalid])
            fixed = shapely.make_valid(geoms[invalid])
            fixed = np.array([_polygonal(g) for g in fixed], dtype=object)
            for i, g, why in zip(np.flatnonzero(invalid), fixed, reasons, strict=True):
                if g is None:
                    result.reject(labels[i], f"invalid polygon ({why}) that cannot be repaired")
                    keep[i] = False
                else:
                    geoms[i] = g
                    result.repaired += 1
            if result.repaired:
                result.notes.append(Message("{n} invalid polygon(s) repaired with make_valid", n=result.repaired))
        coll = keep & (shapely.get_type_id(geoms) == _COLL)
        for i in np.flatnonzero(coll):
            g = _polygonal(geoms[i])
            if g is None:
                result.reject(labels[i], "geometry collection without polygons")
                keep[i] = False
            else:
                geoms[i] = g
    return geoms, keep


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry | None:
    """The polygonal part of a geometry (what make_valid may wrap in a collection)."""
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (_POLY, _MPOLY)]
    if not parts:
        return None
    merged = shapely.union_all(parts)
    return merged if not merged.is_empty and merged.area > 0 else None


def explode_lines(gdf: gpd.GeoDataFrame, notes: list[str]) -> gpd.GeoDataFrame:
    """Split multi-lines that did not merge into one row per part (codes get -2, -3 … in the store)."""
    multi = shapely.get_type_id(np.asarray(gdf.geometry.values)) == _MLINE
    if not multi.any():
        return gdf
    notes.append(Message("{n} multi-part line(s) split into their parts", n=int(multi.sum())))
    return gdf.explode(index_parts=False)


def _fill_defaults(frame: pd.DataFrame, kind: FeatureKind) -> None:
    """Empty values of required columns get the column's default (a NOT NULL column must not get None)."""
    for col in kind.table.columns:
        if col.name in frame and not col.nullable and col.default is not None and col.default.is_scalar:
            frame[col.name] = frame[col.name].where(frame[col.name].notna(), col.default.arg)


def read_vector(
    path: str | Path,
    kind: FeatureKind,
    *,
    layer: str | None = None,
    crs: str | None = None,
    mapping: Mapping[str, str] | None = None,
    remembered: Mapping[str, str] | None = None,
    encoding: str | None = None,
    default_crs: str | None = None,
) -> ImportResult:
    """Read a vector file as features of ``kind``.

    Parameters
    ----------
    path
        Any file OGR reads (``.gpkg``, ``.shp``, ``.geojson``, ``.kml``, ``.csv`` …).
    kind
        The store kind (its table's columns are the mapping targets).
    layer
        The layer of a multi-layer file (GeoPackage, KML); the first when None.
    crs
        The CRS of the coordinates when the file has none (or a wrong one).
    mapping
        Explicit ``{target: "source[:unit]"}``; wins over guesses.
    remembered
        The mapping used last time for this source; used for targets not in
        ``mapping`` whose fields still exist.
    encoding
        The attribute text encoding, when the file does not declare it.
    default_crs
        The CRS to assume when the file has none and ``crs`` is not given
        (the one remembered for this source).

    Returns
    -------
    ImportResult
        ``frame`` is a GeoDataFrame in EPSG:4326 with store column names and a
        ``feature`` column (the label used in messages); ``crs`` is the source
        CRS.

    Raises
    ------
    ImportFailed
        The file cannot be read, has no CRS, obviously the wrong CRS, an
        explicit mapping that does not apply, or no acceptable feature.
    """
    path = Path(path)
    result = ImportResult(frame=None)
    if not path.exists():
        raise ImportFailed(path, "no such file")
    if path.is_file() and path.stat().st_size == 0:
        raise ImportFailed(path, "the file is empty")
    if path.suffix.lower() == ".shp":
        check_shapefile(path)
    gdf = _read(path, layer, encoding, result.notes)
    if _open_options(path):
        gdf.attrs["source_columns"] = _csv_header(path)
    if kind.geometry is None:
        raise ImportFailed(path, f"{kind.name} have no geometry to import")
    if len(gdf) == 0:
        raise ImportFailed(path, "the layer holds no features")
    labels = np.array([f"feature {fid}" for fid in gdf.index], dtype=object)
    src = _decide_crs(gdf, path, crs, default_crs, result)
    result.crs = src.to_string()
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    geoms, keep = normalise_geometries(geoms, kind.geometry, labels, result)
    present = keep.copy()
    sub_geoms, keep_crs = _to_wgs84(geoms[present], src, path, labels[present], result)
    geoms[present] = sub_geoms
    keep[present] = keep_crs

    targets = targets_for(kind.table, kind.fixed)
    resolved, problems = resolve_mapping(gdf.columns, targets, mapping or {}, remembered)
    if problems:
        raise ImportFailed(path, problems[0] if len(problems) == 1 else "; ".join(problems))
    attrs = pd.DataFrame(gdf.drop(columns="geometry"))
    explicit = set(mapping or {}) | set(remembered or {})
    try:
        frame = apply_mapping(attrs, resolved, targets, result.notes)
    except ValueError as exc:
        raise ImportFailed(path, str(exc)) from exc
    if "code" in frame and "code" not in explicit and frame["code"].dropna().duplicated().any():
        # An ArcGIS "Id" of all zeros is no code; let the store number them.
        result.notes.append(Message("field {field} is not unique; codes generated instead", field=resolved["code"]))
        frame = frame.drop(columns="code")
        del resolved["code"]
    unit_given = ":" in resolved.get("diameter_mm", ":")
    if "diameter_mm" in frame and not unit_given and looks_like_inches(frame["diameter_mm"]):
        result.notes.append(Message(
            "diameters of {field} look like inches (max {max}); if so, import with --map diameter_mm={field}:in",
            field=resolved["diameter_mm"], max=f"{frame['diameter_mm'].max():g}"))
    if src.axis_info and src.axis_info[0].unit_name.startswith("US survey foot") and "length_m" in resolved \
            and ":" not in resolved["length_m"]:
        result.notes.append(Message(
            "the CRS is in US survey feet; if {field} is in feet, import with --map length_m={field}:ft",
            field=resolved["length_m"]))
    frame["feature"] = labels
    out = gpd.GeoDataFrame(frame, geometry=geoms, crs=WGS84)[keep]
    if kind.geometry == "line":
        out = explode_lines(out, result.notes)
    if "name" in targets and ("name" not in out or out["name"].isna().any()):
        # name is required for places, routes and sites: fall back to the label.
        fallback = path.stem + " " + out["feature"].astype(str).str.replace("feature ", "#", regex=False)
        out["name"] = out["name"].fillna(fallback) if "name" in out else fallback
    if "length_m" in targets:
        measured = geodesic_lengths(np.asarray(out.geometry.values))
        if "length_m" in out:
            out["length_m"] = out["length_m"].fillna(pd.Series(measured, index=out.index))
        else:
            out["length_m"] = measured
    _fill_defaults(out, kind)
    if len(out) == 0:
        first = result.rejected[0].reason if result.rejected else "nothing usable"
        raise ImportFailed(
            path, f"no feature can be imported: all {len(gdf)} refused (e.g. {first})", result.rejected
        )
    result.frame = out.reset_index(drop=True)
    result.mapping = dict(resolved)
    return result
