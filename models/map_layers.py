"""Map layers as plain, Qt-free models, and a tiny event emitter.

A :class:`MapLayer` holds what the map shows (name, title, kind, visibility,
opacity, drawing order, style and data); views in ``ui/layer_views`` subscribe
to its events and redraw. A :class:`LayerList` holds the layers in drawing
order (bottom first). Nothing here knows about Qt: the same models drive the
command desk, the wall display and the printed sheets.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

#: Layer kinds; ``ui.map.layer_views.VIEW_FOR_LAYER`` maps each to a view class.
LAYER_KINDS = ("lines", "points", "polygons", "raster", "live")


class Emitter:
    """A minimal publish/subscribe hub: ``connect(event, cb)``, ``emit(event, **kw)``.

    Callbacks run synchronously in the emitting thread, in connection order.
    Qt views that must run on the GUI thread are only ever driven from it.
    """

    def __init__(self) -> None:
        self._callbacks: dict[str, list[Callable[..., Any]]] = {}
        self._blocked = 0

    def connect(self, event: str, callback: Callable[..., Any]) -> None:
        """Call ``callback(**payload)`` whenever ``event`` is emitted."""
        self._callbacks.setdefault(event, []).append(callback)

    def disconnect(self, event: str | None = None, callback: Callable[..., Any] | None = None) -> None:
        """Remove one callback, all callbacks of one event, or everything."""
        if event is None:
            self._callbacks.clear()
        elif callback is None:
            self._callbacks.pop(event, None)
        elif callback in self._callbacks.get(event, []):
            self._callbacks[event].remove(callback)

    def emit(self, event: str, **payload: Any) -> None:
        """Call the callbacks of ``event`` (and of ``"*"``, with ``event=`` added)."""
        if self._blocked:
            return
        for cb in list(self._callbacks.get(event, ())):
            cb(**payload)
        for cb in list(self._callbacks.get("*", ())):
            cb(event=event, **payload)

    class _Blocker:
        def __init__(self, emitter: Emitter) -> None:
            self.emitter = emitter

        def __enter__(self) -> None:
            self.emitter._blocked += 1

        def __exit__(self, *exc: object) -> None:
            self.emitter._blocked -= 1

    def blocker(self) -> Emitter._Blocker:
        """Context manager that silences the emitter (to stop feedback loops)."""
        return Emitter._Blocker(self)


class MapLayer:
    """One map layer.

    Parameters
    ----------
    name
        Stable identifier (``"pipes"``, ``"basemap_streets"`` …).
    title
        English title shown in the layers dock (translated by the UI).
    kind
        One of :data:`LAYER_KINDS`.
    data
        What the view draws: prepared geometry (see :mod:`gis.map_prep`), a tile
        source, or live positions. Replacing it emits ``data``.
    style
        A plain dict: ``classes`` (list of ``{key, label, color, width, fill,
        size}``), ``min_scale_m_per_px`` (hidden when zoomed further out) …
    visible, opacity, z
        Visibility, opacity 0–1 and drawing order (higher on top).

    Events (``layer.events``): ``visible``, ``opacity``, ``z``, ``style``,
    ``data`` — each with ``layer=`` and ``value=``.
    """

    _FIELDS = ("visible", "opacity", "z", "style", "data", "title")

    def __init__(
        self,
        name: str,
        title: str,
        kind: str,
        data: Any = None,
        style: dict | None = None,
        visible: bool = True,
        opacity: float = 1.0,
        z: float = 0.0,
        group: str = "",
    ) -> None:
        if kind not in LAYER_KINDS:
            raise ValueError(f"layer {name!r}: unknown kind {kind!r} (expected one of {LAYER_KINDS})")
        self.events = Emitter()
        self.name = name
        self.kind = kind
        self.group = group
        self._title = title
        self._data = data
        self._style = dict(style or {})
        self._visible = bool(visible)
        self._opacity = float(opacity)
        self._z = float(z)

    def _set(self, field: str, value: Any) -> None:
        if getattr(self, "_" + field) is value:
            return
        setattr(self, "_" + field, value)
        self.events.emit(field, layer=self, value=value)

    title = property(lambda self: self._title, lambda self, v: self._set("title", v))
    data = property(lambda self: self._data, lambda self, v: self._set("data", v))
    style = property(lambda self: self._style, lambda self, v: self._set("style", dict(v)))
    visible = property(lambda self: self._visible, lambda self, v: self._set("visible", bool(v)))
    z = property(lambda self: self._z, lambda self, v: self._set("z", float(v)))

    @property
    def opacity(self) -> float:
        return self._opacity

    @opacity.setter
    def opacity(self, value: float) -> None:
        self._set("opacity", min(1.0, max(0.0, float(value))))

    def data_changed(self) -> None:
        """Announce that ``data`` was changed in place (e.g. a feature appended)."""
        self.events.emit("data", layer=self, value=self._data)

    def visible_at(self, m_per_px: float) -> bool:
        """Whether the layer shows at this scale (``min_scale_m_per_px`` hides it further out)."""
        limit = self._style.get("max_m_per_px")
        return self._visible and (limit is None or m_per_px <= float(limit))

    def __repr__(self) -> str:
        return f"MapLayer({self.name!r}, kind={self.kind!r}, visible={self._visible}, z={self._z})"


class LayerList:
    """The map's layers in drawing order (bottom first).

    Events (``layers.events``): ``inserted`` (layer), ``removed`` (layer),
    ``reordered``, and ``changed`` (layer, field) forwarded from any layer.
    """

    def __init__(self, layers: list[MapLayer] | None = None) -> None:
        self.events = Emitter()
        self._layers: list[MapLayer] = []
        for layer in layers or []:
            self.append(layer)

    def __iter__(self) -> Iterator[MapLayer]:
        return iter(sorted(self._layers, key=lambda layer: layer.z))

    def __len__(self) -> int:
        return len(self._layers)

    def __contains__(self, name: str) -> bool:
        return any(layer.name == name for layer in self._layers)

    def __getitem__(self, name: str) -> MapLayer:
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    def get(self, name: str) -> MapLayer | None:
        """The layer called ``name``, or None."""
        return next((layer for layer in self._layers if layer.name == name), None)

    def append(self, layer: MapLayer) -> MapLayer:
        """Add a layer (replacing one of the same name) and forward its events."""
        old = self.get(layer.name)
        if old is not None:
            self.remove(old.name)
        self._layers.append(layer)
        layer.events.connect("*", self._forward)
        self.events.emit("inserted", layer=layer)
        return layer

    def remove(self, name: str) -> None:
        """Remove the layer called ``name``."""
        layer = self[name]
        layer.events.disconnect("*", self._forward)
        self._layers.remove(layer)
        self.events.emit("removed", layer=layer)

    def _forward(self, event: str, layer: MapLayer, value: Any) -> None:
        self.events.emit("changed", layer=layer, field=event)
        if event == "z":
            self.events.emit("reordered")

    def move(self, name: str, steps: int) -> None:
        """Move a layer up (positive) or down in the drawing order, renumbering ``z``."""
        order = list(self)
        layer = self[name]
        i = order.index(layer)
        j = min(len(order) - 1, max(0, i + steps))
        if i == j:
            return
        order.insert(j, order.pop(i))
        with self.events.blocker():
            for k, lyr in enumerate(order):
                lyr.z = float(k)
        self.events.emit("reordered")


#: Style presets: per layer name, a partial style merged over the layer's own.
STYLE_PRESETS: dict[str, dict[str, dict]] = {
    "day": {},
    "night": {
        "_background": {"color": "#1b1f27"},
        "basemap_streets": {"classes": [{"key": "street", "label": "Street", "color": "#3a4150", "width": 1.0}]},
        "basemap_buildings": {"classes": [{"key": "building", "label": "Building", "color": "#2b303a",
                                           "fill": "#2b303a"}]},
        "basemap_water": {"classes": [{"key": "water", "label": "Water", "color": "#1d3550", "fill": "#1d3550"}]},
        "basemap_green": {"classes": [{"key": "green", "label": "Green", "color": "#1e3326", "fill": "#1e3326"}]},
    },
    "print": {
        "_background": {"color": "#ffffff"},
        "basemap_buildings": {"classes": [{"key": "building", "label": "Building", "color": "#bbbbbb",
                                           "fill": "#eeeeee"}]},
    },
}


def apply_preset(layers: LayerList, preset: str, base_styles: dict[str, dict]) -> None:
    """Restyle every layer from ``base_styles`` with preset ``preset`` merged over it.

    Parameters
    ----------
    layers
        The layer list to restyle.
    preset
        A key of :data:`STYLE_PRESETS`.
    base_styles
        Each layer's default style by name (what the layer had when built).
    """
    overrides = STYLE_PRESETS[preset]
    for layer in layers:
        base = copy.deepcopy(base_styles.get(layer.name, layer.style))
        base.update(copy.deepcopy(overrides.get(layer.name, {})))
        layer.style = base


class LiveLayerData:
    """Live positions of patrollers and repair vehicles, as arrays updated in batches.

    The canvas draws these above its cached map image, so a moving vehicle never
    redraws the pipes. Events: ``positions`` (after :meth:`set_positions`),
    ``selection`` (after :attr:`selected` changes).
    """

    def __init__(self) -> None:
        import numpy as np

        self._np = np
        self.events = Emitter()
        self.ids = np.empty(0, dtype=object)
        self.x = np.empty(0)
        self.y = np.empty(0)
        self.heading = np.empty(0)
        self.stale = np.empty(0, dtype=bool)
        self.labels = np.empty(0, dtype=object)
        self.kinds = np.empty(0, dtype=object)
        self._selected: object | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def set_positions(self, ids, x, y, heading, stale, labels, kinds=None) -> None:
        """Replace all positions in one batch (local metric CRS, heading in degrees from north).

        Parameters
        ----------
        ids
            Device or vehicle ids.
        x, y
            Positions in the map's local CRS.
        heading
            Degrees clockwise from north (NaN: unknown).
        stale
            True where the last fix is too old (drawn grey).
        labels
            Text under each icon.
        kinds
            ``"vehicle"`` or ``"patroller"`` per id (default vehicle).
        """
        np = self._np
        n = len(ids)
        arrays = [np.asarray(a) for a in (x, y, heading, stale)]
        if any(len(a) != n for a in arrays) or len(labels) != n:
            raise ValueError(f"set_positions: all arrays must have {n} entries")
        self.ids = np.asarray(ids, dtype=object)
        self.x, self.y = arrays[0].astype(float), arrays[1].astype(float)
        self.heading, self.stale = arrays[2].astype(float), arrays[3].astype(bool)
        self.labels = np.asarray(labels, dtype=object)
        self.kinds = np.asarray(kinds if kinds is not None else ["vehicle"] * n, dtype=object)
        self.events.emit("positions", data=self)

    @property
    def selected(self) -> object | None:
        return self._selected

    @selected.setter
    def selected(self, value: object | None) -> None:
        if value != self._selected:
            self._selected = value
            self.events.emit("selection", data=self)
