"""The repair desk on the demo store: feeds to the Vehicles dock and map, repairs, limits, dispatch, isolation."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import urllib.request

import numpy as np
import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from gis.feeds import Report
from models.repair import Notification, Repair, Vehicle
from ui.common.desk import DeskContext
from ui.interface import DeskInterface
from ui.map.setup import install_map
from ui.repairs.setup import install_repairs

#: The demo's venue pipe next to the Rheinpark stadium and a point on it.
STADIUM_PIPE = 883
STADIUM = (9.508875, 47.14137)


class Clocks:
    """One controllable time for the feed (unix s) and the desk (aware datetime)."""

    def __init__(self, t: float) -> None:
        self.t = t

    def unix(self) -> float:
        return self.t

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.t, dt.timezone.utc)


@pytest.fixture(scope="module")
def demo_file(demo_template):
    """The demo store, loaded once per session (conftest); each test works on a copy."""
    return demo_template


@pytest.fixture
def desk(qtbot, demo_file, tmp_path, monkeypatch):
    """A window with the map, the shared undo stack and the repair desk (no feeds started, no watcher)."""
    from models.store import open_store

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "store.sqlite"
    shutil.copy(demo_file, path)
    store = open_store(f"sqlite:///{path}")
    clocks = Clocks(time.time())
    window = QMainWindow()
    window.resize(900, 600)
    iface = DeskInterface(window, store, "en")
    window.map = iface.map = install_map(window, store, basemap=None)
    iface.desk = DeskContext(store, QUndoStack(), user="tester", clock=clocks.now)
    ui = install_repairs(iface, start_feeds=False, watch=False, clock=clocks.unix)
    ui.desk.alarm_timer.stop()
    ui.desk.outbox_timer.stop()
    qtbot.addWidget(window)
    yield window, ui, clocks, store
    ui.controller.close()
    window.map.canvas.close_canvas()
    store.dispose()


def _live(ui, device):
    data = ui.feed.layers["live"].data
    i = list(data.ids).index(device)
    return data.x[i], data.y[i], bool(data.stale[i])


def test_position_reaches_the_dock_and_the_map_then_the_device_turns_lost(desk):
    window, ui, clocks, _ = desk
    assert ui.feed.sink.submit(Report("rv-03", clocks.t, 9.52, 47.15, 10.0, 90.0, protocol="osmand")) is None
    assert ui.feed.drain() == 1
    dock = ui.vehicles_dock
    row = [dock.table.item(i, 0).text() for i in range(dock.table.rowCount())].index("RV03")
    assert dock.table.item(row, 3).text() == "0"
    assert dock.table.item(row, 4).text() == "36"  # 10 m/s
    x, y, stale = _live(ui, "rv-03")
    ex, ey = ui.feed.projector.to_local(9.52, 47.15)
    assert (x, y, stale) == (pytest.approx(float(ex)), pytest.approx(float(ey)), False)
    assert not dock.is_lost_row("RV03")

    clocks.t += 60
    ui.feed.tick()
    assert dock.table.item(row, 3).text() == "60"
    clocks.t += 61  # silent for 121 s
    ui.feed.tick()
    assert dock.is_lost_row("RV03")
    assert _live(ui, "rv-03")[2] is True
    assert "rv-03" in ui.feed.lost_devices()

    # Selecting the row rings it on the map.
    dock.select_code("RV03")
    assert ui.feed.layers["live"].data.selected == "rv-03"


def test_vehicles_share_the_live_layer_with_patrollers(desk):
    _, ui, clocks, _ = desk
    data = ui.feed.layers["live"].data
    data.set_positions(np.r_[data.ids, ["patrol-01"]], np.r_[data.x, [1.0]], np.r_[data.y, [2.0]],
                       np.r_[data.heading, [np.nan]], np.r_[data.stale, [False]], np.r_[data.labels, ["T01"]],
                       np.r_[data.kinds, ["patroller"]])
    ui.feed.sink.submit(Report("rv-01", clocks.t, 9.52, 47.15, protocol="osmand"))
    ui.feed.drain()
    assert "patrol-01" in list(data.ids) and "rv-01" in list(data.ids)
    assert list(data.kinds).count("patroller") == 1


def test_call_form_and_map_click_near_the_stadium_raise_the_level_and_flash(desk):
    window, ui, clocks, store = desk
    ui.controller.ask_fields = lambda location=None, where="": {
        "caller": "Anna", "phone": "+423 1", "address": "Rheinpark Stadion, north gate",
        "description": "water on the road", "category": "leak", "level": "V"}
    rid = ui.controller.new_call()
    with store.session() as s:
        r = s.get(Repair, rid)
        assert (r.level, r.caller, r.in_guarded_zone) == ("IV", "Anna", True)
        assert "Rheinpark Stadion" in r.level_reason
    assert ui.map.flashing()
    assert "Rheinpark Stadion" in ui.repairs_dock.title.text()

    x, y = ui.map.projector.to_local(*STADIUM)
    ui.controller.ask_fields = lambda location=None, where="": {"category": "burst", "level": "V",
                                                                "lon": location[0], "lat": location[1]}
    ui.map.flashes.clear()
    rid2 = ui.controller.report_at(float(x), float(y))
    with store.session() as s:
        r2 = s.get(Repair, rid2)
        assert (r2.level, r2.pipe_id, r2.category) == ("IV", STADIUM_PIPE, "burst")
    assert ui.map.flashing()
    assert set(ui.map.layers["repairs"].data.ids) == {rid, rid2}
    # The flash is an overlay: it never re-renders the cached map image.
    canvas = window.map.canvas
    before = canvas.render_count
    ui.map._on_blink()
    assert canvas.render_count == before


def test_countdown_colours_follow_the_clock_and_the_overrun_is_told_once(desk, qtbot):
    _, ui, clocks, store = desk
    rid = ui.desk.create(lon=9.53, lat=47.17, description="routine", level="V")
    dock = ui.repairs_dock
    assert dock.chip(rid, "dispatch") == "ok" and dock.chip(rid, "arrival") == "pending"
    clocks.t += 8 * 60  # 2 of 10 minutes left
    dock.update_chips()
    assert dock.chip(rid, "dispatch") == "warn"
    assert ui.desk.check_alarms() == []
    clocks.t += 3 * 60
    dock.update_chips()
    assert dock.chip(rid, "dispatch") == "overrun"

    with qtbot.waitSignal(ui.desk.alarm_raised) as alarm:
        new = ui.desk.check_alarms()
    assert new == [(ui.desk.repair(rid).code, "dispatch")] and "dispatch" in alarm.args[0]
    with store.session() as s:
        from services.repairs.records import contacts_for_level

        recipients = len(contacts_for_level(s, "V"))
        overrun = s.scalars(select(Notification).where(Notification.repair_id == rid,
                                                       Notification.subject.contains("超时"))).all()
    assert len(overrun) == recipients > 0
    clocks.t += 60
    assert ui.desk.check_alarms() == []
    # A second desk (a fresh controller) does not repeat it either.
    from ui.repairs.desk import RepairDesk

    other = RepairDesk(ui.desk.desk, None)
    assert other.check_alarms() == []
    other.close()
    with store.session() as s:
        assert len(s.scalars(select(Notification).where(Notification.repair_id == rid,
                                                        Notification.subject.contains("超时"))).all()) == recipients


def test_next_milestone_is_undoable_and_a_conflict_is_shown(desk):
    window, ui, clocks, store = desk
    rid = ui.desk.create(lon=9.53, lat=47.17, level="V")
    assert ui.desk.set_next_milestone(rid) == "dispatched"
    assert ui.desk.repair(rid).status == "dispatched"
    from ui.common.desk import StoreCommand

    stack = ui.desk.desk.undo_stack
    assert all(isinstance(stack.command(i), StoreCommand) for i in range(stack.count()))  # the one undo path
    ui.desk.desk.undo_stack.undo()
    r = ui.desk.repair(rid)
    assert (r.status, r.dispatched_at) == ("reported", None)
    ui.desk.desk.undo_stack.redo()
    assert ui.desk.repair(rid).status == "dispatched"

    # Another desk saves first: the edit is refused and the conflict shown.
    stale = ui.desk.snapshot(Repair, rid)
    with store.session() as s:
        s.get(Repair, rid).description = "changed elsewhere"
        s.commit()
    seen = []
    ui.desk.resolve_conflict = lambda conflict: seen.append(conflict) or {}
    from services.repairs.records import set_milestone

    assert not ui.desk.edit("x", Repair, rid, lambda s, r: set_milestone(s, r, "arrived"),
                            lambda s, r: None, snapshot=stale)
    assert seen and seen[0].table == "repairs"
    assert ui.desk.repair(rid).status == "dispatched"


def test_two_successive_edits_of_one_repair_undo_and_redo_in_turn(desk):
    """Ctrl+Z twice after two milestones: each undo starts from the row as this desk's last step left it."""
    _window, ui, _clocks, store = desk
    rid = ui.desk.create(lon=9.53, lat=47.17, level="V")
    stack = ui.desk.desk.undo_stack
    seen = []
    ui.desk.resolve_conflict = lambda conflict: seen.append(conflict) or {}
    assert ui.desk.set_next_milestone(rid) == "dispatched"
    assert ui.desk.set_next_milestone(rid) == "arrived"
    stack.undo()
    assert ui.desk.repair(rid).status == "dispatched"
    stack.undo()
    r = ui.desk.repair(rid)
    assert (r.status, r.dispatched_at, r.arrived_at) == ("reported", None, None) and not seen
    stack.redo()
    stack.redo()
    assert ui.desk.repair(rid).status == "on_site" and not seen  # arrived: on site
    stack.undo()
    assert ui.desk.repair(rid).status == "dispatched" and not seen
    # Another desk changes the repair in between: the next undo is refused as a conflict, not applied blind.
    with store.session() as s:
        s.get(Repair, rid).description = "changed elsewhere"
        s.commit()
    stack.undo()
    assert seen and seen[0].table == "repairs"
    assert ui.desk.repair(rid).status == "dispatched"


def test_dispatch_lists_vehicles_by_eta_and_assigning_sets_statuses(desk):
    _, ui, clocks, store = desk
    rid = ui.desk.create(pipe=STADIUM_PIPE, level="V")
    dock = ui.repairs_dock
    dock.select_repair(rid)
    dock.find_vehicles()
    etas = [c.travel_s for c in dock.candidates]
    assert len(etas) >= 3 and etas == sorted(etas)
    assert dock.dispatch_table.item(0, 0).text() == dock.candidates[0].code
    first = dock.candidates[0]
    dock.dispatch_table.selectRow(0)
    dock._on_assign()
    with store.session() as s:
        r, v = s.get(Repair, rid), s.get(Vehicle, first.vehicle_id)
        assert (r.status, r.vehicle_id, v.status) == ("dispatched", first.vehicle_id, "en_route")
    assert first.vehicle_id not in [c.vehicle_id for c in dock.candidates]  # no longer available
    # A status change from the Vehicles dock, undoable.
    vdock = ui.vehicles_dock
    vdock.select_code(first.code)
    vdock.request_status("on_site")
    assert ui.feed.vehicle_by_id(first.vehicle_id).status == "on_site"
    ui.desk.desk.undo_stack.undo()
    assert ui.feed.vehicle_by_id(first.vehicle_id).status == "en_route"


def isolate_at_the_stadium(ui):
    """A level V repair on the pipe by the stadium, isolated from the Repairs dock; returns its id and the dock."""
    rid = ui.desk.create(pipe=STADIUM_PIPE, level="V")
    dock = ui.repairs_dock
    dock.select_repair(rid)
    dock._on_isolate()
    assert ui.desk.wait_isolation()
    return rid, dock


def test_isolation_near_the_stadium_warns_and_a_broken_valve_moves_out(desk):
    _, ui, clocks, store = desk
    rid, dock = isolate_at_the_stadium(ui)
    assert not dock.warning.isHidden()
    assert "Rheinpark Stadion" in dock.warning.text()
    before = [dock.valve_table.item(i, 0).text() for i in range(dock.valve_table.rowCount())]
    assert before
    assert len(ui.map.layers["isolation_pipes"].data) == len(ui.desk.isolation.isolated_pipe_ids) + len(
        ui.desk.isolation.cut_off_pipe_ids)
    dock.valve_table.selectRow(0)
    dock._on_mark_valve("broken")
    assert ui.desk.wait_isolation()
    after = [dock.valve_table.item(i, 0).text() for i in range(dock.valve_table.rowCount())]
    assert before[0] not in after and after != before
    assert before[0] in ui.desk.isolation.passed_valves
    from models.network import Valve

    with store.session() as s:
        assert s.scalars(select(Valve.status).where(Valve.code == before[0])).one() == "broken"


def test_osmand_listener_from_the_feed_menu_moves_the_vehicle(desk, qtbot):
    _, ui, clocks, _ = desk
    clocks.t = time.time()
    assert ui.feed.start_osmand("127.0.0.1:0")
    port = ui.feed.osmand.port
    assert ui.feed_menu.osmand_action.isChecked() or True  # started without the menu's dialog
    lon, lat = 9.5301, 47.1602
    url = f"http://127.0.0.1:{port}/?id=rv-05&lat={lat}&lon={lon}&timestamp={int(clocks.t)}&speed=10"
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
    ex, ey = ui.feed.projector.to_local(lon, lat)
    qtbot.waitUntil(lambda: "rv-05" in list(ui.feed.layers["live"].data.ids)
                    and _live(ui, "rv-05")[0] == pytest.approx(float(ex)), timeout=5000)
    assert not _live(ui, "rv-05")[2]
    ui.feed.stop_osmand()
    # Stored as history too (the sink's writer thread).
    qtbot.waitUntil(lambda: ui.feed.sink.stats()["stored"] >= 1, timeout=5000)


def test_viewer_desk_is_read_only(qtbot, demo_file, tmp_path, monkeypatch):
    from models.store import open_store

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "store.sqlite"
    shutil.copy(demo_file, path)
    store = open_store(f"sqlite:///{path}", role="viewer")
    window = QMainWindow()
    iface = DeskInterface(window, store, "en")
    window.map = iface.map = install_map(window, store, basemap=None)
    iface.desk = DeskContext(store, QUndoStack(), user="wall")
    ui = install_repairs(iface, start_feeds=False, watch=False)
    qtbot.addWidget(window)
    try:
        assert not ui.repairs_dock.new_button.isEnabled()
        assert not ui.vehicles_dock.status_combo.isEnabled()
        assert not ui.feed_menu.sim_action.isEnabled()
        assert ui.repairs_dock.table.rowCount() == 0
    finally:
        ui.controller.close()
        window.map.canvas.close_canvas()
        store.dispose()


def test_outbox_sends_through_the_configured_smtp_server(desk):
    """Settings → Notifications stores an SMTP sender; the outbox delivers to a real SMTP server."""
    from aiosmtpd.controller import Controller

    from services.repairs.records import set_setting
    from ui.repairs.desk import SENDER_KEY

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
            received.append(envelope)
            return "250 OK"

    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        _, ui, clocks, store = desk
        with store.session() as s:
            set_setting(s, SENDER_KEY, {"channel": "email", "host": "127.0.0.1", "port": port})
            s.commit()
        with ui.desk._delivering:  # keep the background delivery out: deliver below, here
            rid = ui.desk.create(address="Rheinpark Stadion", level="V")
        sent, failed = ui.desk.deliver()
        assert sent > 0 and len(received) == sent
        notes = ui.desk.notifications(rid)
        assert sum(n["status"] == "sent" for n in notes) == sent
        assert {n["channel"] for n in notes} == {"email"}
        assert all(n["error"] for n in notes if n["status"] == "failed")  # no e-mail address: recorded why
    finally:
        controller.stop()
