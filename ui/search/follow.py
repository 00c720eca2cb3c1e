"""Lists move the map: selecting a row pans (and if needed zooms) the map to what it names.

Wired once by :func:`install_follow`: the Repairs dock's list (its
``repair_selected`` signal), the valves to close, the dispatch candidates, the
Patrol dock's teams and patches. (The Vehicles dock centres on its own.)
Selected features are also selected on the map.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from gis.map_prep import FeatureData

#: Selecting a row zooms in to at least this resolution (m per pixel) when the map is further out.
FOLLOW_M_PER_PX = 2.5


class MapFollower(QObject):
    """Pans the map to the rows selected in the desk's lists."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.canvas = window.map.canvas
        self.layers = window.map.layers
        self.projector = window.map.projector

    # -- moving the map ----------------------------------------------------------------------
    def pan_to_lonlat(self, lon: float | None, lat: float | None) -> bool:
        """Centre on a WGS84 point, zooming in when the map shows the whole city."""
        if lon is None or lat is None:
            return False
        x, y = self.projector.to_local(lon, lat)
        self.canvas.set_center(float(x), float(y), min(self.canvas.mpp, FOLLOW_M_PER_PX))
        return True

    def show_feature(self, layer: str, fid: int, min_size_m: float = 200.0) -> bool:
        """Zoom to a layer's feature (by id) and select it on the map."""
        data = self.layers[layer].data if layer in self.layers else None
        if not isinstance(data, FeatureData):
            return False
        rows = np.nonzero(data.ids == int(fid))[0]
        if not len(rows) or not self.canvas.zoom_to_feature(layer, int(fid), min_size_m=min_size_m):
            return False
        self.canvas.selection = {layer: rows}
        self.canvas.update()
        return True

    def show_code(self, layer: str, code: str) -> bool:
        """Zoom to the feature of ``layer`` whose code is ``code``."""
        data = self.layers[layer].data if layer in self.layers else None
        if not isinstance(data, FeatureData) or "code" not in data.attrs:
            return False
        hits = np.nonzero(data.attrs["code"].astype(str).to_numpy() == code)[0]
        return bool(len(hits)) and self.show_feature(layer, int(data.ids[hits[0]]), min_size_m=400.0)

    # -- the lists ------------------------------------------------------------------------------
    def on_repair(self, repair_id: int) -> None:
        """A repair selected in the Repairs dock."""
        dock = self.window.repairs.repairs_dock
        r = next((r for r in dock.repairs if r.id == repair_id), None)
        if r is not None:
            self.pan_to_lonlat(r.lon, r.lat)

    def on_valve(self) -> None:
        """A valve selected in the isolation list: show it."""
        vid = self.window.repairs.repairs_dock.selected_valve()
        if vid is not None:
            self.show_feature("valves", int(vid), min_size_m=150.0)

    def on_candidate(self) -> None:
        """A vehicle selected among the dispatch candidates."""
        dock = self.window.repairs.repairs_dock
        rows = dock.dispatch_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(dock.candidates):
            return
        vid = dock.candidates[rows[0].row()].vehicle_id
        feed = self.window.repairs.feed
        v = next((v for v in feed.vehicles.values() if v.id == vid), None)
        if v is not None:
            self.pan_to_lonlat(v.lon, v.lat)

    def on_patrol_row(self, table, column: int) -> None:
        """A team or patch selected in the Patrol dock: its patch."""
        rows = table.selectionModel().selectedRows()
        if rows:
            item = table.item(rows[0].row(), column)
            if item is not None and item.text():
                self.show_code("patches", item.text())


def install_follow(window: QMainWindow) -> MapFollower:
    """Connect the desk's lists to the map."""
    follow = MapFollower(window)
    repairs = getattr(window, "repairs", None)
    if repairs is not None:
        dock = repairs.repairs_dock
        dock.repair_selected.connect(follow.on_repair)
        dock.valve_table.itemSelectionChanged.connect(follow.on_valve)
        dock.dispatch_table.itemSelectionChanged.connect(follow.on_candidate)
    patrol = getattr(window, "patrol", None)
    if patrol is not None:
        d = patrol.dock
        d.team_table.itemSelectionChanged.connect(lambda: follow.on_patrol_row(d.team_table, 2))
        d.patch_table.itemSelectionChanged.connect(lambda: follow.on_patrol_row(d.patch_table, 0))
    return follow
