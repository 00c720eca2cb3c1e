"""Puts the patrol day into the main window: the live session, the map controller, the Patrol dock.

``install_patrol(iface)`` is the one call the main window makes (with its
:class:`~ui.interface.DeskInterface`). On the demo
store it also makes the plan on first open and starts the simulated
patrollers; on any other store it loads the stored plan and the day's fixes
(feeds add more through :meth:`ui.patrol.live.PatrolLive.submit`).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMainWindow

from demo.load import is_demo_store
from ui.interface import DeskInterface
from ui.patrol.dock import PatrolDock
from ui.patrol.live import DemoClock, PatrolLive, make_plan_now
from ui.patrol.map import PatrolMapController


@dataclass
class PatrolUi:
    """What :func:`install_patrol` built."""

    live: PatrolLive
    map: PatrolMapController
    dock: PatrolDock


class _CloseWatcher(QObject):
    """Stops the feed thread when the window closes."""

    def __init__(self, window: QMainWindow, live: PatrolLive) -> None:
        super().__init__(window)
        self.live = live
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Close → stop the feed."""
        if event.type() == QEvent.Type.Close:
            self.live.close()
        return False


def install_patrol(iface: DeskInterface, simulate: bool | None = None) -> PatrolUi:
    """Build the patrol day into the desk (needs ``iface.map`` and ``iface.desk``); registered as ``"patrol"``.

    Parameters
    ----------
    iface
        The desk's interface, after its map and desk docks are built.
    simulate
        Run the demo patrollers (default: when the store holds the demo).
    """
    window, store = iface.window, iface.store
    tz = iface.desk.tz
    event = store.current_event()
    simulate = event is not None and is_demo_store(store) if simulate is None else simulate
    clock = DemoClock(tz=tz) if simulate else time.time
    day = dt.datetime.fromtimestamp(clock(), tz).date()
    live = PatrolLive(store, clock, day, parent=window)
    mapctl = PatrolMapController(live, iface.map.layers, iface.map.projector, iface.desk, iface.map.canvas,
                                 parent=window)
    dock = PatrolDock(live, mapctl, tz, iface.lang, window)
    iface.add_dock("patrol", dock, Qt.DockWidgetArea.RightDockWidgetArea, tab_with="duty")
    layers = iface.map.layers

    def identified(name: str, row: int, attrs: dict) -> None:
        if name == "pipes":
            dock.show_pipe(int(layers["pipes"].data.ids[row]))

    iface.map.tools["identify"].identified.connect(identified)
    _CloseWatcher(window, live)
    if event is None:
        dock.clock_label.setText(dock.tr("No event in the store."))
    else:
        live.start(simulate, make_plan_now if simulate else None)
    ui = PatrolUi(live, mapctl, dock)
    iface.register_feature("patrol", ui)
    return ui
