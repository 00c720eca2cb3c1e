"""Another desk's change reaches this desk's GUI thread as one queued signal."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from models.repair import Repair
from models.store import open_store
from ui.common.store_watch import QtStoreWatch

ROOT = Path(__file__).resolve().parents[3]


def test_other_desk_change_arrives_on_the_gui_thread(qtbot, desk_urls):
    wall = open_store(desk_urls["viewer"], role="viewer", desk="wall")
    watch = QtStoreWatch(wall)
    threads: list[threading.Thread] = []
    watch.store_changed.connect(lambda _changes: threads.append(threading.current_thread()))
    watch.start()
    if watch.watcher.is_postgresql:
        qtbot.waitUntil(watch.watcher.listening.is_set, timeout=10_000)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.support.desk", desk_urls["dispatcher"], "dispatcher",
             "add-repair", "R-5", "Städtle 1"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        # Within 2 s of the other process's commit (it has exited by now).
        with qtbot.waitSignal(watch.store_changed, timeout=2000) as blocker:
            pass
        changes = blocker.args[0]
        assert [(c.table, c.desk) for c in changes] == [("repairs", "subprocess-dispatcher")]
        assert watch.tables(changes) == {"repairs"}
        assert threads == [threading.main_thread()]
        with wall.session() as s:
            assert s.get(Repair, changes[0].row_id).address == "Städtle 1"
    finally:
        watch.stop()
        wall.dispose()


def test_own_changes_are_left_out_unless_asked(qtbot, store):
    own = QtStoreWatch(store, include_own=True)
    others = QtStoreWatch(store)
    seen_by_others: list = []
    others.store_changed.connect(seen_by_others.append)
    own.start()
    others.start()
    try:
        with qtbot.waitSignal(own.store_changed, timeout=2000) as blocker:
            with store.session() as s:
                s.add(Repair(code="R-6"))
                s.commit()
        assert blocker.args[0][0].desk == store.desk
        # The other watcher has polled past the same marker without emitting.
        qtbot.waitUntil(lambda: others.watcher._last_id >= own.watcher._last_id, timeout=2000)
        assert seen_by_others == []
    finally:
        own.stop()
        others.stop()
