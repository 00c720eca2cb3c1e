"""Writes features drawn on the map to the store (tools never write; this controller does)."""

from __future__ import annotations

import geopandas as gpd
from PySide6.QtCore import QObject, Signal

from gis.coords import Projector
from services.map.data import to_wgs84_geometry
from gis.map_prep import FeatureData
from models.bulk import write_features
from models.kinds import FEATURE_KINDS
from models.map_layers import LayerList


class FeatureController(QObject):
    """Stores a drawn geometry as a new feature of a kind and shows it on its layer.

    Signals: ``feature_stored(kind, id)``; ``store_failed(message)``.
    """

    feature_stored = Signal(str, int)
    store_failed = Signal(str)

    def __init__(self, store, layers: LayerList, projector: Projector, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.layers = layers
        self.projector = projector

    def add_feature(self, kind: str, geom_local, attrs: dict | None = None) -> int | None:
        """Store ``geom_local`` (local CRS) as a new ``kind`` feature in one transaction; returns its id."""
        fk = FEATURE_KINDS.get(kind)
        if fk is None:
            self.store_failed.emit(self.tr("Unknown feature kind: {0}").format(kind))
            return None
        family = {"Point": "point", "LineString": "line", "Polygon": "polygon", "MultiPolygon": "polygon",
                  "MultiLineString": "line"}.get(geom_local.geom_type)
        if family != fk.geometry:
            self.store_failed.emit(self.tr("A {0} needs a {1} geometry, not {2}.").format(
                kind, fk.geometry, geom_local.geom_type))
            return None
        attrs = dict(attrs or {})
        if "name" in fk.table.c and not attrs.get("name"):
            attrs["name"] = self.tr("New {0}").format(kind)
        event = self.store.current_event() if hasattr(self.store, "current_event") else None
        if "event_id" in fk.table.c and event is not None:
            attrs.setdefault("event_id", event.id)
        geom = to_wgs84_geometry(geom_local, self.projector)
        gdf = gpd.GeoDataFrame({k: [v] for k, v in attrs.items()}, geometry=[geom], crs="EPSG:4326")
        try:
            with self.store.engine.begin() as conn:
                fid = int(write_features(conn, kind, gdf)[0])
        except Exception as exc:  # database errors: report, nothing half-written (one transaction)
            self.store_failed.emit(self.tr("Could not store the {0}: {1}").format(kind, exc))
            return None
        layer = self.layers.get(kind)
        if layer is not None and isinstance(layer.data, FeatureData):
            layer.data.append(geom_local, fid, attrs)
            layer.data_changed()
        self.feature_stored.emit(kind, fid)
        return fid
