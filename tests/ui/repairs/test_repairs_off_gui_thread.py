"""Issue 15: another desk's (or a drill's) repairs and the repair alarm check are read on the desk's worker."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select

from models.changes import Change
from models.repair import Notification
from tests.ui.repairs.test_repair_desk import desk, demo_file  # noqa: F401  (fixtures)


def _spy(obj, name: str, threads: list[int]) -> None:
    real = getattr(obj, name)

    def spy(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    setattr(obj, name, spy)


def test_another_desks_repair_is_read_off_the_gui_thread_and_a_burst_costs_one_more_read(desk, qtbot):
    from services.repairs.records import create_repair

    _, ui, clocks, store = desk
    dock = ui.repairs_dock
    shown = ui.desk.create(lon=9.53, lat=47.17, description="ours", level="V")
    dock.select_repair(shown)
    ui.desk.outbox_worker.wait(10.0)  # the new repair's messages sent: that re-read is over before we count
    QCoreApplication.processEvents()
    qtbot.waitUntil(lambda: not dock.reads.busy, timeout=10_000)
    rows = dock.table.rowCount()
    reads: list[int] = []
    _spy(ui.desk, "read_list", reads)
    with store.session() as s:  # another desk takes a call
        other = create_repair(s, lon=9.52, lat=47.16, description="theirs", user="other",
                              reported_at=dt.datetime.fromtimestamp(clocks.t, dt.timezone.utc))
        other_id = other.id
        s.commit()
    for table in ("repairs", "notifications", "vehicles"):  # three batches in a row
        ui.controller.on_store_changed([Change(table, None, "other")])
    assert dock.table.rowCount() == rows  # nothing read on the GUI thread
    qtbot.waitUntil(lambda: dock.table.rowCount() == rows + 1 and not dock.reads.busy, timeout=10_000)
    assert other_id in [r.id for r in dock.repairs]
    assert len(reads) == 2 and threading.get_ident() not in reads  # one read, then one for the burst
    assert dock.current_id == shown and "ours" in dock.title.text()  # the selection and its detail stay
    assert other_id in set(ui.map.layers["repairs"].data.ids)  # the map's points follow the list


def test_the_alarm_timer_checks_on_the_worker_and_the_alarm_shows_on_the_gui(desk, qtbot):
    _, ui, clocks, store = desk
    dock = ui.repairs_dock
    rid = ui.desk.create(lon=9.53, lat=47.17, description="late", level="V")
    code = ui.desk.repair(rid).code
    clocks.t += 11 * 60  # the dispatch limit (10 min) overruns
    passes: list[int] = []
    _spy(ui.desk, "_alarm_pass", passes)
    with qtbot.waitSignal(ui.desk.alarm_raised, timeout=10_000) as alarm:
        ui.desk.check_alarms_later()
        ui.desk.check_alarms_later()  # the next tick while the pass runs: skipped
    assert code in alarm.args[0] and code in dock.alarm_label.text()
    assert passes and threading.get_ident() not in passes
    qtbot.waitUntil(lambda: not ui.desk._checking, timeout=10_000)
    assert len(passes) == 1
    with store.session() as s:
        told = s.scalars(select(Notification).where(Notification.repair_id == rid,
                                                    Notification.subject.contains("超时"))).all()
    assert told
    ui.desk.check_alarms_later()  # told once: the next pass finds nothing new
    qtbot.waitUntil(lambda: not ui.desk._checking, timeout=10_000)
    assert ui.desk.check_alarms() == []
