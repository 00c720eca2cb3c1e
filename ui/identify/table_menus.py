"""Right-click menus on the desk's tables and the layer list (issue 16, point 9).

Every list the leader works from gets the obvious actions for the row under
the cursor: the repairs list (zoom to, copy code, find vehicles / dispatch,
valve isolation), the vehicles (zoom to, copy code, status), the patrol teams
and patches (zoom to, copy code), the action items (copy code, edit, close) and
the layer list (zoom to layer, show/hide, only this layer, up/down). Each menu
is built fresh on the click (``build_*`` returns it, for tests) and shown with
``popup``; actions a viewer may not run are disabled, not hidden.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QMenu

from gis.map_prep import FeatureData
from ui.common.vocabulary import vehicle_status_title


def _copy(text: str) -> None:
    QApplication.clipboard().setText(text)


class TableMenus(QObject):
    """Installs and builds the right-click menus of the desk's tables and the layer list."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.canvas = window.map.canvas
        self.layers = window.map.layers
        self.repairs = getattr(window, "repairs", None)
        self.patrol = getattr(window, "patrol", None)
        self.last_menu: QMenu | None = None
        self._saved_visibility: dict[str, bool] | None = None
        self.views: dict[str, QAbstractItemView] = {}
        self._builders: dict[str, Callable[[int], QMenu | None]] = {}
        self._install("layers", window.map.layers_dock.list, self.build_layers)
        if self.repairs is not None:
            self._install("repairs", self.repairs.repairs_dock.table, self.build_repairs)
            self._install("vehicles", self.repairs.vehicles_dock.table, self.build_vehicles)
        if self.patrol is not None:
            self._install("teams", self.patrol.dock.team_table, self.build_teams)
            self._install("patches", self.patrol.dock.patch_table, self.build_patches)
        duty = getattr(window, "duty_dock", None)
        if duty is not None:
            self._install("action_items", duty.items_table, self.build_action_items)

    def _install(self, name: str, view: QAbstractItemView, build: Callable[[int], QMenu | None]) -> None:
        self.views[name] = view
        self._builders[name] = build
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def show(pos: QPoint) -> None:
            index = view.indexAt(pos)
            if not index.isValid():
                return
            view.setCurrentIndex(index)  # the row under the cursor is the one acted on
            menu = build(index.row())
            if menu is not None and not menu.isEmpty():
                self.last_menu = menu
                menu.popup(view.viewport().mapToGlobal(pos))

        view.customContextMenuRequested.connect(show)

    def menu_for(self, name: str, row: int) -> QMenu | None:
        """The menu of table ``name`` for ``row`` (as a right-click on it builds it)."""
        return self._builders[name](row)

    # -- repairs -------------------------------------------------------------------------------
    def build_repairs(self, row: int) -> QMenu | None:
        dock = self.repairs.repairs_dock
        if not 0 <= row < len(dock.repairs):
            return None
        r = dock.repairs[row]
        writable = not self.repairs.desk.read_only
        menu = QMenu(dock.table)
        zoom = menu.addAction(self.tr("Zoom to"), lambda: self.canvas.zoom_to_feature("repairs", r.id))
        zoom.setEnabled(r.lat is not None or r.pipe_id is not None)
        menu.addAction(self.tr("Copy code"), lambda: _copy(r.code))
        menu.addSeparator()
        menu.addAction(self.tr("Find vehicles to dispatch"), lambda: self.repairs.repairs_dock.show_dispatch(r.id))
        iso = menu.addAction(self.tr("Valve isolation"), lambda: self._isolate(r.id))
        iso.setEnabled(r.pipe_id is not None)
        pipe = menu.addAction(self.tr("Set on pipe…"), lambda: (dock.select_repair(r.id), dock._on_set_on_pipe()))
        pipe.setEnabled(writable)
        return menu

    def _isolate(self, repair_id: int) -> None:
        dock = self.repairs.repairs_dock
        dock.select_repair(repair_id)
        self.repairs.desk.isolate(repair_id)

    # -- vehicles ------------------------------------------------------------------------------
    def build_vehicles(self, row: int) -> QMenu | None:
        dock = self.repairs.vehicles_dock
        if not 0 <= row < len(dock._devices):
            return None
        device = dock._devices[row]
        r = self.repairs.feed.vehicles.get(device)
        if r is None:
            return None
        menu = QMenu(dock.table)
        zoom = menu.addAction(self.tr("Zoom to"), lambda: self._zoom_vehicle(device))
        zoom.setEnabled(r.lon is not None and r.lat is not None)
        menu.addAction(self.tr("Copy code"), lambda: _copy(r.code))
        status = menu.addMenu(self.tr("Status"))
        status.setEnabled(dock.status_combo.isEnabled())
        for i in range(dock.status_combo.count()):
            key = dock.status_combo.itemData(i)
            act = status.addAction(vehicle_status_title(key),
                                   lambda k=key: (dock.select_code(r.code), dock.request_status(k)))
            act.setCheckable(True)
            act.setChecked(key == r.status)
        return menu

    def _zoom_vehicle(self, device: str) -> None:
        r = self.repairs.feed.vehicles.get(device)
        if r is not None and r.lon is not None:
            x, y = self.repairs.feed.projector.to_local(r.lon, r.lat)
            self.canvas.set_center(float(x), float(y), min(self.canvas.mpp, 2.0))

    # -- patrol --------------------------------------------------------------------------------
    def build_teams(self, row: int) -> QMenu | None:
        table = self.patrol.dock.team_table
        item = table.item(row, 0)
        if item is None:
            return None
        code = item.text()
        menu = QMenu(table)
        zoom = menu.addAction(self.tr("Zoom to"), lambda: self._zoom_live_label(code))
        zoom.setEnabled(self._live_position(code) is not None)
        menu.addAction(self.tr("Copy code"), lambda: _copy(code))
        patch = table.item(row, 2).text() if table.item(row, 2) else ""
        if patch:
            menu.addAction(self.tr("Zoom to patch {0}").format(patch), lambda: self._zoom_patch(patch))
        return menu

    def _live_position(self, label: str) -> tuple[float, float] | None:
        live = self.layers.get("live")
        data = getattr(live, "data", None)
        if data is None or not len(getattr(data, "labels", ())):
            return None
        hit = np.nonzero(data.labels == label)[0]
        return (float(data.x[hit[0]]), float(data.y[hit[0]])) if len(hit) else None

    def _zoom_live_label(self, label: str) -> None:
        pos = self._live_position(label)
        if pos is not None:
            self.canvas.set_center(pos[0], pos[1], min(self.canvas.mpp, 2.0))

    def build_patches(self, row: int) -> QMenu | None:
        table = self.patrol.dock.patch_table
        item = table.item(row, 0)
        if item is None:
            return None
        code = item.text()
        menu = QMenu(table)
        zoom = menu.addAction(self.tr("Zoom to"), lambda: self._zoom_patch(code))
        zoom.setEnabled(self._patch_id(code) is not None or self._patch_pipes_bounds(code) is not None)
        menu.addAction(self.tr("Copy code"), lambda: _copy(code))
        return menu

    def _patch_id(self, code: str) -> int | None:
        layer = self.layers.get("patches")
        if layer is None or not isinstance(layer.data, FeatureData) or "code" not in layer.data.attrs:
            return None
        hit = np.nonzero(layer.data.attrs["code"].to_numpy() == code)[0]
        return int(layer.data.ids[hit[0]]) if len(hit) else None

    def _patch_pipes_bounds(self, code: str) -> tuple[float, float, float, float] | None:
        """The extent of the patch's pipes in the patrol day (when the patch layer has no outline yet)."""
        import shapely

        s = self.patrol.live.session if self.patrol is not None else None
        pipes = self.layers.get("pipes")
        if s is None or pipes is None or not isinstance(pipes.data, FeatureData):
            return None
        hit = np.nonzero(s.patches["code"].to_numpy() == code)[0]
        if not len(hit):
            return None
        pid = int(s.patches["id"].to_numpy()[hit[0]])
        base = self.patrol.map._network[0] or pipes.data
        pos = s.positions_of_ids(np.asarray(base.ids))
        ok = pos >= 0
        rows = np.nonzero(ok)[0][s.pipe_patch[pos[ok]] == pid]
        if not len(rows):
            return None
        return tuple(float(v) for v in shapely.total_bounds(base.geoms[rows]))

    def _zoom_patch(self, code: str) -> None:
        fid = self._patch_id(code)
        if fid is not None:
            self.canvas.zoom_to_feature("patches", fid)
            return
        bounds = self._patch_pipes_bounds(code)
        if bounds is not None:
            self.canvas.set_extent(*bounds)

    # -- action items --------------------------------------------------------------------------
    def build_action_items(self, row: int) -> QMenu | None:
        duty = self.window.duty_dock
        table = duty.items_table
        item = table.item(row, 0)
        if item is None:
            return None
        code = item.text()
        menu = QMenu(table)
        menu.addAction(self.tr("Copy code"), lambda: _copy(code))
        menu.addAction(self.tr("Copy row"), lambda: _copy("\t".join(
            table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount()))))
        menu.addSeparator()
        for button in (duty.edit_item_button, duty.followup_button, duty.close_button):
            act = menu.addAction(button.text().replace("&", ""), button.click)
            act.setEnabled(button.isEnabled())
        return menu

    # -- layer list ----------------------------------------------------------------------------
    def build_layers(self, row: int) -> QMenu | None:
        dock = self.window.map.layers_dock
        item = dock.list.item(row)
        if item is None:
            return None
        name = item.data(Qt.ItemDataRole.UserRole)
        layer = self.layers.get(name)
        if layer is None:
            return None
        menu = QMenu(dock.list)
        zoom = menu.addAction(self.tr("Zoom to layer"), lambda: self.canvas.zoom_to_layer(name))
        zoom.setEnabled(isinstance(layer.data, FeatureData) and layer.data.bounds() is not None)
        menu.addAction(self.tr("Hide") if layer.visible else self.tr("Show"),
                       lambda: setattr(layer, "visible", not layer.visible))
        menu.addAction(self.tr("Show only this layer"), lambda: self.only_layer(name))
        restore = menu.addAction(self.tr("Restore the other layers"), self.restore_layers)
        restore.setEnabled(self._saved_visibility is not None)
        menu.addSeparator()
        menu.addAction(self.tr("Move up"), lambda: self.layers.move(name, 1))
        menu.addAction(self.tr("Move down"), lambda: self.layers.move(name, -1))
        return menu

    def only_layer(self, name: str) -> None:
        """Show ``name`` alone (the base map stays); :meth:`restore_layers` brings the others back."""
        if self._saved_visibility is None:
            self._saved_visibility = {layer.name: layer.visible for layer in self.layers}
        for layer in self.layers:
            if layer.kind != "raster":
                layer.visible = layer.name == name

    def restore_layers(self) -> None:
        """The visibility from before "Show only this layer"."""
        saved, self._saved_visibility = self._saved_visibility or {}, None
        for layer in self.layers:
            if layer.name in saved:
                layer.visible = saved[layer.name]


def install_table_menus(window: QMainWindow) -> TableMenus:
    """Right-click menus on the tables and the layer list (after every dock is built)."""
    return TableMenus(window)
