"""The desk's start is frozen out of full garbage collections; what it makes later is collected as before."""

from __future__ import annotations

import gc
import time

import pytest

from ui.common import gc_tune


@pytest.fixture(autouse=True)
def unfrozen():
    yield
    gc.unfreeze()  # the other tests' objects are collected as usual


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_full_collection_skips_what_the_start_made_and_still_collects_later_cycles(qtbot, monkeypatch):
    monkeypatch.setattr(gc_tune, "EVERY_MS", 50)
    start_objects = [[k] for k in range(200_000)]  # the start's data (tracked containers)
    gc.unfreeze()
    gc.collect()
    walked = time.perf_counter()
    gc.collect()
    walked = time.perf_counter() - walked
    gc_tune.freeze_while_starting(start_s=0.3)
    assert gc.get_freeze_count() >= len(start_objects)
    frozen = time.perf_counter()
    gc.collect()
    frozen = time.perf_counter() - frozen
    assert frozen < walked / 3  # the start's objects are no longer walked

    # Made after the last freeze: a cycle is still found and freed.
    qtbot.waitUntil(lambda: gc_tune._timer is None, timeout=5000)  # the start is over: no more freezing
    cycle = _Cycle()
    import weakref
    gone = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert gone() is None
    del start_objects


def test_the_start_keeps_freezing_what_it_loads_until_its_time_is_up(qtbot, monkeypatch):
    monkeypatch.setattr(gc_tune, "EVERY_MS", 50)
    gc.unfreeze()
    python_thresholds = gc.get_threshold()
    gc_tune.freeze_while_starting(start_s=0.5)
    assert gc.get_threshold()[2] >= gc_tune.START_FULL_EVERY  # fewer full collections while it starts
    frozen_at_open = gc.get_freeze_count()
    loaded_later = [[k] for k in range(10_000)]  # loaded by the start after the desk opened
    qtbot.waitUntil(lambda: gc.get_freeze_count() >= frozen_at_open + len(loaded_later), timeout=2000)
    qtbot.waitUntil(lambda: gc_tune._timer is None, timeout=5000)
    assert gc.get_threshold() == python_thresholds  # Python's own again once it has started
    assert len(loaded_later) == 10_000
