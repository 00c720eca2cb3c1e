"""One patrol day loading at a time; the desk's announced patrol day before background readers."""

from __future__ import annotations

import threading

from services.patrol.day_gate import DayGate


def test_background_reader_waits_for_the_announced_day():
    gate = DayGate()
    order: list[str] = []
    gate.reserve()
    started = threading.Event()

    def background():
        started.set()
        with gate.hold(background=True):
            with gate.hold():  # re-entrant: the reader's own nested load
                order.append("meeting")

    t = threading.Thread(target=background)
    t.start()
    started.wait(5)
    with gate.hold():  # the desk's patrol day loads first
        order.append("patrol")
    assert t.is_alive() or order == ["patrol", "meeting"]
    gate.release()
    t.join(10)
    assert not t.is_alive() and order == ["patrol", "meeting"]


def test_loads_take_turns():
    gate = DayGate()
    inside = threading.Event()
    leave = threading.Event()
    seen: list[bool] = []

    def first():
        with gate.hold():
            inside.set()
            leave.wait(10)

    def second():
        with gate.hold():
            seen.append(leave.is_set())

    a = threading.Thread(target=first)
    a.start()
    inside.wait(5)
    b = threading.Thread(target=second)
    b.start()
    leave.set()
    a.join(10)
    b.join(10)
    assert seen == [True]  # the second load ran only after the first let go
