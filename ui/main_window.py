"""The command desk's main window: menus, docks, status bar, the central map.

The map canvas is the central widget; docks (layers, identify, patrol,
vehicles, repairs, duty) attach around it. Every user-visible string goes
through ``self.tr`` so the Simplified Chinese catalogue applies.

Several desks: the window watches its store (one
:class:`~ui.common.store_watch.QtStoreWatch`) and refreshes the views other desks'
changes touch (:mod:`ui.common.desk_refresh`); the desk's role greys out what the
store would refuse (:mod:`ui.common.desk_roles`).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from models.store import Store
from ui.alarms.center import install_alarms
from ui.common.desk_refresh import install_store_views
from ui.customers.setup import CUSTOMER_TABLES, install_customers
from ui.common.desk_roles import apply_role
from ui.common.desk import DeskContext
from ui.duty.dock import DutyDock
from ui.repairs.resources_dock import ResourcesDock
from ui.duty.zero_reports_dock import ZeroReportsDock
from ui.feedback.inline import install_inline_errors
from ui.identify.context_menu import install_map_context_menu
from ui.identify.hits import install_identify_list
from ui.identify.table_menus import install_table_menus
from ui.common.night_theme import install_night_theme
from ui.map.map_legend import install_map_legend
from ui.map.legend import install_legend
from ui.map.repair_badges import install_repair_badges
from ui.layout.keys import first_layout, install_dock_keys, state_key
from ui.repair_life.milestones import install_repair_life
from ui.search.follow import install_follow
from ui.search.search_box import install_search
from ui.printing.export_dialog import export_file
from ui.map.menu import MapMenu
from ui.map.setup import install_map
from ui.patrol.setup import install_patrol
from ui.printing.sheets_dialog import print_sheets
from ui.repairs.setup import install_repairs
from ui.hazards.setup import install_hazards
from ui.common.store_watch import QtStoreWatch
from ui.drill.desk_drill import install_drill
from ui.interface import DeskInterface
from ui.wall.window import open_wall

OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
#: The desk's GIL switch interval (seconds), see :func:`open_desk`.
DESK_SWITCH_INTERVAL_S = 0.001


class MainWindow(QMainWindow):
    """The duty leader's command desk."""

    def __init__(self, store: Store, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.common.worker import favour_gui_thread

        favour_gui_thread()  # the GUI thread gets Python's lock back quickly from the views' workers
        self.store = store
        self.lang = lang
        #: What the features (map, patrol, repairs, feeds …) may use of this window.
        self.iface = DeskInterface(self, store, lang)
        self.setObjectName("WaterGuardMainWindow")
        self.setMinimumSize(960, 600)
        self._build_central()
        self._build_menus()
        self._build_map()
        self._build_desk_docks()
        self._build_status_bar()
        self._build_store_watch()
        self.alarms = install_alarms(self)
        self.search_box = install_search(self)
        self.follow = install_follow(self)
        self.identify_list = install_identify_list(self)
        self.map_context_menu = install_map_context_menu(self)
        self.table_menus = install_table_menus(self)
        self.night_theme = install_night_theme(self)
        self.legend = install_legend(self)
        self.map_legend = install_map_legend(self)
        self.repair_badges = install_repair_badges(self)
        self.dock_keys = install_dock_keys(self)
        self.repair_life = install_repair_life(self)
        apply_role(self.iface)
        install_drill(self)  # Simulation menu, File → After-action report…, "DRILL" in the title
        self._update_title()
        self._restore_layout()

    # -- construction ---------------------------------------------------
    def _build_central(self) -> None:
        """The store summary label (it lives in the status bar; the map canvas is the central widget)."""
        self.summary = QLabel(self)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary.setObjectName("summaryLabel")
        self.refresh_summary()

    def _build_map(self) -> None:
        """The map canvas as central widget, the layers and identify docks, the map tools."""
        self.map = self.iface.map = install_map(self, self.store, self.main_toolbar)
        self.iface.toolbar = self.main_toolbar
        self.canvas = self.map.canvas
        self.view_menu.addAction(self.map.layers_dock.toggleViewAction())
        self.view_menu.addAction(self.map.identify_dock.toggleViewAction())
        menu = QMenu(self.tr("&Map"), self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        self.map_menu = MapMenu(self, menu)
        self.iface.set_menu("map", menu)
        from ui.network.check_dock import NetworkCheckDock

        self.network_check_dock = NetworkCheckDock(self.store, self.canvas, self.map.projector, self)
        self.iface.add_dock("network_check", self.network_check_dock, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.network_check_dock.hide()

    def _build_desk_docks(self) -> None:
        """The duty leader's docks (meeting, zero reports, resources) sharing one undo stack."""
        self.undo_stack = QUndoStack(self)
        self.desk = self.iface.desk = DeskContext(self.store, self.undo_stack, parent=self)
        undo, redo = self.desk.make_undo_actions(self)
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.duty_dock = DutyDock(self.desk, self, defer_refresh=True)
        self.zero_reports_dock = ZeroReportsDock(self.desk, self)
        self.resources_dock = ResourcesDock(self.desk, self)
        self.iface.add_dock("duty", self.duty_dock)
        self.iface.add_dock("zero_reports", self.zero_reports_dock, tab_with="duty")
        self.iface.add_dock("resources", self.resources_dock, tab_with="duty")
        self.customers = install_customers(self.iface)
        self.inline_errors = install_inline_errors(self)  # refusals next to the field, not in a modal box
        # Only the leader's desk runs the demo patrollers (they write track points).
        self.patrol = install_patrol(self.iface, simulate=None if self.store.role == "leader" else False)
        # The window's one store watch feeds the repair desk too (see _build_store_watch).
        self.repairs = install_repairs(self.iface, watch=False)
        self.hazards = install_hazards(self.iface)  # field reports: Hazards dock and map layer
        self.duty_dock.raise_()
        # The map keeps most of the width by default; the layout is saved on close.
        self.resizeDocks([self.duty_dock], [430], Qt.Orientation.Horizontal)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.help_menu = bar.addMenu(self.tr("&Help"))
        for key, menu in (("file", self.file_menu), ("edit", self.edit_menu), ("view", self.view_menu),
                          ("help", self.help_menu)):
            self.iface.set_menu(key, menu)

        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        from ui.event.file_actions import install_file_actions

        self.file_menu.addAction(self.tr("Print &sheets…"), lambda: print_sheets(self, self.store))
        self.file_menu.addAction(self.tr("&Export…"), lambda: export_file(self, self.store))
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        install_file_actions(self, self.file_menu, self.file_menu.actions()[0])

        self.full_screen_action = QAction(self.tr("&Full screen"), self)
        self.full_screen_action.setShortcut(QKeySequence.StandardKey.FullScreen)
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.toggled.connect(self._on_full_screen_toggled)
        self.view_menu.addAction(self.full_screen_action)
        self.wall_action = QAction(self.tr("&Wall display"), self)
        self.wall_action.triggered.connect(self.open_wall)
        self.view_menu.addAction(self.wall_action)

        self.main_toolbar = self.addToolBar(self.tr("Main toolbar"))
        self.main_toolbar.setObjectName("mainToolbar")  # saveState() needs the name
        self.view_menu.addAction(self.main_toolbar.toggleViewAction())

        self.about_action = QAction(self.tr("&About WaterGuard"), self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        self.store_label = QLabel(self._event_name(), self)
        self.store_label.setObjectName("storeLabel")
        self.store_label.setToolTip(self.tr("Store: {0}").format(self.store.engine.url.render_as_string(hide_password=True)))
        self.statusBar().addPermanentWidget(self.store_label)
        self.statusBar().addWidget(self.summary)
        self.coords_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.coords_label)
        self.canvas.cursor_moved.connect(
            lambda x, y, lon, lat: self.coords_label.setText(f"{lon:.6f}, {lat:.6f} | E {x:.1f} N {y:.1f}"))

    def _build_store_watch(self) -> None:
        """Watch the store for other desks' changes and refresh the views they touch."""
        self.store_watch = QtStoreWatch(self.store, parent=self)
        self.store_views = install_store_views(self, self.store_watch)
        self.store_views.add("customers", CUSTOMER_TABLES, lambda _t: self.customers.refresh())
        self.store_watch.start()

    def _event_name(self) -> str:
        """The event the store holds, as the status bar names the store."""
        event = self.store.current_event()
        if event is None:
            return self.tr("no event")
        return event.name_zh if self.lang.startswith("zh") and event.name_zh else event.name

    def _update_title(self) -> None:
        event = self.store.current_event()
        if event is None:
            title = self.tr("WaterGuard — no event")
        else:
            name = event.name_zh if self.lang.startswith("zh") and event.name_zh else event.name
            title = self.tr("WaterGuard — {0}").format(name)
        if self.store.role == "viewer":
            title = self.tr("{0} (read-only)").format(title)
        elif self.store.role == "dispatcher":
            title = self.tr("{0} (dispatcher)").format(title)
        self.setWindowTitle(title)

    # -- behaviour --------------------------------------------------------
    def refresh_summary(self) -> None:
        """Show what the store holds in the status bar."""
        counts = self.store.counts()
        lines = [self.tr("Pipes: {0:,}").format(counts["pipes"]),
                 self.tr("Valves: {0:,}").format(counts["valves"]),
                 self.tr("Venues: {0:,}").format(counts["venues"]),
                 self.tr("Vehicles: {0:,}").format(counts["vehicles"])]
        self.summary.setText("   ".join(lines))

    def show_about(self) -> None:
        """The About box, with the OpenStreetMap credit the demo data requires."""
        QMessageBox.about(
            self,
            self.tr("About WaterGuard"),
            self.tr(
                "<h3>WaterGuard</h3><p>Command-center GIS for keeping the water running "
                "through a major event.</p><p>Demo city data: {0}.</p>"
            ).format(OSM_CREDIT),
        )

    def open_wall(self) -> None:
        """Open the read-only wall display full screen (on the last screen when there are several)."""
        self.wall = open_wall(self.store, self.lang)
        # Other desks' writes reach the wall at once (at most every ~500 ms), besides its timer.
        wall, name = self.wall, f"wall-{id(self.wall)}"
        self.store_views.add(name, None, lambda _tables: wall.request_refresh())
        wall.destroyed.connect(lambda *_: self.store_views.remove(name))

    def _on_full_screen_toggled(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    # -- layout persistence ----------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings("WaterGuard", "WaterGuard")

    def _restore_layout(self) -> None:
        settings = self._settings()
        geometry = settings.value("main/geometry")
        state = settings.value(state_key(self.store.role))
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        if state is not None:
            self.restoreState(state)
        else:
            first_layout(self)  # the role's main dock in front

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Save the window and dock layout before closing."""
        settings = self._settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue(state_key(self.store.role), self.saveState())
        self.store_watch.stop()
        self.alarms.close()
        self.duty_dock.close_dock()
        self.map_menu.close()
        self.canvas.close_canvas()
        self.map.layers_dock.close_dock()
        super().closeEvent(event)


def launch(app: QApplication, store_url: str | None, lang: str | None, role: str = "leader") -> int:
    """Open the store as ``role`` (demo event on first run), show the main window, run the loop."""
    from models.store import StoreError, open_store
    from ui.common.i18n import install_translators

    lang = install_translators(app, lang)
    app.setApplicationName("WaterGuard")
    app.setOrganizationName("WaterGuard")
    try:
        store = open_store(store_url, role=role)
    except StoreError as exc:
        QMessageBox.critical(None, QApplication.translate("MainWindow", "Cannot open the store"), str(exc))
        return 2
    window = open_desk(store, lang, role)
    if window is None:
        return 2
    try:
        return app.exec()
    finally:
        window.store_watch.stop()
        store.dispose()


def open_desk(store: Store | str, lang: str, role: str = "leader", demo: bool = True,
              keep: bool = False) -> MainWindow | None:
    """Show a desk on ``store`` (a Store or a URL): the demo only into an EMPTY store (and only
    with ``demo``: File → Open store… never writes it); a store with data but no event, or an
    empty one opened for the user's own event, first asks for the event (the New event wizard)."""
    from demo.load import store_is_empty

    # Worker threads (the pipes' load, the patrol feed) hold the GIL in 5 ms turns by
    # default, and every Qt call of the GUI thread waits a turn: 1 ms keeps paints short.
    sys.setswitchinterval(DESK_SWITCH_INTERVAL_S)
    from ui.common.malloc_tune import limit_malloc_arenas

    limit_malloc_arenas()  # before the desk's worker threads start (ui/common/malloc_tune.py)
    from ui.common.gc_tune import freeze_while_starting

    freeze_while_starting()  # full collections walk only what the desk makes after its start
    if isinstance(store, str):
        from models.store import StoreError, open_store

        try:
            store = open_store(store, role=role)
        except StoreError as exc:
            QMessageBox.critical(None, QApplication.translate("MainWindow", "Cannot open the store"), str(exc))
            return None
    if role == "leader":
        if demo and store_is_empty(store):
            _ensure_demo(store)
        elif store.current_event() is None:
            from ui.event.new_event_wizard import QtNewEventWizard

            QtNewEventWizard(store).exec()
    window = MainWindow(store, lang)  # it watches the store for other desks' changes
    window.role = role
    if keep:  # a further desk (File → Open store…): alive while shown, freed when closed
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _OPEN_DESKS.append(window)
        window.destroyed.connect(lambda *_: _OPEN_DESKS.remove(window) if window in _OPEN_DESKS else None)
    window.show()
    from ui.common.gc_tune import window_built

    window_built()
    return window


#: Desks opened with File → Open store… (kept alive while shown).
_OPEN_DESKS: list = []


def _ensure_demo(store: Store) -> None:
    """Load the bundled demo event into an empty store (first run)."""
    from demo.load import ensure_demo

    ensure_demo(store)
