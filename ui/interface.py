"""The one door from a desk feature to the main window (as QGIS hands its plugins a ``QgisInterface``).

A feature (``ui.patrol``, ``ui.repairs``, ``ui.feed`` …) is installed with a
:class:`DeskInterface` and uses only what it offers: the store, the language,
the map, the duty desk's context (undo stack, user, clock), docks, menus, the
map toolbar, the status bar, and the other features registered by name. It
never reaches into the main window's attributes.

The main window builds one interface (``MainWindow.iface``); a test builds one
around a bare :class:`QMainWindow`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QActionGroup, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QStatusBar, QToolBar

if TYPE_CHECKING:
    from models.store import Store
    from ui.common.desk import DeskContext
    from ui.map.canvas import MapCanvas
    from ui.map.setup import MapUi


class DeskInterface(QObject):
    """What features may use of the desk's main window.

    Parameters
    ----------
    window
        The main window the docks, menus and status bar belong to.
    store, lang
        The desk's store and language (``zh_CN`` or ``en``).
    """

    #: A feature was registered (its name).
    feature_registered = Signal(str)

    def __init__(self, window: QMainWindow, store: Store, lang: str = "en") -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.lang = lang
        #: The map (canvas, layers, projector, tools); set once the map is installed.
        self.map: MapUi | None = None
        #: The duty desk's context (one undo stack, user, clock); set by the window.
        self.desk: DeskContext | None = None
        #: The toolbar holding the map tools (one exclusive action group), if any.
        self.toolbar: QToolBar | None = None
        self._features: dict[str, Any] = {}
        self._docks: dict[str, QDockWidget] = {}
        self._menus: dict[str, QMenu] = {}

    # -- what every feature reads ------------------------------------------------------
    @property
    def canvas(self) -> MapCanvas:
        """The map canvas (after the map is installed)."""
        return self.map.canvas

    @property
    def undo_stack(self) -> QUndoStack:
        """The desk's one undo stack."""
        return self.desk.undo_stack

    def status_bar(self) -> QStatusBar:
        """The window's status bar."""
        return self.window.statusBar()

    def show_message(self, text: str, msecs: int = 10_000) -> None:
        """A passing message in the status bar."""
        self.window.statusBar().showMessage(text, msecs)

    # -- features ----------------------------------------------------------------------
    def register_feature(self, name: str, feature: Any) -> None:
        """Make ``feature`` (what an ``install_*`` built) known to the other features."""
        self._features[name] = feature
        self.feature_registered.emit(name)

    def feature(self, name: str) -> Any | None:
        """A registered feature (``"patrol"``, ``"repairs"`` …), or None when it is not installed."""
        return self._features.get(name)

    # -- docks -------------------------------------------------------------------------
    def add_dock(self, name: str, dock: QDockWidget, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
                 tab_with: str | None = None) -> None:
        """Add ``dock`` to the window, tabbed with the dock registered as ``tab_with`` when there is one,
        and list it in the View menu."""
        self.window.addDockWidget(area, dock)
        anchor = self._docks.get(tab_with) if tab_with else None
        if anchor is not None:
            self.window.tabifyDockWidget(anchor, dock)
        self._docks[name] = dock
        view = self._menus.get("view")
        if view is not None:
            view.addAction(dock.toggleViewAction())

    def dock(self, name: str) -> QDockWidget | None:
        """A dock added under ``name``, or None."""
        return self._docks.get(name)

    # -- menus and tools ---------------------------------------------------------------
    def set_menu(self, key: str, menu: QMenu) -> None:
        """Register one of the window's own menus (``file``, ``edit``, ``view``, ``help``)."""
        self._menus[key] = menu

    def menu(self, key: str, title: str | None = None) -> QMenu:
        """The menu ``key``; a new one titled ``title`` is added before Help when there is none yet."""
        menu = self._menus.get(key)
        if menu is None:
            menu = QMenu(title or key, self.window)
            self.insert_menu(menu)
            self._menus[key] = menu
        return menu

    def insert_menu(self, menu: QMenu) -> None:
        """Put ``menu`` in the menu bar, before Help when the window has one."""
        help_menu = self._menus.get("help")
        if help_menu is not None:
            self.window.menuBar().insertMenu(help_menu.menuAction(), menu)
        else:
            self.window.menuBar().addMenu(menu)

    def map_tool_group(self) -> QActionGroup | None:
        """The exclusive action group of the map tools on the toolbar (None without a toolbar)."""
        if self.toolbar is None:
            return None
        return next((a.actionGroup() for a in self.toolbar.actions() if a.actionGroup() is not None), None)
