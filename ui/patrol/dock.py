"""The Patrol dock: coverage of the day per requirement, team and patch, the curve, replay, the segment inspector.

It reads a :class:`~ui.patrol.live.PatrolLive` (the session and its batches)
and drives a :class:`~ui.patrol.map.PatrolMapController` (colours, replay,
patch moves). Figures are refreshed at most every :data:`REFRESH_MS` after a
batch, not per batch, and computed on a worker thread (:func:`patrol_figures`,
under the session's lock) so a big day never stalls the GUI; the dock shows
the result when it arrives. Batches arriving meanwhile make one more run
after it, never a queue of them.
"""

from __future__ import annotations

import datetime as dt
import html

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDockWidget, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSlider, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from gis.patrol_session import COVERED, DUE, NOT_REQUIRED, OVERDUE
from services.patrol.reason_text import plan_reason
from ui.patrol.live import PatrolLive
from ui.patrol.map import PatrolMapController
from ui.common.widgets import read_only_table
from ui.common.worker import SerialWorker
from ui.patrol.pace_bar import PaceBar, expected_share

REFRESH_MS = 500
#: How often the leak survey's figure is read from the store.
LEAK_REFRESH_MS = 15_000
#: Replay step interval (ms) and the speeds offered: replayed minutes per real second.
REPLAY_TICK_MS = 200
REPLAY_SPEEDS = (1, 5, 15, 60)


def clock_text(hours: float) -> str:
    """Hours since the patrol day's midnight as a clock time (24:00 at the day's end)."""
    minutes = int(round(hours * 60))
    if minutes == 24 * 60:
        return "24:00"
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


#: Curve colours per requirement rule order (venue guard first).
CURVE_COLOURS = ("#c0392b", "#e67e22", "#8e44ad", "#2471a3", "#1e8449", "#7f8c8d")


def _set_row(table: QTableWidget, row: int, values: list) -> None:
    for col, value in enumerate(values):
        item = table.item(row, col)
        text = "" if value is None else str(value)
        if item is None:
            table.setItem(row, col, QTableWidgetItem(text))
        elif item.text() != text:
            item.setText(text)


def patrol_figures(session, now: float) -> dict:
    """Everything the dock shows of ``session`` at ``now`` (any thread; pure reads of the session)."""
    reqs = session.requirement_figures(now)
    times, series = session.series(now)
    return {"session": session, "now": now, "requirements": [f for f in reqs if f["segments"]], "all": reqs,
            "teams": session.team_figures(now), "patches": session.patch_figures(now),
            "times": times, "series": series}


def _pct(ratio: float | None) -> str:
    return "—" if ratio is None else f"{100 * ratio:.0f}%"


class PatrolDock(QDockWidget):
    """Progress of the patrol day, with the map's coverage colours and track replay.

    Signals
    -------
    refreshed()
        Figures computed off the GUI thread were shown.
    """

    refreshed = Signal()
    #: Internal: a worker's figures (a dict, or an Exception), queued to the GUI thread.
    _figures_ready = Signal(object)

    def __init__(self, live: PatrolLive, mapctl: PatrolMapController, tz: dt.tzinfo, lang: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Patrol"), parent)
        self.setObjectName("patrolDock")
        self.live, self.mapctl, self.tz, self.lang = live, mapctl, tz, lang
        self._dirty = True
        self._computing = False
        #: Figure computations run on worker threads (tests read it).
        self.worker_runs = 0
        self._worker = SerialWorker("patrol-figures")
        #: The figures shown last (the alarm strip reads its overdue count from them).
        self.last_figures: dict | None = None
        self._req_rows: list[tuple[QLabel, PaceBar, QLabel]] = []
        #: The chart's curves by requirement code (pyqtgraph items, once the chart is built).
        self._curves: dict = {}
        #: The latest curve per requirement code, (colour, hours, percent): the chart is built
        #: when first looked at (ui/patrol/chart.py) and draws these then.
        self._series: dict[str, tuple[str, np.ndarray, np.ndarray]] = {}
        self._plot = None
        self._build()
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self._on_timer)
        self._timer.start()
        self._replay_timer = QTimer(self, singleShot=True, interval=120)
        self._replay_timer.timeout.connect(self._apply_replay)
        live.session_ready.connect(self._on_session_ready)
        live.fixes_added.connect(self._on_fixes_added)
        live.failed.connect(self._on_failed)
        mapctl.patches_changed.connect(self._on_fixes_added)
        self._figures_ready.connect(self._on_figures)
        if live.session is not None:
            self._on_session_ready()

    # -- construction -----------------------------------------------------------------------
    def _build(self) -> None:
        body = QWidget(self)
        box = QVBoxLayout(body)
        top = QHBoxLayout()
        self.clock_label = QLabel(self.tr("Loading the patrol plan…"), body)
        self.clock_label.setObjectName("patrolClock")
        top.addWidget(self.clock_label, 1)
        self.plan_button = QPushButton(self.tr("Make today's &plan"), body)
        self.plan_button.setToolTip(self.tr("Assign every pipe to its patrol requirements and cut the patrol "
                                            "patches, as 'python app.py plan' does"))
        self.plan_button.hide()
        self.plan_button.clicked.connect(self.make_plan)
        self.live.plan_missing.connect(self.plan_button.show)
        self.live.capacity_ready.connect(self._show_capacity)
        top.addWidget(self.plan_button)
        top.addWidget(QLabel(self.tr("Pipe colours:"), body))
        self.colour_combo = QComboBox(body)
        self.colour_combo.addItem(self.tr("Network"), "network")
        self.colour_combo.addItem(self.tr("Patrol coverage"), "coverage")
        self.colour_combo.setToolTip(self.tr("Colour the pipes green (covered this round), amber (due) "
                                             "or red (overdue)"))
        self.colour_combo.currentIndexChanged.connect(
            lambda _: self.mapctl.set_mode(self.colour_combo.currentData()))
        top.addWidget(self.colour_combo)
        box.addLayout(top)
        self.capacity_label = QLabel(body)
        self.capacity_label.setObjectName("patrolCapacity")
        self.capacity_label.setWordWrap(True)
        self.capacity_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.capacity_label.hide()
        box.addWidget(self.capacity_label)

        self.req_box = QGroupBox(self.tr("Requirements (this round)"), body)
        self.req_grid = QGridLayout(self.req_box)
        self.req_grid.setColumnStretch(1, 1)
        box.addWidget(self.req_box)
        self._build_leak_row(body, box)

        self.tabs = QTabWidget(body)
        self.team_table = read_only_table(body, [self.tr("Team"), self.tr("Name"), self.tr("Patch"), self.tr("Coverage"),
                                        self.tr("Overdue"), self.tr("Last fix")], QHeaderView.ResizeMode.ResizeToContents)
        self.tabs.addTab(self.team_table, self.tr("Teams"))
        self.tabs.addTab(self._build_patches(body), self.tr("Patches"))
        self._chart = chart = QWidget(body)
        self._chart_box = chart_box = QVBoxLayout(chart)
        chart_box.setContentsMargins(0, 0, 0, 0)
        # The legend sits under the plot (a line of coloured names), never over the curves.
        self.chart_legend = QLabel(chart)
        self.chart_legend.setObjectName("patrolChartLegend")
        self.chart_legend.setWordWrap(True)
        chart_box.addWidget(self.chart_legend)
        self.tabs.addTab(chart, self.tr("Chart"))
        self.tabs.currentChanged.connect(lambda i: self.plot if self.tabs.widget(i) is chart else None)
        self.tabs.addTab(self._build_inspector(body), self.tr("Segment"))
        box.addWidget(self.tabs, 1)

        replay = QHBoxLayout()
        self.replay_check = QCheckBox(self.tr("Replay tracks"), body)
        self.replay_check.setToolTip(self.tr("Draw the tracks up to the slider's time and the patrollers where "
                                             "they were then"))
        self.replay_check.toggled.connect(self._on_replay_toggled)
        self.replay_slider = QSlider(Qt.Orientation.Horizontal, body)
        self.replay_slider.setRange(0, 24 * 60)
        self.replay_slider.setEnabled(False)
        self.replay_slider.valueChanged.connect(lambda _: self._replay_timer.start())
        self.replay_label = QLabel("--:--", body)
        self.play_button = QPushButton(self.tr("Play"), body)
        self.play_button.setObjectName("replayPlay")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip(self.tr("Play the replay from the slider's time (the live map is hidden "
                                            "while replaying)"))
        self.play_button.toggled.connect(self._on_play_toggled)
        self.speed_combo = QComboBox(body)
        self.speed_combo.setObjectName("replaySpeed")
        for minutes in REPLAY_SPEEDS:
            self.speed_combo.addItem(self.tr("{0} min/s").format(minutes), minutes)
        self.speed_combo.setCurrentIndex(1)
        self.speed_combo.setToolTip(self.tr("Replay speed: minutes of the day per second"))
        self._play_timer = QTimer(self, interval=REPLAY_TICK_MS)
        self._play_timer.timeout.connect(self.step_replay)
        self._play_minutes = 0.0
        replay.addWidget(self.replay_check)
        replay.addWidget(self.play_button)
        replay.addWidget(self.speed_combo)
        replay.addWidget(self.replay_slider, 1)
        replay.addWidget(self.replay_label)
        box.addLayout(replay)
        self.setWidget(body)

    def _build_leak_row(self, parent: QWidget, box: QVBoxLayout) -> None:
        """The leak survey's line: points read / points due today, and the points left overdue."""
        row = QHBoxLayout()
        self.leak_label = QLabel(parent)
        self.leak_label.setObjectName("leakSurveyLabel")
        self.leak_bar = PaceBar(parent)
        self.leak_overdue = QLabel(parent)
        self.leak_overdue.setObjectName("leakSurveyOverdue")
        self.leak_overdue.setWordWrap(True)
        row.addWidget(self.leak_label)
        row.addWidget(self.leak_bar, 1)
        row.addWidget(self.leak_overdue)
        box.addLayout(row)
        for w in (self.leak_label, self.leak_bar, self.leak_overdue):
            w.hide()
        # The readings come from phones, loggers and the desk, not from the patrol feed: read them on a slow timer.
        self._leak_timer = QTimer(self, interval=LEAK_REFRESH_MS)
        self._leak_timer.timeout.connect(self.refresh_leak_survey)
        self._leak_timer.start()
        QTimer.singleShot(0, self.refresh_leak_survey)

    def refresh_leak_survey(self) -> None:
        """Read the leak survey's day (:func:`services.leak_survey.day_status`, the wall's and coverage's figure)."""
        from services.leak_survey import day_status

        day = self.live.day
        now = dt.datetime.fromtimestamp(self.live.now(), dt.timezone.utc)
        try:
            with self.live.store.session() as session:
                status = day_status(session, day, now)
                prev = None
                event = self.live.store.current_event()
                start = event.starts_at.astimezone(self.tz).date() if event is not None else day
                if not status.day_over and day - dt.timedelta(days=1) >= start:
                    prev = day_status(session, day - dt.timedelta(days=1), now)
        except Exception as exc:  # noqa: BLE001 (a busy or vanished store: say so, try again at the next tick)
            self.leak_label.setText(self.tr("Leak survey: not readable ({0})").format(type(exc).__name__))
            return
        self.show_leak_survey(status, prev)

    def show_leak_survey(self, status, previous=None) -> None:
        """Show a :class:`~services.leak_survey.LeakDayStatus` (and the previous day's, for its overdue points)."""
        widgets = (self.leak_label, self.leak_bar, self.leak_overdue)
        self.leak_status = status
        if not status.points_due:
            for w in widgets:
                w.hide()
            return
        for w in widgets:
            w.show()
        zh = self.lang.startswith("zh") and status.name_zh
        name = (status.name_zh if zh else status.name) or self.tr("Leak survey")
        self.leak_label.setText(name)
        start = dt.datetime.combine(dt.date.fromisoformat(status.day), dt.time(0, 0), tzinfo=self.tz).timestamp()
        expected = expected_share(start, start + 86_400.0, self.live.now())  # due by the end of the day
        self.leak_bar.set_pace(status.ratio, expected, self.tr("{0} of {1} points read").format(
            status.points_read, status.points_due))
        self.leak_bar.setToolTip(self.tr("One reading a day at every leak-survey point; readings from the field, "
                                         "from loggers and from the desk count"))
        overdue, when = status.overdue, status.day
        if not overdue and previous is not None and previous.overdue:
            overdue, when = previous.overdue, previous.day
        if overdue:
            self.leak_overdue.setText(self.tr("{0} overdue ({1})").format(len(overdue), when))
            shown = ", ".join(overdue[:30]) + (" …" if len(overdue) > 30 else "")
            self.leak_overdue.setToolTip(self.tr("Not read on {0}: {1}").format(when, shown))
            self.leak_overdue.setStyleSheet("color: #c0392b; font-weight: bold;")
        else:
            self.leak_overdue.setText("")
            self.leak_overdue.setToolTip("")
            self.leak_overdue.setStyleSheet("")

    def _build_patches(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        lay = QVBoxLayout(page)
        self.patch_table = read_only_table(page, [self.tr("Patch"), self.tr("Teams"), self.tr("Length (km)"),
                                         self.tr("Coverage"), self.tr("Overdue")], QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.patch_table, 1)
        row = QHBoxLayout()
        self.selection_label = QLabel(self.tr("Select pipes on the map with the Select tool."), page)
        self.move_combo = QComboBox(page)
        self.move_button = QPushButton(self.tr("&Move to patch"), page)
        self.move_button.setToolTip(self.tr("Put the pipes selected on the map into the chosen patch "
                                            "(Edit ▸ Undo takes it back)"))
        self.move_button.clicked.connect(self.move_selection)
        row.addWidget(self.selection_label, 1)
        row.addWidget(self.move_combo)
        row.addWidget(self.move_button)
        lay.addLayout(row)
        return page

    def _build_inspector(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        lay = QVBoxLayout(page)
        self.segment_label = QLabel(self.tr("Click a pipe with the Identify tool."), page)
        self.segment_label.setWordWrap(True)
        self.segment_reqs = read_only_table(page, [self.tr("Requirement"), self.tr("Reason"), self.tr("This round"),
                                          self.tr("Last visit"), self.tr("Overdue")], QHeaderView.ResizeMode.ResizeToContents)
        self.segment_visits = read_only_table(page, [self.tr("Team"), self.tr("Device"), self.tr("First seen"),
                                            self.tr("Last seen"), self.tr("Fixes")], QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.segment_label)
        lay.addWidget(self.segment_reqs, 1)
        lay.addWidget(QLabel(self.tr("Who visited (today, within the tolerance):"), page))
        lay.addWidget(self.segment_visits, 1)
        return page

    # -- helpers --------------------------------------------------------------------------
    def _hhmm(self, t: float | None) -> str:
        if t is None or not np.isfinite(t):
            return "—"
        return dt.datetime.fromtimestamp(t, self.tz).strftime("%H:%M")

    def _req_name(self, fig: dict) -> str:
        zh = self.lang.startswith("zh") and fig.get("name_zh")
        return (fig["name_zh"] if zh else fig.get("name")) or fig["code"]

    # -- updates ----------------------------------------------------------------------------
    def _on_session_ready(self) -> None:
        s = self.live.session
        self.move_combo.clear()
        for pid, code in zip(s.patches["id"], s.patches["code"]):
            self.move_combo.addItem(code, int(pid))
        self._dirty = True
        self.request_refresh()

    def make_plan(self) -> None:
        """Make and store the plan off the GUI thread, then load the day."""
        from ui.patrol.live import make_plan_now

        self.plan_button.hide()
        self.clock_label.setText(self.tr("Making the patrol plan…"))
        self.live.start(simulate=False, make_plan=make_plan_now)

    def _on_fixes_added(self, *_) -> None:
        self._dirty = True

    def _on_failed(self, message: str) -> None:
        self.clock_label.setText(message)

    def _on_timer(self) -> None:
        self._update_selection_label()
        if self._dirty:
            self.request_refresh()

    def request_refresh(self) -> bool:
        """Compute the figures on a worker thread; :meth:`_on_figures` shows them. False when one runs
        already (the dock stays dirty: the next timer tick asks again, one run for the whole burst)."""
        s = self.live.session
        if s is None:
            return False
        if self._computing:
            self._dirty = True
            return False
        self._dirty = False
        self._computing = True
        now = self.live.now()
        lock = self.live.lock

        def work() -> None:
            try:
                with lock:  # the GUI thread feeds the session only between runs
                    result = patrol_figures(s, now)
            except Exception as exc:  # noqa: BLE001 — shown in the dock
                result = exc
            try:
                self._figures_ready.emit(result)  # noqa: B023
            except RuntimeError:  # the dock closed meanwhile
                pass

        self._worker.submit(work)
        return True

    def _on_figures(self, result) -> None:
        self._computing = False
        if isinstance(result, Exception):
            self.clock_label.setText(self.tr("Patrol figures could not be computed: {0}").format(result))
            return
        if result["session"] is not self.live.session:  # the day was reloaded meanwhile
            self._dirty = True
            return
        self.worker_runs += 1
        self._show(result)
        self.refreshed.emit()

    def _update_selection_label(self) -> None:
        rows = self.mapctl.selected_pipe_rows()
        n = len(rows)
        text = self.tr("Pipes selected on the map: {0}").format(n) if n else \
            self.tr("Select pipes on the map with the Select tool.")
        if self.selection_label.text() != text:
            self.selection_label.setText(text)
        self.move_button.setEnabled(n > 0 and self.live.session is not None)

    def refresh(self) -> None:
        """Recompute and show every figure now, on this thread (tests, one-off calls; the timer
        uses :meth:`request_refresh`)."""
        s = self.live.session
        if s is None:
            return
        self._dirty = False
        with self.live.lock:
            figures = patrol_figures(s, self.live.now())
        self._show(figures)

    def _show(self, figures: dict) -> None:
        """Show computed figures (requirements, teams, patches, chart); GUI thread, no computation."""
        s, now = figures["session"], figures["now"]
        self.last_figures = figures
        self.clock_label.setText(self.tr("Patrol day {0}, as of {1}").format(
            dt.datetime.fromtimestamp(s.anchor, self.tz).date().isoformat(), self._hhmm(now)))
        self._show_capacity()
        self._show_requirements(figures["requirements"], now)
        teams = figures["teams"]
        self.team_table.setRowCount(len(teams))
        for i, t in enumerate(teams):
            name = t.get("name_zh") if self.lang.startswith("zh") and t.get("name_zh") else t["name"]
            _set_row(self.team_table, i, [t["code"], name, t["patch"] or "", _pct(t["ratio"]),
                                          t["overdue"], self._hhmm(t["last_fix"])])
        patches = figures["patches"]
        self.patch_table.setRowCount(len(patches))
        for i, p in enumerate(patches):
            _set_row(self.patch_table, i, [p["code"], ", ".join(p["teams"]), f"{p['length_m'] / 1000:.1f}",
                                           _pct(p["ratio"]), p["overdue"]])
        self._show_chart(figures)
        if not self.replay_check.isChecked():
            self.replay_slider.setMaximum(max(1, int((now - s.anchor) // 60)))
            self.replay_slider.setValue(self.replay_slider.maximum())

    def _show_capacity(self) -> None:
        """The plan's shortfall in red: per requirement and shift, teams needed and on duty."""
        from services.patrol.capacity import shortfalls  # cheap here: the day loaded services.patrol.data

        short = shortfalls(self.live.capacity)
        whole = [r for r in short if r["patch"] is None]
        zh = self.lang.startswith("zh")
        lines = [self.tr("{0}, {1}–{2}: needs {3} teams, {4} on duty").format(
            (r.get("name_zh") if zh and r.get("name_zh") else r.get("name")) or r["requirement"], r["starts"], r["ends"], r["teams_needed"], r["teams"]) for r in whole]
        patches = sorted({r["patch"] for r in short if r["patch"] is not None})
        if patches:
            lines.append(self.tr("{0} patches short of teams: {1}").format(len(patches), ", ".join(patches[:8])
                                                                           + (" …" if len(patches) > 8 else "")))
        text = self.tr("Not enough teams for the plan:") + "\n" + "\n".join(lines) if lines else ""
        if self.capacity_label.text() != text:
            self.capacity_label.setText(text)
            self.capacity_label.setToolTip(self.tr("Each team covers its kind's speed × the shift's hours; "
                                                   "'python app.py plan' lists every shortfall"))
        self.capacity_label.setVisible(bool(text))

    def _show_requirements(self, reqs: list[dict], now: float | None = None) -> None:
        while len(self._req_rows) < len(reqs):
            i = len(self._req_rows)
            label, bar, late = QLabel(self.req_box), PaceBar(self.req_box), QLabel(self.req_box)
            self.req_grid.addWidget(label, i, 0)
            self.req_grid.addWidget(bar, i, 1)
            self.req_grid.addWidget(late, i, 2)
            self._req_rows.append((label, bar, late))
        for i, (label, bar, late) in enumerate(self._req_rows):
            visible = i < len(reqs)
            for w in (label, bar, late):
                w.setVisible(visible)
            if not visible:
                continue
            f = reqs[i]
            label.setText(self._req_name(f))
            label.setToolTip(f["code"])
            expected = expected_share(f["start"], f["end"], now) if now is not None else None
            end_text = self._hhmm(f["end"])
            if end_text == "00:00" and f["end"] > f["start"]:
                end_text = "24:00"  # a round ending at midnight
            ratio = f["ratio"]
            bar.set_pace(ratio, expected, self.tr("{0} · due {1} · this round {2}–{3}").format(
                "—" if ratio is None else f"{ratio:.0%}", "—" if expected is None else f"{expected:.0%}",
                self._hhmm(f["start"]), end_text))
            bar.setToolTip(self.tr("Round {0}: {1}–{2}; {3} of {4} km covered; the tick marks the share due by "
                                   "now").format(f["window"] + 1, self._hhmm(f["start"]), self._hhmm(f["end"]),
                                                 f"{f['covered_m'] / 1000:.1f}", f"{f['required_m'] / 1000:.1f}"))
            late.setText(self.tr("{0} overdue").format(f["overdue"]) if f["overdue"] else "")
            late.setStyleSheet("color: #c0392b; font-weight: bold;" if f["overdue"] else "")

    def _show_chart(self, figures: dict) -> None:
        s, times, series = figures["session"], figures["times"], figures["series"]
        hours = (times - s.anchor) / 3600.0
        names = {f["code"]: self._req_name(f) for f in figures["all"]}
        legend = []
        for i, (code, ratio) in enumerate(series.items()):
            colour = CURVE_COLOURS[i % len(CURVE_COLOURS)]
            self._series[code] = (colour, hours, 100.0 * ratio)
            if self._plot is not None:
                self._draw_curve(code)
            legend.append(f'<span style="color:{colour}">\u25a0</span>\u00a0{html.escape(names.get(code, code))}')
        text = " \u00a0 ".join(legend)
        if self.chart_legend.text() != text:
            self.chart_legend.setText(text)

    @property
    def plot(self):
        """The chart (a pyqtgraph PlotWidget), built on first use with the curves so far."""
        if self._plot is None:
            from ui.patrol.chart import build_chart

            self._plot = build_chart(self._chart, self.tr("Covered (%)"), self.tr("Time of day"))
            self._chart_box.insertWidget(0, self._plot, 1)
            for code in self._series:
                self._draw_curve(code)
            night = getattr(self.window(), "night_theme", None)
            if night is not None and getattr(night, "on", False):
                night.style_chart(self._plot, True)
        return self._plot

    def _draw_curve(self, code: str) -> None:
        from ui.patrol.chart import add_curve

        colour, hours, pct = self._series[code]
        curve = self._curves.get(code)
        if curve is None:
            curve = self._curves[code] = add_curve(self._plot, colour)
        curve.setData(hours, pct)

    def axis_labels(self) -> list[str]:
        """The time axis's tick labels as drawn now (for tests)."""
        axis = self.plot.getAxis("bottom")
        lo, hi = self.plot.viewRange()[0]
        return [t for _, values in axis.tickValues(lo, hi, axis.width() or 400) for t in axis.tickStrings(values, 1, 1)]

    def chart_data(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The chart's curves (hours, percent) by requirement code (for tests and exports)."""
        self.plot  # noqa: B018  (built now if not yet: its curves hold the data as drawn)
        return {code: c.getData() for code, c in self._curves.items()}

    # -- segment inspector ----------------------------------------------------------------
    def show_pipe(self, pipe_id: int) -> bool:
        """Show one pipe's requirements, last visits and visitors; False when it is not in the plan."""
        s = self.live.session
        if s is None:
            return False
        pos = int(s.positions_of_ids(np.array([pipe_id]))[0])
        if pos < 0:
            return False
        with self.live.lock:  # the day's fixes: not while a batch goes in
            info = s.inspect(pos, self.live.now())
        states = {NOT_REQUIRED: self.tr("not under a patrol requirement"), COVERED: self.tr("covered this round"),
                  DUE: self.tr("due this round"), OVERDUE: self.tr("overdue")}
        self.segment_label.setText(self.tr("<b>Pipe {0}</b> · {1} m · patch {2} · {3}").format(
            info["code"], f"{info['length_m']:.0f}", info["patch"] or "—", states[info["state"]]))
        self.segment_reqs.setRowCount(len(info["requirements"]))
        for i, r in enumerate(info["requirements"]):
            _set_row(self.segment_reqs, i, [
                self._req_name(r), plan_reason(r["reason"]),
                (self.tr("covered") if r["covered"] else self.tr("{0}% so far").format(f"{100 * r['fraction']:.0f}")),
                self._hhmm(r["last_visit"]), self.tr("yes") if r["overdue"] else ""])
        self.segment_visits.setRowCount(len(info["visitors"]))
        for i, v in enumerate(info["visitors"]):
            _set_row(self.segment_visits, i, [v["team"], v["device"], self._hhmm(v["first"]),
                                              self._hhmm(v["last"]), v["fixes"]])
        self.tabs.setCurrentIndex(3)
        self.show()
        self.raise_()
        return True

    # -- replay ---------------------------------------------------------------------------
    def _on_replay_toggled(self, on: bool) -> None:
        self.replay_slider.setEnabled(on)
        if on:
            self._apply_replay()
        else:
            self.play_button.setChecked(False)
            self.mapctl.set_replay(None)
            self.replay_label.setText("--:--")

    def _on_play_toggled(self, on: bool) -> None:
        """Play: replay on (from the start of the day when the slider is at its end), advancing every tick."""
        self.play_button.setText(self.tr("Pause") if on else self.tr("Play"))
        if not on:
            self._play_timer.stop()
            return
        if not self.replay_check.isChecked():
            self.replay_check.setChecked(True)
        if self.replay_slider.value() >= self.replay_slider.maximum():
            self.replay_slider.setValue(0)
        self._play_minutes = float(self.replay_slider.value())
        self._play_timer.start()

    def step_replay(self) -> None:
        """One tick of the playing replay (the speed's minutes per second); pauses at the end."""
        speed = float(self.speed_combo.currentData() or 1)
        if int(self._play_minutes) != self.replay_slider.value():  # the slider was moved by hand
            self._play_minutes = float(self.replay_slider.value())
        self._play_minutes += speed * REPLAY_TICK_MS / 1000.0
        value = min(int(self._play_minutes), self.replay_slider.maximum())
        self.replay_slider.setValue(value)
        self._apply_replay()
        if value >= self.replay_slider.maximum():
            self.play_button.setChecked(False)

    def replay_time(self) -> float | None:
        """The slider's time (unix s) while replaying, else None."""
        s = self.live.session
        if s is None or not self.replay_check.isChecked():
            return None
        return s.anchor + 60.0 * self.replay_slider.value()

    def _apply_replay(self) -> None:
        t = self.replay_time()
        if t is None:
            return
        self.replay_label.setText(self._hhmm(t))
        self.mapctl.set_replay(t)

    # -- patch editing ----------------------------------------------------------------------
    def move_selection(self) -> bool:
        """Move the pipes selected on the map into the patch chosen in the combo box."""
        rows = self.mapctl.selected_pipe_rows()
        if len(rows) == 0 or self.move_combo.currentData() is None:
            return False
        ids = self.mapctl.pipe_ids_of_rows(rows)
        code = self.move_combo.currentText()
        return self.mapctl.move_pipes(ids, int(self.move_combo.currentData()),
                                      self.tr("Move {0} pipes to patch {1}").format(len(ids), code))

    def close_dock(self) -> None:
        """Stop the timers and the figures' thread."""
        self._timer.stop()
        self._leak_timer.stop()
        self._worker.stop()
        self._replay_timer.stop()
        self._play_timer.stop()
