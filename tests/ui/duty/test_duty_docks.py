"""The duty desk's docks: keyboard entry, colours, undo that really reverts the store, audit."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QApplication

from models.audit_trail import entries
from models.duty import ActionItem, MeetingNote, ZeroReport
from models.resources import SparePart
from services.duty.zero_reports import MISSING, PENDING, SAFE
from tests.models.duty_helpers import DAY, add_repair, add_stock, add_units, at
from ui.common.desk import DeskContext
from ui.duty.dock import OVERDUE_COLOUR, DutyDock
from ui.repairs.resources_dock import ResourcesDock
from ui.duty.zero_reports_dock import STATE_COLOURS, ZeroReportsDock


class Clock:
    """A clock the test moves."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(at("08:20"))


@pytest.fixture
def desk(store, clock):
    with store.session() as s:
        add_units(s)
        add_repair(s)
        add_stock(s)
        s.commit()
    return DeskContext(store, QUndoStack(), user="tester", clock=clock)


def _state(dock: ZeroReportsDock, row: int, col: int) -> str:
    return dock.table.item(row, col).data(Qt.ItemDataRole.UserRole)


def test_zero_report_matrix_keyboard_and_undo(qtbot, desk, store, clock):
    dock = ZeroReportsDock(desk)
    qtbot.addWidget(dock)
    assert dock.objectName() == "zeroReportsDock"
    assert dock.table.columnCount() == 4 and dock.table.rowCount() == 3
    assert _state(dock, 1, 0) == MISSING  # 08:00 + 15 min grace has passed at 08:20
    assert dock.table.item(1, 0).background().color() == QColor(STATE_COLOURS[MISSING])
    assert _state(dock, 1, 1) == PENDING

    dock.show()
    dock.table.setFocus()
    dock.table.setCurrentCell(1, 0)
    qtbot.keyClick(dock.table, Qt.Key.Key_Return)  # Enter on a cell: reported safe
    assert _state(dock, 1, 0) == SAFE
    with store.session() as s:
        assert s.query(ZeroReport).count() == 1

    desk.undo_stack.undo()
    assert _state(dock, 1, 0) == MISSING
    with store.session() as s:
        assert s.query(ZeroReport).count() == 0
    desk.undo_stack.redo()
    assert _state(dock, 1, 0) == SAFE
    with store.session() as s:
        assert [(e.user, e.action) for e in entries(s, "zero_reports")] == [
            ("tester", "create"), ("tester", "delete"), ("tester", "create")]

    # An incident typed in the form, saved with Enter.
    dock.table.setCurrentCell(2, 0)
    qtbot.keyClicks(dock.incident_edit, "Burst main on bridge")
    assert not dock.safe_check.isChecked()
    qtbot.keyClick(dock.incident_edit, Qt.Key.Key_Return)
    assert _state(dock, 2, 0) == "incident"
    assert "Burst main on bridge" in dock.table.item(2, 0).toolTip()

    # The clock passes 12:15: the 12:00 column turns to alarms.
    clock.now = at("12:15")
    dock.refresh()
    assert [_state(dock, r, 1) for r in range(3)] == [MISSING] * 3


def test_duty_dock_items_overdue_followup_close_undo(qtbot, desk, store, clock):
    clock.now = at("17:00")
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    dock.show()
    assert dock.objectName() == "dutyDock"
    # Every field of the item form is on the Tab chain.
    chain, w = [], dock.item_problem
    for _ in range(200):
        chain.append(w)
        w = w.nextInFocusChain()
    for field in (dock.item_plan, dock.item_owner, dock.item_deadline, dock.add_item_button, dock.followup_edit,
                  dock.followup_button, dock.close_button):
        assert field in chain

    dock.item_category.setCurrentIndex(dock.item_category.findData("safety"))
    qtbot.keyClicks(dock.item_problem, "Manhole cover loose")
    qtbot.keyClicks(dock.item_plan, "Weld it")
    qtbot.keyClicks(dock.item_owner, "Li")
    dock.item_deadline.setDateTime(QDateTime(dt.datetime(2026, 8, 10, 20, 0)))
    qtbot.keyClick(dock.item_owner, Qt.Key.Key_Return)
    assert dock.items_table.rowCount() == 1
    assert dock.items_table.item(0, 0).text() == "A20260810-01"
    assert dock.items_table.item(0, 0).background().color() != QColor(OVERDUE_COLOUR)

    clock.now = at("21:00")  # past the deadline
    dock.refresh()
    assert dock.items_table.item(0, 0).background().color() == QColor(OVERDUE_COLOUR)
    assert dock.items_table.item(0, 6).text() == "OVERDUE"

    dock.items_table.selectRow(0)
    qtbot.keyClicks(dock.followup_edit, "Welder booked")
    qtbot.keyClick(dock.followup_edit, Qt.Key.Key_Return)
    assert "Welder booked" in dock.items_table.item(0, 7).text()
    dock.close_button.click()
    assert dock.items_table.item(0, 6).text() == "closed"
    with store.session() as s:
        assert s.query(ActionItem).one().status == "closed"
    desk.undo_stack.undo()  # reopen
    with store.session() as s:
        item = s.query(ActionItem).one()
        assert item.status == "open" and [f.text for f in item.followups] == ["Welder booked"]
    assert dock.items_table.item(0, 6).text() == "OVERDUE"
    desk.undo_stack.undo()  # follow-up gone
    desk.undo_stack.undo()  # item gone
    with store.session() as s:
        assert s.query(ActionItem).count() == 0
    desk.undo_stack.redo()  # raised again, same code
    with store.session() as s:
        assert s.query(ActionItem).one().code == "A20260810-01"
        actions = [e.action for e in entries(s, "action_items")]
    assert actions == ["create", "follow_up", "close", "reopen", "delete", "create"]


def test_duty_dock_notes_and_stale_edit(qtbot, desk, store, clock):
    clock.now = at("17:00")
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    dock.show()
    dock.category_list.setCurrentRow(2)  # safety
    assert "Open action items: 0 (0 overdue)" in dock.status_view.toPlainText()
    dock.note_edit.setFocus()
    qtbot.keyClicks(dock.note_edit, "All calm")
    qtbot.keyClick(dock.note_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with store.session() as s:
        assert s.query(MeetingNote).one().text == "All calm"
    desk.undo_stack.undo()
    with store.session() as s:
        assert s.query(MeetingNote).one().text == ""
    assert dock.note_edit.toPlainText() == ""

    # Another desk changes the item between our read and our edit.
    dock.item_problem.setText("Fence down")
    dock.add_item()
    with store.session() as s:
        from services.duty.desk import update_item

        update_item(s, item_id=s.query(ActionItem).one().id, owner="Zhang", user="other", now=at("17:05"))
        s.commit()
    dock.items_table.selectRow(0)
    dock.followup_edit.setText("late")
    shown = []
    desk.conflict_dialog_shown.connect(lambda dialog: shown.append(dialog.conflict))
    desk.exec_dialog = lambda dialog: dialog.reject()  # "Discard mine, keep theirs"
    dock.add_followup()
    assert [(c.table, c.theirs["owner"], c.mine) for c in shown] == [("action_items", "Zhang", {"followup": "late"})]
    assert "other desk's version is kept" in dock.message.text()
    assert dock.items_table.item(0, 4).text() == "Zhang"  # theirs is shown


def test_resources_dock_take_refuse_undo(qtbot, desk, store):
    dock = ResourcesDock(desk)
    qtbot.addWidget(dock)
    dock.show()
    assert dock.objectName() == "resourcesDock"
    dock.parts_table.selectRow(0)
    dock.take_quantity.setValue(2)
    qtbot.keyClick(dock.take_quantity, Qt.Key.Key_Return)
    assert dock.parts_table.item(0, 2).text() == "1"
    dock.take_button.click()  # 2 more: refused
    assert "Only 1 of tee DN200 @ Depot North in stock" in dock.message.text()
    assert dock.parts_table.item(0, 2).text() == "1"
    desk.undo_stack.undo()
    assert dock.parts_table.item(0, 2).text() == "3"
    with store.session() as s:
        assert s.query(SparePart).one().quantity == 3
        assert [e.action for e in entries(s, "spare_parts")] == ["take", "return"]

    dock.machinery_table.selectRow(0)
    dock.assign_button.click()
    assert dock.machinery_table.item(0, 3).text() == "assigned"  # English UI
    assert dock.machinery_table.item(0, 4).text() == "R-001"
    desk.undo_stack.undo()
    assert dock.machinery_table.item(0, 3).text() == "available"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_dock_prints_the_meeting_pdf(qtbot, desk, tmp_path, clock):
    clock.now = at("18:00")
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    dock.item_problem.setText("Valve chamber flooded")
    dock.add_item()
    out = dock.print_pdf(str(tmp_path / "m.pdf"))
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True, check=True).stdout
    assert "Water supply guarantee meeting record" in text
    assert "Valve chamber" in text and "A20260810-01" in text
    assert QApplication.instance() is not None


def test_pdf_font_is_wenquanyi(qapp):
    from services.printing.fonts import pdf_font, pdf_font_family

    assert pdf_font_family() == "WenQuanYi Micro Hei"
    assert pdf_font(12).family() == "WenQuanYi Micro Hei"


def test_freeze_tab_lists_conflicts_near_first(qtbot, desk, store, clock):
    from models.bulk import write_features
    from models.event import Event
    from tests.gis.test_freeze import _sites, _venues

    with store.session() as s:
        s.add(Event(name="Summit", starts_at=dt.datetime(2026, 8, 10, tzinfo=dt.timezone.utc),
                    ends_at=dt.datetime(2026, 8, 20, tzinfo=dt.timezone.utc), local_crs="EPSG:32632"))
        s.commit()
    with store.engine.begin() as conn:
        write_features(conn, "sites", _sites())
        write_features(conn, "venues", _venues())
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    table = dock.freeze_table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["CS-near", "CS-open", "CS-far"]
    assert table.item(0, 0).background().color() == QColor(OVERDUE_COLOUR)
    assert table.item(1, 2).text() == "?"
    assert "3 planned works" in dock.freeze_label.text()


def test_another_desks_change_is_read_off_the_gui_thread(qtbot, desk, store, clock):
    """Issue 15: a store change re-reads the duty dock on its worker thread; a burst costs one more read."""
    import threading

    from services.duty.desk import open_meeting, raise_item

    clock.now = at("17:00")
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    threads = []
    read = dock._read

    def spy(*args):
        threads.append(threading.get_ident())
        return read(*args)

    dock._read = spy
    with store.session() as s:  # another desk opens the meeting and raises an item
        meeting = open_meeting(s, DAY, user="other", now=at("16:00"))
        raise_item(s, meeting_id=meeting.id, category="safety", problem="Valve chamber flooded", user="other",
                   now=at("16:30"))
        s.commit()
    for table in ("meetings", "action_items", "action_followups"):  # three batches in a row
        dock.refresh_from_store({table})
    assert dock.items_table.rowCount() == 0  # nothing read on the GUI thread
    qtbot.waitUntil(lambda: dock.items_table.rowCount() == 1 and not dock.reads.busy, timeout=10_000)
    assert dock.items_table.item(0, 2).text() == "Valve chamber flooded"
    assert len(threads) == 2 and threading.get_ident() not in threads  # one read, then one for the burst
    dock.close_dock()


def test_resources_follow_another_desk_off_the_gui_thread(qtbot, desk, store):
    """Issue 15: another desk's stock change is read on the Resources dock's worker thread and shown."""
    from sqlalchemy import update

    dock = ResourcesDock(desk)
    qtbot.addWidget(dock)
    assert dock.parts_table.item(0, 2).text() == "3"
    with store.session() as s:  # another desk takes two from the stock
        s.execute(update(SparePart).values(quantity=1))
        s.commit()
    dock.refresh_from_store({"spare_parts"})
    dock.refresh_from_store({"stock_movements"})  # a burst: one more read after the first
    assert dock.parts_table.item(0, 2).text() == "3"  # nothing read on the GUI thread
    qtbot.waitUntil(lambda: dock.parts_table.item(0, 2).text() == "1" and not dock.reads.busy, timeout=10_000)
    assert dock.machinery_table.item(0, 0).text() == "EX-01"
