"""The desk's alarm center: the strip, the dock-tab badges, the raise on a new overrun, the pulsing map.

The figures are the wall's (:func:`services.wall.figures.wall_figures`, read by
the wall's own :class:`~ui.wall.feed.WallFeed` on its worker thread, without
the slow coverage): one computation for the wall and the desk. Every few
seconds, on every repair change of this desk and on other desks' writes, the
center asks for fresh figures; when they arrive it

* shows them in the :class:`~ui.alarms.strip.AlarmStrip` (a fixed toolbar row
  above the map),
* writes a badge ("⚠ 2") into the title of the dock that handles each figure,
  so a tabbed dock behind another shows it on its tab,
* raises the Repairs dock (and selects the repair) when a repair newly overruns
  a limit nobody has acknowledged, with an optional beep (Settings, off by default),
* makes the overrun repairs pulse on the map until somebody acknowledges them
  (an audit line, :mod:`services.alarms.acknowledge`, shared by every desk).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabBar, QToolBar

from services.alarms.acknowledge import acknowledge, acknowledged, unacknowledged
from ui.alarms.strip import AlarmStrip
from ui.wall.feed import WallFeed

#: Which dock handles which figure (object names).
CHIP_DOCKS = {"repairs": "repairsDock", "overruns": "repairsDock", "reports": "zeroReportsDock",
              "vehicles": "vehiclesDock", "segments": "patrolDock", "items": "dutyDock",
              "hazards": "hazardsDock"}
#: Settings key of the beep on a new overrun (off by default).
SOUND_KEY = "alarms/sound"
PULSE_MS = 400


class AlarmFeed(WallFeed):
    """The wall's figures and the acknowledged overruns, read together on the feed's worker thread."""

    def compute(self):  # -> (WallFigures, acknowledged)
        figures = super().compute()
        with self.store.session() as s:
            return figures, acknowledged(s)


class AlarmCenter(QObject):
    """Keeps the strip, the badges and the pulsing map in step with the store."""

    def __init__(self, window: QMainWindow, *, interval_ms: int = 5000,
                 clock: Callable | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        desk = getattr(window, "desk", None)
        self.user = getattr(desk, "user", "desk")
        clock = clock or (desk.now if desk is not None else None)
        self.feed = AlarmFeed(self.store, clock=clock, coverage_every_s=math.inf, parent=self) if clock else \
            AlarmFeed(self.store, coverage_every_s=math.inf, parent=self)
        self.feed.figures_ready.connect(self._on_read, Qt.ConnectionType.QueuedConnection)
        self.read_only = getattr(self.store, "role", "leader") == "viewer"
        self.figures = None
        #: Overruns not yet acknowledged: repair id → limits.
        self.pending: dict[int, tuple[str, ...]] = {}
        #: (repair id, limit) pairs already announced (raise + beep once each).
        self._announced: set[tuple[int, str]] = set()
        self._base_titles: dict[str, str] = {}
        self.badges: dict[str, int] = {}
        self.pulse_on = True
        self.closed = False

        self.strip = AlarmStrip()
        self.toolbar = QToolBar(QCoreApplication.translate("AlarmCenter", "Alarms"), window)
        self.toolbar.setObjectName("alarmToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.toggleViewAction().setVisible(False)  # permanent
        self.toolbar.addWidget(self.strip)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.strip.chip_clicked.connect(self.show_chip)
        self.strip.acknowledge_requested.connect(self.acknowledge)
        self.strip.ack_button.setEnabled(not self.read_only)

        self.sound_action = QAction(QCoreApplication.translate("AlarmCenter", "Beep on a new overrun"), window)
        self.sound_action.setCheckable(True)
        self.sound_action.setChecked(QSettings("WaterGuard", "WaterGuard").value(SOUND_KEY, False, type=bool))
        self.sound_action.toggled.connect(lambda on: QSettings("WaterGuard", "WaterGuard").setValue(SOUND_KEY, on))
        menu = getattr(window, "settings_menu", None)
        if menu is not None:
            menu.addAction(self.sound_action)

        canvas = getattr(getattr(window, "map", None), "canvas", None)
        self.canvas = canvas
        if canvas is not None:
            canvas.overlays.append(self.paint_pulse)
        self._pulse = QTimer(self, interval=PULSE_MS)
        self._pulse.timeout.connect(self._on_pulse)
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.feed.request)
        self.timer.start()
        repairs = getattr(window, "repairs", None)
        if repairs is not None:
            repairs.desk.repairs_changed.connect(self.feed.request)
        views = getattr(window, "store_views", None)
        if views is not None:
            views.add("alarm-strip", None, lambda _tables: self.feed.request())
        self.feed.request()

    # -- figures --------------------------------------------------------------------------
    def refresh_now(self) -> None:
        """Compute and apply the figures in this thread (tests, screenshots)."""
        self.apply(*self.feed.compute())

    def overdue_segments(self) -> int | None:
        """Patrol segments overdue now, from the loaded patrol day (None while it loads)."""
        patrol = getattr(self.window, "patrol", None)
        session = getattr(getattr(patrol, "live", None), "session", None)
        if session is None:
            return None
        shown = getattr(getattr(patrol, "dock", None), "last_figures", None)
        if shown is not None and shown["session"] is session and abs(patrol.live.now() - shown["now"]) < 60.0:
            # the Patrol dock's figures of the last minute, computed off the GUI thread
            return int(sum(f.get("overdue", 0) for f in shown["all"]))
        try:
            figs = session.requirement_figures(patrol.live.now())
        except Exception:  # an empty day has no segments to be late
            return 0
        return int(sum(f.get("overdue", 0) for f in figs))

    def _on_read(self, read) -> None:
        self.apply(*read)

    def apply(self, figs, acks=None) -> None:
        """Show new figures: strip, badges, pulsing repairs; raise the Repairs dock on a new overrun.

        ``acks``: the acknowledged overruns read with the figures (None: read them here).
        """
        if self.closed:
            return
        feed = getattr(getattr(self.window, "repairs", None), "feed", None)
        if feed is not None and getattr(feed, "vehicles", None):
            # The desk's feed has the reports not yet flushed to the store: the strip says what
            # the status bar and the Vehicles dock say (at start-up the store's fixes are minutes old).
            figs.vehicles_lost = len(feed.lost_devices())
        self.figures = figs
        if acks is None:
            with self.store.session() as s:
                acks = acknowledged(s)
        self.pending = unacknowledged(figs.overruns, acks)
        segments = self.overdue_segments()
        local = figs.now
        desk = getattr(self.window, "desk", None)
        if desk is not None:
            local = figs.now.astimezone(desk.tz)
        self.strip.set_figures(figs, segments, len(self.pending), QCoreApplication.translate("AlarmCenter", "as of {0}").format(local.strftime("%H:%M:%S")))
        self.badges = {"repairsDock": figs.repairs_overrun, "zeroReportsDock": figs.reports_missing,
                       "vehiclesDock": figs.vehicles_lost, "patrolDock": segments or 0,
                       "dutyDock": figs.items_overdue, "hazardsDock": figs.hazards_waiting}
        self._show_badges()
        fresh = {(rid, n) for rid, limits in self.pending.items() for n in limits} - self._announced
        self._announced |= fresh
        if fresh:
            self._announce(sorted({rid for rid, _ in fresh}))
        if self.pending:
            if not self._pulse.isActive():
                self._pulse.start()
        else:
            self._pulse.stop()
        if self.canvas is not None:
            self.canvas.update()

    def _announce(self, repair_ids: list[int]) -> None:
        """A new overrun: the Repairs dock to the front with the repair selected; a beep if wanted."""
        dock = self._dock("repairsDock")
        if dock is not None:
            dock.show()
            dock.raise_()
            select = getattr(dock, "select_repair", None)
            if select is not None:
                select(repair_ids[0])
        if self.sound_action.isChecked():
            QApplication.beep()

    def _dock(self, name: str) -> QDockWidget | None:
        return self.window.findChild(QDockWidget, name)

    def _show_badges(self) -> None:
        """The count in each dock's title (hence on its tab), the tab text red while it is not zero."""
        for name, count in self.badges.items():
            dock = self._dock(name)
            if dock is None:
                continue
            base = self._base_titles.setdefault(name, dock.windowTitle())
            title = f"{base} ⚠{count}" if count else base
            if dock.windowTitle() != title:
                dock.setWindowTitle(title)
                dock.toggleViewAction().setText(base)
        for bar in self.window.findChildren(QTabBar):
            for i in range(bar.count()):
                text = bar.tabText(i)
                bar.setTabTextColor(i, QColor("#d50000") if "⚠" in text else QColor())

    def badge_text(self, name: str) -> str:
        """The dock's title as its tab shows it (tests)."""
        dock = self._dock(name)
        return dock.windowTitle() if dock is not None else ""

    # -- actions --------------------------------------------------------------------------
    def show_chip(self, chip: str) -> None:
        """A chip clicked: its dock to the front."""
        dock = self._dock(CHIP_DOCKS.get(chip, ""))
        if dock is not None:
            dock.show()
            dock.raise_()
            if chip == "overruns" and self.pending:
                select = getattr(dock, "select_repair", None)
                if select is not None:
                    select(sorted(self.pending)[0])

    def acknowledge(self) -> int:
        """Acknowledge every pending overrun (audited); they stop pulsing on every desk."""
        if self.read_only or not self.pending:
            return 0
        pending = dict(self.pending)
        try:
            n = self.store.run(lambda s: acknowledge(s, self.user, pending))
        except Exception as exc:  # a refusal (role) or a locked store: say so, keep pulsing
            self.window.statusBar().showMessage(QCoreApplication.translate("AlarmCenter", "Not acknowledged: {0}").format(exc), 10_000)
            return 0
        if self.figures is not None:
            self.apply(self.figures)
        self.feed.request()
        return n

    # -- the map --------------------------------------------------------------------------
    def _on_pulse(self) -> None:
        self.pulse_on = not self.pulse_on
        if self.canvas is not None:
            self.canvas.update()

    def pulsing_points(self) -> list[tuple[int, float, float]]:
        """``(repair id, lon, lat)`` of the repairs pulsing on the map."""
        if self.figures is None:
            return []
        return [(rid, lon, lat) for rid, _lv, lon, lat in self.figures.repair_points if rid in self.pending]

    def paint_pulse(self, painter: QPainter, canvas) -> None:
        """The canvas overlay: a red ring pulsing at every unacknowledged overrun repair."""
        points = self.pulsing_points()
        if not points:
            return
        projector = self.window.map.projector
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        radius = 20 if self.pulse_on else 13
        colour = QColor("#d50000") if self.pulse_on else QColor(213, 0, 0, 120)
        painter.setPen(QPen(colour, 4))
        for _rid, lon, lat in points:
            x, y = projector.to_local(lon, lat)
            px, py = canvas.map_to_px(float(x), float(y))
            painter.drawEllipse(QPointF(px, py), radius, radius)

    def close(self) -> None:
        """Stop the timers and the worker (idempotent)."""
        if self.closed:
            return
        self.closed = True
        self.timer.stop()
        self._pulse.stop()
        views = getattr(self.window, "store_views", None)
        if views is not None:
            views.remove("alarm-strip")
        if self.canvas is not None and self.paint_pulse in self.canvas.overlays:
            self.canvas.overlays.remove(self.paint_pulse)
        self.feed.close()


def install_alarms(window: QMainWindow, **kwargs) -> AlarmCenter:
    """Build the alarm strip into ``window`` (after the docks, the repair desk and the store watch)."""
    return AlarmCenter(window, **kwargs)
