"""The Map menu: full extent, venue bookmarks, and the optional raster basemap.

The raster basemap (an intranet XYZ/WMTS server, Tianditu with a key,
OpenStreetMap, or an offline MBTiles file) sits under every vector layer. The
choice is remembered in QSettings and restored at start.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from services.map.data import total_bounds
from models.map_layers import MapLayer
from ui.map.layer_views.raster import RasterLayerData
from ui.map.tiles import PRESET_SOURCES, TileManager, TileSource, default_cache_dir

RASTER_LAYER = "raster_basemap"
SETTINGS_KEY = "map/raster"


class CustomTilesDialog(QDialog):
    """Ask for a tile URL template and whether the server uses GCJ-02."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tile server"))
        form = QFormLayout(self)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://tiles.example.local/{z}/{x}/{y}.png")
        self.url.setToolTip(self.tr("XYZ: {z} {x} {y}; WMTS: {TileMatrix} {TileRow} {TileCol}; {s} subdomain, {key} key"))
        self.gcj02 = QCheckBox(self.tr("Tiles use GCJ-02 (Chinese web maps: Gaode, Tencent …)"), self)
        form.addRow(self.tr("&URL template:"), self.url)
        form.addRow(self.gcj02)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class MapMenu:
    """Builds the Map menu for a main window that has ``canvas`` and ``map.layers``."""

    def __init__(self, window: QMainWindow, menu: QMenu) -> None:
        self.window = window
        self.canvas = window.canvas
        self.layers = window.map.layers
        self.manager: TileManager | None = None

        full = QAction(QCoreApplication.translate("MapMenu", "&Full extent"), window)
        full.setShortcut(QKeySequence("Home"))
        full.triggered.connect(self.zoom_full)
        menu.addAction(full)
        self.bookmarks_menu = menu.addMenu(QCoreApplication.translate("MapMenu", "&Bookmarks"))
        for title, _layer, _fid in self.canvas.bookmarks():
            action = self.bookmarks_menu.addAction(title)
            action.triggered.connect(lambda _=False, t=title: self.canvas.zoom_to_bookmark(t))
        self.bookmarks_menu.setEnabled(bool(self.bookmarks_menu.actions()))

        menu.addSeparator()
        raster = menu.addMenu(QCoreApplication.translate("MapMenu", "&Raster basemap"))
        group = QActionGroup(window)
        self.raster_actions: dict[str, QAction] = {}
        for key, title in (("none", QCoreApplication.translate("MapMenu", "None")), ("osm", QCoreApplication.translate("MapMenu", "OpenStreetMap (internet)")),
                           ("tianditu_vec", QCoreApplication.translate("MapMenu", "Tianditu (needs a key)…")), ("custom", QCoreApplication.translate("MapMenu", "Tile server URL…")),
                           ("mbtiles", QCoreApplication.translate("MapMenu", "Offline MBTiles file…"))):
            action = raster.addAction(title)
            action.setCheckable(True)
            group.addAction(action)
            action.triggered.connect(lambda _=False, k=key: self.choose(k))
            self.raster_actions[key] = action
        self.raster_actions["none"].setChecked(True)
        self.restore()

    def zoom_full(self) -> None:
        """Show all the pipes (and the basemap streets)."""
        bounds = total_bounds(self.layers)
        if bounds is not None:
            self.canvas.set_extent(*bounds)

    # -- raster basemap ------------------------------------------------------
    def choose(self, key: str) -> None:
        """Ask what the choice needs (key, URL, file) and switch the basemap."""
        source: TileSource | None = None
        if key == "tianditu_vec":
            tk, ok = QInputDialog.getText(self.window, QCoreApplication.translate("MapMenu", "Tianditu"), QCoreApplication.translate("MapMenu", "Tianditu key (tk):"))
            if ok and tk.strip():
                p = PRESET_SOURCES[key]
                source = TileSource(p.name, p.template, key=tk.strip(), subdomains=p.subdomains, max_zoom=p.max_zoom)
        elif key == "osm":
            source = PRESET_SOURCES[key]
        elif key == "custom":
            dialog = CustomTilesDialog(self.window)
            if dialog.exec() and dialog.url.text().strip():
                source = TileSource(QCoreApplication.translate("MapMenu", "Tile server"), dialog.url.text().strip(), gcj02=dialog.gcj02.isChecked(),
                                    subdomains="abc" if "{s}" in dialog.url.text() else "")
        elif key == "mbtiles":
            path, _ = QFileDialog.getOpenFileName(self.window, QCoreApplication.translate("MapMenu", "Offline tiles"), "", "MBTiles (*.mbtiles)")
            if path:
                source = TileSource("MBTiles", path, subdomains="")
        if key != "none" and source is None:
            self._check_current()
            return
        self.set_source(source)

    def set_source(self, source: TileSource | None) -> None:
        """Put ``source`` under the vector layers (None removes the raster basemap) and remember it."""
        if RASTER_LAYER in self.layers:
            self.layers.remove(RASTER_LAYER)
        if self.manager is not None:
            self.manager.close()
            self.manager = None
        settings = QSettings("WaterGuard", "WaterGuard")
        if source is None:
            settings.remove(SETTINGS_KEY)
        else:
            try:
                self.manager = TileManager(source, default_cache_dir(source))
            except Exception as exc:  # an unreadable MBTiles file, a bad cache folder
                QMessageBox.warning(self.window, QCoreApplication.translate("MapMenu", "Raster basemap"), str(exc))
                source = None
            else:
                self.manager.tiles_arrived.connect(self.canvas.refresh)
                bounds = total_bounds(self.layers) or self.canvas.extent()
                data = RasterLayerData(self.manager, self.canvas.projector, bounds)
                self.layers.append(MapLayer(RASTER_LAYER, "Raster tiles", "raster", data=data, z=-100))
                settings.setValue(SETTINGS_KEY, [source.name, source.template, source.gcj02, source.key,
                                                 source.subdomains])
        self._check_current(source)
        self.canvas.refresh()

    def restore(self) -> None:
        """Bring back the raster basemap of the last session."""
        saved = QSettings("WaterGuard", "WaterGuard").value(SETTINGS_KEY)
        if saved:
            name, template, gcj02, key, subdomains = saved
            self.set_source(TileSource(name, template, gcj02=str(gcj02).lower() == "true", key=key,
                                       subdomains=subdomains))

    def _check_current(self, source: TileSource | None = None) -> None:
        if source is None and RASTER_LAYER in self.layers:
            return
        if source is None:
            key = "none"
        elif source.is_mbtiles:
            key = "mbtiles"
        elif source.template == PRESET_SOURCES["osm"].template:
            key = "osm"
        elif source.template == PRESET_SOURCES["tianditu_vec"].template:
            key = "tianditu_vec"
        else:
            key = "custom"
        self.raster_actions[key].setChecked(True)

    def close(self) -> None:
        """Stop the tile threads."""
        if self.manager is not None:
            self.manager.close()
