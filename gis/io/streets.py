"""Read street lines for the store: an OSM extract (.osm.pbf) or any line file (pyogrio).

The result is ``name, highway, oneway, geometry`` in lon/lat WGS84. For GIS
files the class column is guessed (``highway``, ``fclass``, ``class``,
``type``, ``道路等级``) and the name column likewise (``name``, ``NAME``, ``名称``,
``路名``); a file without a class gets ``road`` (25 km/h in town).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from gis.io.common import ImportFailed, ImportResult
from gis.messages import Message

NAME_FIELDS = ("name", "NAME", "Name", "名称", "路名", "street", "STREET")
CLASS_FIELDS = ("highway", "HIGHWAY", "fclass", "class", "CLASS", "type", "TYPE", "道路等级", "等级")
ONEWAY_FIELDS = ("oneway", "ONEWAY", "单行")


def _pick(columns, names) -> str | None:
    for n in names:
        if n in columns:
            return n
    return None


def read_streets(path: str | Path, layer: str | None = None) -> ImportResult:
    """Street lines from ``path`` (``.osm.pbf``/``.osm`` via osmium, else GeoPackage, Shapefile …).

    Raises
    ------
    ImportFailed
        Unreadable file, no line features, no CRS.
    """
    path = Path(path)
    if not path.exists():
        raise ImportFailed(path, "no such file")
    notes: list[str] = []
    if path.name.endswith((".osm.pbf", ".osm")):
        from gis.osm_extract import read_osm

        try:
            streets = read_osm(path).streets
        except Exception as exc:  # noqa: BLE001 (osmium raises plain RuntimeErrors on a bad file)
            raise ImportFailed(path, f"not a readable OSM file ({exc})") from None
        frame = streets[["name", "highway", "oneway", "geometry"]].copy()
        notes.append(Message("drivable OSM ways (highway=*) taken; footways and paths left out"))
    else:
        import pyogrio  # here: the desk imports this module, and GDAL costs it ~45 MB

        try:
            gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
            raise ImportFailed(path, f"cannot read ({exc})") from None
        if gdf.crs is None:
            raise ImportFailed(path, "the file has no CRS: save it with one (e.g. EPSG:4326)")
        gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
        gdf = gdf[gdf.geometry.geom_type.isin(["LineString", "MultiLineString"])]
        if gdf.empty:
            raise ImportFailed(path, "no line features")
        name, cls, one = _pick(gdf.columns, NAME_FIELDS), _pick(gdf.columns, CLASS_FIELDS), _pick(gdf.columns, ONEWAY_FIELDS)
        frame = gpd.GeoDataFrame({
            "name": gdf[name].astype(object) if name else None,
            "highway": gdf[cls].astype(str) if cls else "road",
            "oneway": gdf[one].astype(str).str.lower().isin(["yes", "1", "true", "是"]) if one else False,
        }, geometry=gdf.geometry.to_crs("EPSG:4326"), crs="EPSG:4326")
        if cls:
            notes.append(Message("name from {name}, class from {road_class}", name=name, road_class=cls) if name
                         else Message("no name field; class from {road_class}", road_class=cls))
        else:
            notes.append(Message("name from {name}; no class field: all roads at 25 km/h", name=name) if name
                         else Message("no name or class field: all roads at 25 km/h"))
    frame = frame.explode(index_parts=False).reset_index(drop=True)
    if frame.empty:
        raise ImportFailed(path, "no streets in the file")
    return ImportResult(frame=frame, notes=notes)
