"""Short garbage collections in the desk: what its start loaded is left out of them.

Python's full (oldest-generation) collection walks every tracked object and holds
the interpreter lock throughout. On a city's desk that was 35–100 ms a time, seven
times during a cold start, and again now and then afterwards (measured with
``gc.callbacks``): whichever thread's allocation set one off, every other thread
waited, the GUI thread among them (the city bench's longest GUI-thread task of a
cold start, 110–119 ms "blocked").

Nearly everything the start makes lives as long as the desk: the store's data, the
map layers and their prepared arrays, the docks. :func:`gc.freeze` moves what is
alive into a permanent generation the collector no longer walks (the practice
CPython documents for long-lived servers); objects freed later are still freed as
usual (by reference counting). The desk freezes what is alive when its window is
built, then every quarter second while it starts (:data:`START_S`), so a full
collection walks only the last quarter second's new objects (the young ones are still collected as before, with their cycles: most
cycles die young). A cycle frozen alive and broken later is not collected: a few
dozen objects a start (the full collections of a start found 0–12 each).

The tests set :data:`START_S` to 0 (tests/conftest.py): a desk then freezes only what was alive
before it opened. A test process opens hundreds of desks and closes them, and what a freeze kept of
one would stay for the rest of the run.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QTimer

#: How long after the desk opens what is alive is frozen, and how often (a city's cold start:
#: patrol dock ~7 s, pipes ~19 s; a slow machine takes longer). A freeze moves lists: it costs nothing.
START_S = 120.0
EVERY_MS = 250

#: While the desk starts, a full collection only every this many middle-generation ones (Python's
#: default: 10).
START_FULL_EVERY = 100

_timer: QTimer | None = None
_until = 0.0  # time.monotonic() when the start is over
_thresholds: tuple[int, int, int] | None = None  # Python's own, while the start's are set


def freeze_while_starting(start_s: float | None = None) -> None:
    """Freeze what is alive now and every :data:`EVERY_MS` for ``start_s`` seconds (GUI thread).

    What is garbage already is collected first (before the desk loads anything this is quick; a
    second desk's start walks only what the first made since its own start).
    """
    global _timer, _until, _thresholds
    start_s = START_S if start_s is None else start_s
    gc.collect()
    gc.freeze()
    app = QCoreApplication.instance()
    if start_s <= 0 or app is None:
        return
    _until = time.monotonic() + start_s  # a second desk in the same process: its start counts anew
    if _timer is not None:
        return
    # Fewer full collections while it starts: the start's objects are not garbage, and the worker
    # threads that load them (the map, the patrol day, the street graph) set one off before the
    # next freeze (33–44 ms each, measured).
    _thresholds = gc.get_threshold()
    gc.set_threshold(_thresholds[0], _thresholds[1], max(_thresholds[2], START_FULL_EVERY))
    _timer = QTimer(app)
    _timer.setInterval(EVERY_MS)
    _timer.timeout.connect(_tick)
    _timer.start()


def window_built() -> None:
    """Freeze the desk's window, its docks and what they imported (built once, alive as long as the desk)."""
    if START_S > 0:
        gc.freeze()


def _tick() -> None:
    global _timer, _thresholds
    gc.freeze()
    if time.monotonic() >= _until:
        _timer.stop()
        _timer.deleteLater()
        _timer = None
        gc.set_threshold(*_thresholds)
        _thresholds = None
