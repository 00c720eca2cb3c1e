"""The live patrol day on the desk: a loader/feed thread, a queue, and a GUI-thread controller.

Threads (DESIGN.md §2, STYLE_NOTES §3): :class:`PatrolFeedThread` runs off the
GUI thread. It makes the plan if the demo store has none, builds the day's
:class:`~gis.patrol_session.PatrolSession` (the plan and the fixes stored so
far), and, for the demo, releases the simulated patrollers' fixes as the clock
passes them: it writes each batch to the store on its own connection and puts
it on a queue. :class:`PatrolLive` (GUI thread) drains the queue every 150 ms
and hands what it took, as one batch, to its worker thread, which feeds the
session (matching fixes to segments costs tens of milliseconds on a big day)
holding :attr:`PatrolLive.lock`; ``fixes_added`` is emitted on the GUI thread
once the batch is in. Other readers off the GUI thread (the Patrol dock's
figures) hold the lock too; on the GUI thread, readers of the day's fixes
(replay, the segment inspector) take it, the live views read arrays the batch
replaces whole.

Any other feed (the vehicles' position feed) calls :meth:`PatrolLive.submit`
from its own thread with a DataFrame ``device, t, lon, lat``.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import threading
import time
import traceback
from collections.abc import Callable

import numpy as np
import pandas as pd
from PySide6.QtCore import QObject, QTimer, Signal

from gis.patrol_session import PatrolSession
from models.store import Store
from services.patrol.day_gate import DAY_GATE
from ui.common.worker import SerialWorker

#: Queue drain period (ms): 10–20 Hz is smooth for the eye and cheap.
DRAIN_MS = 150
#: The simulated day's backfill goes to the desk in batches of this many fixes, and one
#: drain takes about that many: the GUI thread feeds the session a slice at a time.
BACKFILL_ROWS = 20_000


class DemoClock:
    """The demo's clock: starts at ``start`` (unix s, default now) and runs ``speed`` times real time.

    ``WATERGUARD_DEMO_TIME`` (``HH:MM``, today in ``tz``) and ``WATERGUARD_DEMO_SPEED``
    override the defaults, so a screenshot or a presentation can show the afternoon.
    """

    def __init__(self, start: float | None = None, speed: float = 1.0, tz: dt.tzinfo | None = None) -> None:
        text = os.environ.get("WATERGUARD_DEMO_TIME")
        if start is None and text and tz is not None:
            hh, mm = (int(v) for v in text.split(":"))
            start = dt.datetime.combine(dt.datetime.now(tz).date(), dt.time(hh, mm), tzinfo=tz).timestamp()
        self.start = time.time() if start is None else float(start)
        self.speed = float(os.environ.get("WATERGUARD_DEMO_SPEED", speed))
        self._wall0 = time.monotonic()

    def __call__(self) -> float:
        """The demo time now (unix seconds)."""
        return self.start + (time.monotonic() - self._wall0) * self.speed


class PatrolFeedThread(threading.Thread):
    """Loads the day off the GUI thread and, for the demo, plays the simulated patrollers.

    Messages put on ``out``: ``("session", PatrolSession)`` once, then ``("capacity", rows)``
    and ``("fixes", DataFrame)`` per released batch; ``("error", str)`` on failure.

    Parameters
    ----------
    store
        The store (this thread opens its own connections).
    day
        Local day to load.
    clock
        Unix seconds now (the demo clock).
    out
        Queue to the GUI thread.
    simulate
        Play the demo patrollers.
    make_plan
        Make a plan first when the store has none (``callable(store)``).
    period_s
        Wall seconds between released batches.
    simulator
        The demo day's player (default :func:`demo.patrol.simulate_demo_day`).

    The ``session`` message goes out as soon as the stored day is loaded; the
    simulated day's backfill (up to the clock) follows as ``fixes`` batches.
    """

    def __init__(self, store: Store, day: dt.date, clock: Callable[[], float], out: queue.Queue,
                 simulate: bool, make_plan: Callable[[Store], None] | None = None, period_s: float = 1.0,
                 simulator: Callable[[object], pd.DataFrame] | None = None,
                 lock: threading.Lock | None = None) -> None:
        super().__init__(name="patrol-feed", daemon=True)
        #: With a lock (the one the session's feeder holds) the loaded day is shared in the process
        #: (:mod:`services.patrol.shared_day`: the meeting and the wall read it, no second whole day).
        self.lock = lock
        self.store, self.day, self.clock, self.out = store, day, clock, out
        self.simulate, self.make_plan, self.period_s = simulate, make_plan, period_s
        #: Plays the demo day: ``callable(session view) -> fixes`` (see :class:`_SimView`); None: the
        #: demo's player, imported on this thread when the day is in (scipy: seconds, not on the GUI thread).
        self.simulator = simulator
        # The desk's patrol day goes before background readers of the day (the meeting's figures).
        DAY_GATE.reserve()
        self._reserved = True
        self.stop_event = threading.Event()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to finish and wait for it."""
        self.stop_event.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:  # noqa: D102 (thread body)
        try:
            self._run()
        except Exception as exc:  # report to the desk, never die silently
            traceback.print_exc()
            self.out.put(("error", str(exc)))
        finally:
            self._release_day()

    def _release_day(self) -> None:
        """The patrol day is in (or will not come): background readers of the day may go."""
        if self._reserved:
            self._reserved = False
            DAY_GATE.release()

    def _run(self) -> None:
        from services.patrol.data import has_plan, load_patrol_session

        if not has_plan(self.store):
            if self.make_plan is None:
                self.out.put(("no_plan", None))
                return
            self.make_plan(self.store)
        session = load_patrol_session(self.store, self.day)
        if self.lock is not None:  # shared before background readers of the day may go
            from services.patrol.shared_day import publish

            publish(self.store, self.day, session, self.lock)
        self._release_day()
        # What the simulator and the restart need of the session, taken before the hand-over:
        # from the "session" message on only the GUI thread touches it.
        if self.simulate:
            last = session.last_fixes()
            plan_view = _SimView(session)
        # The dock shows the stored day (plan + stored fixes) now; with the demo, the simulated
        # day's backfill follows as batches once the simulator has played it.
        self.out.put(("session", session))
        self.out.put(("capacity", _day_capacity(self.store, self.day)))  # after the day: it may take seconds
        self._warm(session)
        if not self.simulate or self.stop_event.is_set():  # a desk closed while the day loaded: no simulation
            return
        # Not under DAY_GATE: a closed desk's simulator plays on to the end of its day and
        # would keep the next desk's patrol day waiting (seen as a flaky search test).
        if self.simulator is None:
            from demo.patrol import simulate_demo_day

            self.simulator = simulate_demo_day
        day_fixes = self.simulator(plan_view)
        # The simulator read the city's mapped pipe vertices and made temporaries: give both back
        # (a later read maps the pages again from the page cache).
        release = getattr(plan_view.geoms, "release_pages", None)
        if release is not None:
            release()
        from services.process_memory import release_freed_memory

        release_freed_memory()
        # Release only what is newer than each device's stored fixes (a restart continues the day).
        newest = day_fixes["device"].map(last).fillna(-np.inf).to_numpy(dtype="float64")
        day_fixes = day_fixes[day_fixes["t"].to_numpy() > newest].reset_index(drop=True)
        t = day_fixes["t"].to_numpy()
        released = int(np.searchsorted(t, self.clock(), side="right"))
        if self.stop_event.is_set():
            return
        for lo in range(0, released, BACKFILL_ROWS):
            batch = day_fixes.iloc[lo:min(lo + BACKFILL_ROWS, released)].reset_index(drop=True)
            self._write(batch)
            self.out.put(("fixes", batch))
            if self.stop_event.is_set():
                return
        while not self.stop_event.wait(self.period_s):
            upto = int(np.searchsorted(t, self.clock(), side="right"))
            if upto > released:
                batch = day_fixes.iloc[released:upto].reset_index(drop=True)
                released = upto
                self._write(batch)
                self.out.put(("fixes", batch))
            if released >= len(t):
                break

    def _warm(self, session: PatrolSession) -> None:
        """Compute the day's last visits here (seconds on a city), so no figure on the GUI thread has to."""
        if self.lock is None:
            return
        with self.lock:
            for i in range(len(session.state.reqs)):
                session.state.last_visits(i)
        from services.process_memory import release_freed_memory

        release_freed_memory()  # the day's load, capacity and last visits: a city's temporaries

    def _write(self, frame: pd.DataFrame) -> None:
        from models.bulk import write_track_points

        with self.store.engine.begin() as conn:
            write_track_points(conn, frame.assign(source="demo"))


class _SimView:
    """What the demo simulator reads of a session, copied for the feed thread (the session is the GUI's)."""

    def __init__(self, session: PatrolSession) -> None:
        self.teams = session.teams.copy()
        self.team_sets = dict(session.team_sets)
        self.pipe_patch = session.pipe_patch.copy()
        self.geoms, self.crs, self.anchor = session.geoms, session.crs, session.anchor


def _day_capacity(store: Store, day: dt.date) -> list[dict]:
    """The plan's capacity rows of the day (empty when they cannot be read: the figures still load)."""
    from services.patrol.capacity import day_capacity

    try:
        return day_capacity(store, day)
    except Exception:  # noqa: BLE001 (capacity is an addition; never lose the patrol day over it)
        traceback.print_exc()
        return []


def make_plan_now(store: Store) -> None:
    """Make and store the plan with the default settings (what ``python app.py plan`` does)."""
    from services.patrol.plan import make_plan

    make_plan(store, None, None)


class PatrolLive(QObject):
    """The GUI-thread side: owns the session, drains the queue, tells the views.

    Signals
    -------
    session_ready()
        The session is loaded (``self.session`` is set).
    fixes_added(changed)
        A batch went into the session; ``changed`` is the segment indices touched.
    failed(message)
        Loading failed, or the store has no plan (message says so).
    """

    session_ready = Signal()
    #: The store holds no patrol plan yet (the dock offers to make one).
    plan_missing = Signal()
    fixes_added = Signal(object)
    failed = Signal(str)
    #: The plan's capacity rows of the day came in (``self.capacity``; they follow the session).
    capacity_ready = Signal()
    #: Internal: the worker fed a batch (queued to the GUI thread).
    _fed = Signal(object, object)

    def __init__(self, store: Store, clock: Callable[[], float], day: dt.date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.day = day
        self.session: PatrolSession | None = None
        # The plan's capacity rows of the day (:func:`services.patrol.capacity.plan_capacity`).
        self.capacity: list[dict] = []
        self.queue: queue.Queue = queue.Queue()
        self.thread: PatrolFeedThread | None = None
        self._pending: list[pd.DataFrame] = []
        #: Held while the session changes (GUI thread) or is read off the GUI thread.
        self.lock = threading.Lock()
        self._worker = SerialWorker("patrol-feed-batches")
        self._fed.connect(self._on_fed)
        self._timer = QTimer(self, interval=DRAIN_MS)
        self._timer.timeout.connect(self.drain)
        self._timer.start()

    def start(self, simulate: bool, make_plan: Callable[[Store], None] | None = None, period_s: float = 1.0,
              simulator: Callable[[object], pd.DataFrame] | None = None) -> None:
        """Start loading (and, with ``simulate``, the demo patrollers)."""
        self.stop()
        self.thread = PatrolFeedThread(self.store, self.day, self.clock, self.queue, simulate, make_plan, period_s,
                                       simulator, lock=self.lock)
        self.thread.start()

    def stop(self) -> None:
        """Stop the feed thread (the session stays, but is no longer shared: it gets no more fixes)."""
        from services.patrol.shared_day import withdraw

        if self.thread is not None:
            self.thread.stop()
            self.thread = None
        withdraw(self.store, self.day, self.lock)

    def submit(self, frame: pd.DataFrame) -> None:
        """Hand a batch of fixes over from any thread (``device, t, lon, lat[, accuracy_m]``)."""
        self.queue.put(("fixes", frame))

    def now(self) -> float:
        """The desk's patrol clock (unix seconds)."""
        return self.clock()

    def drain(self) -> None:
        """Take everything queued; feed the session in one batch (GUI thread, timer)."""
        frames = []
        rows = 0
        while rows < BACKFILL_ROWS:  # a day's backfill: a slice per tick keeps each tick short
            try:
                kind, payload = self.queue.get_nowait()
            except queue.Empty:
                break
            if kind == "session":
                self.session = payload
                self.session_ready.emit()
            elif kind == "fixes":
                frames.append(payload)
                rows += len(payload)
            elif kind == "capacity":
                self.capacity = payload
                self.capacity_ready.emit()
            elif kind == "no_plan":
                self.plan_missing.emit()
                self.failed.emit(self.tr("No patrol plan stored yet: make today's plan here or with 'python app.py plan'."))
            elif kind == "error":
                self.failed.emit(self.tr("Patrol data could not be loaded: {0}").format(payload))
        if self.session is None:  # fixes before the session: keep them for it
            self._pending.extend(frames)
            return
        frames, self._pending = self._pending + frames, []
        if not frames:
            return
        session, frame, lock = self.session, pd.concat(frames, ignore_index=True), self.lock

        def feed() -> None:
            try:
                with lock:
                    changed = session.add_fixes(frame)
            except Exception as exc:  # noqa: BLE001 — told on the GUI thread
                changed = exc
            try:
                self._fed.emit(session, changed)  # noqa: B023
            except RuntimeError:  # closed meanwhile
                pass

        self._worker.submit(feed)

    def _on_fed(self, session, changed) -> None:
        if session is not self.session:
            return
        if isinstance(changed, Exception):
            self.failed.emit(self.tr("Patrol data could not be loaded: {0}").format(changed))
            return
        self.fixes_added.emit(changed)

    def wait_fed(self, timeout_s: float | None = None) -> bool:
        """Wait until the batches handed over are in the session (tests); their signals follow."""
        return self._worker.wait(timeout_s)

    def close(self) -> None:
        """Stop the timer and the threads."""
        self._timer.stop()
        self.stop()
        self._worker.stop()
