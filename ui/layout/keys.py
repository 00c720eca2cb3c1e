"""Keys that bring docks to the front, map keys that act only on the map, a first layout per role.

* View → Go to panel: Alt+1 … Alt+9 bring the Duty desk, Zero reports,
  Resources, Patrol, Repairs, Vehicles, Layers, Identify and Hazards docks to the front
  (shown, raised, focused), whether they are tabbed behind another or hidden.
  The View menu's show/hide entries stay for hiding.
* The single-letter map-tool keys (P, I, S, D, A) act only while the map (or
  the toolbar) has the focus: typing "D" in a table or a form types a D.
* A desk opened for the first time as a dispatcher or viewer starts on the
  Repairs dock (the leader's Duty desk is read-only for them); each role keeps
  its own saved layout.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

#: Dock object names in key order (Alt+1 …).
DOCK_ORDER = ("dutyDock", "zeroReportsDock", "resourcesDock", "patrolDock", "repairsDock", "vehiclesDock",
              "layersDock", "identifyDock", "hazardsDock")
#: The dock in front on a role's first start.
ROLE_FRONT = {"leader": "dutyDock", "dispatcher": "repairsDock", "viewer": "repairsDock"}


class DockKeys(QObject):
    """The Alt+N actions and the map-key scoping."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        menu = getattr(window, "view_menu", None)
        sub = menu.addMenu(QCoreApplication.translate("DockKeys", "&Go to panel")) if menu is not None else None
        if menu is not None:
            menu.insertMenu(menu.actions()[0], sub)  # on top of the show/hide entries
        for n, name in enumerate(DOCK_ORDER, start=1):
            dock = window.findChild(QDockWidget, name)
            if dock is None:
                continue
            action = QAction(dock.windowTitle(), window)
            action.setObjectName(f"goto_{name}")
            action.setShortcut(QKeySequence(f"Alt+{n}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, d=dock: self.bring(d))
            window.addAction(action)
            if sub is not None:
                sub.addAction(action)
            self.actions[name] = action
        self.scope_map_keys()

    def bring(self, dock: QDockWidget) -> None:
        """Show a dock, put it in front of its tab group and give it the focus."""
        dock.show()
        dock.raise_()
        dock.activateWindow()
        widget = dock.widget()
        if widget is not None:
            target = next((w for w in widget.findChildren(QWidget) if w.isVisibleTo(dock) and w.isEnabled()
                           and w.focusPolicy() & Qt.FocusPolicy.TabFocus), widget)
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def scope_map_keys(self) -> None:
        """Single-key map-tool shortcuts only while the map or the toolbar has the focus."""
        canvas = self.window.map.canvas
        for action in getattr(self.window.map, "actions", {}).values():
            keys = action.shortcut()
            if keys.isEmpty() or keys[0].keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
                continue
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            canvas.addAction(action)


def state_key(role: str) -> str:
    """The settings key of the saved dock layout of ``role`` (the leader keeps the old key)."""
    return "main/state" if role == "leader" else f"main/state_{role}"


def first_layout(window: QMainWindow) -> None:
    """No saved layout for this role: its main dock to the front."""
    dock = window.findChild(QDockWidget, ROLE_FRONT.get(getattr(window.store, "role", "leader"), "dutyDock"))
    if dock is not None:
        dock.show()
        dock.raise_()


def install_dock_keys(window: QMainWindow) -> DockKeys:
    """Alt+N dock keys and scoped map keys (after every dock is built)."""
    return DockKeys(window)
