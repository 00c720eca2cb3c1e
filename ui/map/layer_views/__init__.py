"""Layer views: one class per layer kind (``VIEW_FOR_LAYER``), like napari's layer→visual map."""

from __future__ import annotations

from models.map_layers import MapLayer
from ui.map.layer_views.base import LayerView, RenderContext
from ui.map.layer_views.lines import LineLayerView
from ui.map.layer_views.points import PointLayerView
from ui.map.layer_views.polygons import PolygonLayerView
from ui.map.layer_views.raster import RasterTileView

#: Layer kind → view class. ``live`` layers are drawn by the canvas over its cached image.
VIEW_FOR_LAYER: dict[str, type[LayerView]] = {
    "lines": LineLayerView,
    "points": PointLayerView,
    "polygons": PolygonLayerView,
    "raster": RasterTileView,
}


def make_view(layer: MapLayer) -> LayerView | None:
    """The view for ``layer``, or None for kinds the cached image does not hold."""
    cls = VIEW_FOR_LAYER.get(layer.kind)
    return cls(layer) if cls is not None else None


__all__ = ["VIEW_FOR_LAYER", "LayerView", "RenderContext", "make_view"]
