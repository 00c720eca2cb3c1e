"""Build the map's layer list from the store and the basemap GeoPackage.

Everything is projected once to the event's local metric CRS; the canvas
works in metres. No Qt here: the same layers feed the desk, the wall and the
printed sheets.
"""

from __future__ import annotations

import copy
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, select

from gis.coords import Projector
from gis.map_prep import FeatureData
from gis.map_styles import DEFAULT_STYLES, LAYER_ORDER, TITLES, feature_codes
from models.bulk import read_features
from models.map_layers import LayerList, LiveLayerData, MapLayer

#: Store kinds shown on the map, with their layer kind.
STORE_LAYERS = {
    "patches": "polygons", "key_areas": "polygons", "sites": "polygons", "residences": "polygons",
    "venues": "polygons", "key_units": "polygons", "key_roads": "lines", "pipes": "lines",
    "routes": "lines", "valves": "points", "hydrants": "points", "users": "points",
}
BASEMAP_LAYERS = {
    "basemap_green": "polygons", "basemap_water": "polygons", "basemap_buildings": "polygons",
    "basemap_streets": "lines",
}


def feature_data(name: str, gdf: gpd.GeoDataFrame, projector: Projector, label_field: str | None = None
                 ) -> FeatureData:
    """Project a WGS84 GeoDataFrame to the local CRS and wrap it for drawing.

    Parameters
    ----------
    name
        Layer name (picks the classifier in :func:`gis.map_styles.feature_codes`).
    gdf
        Features in EPSG:4326 (or any CRS pyproj knows; reprojected).
    projector
        Converts to the local metric CRS.
    label_field
        Attribute to label features with.
    """
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    local = gdf.to_crs(projector.local_crs) if gdf.crs is not None else gdf.set_crs(projector.local_crs)
    geoms = np.asarray(local.geometry.values, dtype=object)
    attrs = pd.DataFrame(local.drop(columns=local.geometry.name)).reset_index(drop=True)
    ids = attrs["id"].to_numpy(dtype=np.int64) if "id" in attrs else np.arange(len(attrs), dtype=np.int64)
    codes = feature_codes(name, attrs)
    n_classes = len(DEFAULT_STYLES.get(name, {}).get("classes", [None]))
    return FeatureData(geoms, ids, attrs, codes, n_classes, label_field)


def make_layer(name: str, kind: str, data, z: float, title: str | None = None,
               style: dict | None = None, group: str = "") -> MapLayer:
    """A layer with the default style for ``name``."""
    style = copy.deepcopy(style if style is not None else DEFAULT_STYLES.get(name, {}))
    return MapLayer(name, title or TITLES.get(name, name), kind, data=data, style=style, z=z, group=group)


def read_basemap(gpkg: str | Path, projector: Projector) -> dict[str, FeatureData]:
    """Read the OpenStreetMap basemap layers that exist in ``gpkg``.

    Raises
    ------
    ValueError
        When the file cannot be read (message names the file).
    """
    from gis import gpkg_lite  # a plain GeoPackage (the demo's) is read without GDAL

    try:
        present = set(gpkg_lite.list_layers(gpkg))
    except gpkg_lite.NotPlainGpkg:
        present = None
    if present is None:
        import pyogrio

        try:
            present = {row[0] for row in pyogrio.list_layers(gpkg)}
        except Exception as exc:  # pyogrio raises DataSourceError and friends
            raise ValueError(f"{gpkg}: cannot read the basemap ({exc})") from exc
    out = {}
    for name in BASEMAP_LAYERS:
        if name not in present:
            continue
        try:
            gdf = gpkg_lite.read_layer(gpkg, name)
        except gpkg_lite.NotPlainGpkg:
            import pyogrio

            gdf = pyogrio.read_dataframe(gpkg, layer=name)
        label = "name" if name == "basemap_streets" and "name" in gdf.columns else None
        out[name] = feature_data(name, gdf, projector, label_field=label)
    return out


def store_streets_data(conn: Connection, projector: Projector) -> FeatureData | None:
    """The store's imported streets (table ``streets``) drawn as the basemap's streets, or None when it has none."""
    from models.streets import Street

    t = Street.__table__
    rows = conn.execute(select(t.c.id, t.c.name, t.c.highway, t.c.geom)).all()
    if not rows:
        return None
    geoms = shapely.from_wkb(np.array([r.geom for r in rows], dtype=object))
    gdf = gpd.GeoDataFrame({"id": [r.id for r in rows], "name": [r.name for r in rows],
                            "highway": [r.highway for r in rows]}, geometry=geoms, crs="EPSG:4326")
    return feature_data("basemap_streets", gdf, projector, label_field="name")


def store_layer_data(conn: Connection, name: str, projector: Projector) -> FeatureData:
    """The drawable data of one store layer (``"sites"`` …), read afresh (another desk changed it).

    Parameters
    ----------
    conn
        Open connection to the store.
    name
        A key of :data:`STORE_LAYERS`.
    projector
        Local CRS conversions.
    """
    gdf = read_features(conn, name)
    label = "name" if name in ("users", "venues", "residences") and "name" in gdf.columns else None
    return feature_data(name, gdf, projector, label)


def layers_of_table(table: str) -> list[str]:
    """The store layers drawn from ``table`` (``"guarded_places"`` → venues, residences, key units)."""
    from models.kinds import FEATURE_KINDS

    return [name for name in STORE_LAYERS if FEATURE_KINDS[name].table.name == table]


def deferred_layer_data(conn: Connection, name: str, projector: Projector) -> FeatureData | None:
    """A city-sized pipes layer loading in the background from the map cache (:mod:`services.map.prepared`), or None."""
    if name != "pipes":
        return None
    from services.map.prepared import deferred_pipes, read_layer_lean

    n_classes = len(DEFAULT_STYLES.get(name, {}).get("classes", [None]))
    return deferred_pipes(conn, projector, lambda c: read_layer_lean(c, name, projector), n_classes)


def layer_data(conn: Connection, name: str, projector: Projector, defer: bool = False) -> FeatureData:
    """Layer ``name``'s data from the store; with ``defer`` a city-sized pipes layer loads in the background
    (:func:`deferred_layer_data`)."""
    data = deferred_layer_data(conn, name, projector) if defer else None
    return data if data is not None else store_layer_data(conn, name, projector)


def build_layers(conn: Connection | None, projector: Projector, basemap: str | Path | None = None,
                 defer: bool = False) -> LayerList:
    """The full layer list: basemap (if given), the store's kinds, and the live layer.

    Parameters
    ----------
    conn
        Open connection to the store (None: only the basemap and live layers).
    projector
        Local CRS conversions.
    basemap
        GeoPackage with ``basemap_*`` layers, e.g. ``resources/demo/demo_city.gpkg``.
        Without one, the store's imported streets (if any) are the basemap's streets.
    defer
        Load a city-sized pipes layer in the background, drawing it from the map
        cache beside the store meanwhile (the desk); off, every layer is read here.
    """
    layers = LayerList()
    order = {name: i for i, name in enumerate(LAYER_ORDER)}
    if basemap is not None and Path(basemap).exists():
        for name, data in read_basemap(basemap, projector).items():
            layers.append(make_layer(name, BASEMAP_LAYERS[name], data, order[name], group="basemap"))
    if conn is not None and layers.get("basemap_streets") is None:
        # A utility's own event: the streets it imported are its basemap (thin grey lines under the pipes).
        streets = store_streets_data(conn, projector)
        if streets is not None:
            layers.append(make_layer("basemap_streets", "lines", streets, order["basemap_streets"], group="basemap"))
    if conn is not None:
        for name, kind in STORE_LAYERS.items():
            layers.append(make_layer(name, kind, layer_data(conn, name, projector, defer), order[name]))
    layers.append(MapLayer("live", "Patrollers and vehicles", "live", data=LiveLayerData(), z=1000))
    return layers


def total_bounds(layers: LayerList, names: tuple[str, ...] = ("pipes", "basemap_streets")
                 ) -> tuple[float, float, float, float] | None:
    """Bounds of the first non-empty layer among ``names`` (else of all vector layers)."""
    candidates = [layers.get(n) for n in names] + list(layers)
    for layer in candidates:
        if layer is not None and isinstance(layer.data, FeatureData):
            if not getattr(layer.data, "bounds_ready", lambda: True)():
                continue  # still loading in the background: the desk zooms to it when it arrives
            b = layer.data.bounds()
            if b is not None:
                return b
    return None


def to_wgs84_geometry(geom, projector: Projector):
    """A local-CRS shapely geometry converted to lon/lat (for storing a drawn feature)."""
    return shapely.transform(geom, lambda xy: np.column_stack(projector.to_wgs84(xy[:, 0], xy[:, 1])))
