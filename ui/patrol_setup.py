"""Puts the patrol day into the main window: the live session, the map controller, the Patrol dock.

``install_patrol(window)`` is the one call the main window makes. On the demo
store it also makes the plan on first open and starts the simulated
patrollers; on any other store it loads the stored plan and the day's fixes
(feeds add more through :meth:`ui.patrol_live.PatrolLive.submit`).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMainWindow

from demo.load import is_demo_store
from ui.docks.patrol_dock import PatrolDock
from ui.patrol_live import DemoClock, PatrolLive, make_plan_now
from ui.patrol_map import PatrolMapController


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


def install_patrol(window: QMainWindow, simulate: bool | None = None) -> PatrolUi:
    """Build the patrol day into ``window`` (needs ``window.store``, ``window.map``, ``window.desk``).

    Parameters
    ----------
    window
        The main window, after its map and desk docks are built.
    simulate
        Run the demo patrollers (default: when the store holds the demo).
    """
    store = window.store
    tz = window.desk.tz
    event = store.current_event()
    simulate = event is not None and is_demo_store(store) if simulate is None else simulate
    clock = DemoClock(tz=tz) if simulate else time.time
    day = dt.datetime.fromtimestamp(clock(), tz).date()
    live = PatrolLive(store, clock, day, parent=window)
    mapctl = PatrolMapController(live, window.map.layers, window.map.projector, window.desk, window.map.canvas,
                                 parent=window)
    dock = PatrolDock(live, mapctl, tz, getattr(window, "lang", "en"), window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    duty = getattr(window, "duty_dock", None)
    if duty is not None:
        window.tabifyDockWidget(duty, dock)
    if hasattr(window, "view_menu"):
        window.view_menu.addAction(dock.toggleViewAction())
    layers = window.map.layers

    def identified(name: str, row: int, attrs: dict) -> None:
        if name == "pipes":
            dock.show_pipe(int(layers["pipes"].data.ids[row]))

    window.map.tools["identify"].identified.connect(identified)
    _CloseWatcher(window, live)
    if event is None:
        dock.clock_label.setText(dock.tr("No event in the store."))
    else:
        live.start(simulate, make_plan_now if simulate else None)
    return PatrolUi(live, mapctl, dock)
