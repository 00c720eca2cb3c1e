"""Puts the map into a main window: canvas as central widget, layers and identify docks, tool actions.

Kept apart from ``main_window.py`` so the wall display and tests can build the
same map without the desk's menus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QToolBar

from gis.coords import Projector
from gis.map_styles import TITLES
from services.map.data import build_layers, total_bounds
from demo.load import is_demo_store
from models.map_layers import LayerList
from models.paths import RESOURCES
from ui.map.identify_dock import IdentifyDock
from ui.map.layers_dock import LayersDock
from ui.map.feature_controller import FeatureController
from ui.map.layer_titles import layer_title
from ui.map.canvas import MapCanvas
from ui.map.map_tools import DrawFeatureTool, IdentifyTool, MeasureTool, RectSelectTool

DEMO_GPKG = RESOURCES / "demo" / "demo_city.gpkg"


@dataclass
class MapUi:
    """What :func:`install_map` built, for the window to keep and wire."""

    canvas: MapCanvas
    layers: LayerList
    projector: Projector
    layers_dock: LayersDock
    identify_dock: IdentifyDock
    controller: FeatureController
    tools: dict
    #: Toolbar action of each tool (when a toolbar was given), by tool key.
    actions: dict = field(default_factory=dict)
    #: Reloads layers another desk changed, off the GUI thread (:class:`ui.map.layer_reload.LayerReloader`).
    reloader: object = None


#: ``basemap`` default: the bundled OpenStreetMap basemap, for the demo store only (it
#: is Liechtenstein: under another city's network it would only stretch the extent).
DEMO_ONLY = "demo-only"


def load_layers(store, basemap: str | Path | None = DEMO_ONLY, defer: bool = False) -> tuple[LayerList, Projector]:
    """Read the map layers of the store's current event (local CRS from the event, else UTM 32N).

    With ``defer`` a city-sized pipes layer loads in the background and draws from
    the map data prepared beside the store meanwhile (:mod:`services.map.prepared`).
    """
    if basemap == DEMO_ONLY:
        basemap = DEMO_GPKG if is_demo_store(store) else None
    event = store.current_event()
    projector = Projector(getattr(event, "local_crs", None) or "EPSG:32632")
    with store.engine.connect() as conn:
        layers = build_layers(conn, projector, basemap, defer=defer)
    return layers, projector


def install_map(window: QMainWindow, store, toolbar: QToolBar | None = None,
                basemap: str | Path | None = DEMO_ONLY) -> MapUi:
    """Build the canvas, docks, tools and the feature controller into ``window``."""
    layers, projector = load_layers(store, basemap, defer=True)
    canvas = MapCanvas(layers, projector, window)
    window.setCentralWidget(canvas)
    layers_dock = LayersDock(layers, canvas, window)
    identify_dock = IdentifyDock(window)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, layers_dock)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, identify_dock)
    controller = FeatureController(store, layers, projector, window)

    identify = IdentifyTool(canvas)
    identify.identified.connect(lambda name, row, attrs: identify_dock.show_feature(
        layer_title(layers[name].title), row, attrs))
    identify.nothing_found.connect(identify_dock.show_nothing)
    select = RectSelectTool(canvas)
    select.rectangle_created.connect(canvas.select_box)
    tools = {
        "pan": None,
        "identify": identify,
        "select": select,
        "measure_distance": MeasureTool(canvas, "distance"),
        "measure_area": MeasureTool(canvas, "area"),
        "draw_site": DrawFeatureTool(canvas, "polygon"),
        "draw_key_area": DrawFeatureTool(canvas, "polygon"),
    }
    tools["draw_site"].feature_drawn.connect(lambda g: controller.add_feature("sites", g))
    tools["draw_key_area"].feature_drawn.connect(lambda g: controller.add_feature("key_areas", g))
    actions = {}
    if toolbar is not None:
        # (title, shortcut): single keys, as in QGIS-style map tools.
        titles = {
            "pan": (QCoreApplication.translate("MapTools", "Pan"), "P"),
            "identify": (QCoreApplication.translate("MapTools", "Identify"), "I"),
            "select": (QCoreApplication.translate("MapTools", "Select"), "S"),
            "measure_distance": (QCoreApplication.translate("MapTools", "Measure distance"), "D"),
            "measure_area": (QCoreApplication.translate("MapTools", "Measure area"), "A"),
            "draw_site": (QCoreApplication.translate("MapTools", "Draw construction site"), ""),
            "draw_key_area": (QCoreApplication.translate("MapTools", "Draw key area"), ""),
        }
        group = QActionGroup(window)
        for key, tool in tools.items():
            title, shortcut = titles[key]
            action = QAction(title, window)
            if shortcut:
                action.setShortcut(shortcut)
                action.setToolTip(f"{title} ({shortcut})")
            action.setCheckable(True)
            action.setChecked(key == "pan")
            action.triggered.connect(lambda _=False, t=tool: canvas.set_map_tool(t))
            group.addAction(action)
            toolbar.addAction(action)
            actions[key] = action
    bounds = total_bounds(layers)
    canvas.resize(window.size())
    if bounds is not None:
        canvas.set_extent(*bounds)
    watch_prepared_layers(window, canvas, layers)
    ui = MapUi(canvas, layers, projector, layers_dock, identify_dock, controller, tools, actions)
    from ui.map.layer_reload import LayerReloader

    ui.reloader = LayerReloader(ui, store, window)
    return ui


class _PreparedRelay(QObject):
    """Carries "a background layer is ready" from its worker thread to the GUI thread."""

    ready = Signal()


def watch_prepared_layers(window: QMainWindow, canvas: MapCanvas, layers: LayerList) -> None:
    """Redraw when a background-loaded layer's drawing data arrives; name its outliers in the status bar."""
    from services.map.prepared import DeferredFeatureData

    for layer in layers:
        data = layer.data
        if not isinstance(data, DeferredFeatureData):
            continue
        relay = _PreparedRelay(canvas)

        def on_ready(layer=layer, data=data, first_extent=canvas.extent()) -> None:
            if layer.data is data:
                if layer.name == "pipes" and canvas.extent() == first_extent and data.bounds_ready() \
                        and data.bounds() is not None:
                    canvas.set_extent(*data.bounds())  # the user has not moved yet: show the whole network
                canvas.refresh()
            if data.error is not None and hasattr(window, "statusBar"):
                window.statusBar().showMessage(QCoreApplication.translate(
                    "MapSetup", "{0} could not be loaded: {1}").format(layer_title(layer.title), data.error))
            elif data.levels_ready():
                show_outliers(window, layer.name, data)

        relay.ready.connect(on_ready, Qt.ConnectionType.QueuedConnection)
        data.when_ready(relay.ready.emit)
        if data.from_cache:
            show_outliers(window, layer.name, data)
        # Drawn from prepared data: load the features once the first map is up.
        canvas.rendered.connect(lambda _g, data=data: data.start(), Qt.ConnectionType.SingleShotConnection)


def show_outliers(window: QMainWindow, name: str, data) -> None:
    """Say in the status bar which features lie far outside the rest (left off the map)."""
    from services.map.prepared import layer_outliers

    n, names = layer_outliers(data)
    if n == 0 or not hasattr(window, "statusBar"):
        return
    text = QCoreApplication.translate(
        "MapSetup", "{0}: {1} feature(s) lie far outside the rest of the network and are not drawn: {2}").format(
        layer_title(TITLES.get(name, name)), n, ", ".join(names) + (" …" if n > len(names) else ""))
    window.statusBar().showMessage(text)
