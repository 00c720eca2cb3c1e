"""Issue 18 §2: hazards from the field at the desk — list, photos, map, badge, repair, action item, close."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import numpy as np
import shapely
from PIL import Image, ImageDraw
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from models.duty import ActionItem
from models.field import Hazard
from models.patrol import Person
from models.repair import Repair
from models.store import open_store
from services.field.hazards import HazardReport, PhotoIn, close_hazard, record_hazard
from services.field.tokens import issue_tokens, resolve_token
from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)
from tests.ui.latin_scan import screen_texts, stray_words

STADIUM_PIPE = 883


def _jpeg(colour: str = "#3b7dd8") -> tuple[bytes, int, int]:
    """A real JPEG: a road with a puddle."""
    img = Image.new("RGB", (640, 480), "#8d8d8d")
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 300, 640, 480), fill="#555555")
    draw.ellipse((180, 320, 460, 430), fill=colour)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue(), 640, 480


def _place(window) -> tuple[float, float]:
    pipes = window.map.layers["pipes"].data
    row = int(np.flatnonzero(pipes.ids == STADIUM_PIPE)[0])
    point = shapely.line_interpolate_point(pipes.geoms[row], 0.5, normalized=True)
    lon, lat = window.map.projector.to_wgs84(shapely.get_x(point), shapely.get_y(point))
    return float(lon), float(lat)


def _report(store_url: str, now: dt.datetime, client_id: str, category: str, note: str, lonlat=None,
            photos: int = 0, minutes_ago: int = 20) -> int:
    """A patroller's phone report, written by another session on the same store (as the listener does)."""
    def write(s) -> int:
        person = s.scalars(select(Person).where(Person.name == "李娜")).first()
        if person is None:
            person = Person(name="李娜", role="patroller")
            s.add(person)
            s.flush()
        token = next(t.token for t in issue_tokens(s, units=False, user="lead", now=now) if t.holder_id == person.id)
        holder = resolve_token(s, token)
        lon, lat = lonlat if lonlat else (None, None)
        pics = [PhotoIn("image/jpeg", 640, 480, _jpeg(c)[0]) for c in ("#3b7dd8", "#2e7d32")[:photos]]
        hazard, _ = record_hazard(s, holder, HazardReport(client_id, category, note, lon, lat, 6.0,
                                                          now - dt.timedelta(minutes=minutes_ago), pics), now=now)
        s.commit()
        return hazard.id

    other = open_store(store_url)
    try:
        return other.run(write)  # from a fresh read when the desk's feeds are writing
    finally:
        other.dispose()


def _shot(widget, name: str) -> None:
    where = os.environ.get("WG_SHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(where) / name))


def test_a_phone_report_reaches_the_dock_and_map_and_becomes_a_repair(open_desk, qtbot):
    window = open_desk("zh_CN")
    ui = window.hazards
    dock, desk = ui.dock, window.desk
    dock.show()
    dock.raise_()
    now = desk.now()
    place = _place(window)
    hid = _report(window.store.url, now, "phone-li-0001", "leak", "人行道冒水，水流较大", place, photos=2)

    # The store watch sees the other session's write; the dock and the layer reload off the GUI thread.
    qtbot.waitUntil(lambda: any(h.id == hid for h in dock.hazards), timeout=15_000)
    assert dock.table.item(0, 1).text() == "漏水" and dock.table.item(0, 2).text() == "李娜"
    assert dock.table.item(0, 3).text() == "新报"
    layer = window.map.layers["hazards"]
    assert list(layer.data.ids) == [hid] and len(ui.map.new_xy) == 1
    window.alarms.refresh_now()
    assert window.alarms.strip.chips["hazards"].text() == "新隐患 1"
    assert "⚠1" in window.alarms.badge_text("hazardsDock")

    # Selecting it shows the photos (read and decoded on the dock's worker) and moves the map to it.
    assert dock.select_hazard(hid)
    assert dock.photos_loading() and dock.photo.text() == "正在读取照片…"
    qtbot.waitUntil(lambda: not dock.photos_loading(), timeout=15_000)
    qtbot.waitUntil(lambda: not dock.photo.pixmap().isNull(), timeout=5_000)
    assert [t.isVisible() for t in dock.thumbs] == [True, True, False]
    assert not dock.photo.pixmap().isNull()
    x, y = window.map.projector.to_local(*place)
    assert abs(window.canvas.cx - float(x)) < 1 and abs(window.canvas.cy - float(y)) < 1
    QApplication.processEvents()
    if os.environ.get("WG_SHOTS"):
        window.canvas.wait_rendered(30_000)
    _shot(window, "hazards_desk_zh.png")
    _shot(dock, "hazards_dock_zh.png")
    stray = stray_words(screen_texts(dock), set())
    assert not stray, stray

    # A click with the identify tool on the symbol selects it too; Identify shows words, not codes.
    hit = window.canvas.identify(float(x), float(y))
    assert hit is not None and hit[0] == "hazards", hit
    assert hit[2]["category"] == "漏水" and hit[2]["status"] == "新报"
    dock.table.clearSelection()
    window.map.tools["identify"].identified.emit(*hit)
    assert dock.selected() is not None and dock.selected().id == hid

    menu = dock.context_menu()  # the list's context menu offers the three buttons' actions
    assert [a.text() for a in menu.actions()] == ["转为抢修", "列入会商事项", "说明原因后关闭…"]
    assert all(a.isEnabled() for a in menu.actions())

    # Closing needs a reason: refused next to the field, nothing stored.
    dock.open_form("close")
    assert not dock.submit_form()
    assert dock.form_error.isVisible() and "原因" in dock.form_error.text()
    with window.store.session() as s:
        assert s.get(Hazard, hid).status == "new"
    dock.cancel_form()

    # One click: the emergency repair, timed from the report, selected in the Repairs dock.
    with window.store.session() as s:
        reported = s.get(Hazard, hid).reported_at
    dock.make_repair()
    with window.store.session() as s:
        hazard = s.get(Hazard, hid)
        repair = s.get(Repair, hazard.repair_id)
        assert hazard.status == "repair" and repair.reported_at == reported
    repairs_dock = window.repairs.repairs_dock
    rows = repairs_dock.table.selectionModel().selectedRows()
    assert rows and repairs_dock.repairs[rows[0].row()].id == repair.id
    assert dock.table.item(0, 3).text() == "已转抢修"
    assert int(ui.map.layers["hazards"].data.codes[0]) == 6 and len(ui.map.new_xy) == 0


def test_action_item_close_undo_and_a_conflict_in_english(open_desk, qtbot):
    window = open_desk("en")
    ui = window.hazards
    dock, desk = ui.dock, window.desk
    now = desk.now()
    place = _place(window)
    a = _report(window.store.url, now, "phone-li-0101", "damaged_cover", "Valve cover cracked", place, photos=1)
    b = _report(window.store.url, now, "phone-li-0102", "water_on_road", "Puddle at the gate", place,
                minutes_ago=5)
    c = _report(window.store.url, now, "phone-li-0103", "low_pressure", "Weak tap pressure", None, minutes_ago=2)
    dock.refresh_now()
    assert [h.id for h in dock.hazards] == [c, b, a]  # new first, newest first

    # Action item: the problem text is prefilled from the category and the note.
    dock.select_hazard(a)
    dock.show()
    dock.raise_()
    dock.open_form("item")
    assert dock.form_edit.text().startswith("damaged manhole or valve cover") and "Valve cover" in dock.form_edit.text()
    QApplication.processEvents()
    _shot(window, "hazards_desk_en.png")
    _shot(dock, "hazards_dock_en.png")
    assert dock.submit_form()
    with window.store.session() as s:
        hz = s.get(Hazard, a)
        item = s.get(ActionItem, hz.action_item_id)
        assert hz.status == "action_item" and "Valve cover cracked" in item.problem
    desk.undo_stack.undo()
    with window.store.session() as s:
        assert s.get(Hazard, a).status == "new" and s.get(Hazard, a).action_item_id is None
        assert s.get(ActionItem, item.id) is None
    desk.undo_stack.redo()
    with window.store.session() as s:
        assert s.get(Hazard, a).status == "action_item"

    # Close with a reason, undone and redone.
    dock.select_hazard(b)
    dock.open_form("close")
    dock.form_edit.setText("Rain water, drains clear")
    assert dock.submit_form()
    with window.store.session() as s:
        assert s.get(Hazard, b).close_reason == "Rain water, drains clear"
    desk.undo_stack.undo()
    with window.store.session() as s:
        assert s.get(Hazard, b).status == "new"
    desk.undo_stack.redo()
    with window.store.session() as s:
        assert s.get(Hazard, b).status == "closed"

    # Another desk closed c while this one still shows it new: a clear message, nothing opened.
    dock.select_hazard(c)
    other = open_store(window.store.url)
    other.run(lambda s: (close_hazard(s, c, reason="Duplicate of a phoned-in call", user="desk-2", now=now),
                         s.commit()))
    other.dispose()
    repairs_before = len(window.repairs.repairs_dock.repairs)
    dock.make_repair()
    assert "already handled at another desk" in dock.message.text() and "desk-2" in dock.message.text()
    assert len(window.repairs.repairs_dock.repairs) == repairs_before
    assert next(h for h in dock.hazards if h.id == c).status == "closed"


def test_a_viewer_desk_lists_hazards_but_cannot_handle_them(store, qtbot):
    from PySide6.QtGui import QUndoStack

    from ui.common.desk import DeskContext
    from ui.hazards.dock import HazardsDock

    viewer = open_store(store.url, role="viewer")
    try:
        desk = DeskContext(viewer, QUndoStack())
        hid = _report(store.url, desk.now(), "phone-v-1", "construction_near_main", "挖掘机靠近DN600主管", (9.5, 47.1))
        dock = HazardsDock(desk)
        qtbot.addWidget(dock)
        dock.refresh_now()
        assert dock.select_hazard(hid)
        assert dock.table.item(0, 1).text() == "construction near a main"
        assert not any(b.isEnabled() for b in (dock.repair_button, dock.item_button, dock.close_button))
        assert "viewer" in dock.repair_button.toolTip()
        dock.close_dock()
    finally:
        viewer.dispose()
