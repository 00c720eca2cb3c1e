"""Several desks on one event, in the GUI: live refresh, conflicts, roles, contacts, measured coverage."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from shapely.geometry import box
from sqlalchemy import select

from models.audit_trail import entries
from models.bulk import write_features
from models.duty import ActionItem, ReportingUnit
from services.duty.desk import open_meeting, raise_item, update_item
from models.repair import Contact
from models.store import open_store
from services.duty.zero_reports import INCIDENT, record_report
from tests.models.duty_helpers import add_units, at
from ui.common.desk import DeskContext
from ui.duty.dock import DutyDock
from ui.common.i18n import install_translators
from ui.main_window import MainWindow
from ui.common.store_watch import Throttle


class Clock:
    """A clock the test moves."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def make_window(qtbot, store, tmp_path, monkeypatch):
    """Main windows on the test store as a given role; closed before their stores are disposed."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    install_translators(QApplication.instance(), "en")
    made: list[tuple[MainWindow, object]] = []

    def make(role: str = "leader") -> MainWindow:
        desk_store = store if role == "leader" else open_store(store.url, role=role, desk=f"{role}-desk")
        window = MainWindow(desk_store, "en")
        qtbot.addWidget(window)
        made.append((window, desk_store))
        return window

    yield make
    for window, desk_store in made:
        window.close()
        if desk_store is not store:
            desk_store.dispose()


# -- 1. live refresh across desks ---------------------------------------------------------------

def test_other_desks_writes_show_within_two_seconds(qtbot, make_window, store):
    with store.session() as s:
        add_units(s)
        s.commit()
    window = make_window()
    day, now = window.desk.today(), window.desk.now()
    sites = window.map.layers["sites"]
    sites_before, pipes_data = len(sites.data), window.map.layers["pipes"].data
    other = open_store(store.url, desk="desk-b")  # a second engine signing as another desk
    try:
        with other.session() as s:
            unit = s.scalars(select(ReportingUnit).where(ReportingUnit.code == "U01")).one()
            record_report(s, unit_id=unit.id, day=day, slot="08:00", safe=False, incident="Low pressure",
                          user="b", now=now)
            s.commit()
        qtbot.waitUntil(lambda: window.zero_reports_dock.table.item(0, 0).data(Qt.ItemDataRole.UserRole)
                        == INCIDENT, timeout=2000)

        with other.session() as s:
            meeting = open_meeting(s, day, user="b", now=now)
            raise_item(s, meeting_id=meeting.id, category="safety", problem="Fence down at gate 3", user="b",
                       now=now)
            s.commit()
        qtbot.waitUntil(lambda: window.duty_dock.items_table.rowCount() == 1, timeout=2000)
        assert window.duty_dock.items_table.item(0, 2).text() == "Fence down at gate 3"

        with other.engine.begin() as conn:  # a construction site drawn on the other desk
            write_features(conn, "sites", gpd.GeoDataFrame(
                {"name": ["Trench"]}, geometry=[box(9.52, 47.16, 9.521, 47.161)], crs="EPSG:4326"))
        qtbot.waitUntil(lambda: len(window.map.layers["sites"].data) == sites_before + 1, timeout=2000)
        assert window.map.layers["pipes"].data is pipes_data  # only the sites layer was reloaded
    finally:
        other.dispose()


def test_throttle_runs_at_once_then_once_per_interval(qtbot):
    calls: list[int] = []
    throttle = Throttle(lambda: calls.append(1), interval_ms=300)
    throttle()  # quiet before: runs at once
    assert calls == [1]
    for _ in range(5):  # a burst inside the interval: one more run at its end
        throttle()
    assert calls == [1] and throttle.pending
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=2000)
    assert not throttle.pending


# -- 2. conflicts in the duty desk ---------------------------------------------------------------

@pytest.fixture
def desk(store):
    return DeskContext(store, QUndoStack(), user="desk-a", clock=Clock(at("17:00")))


def test_edit_over_another_desks_change_shows_theirs_and_keeps_mine(qtbot, desk, store):
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    dock.show()
    dock.item_problem.setText("Fence down")
    dock.item_plan.setText("Call the builder")
    dock.item_owner.setText("Li")
    dock.add_item()
    dock.items_table.selectRow(0)
    qtbot.keyClick(dock.items_table, Qt.Key.Key_F2)  # load the item into the form
    assert dock.editing is not None and dock.item_plan.text() == "Call the builder"

    # Meanwhile desk B (its own session) changes the plan and the owner.
    with store.session() as s:
        item = s.scalars(select(ActionItem)).one()
        update_item(s, item_id=item.id, expected_version=item.version, plan="Weld the fence", owner="Wang",
                    user="desk-b", now=at("17:02"))
        s.commit()
        theirs_version = s.get(ActionItem, item.id).version

    shown = []

    def answer(dialog):  # what the user does in the dialog: keep my plan, re-apply
        shown.append((dialog.conflict.both_changed, dialog.conflict.their_fields))
        dialog.set_keep_mine("plan", True)
        dialog.accept()

    desk.exec_dialog = answer
    dock.item_plan.setText("Fence off the gate")
    dock.item_problem.setText("Fence down at gate 3")
    qtbot.keyClick(dock.item_problem, Qt.Key.Key_Return)  # Enter saves the edit

    assert shown == [(["plan"], ["plan", "owner"])]
    with store.session() as s:
        row = s.scalars(select(ActionItem)).one()
        assert (row.problem, row.plan, row.owner) == ("Fence down at gate 3", "Fence off the gate", "Wang")
        assert row.version == theirs_version + 1  # saved on top of theirs
    assert dock.items_table.item(0, 3).text() == "Fence off the gate"
    desk.undo_stack.undo()  # back to desk B's version, nothing else lost
    with store.session() as s:
        row = s.scalars(select(ActionItem)).one()
        assert (row.problem, row.plan, row.owner) == ("Fence down", "Weld the fence", "Wang")


# -- 3. roles --------------------------------------------------------------------------------------

def test_viewer_desk_is_read_only(make_window):
    window = make_window("viewer")
    assert window.windowTitle().endswith("(read-only)")
    reason = "Read-only desk: the viewer role cannot change the store"
    duty = window.duty_dock
    for w in (duty.add_item_button, duty.open_button, duty.save_note_button, duty.set_leader_button,
              duty.contacts_tab.save_button, window.zero_reports_dock.record_button,
              window.resources_dock.take_button, window.resources_dock.assign_button):
        assert not w.isEnabled() and w.toolTip() == reason
    assert not window.map.actions["draw_site"].isEnabled()
    assert not window.patrol.dock.move_button.isEnabled()
    assert window.map.actions["identify"].isEnabled()  # looking is fine


def test_dispatcher_cannot_edit_the_duty_desk(make_window):
    window = make_window("dispatcher")
    assert window.windowTitle().endswith("(dispatcher)")
    why = "The dispatcher role cannot change this; the store would refuse it"
    assert not window.duty_dock.add_item_button.isEnabled()
    assert window.duty_dock.add_item_button.toolTip() == why
    assert not window.zero_reports_dock.record_button.isEnabled()
    assert window.zero_reports_dock.record_button.toolTip() == why
    assert not window.resources_dock.take_button.isEnabled()
    assert not window.map.actions["draw_site"].isEnabled()
    # Enter on a zero-report cell offers nothing either: the message says why, the store is untouched.
    window.zero_reports_dock.record_from_form()
    assert window.zero_reports_dock.message.text() == why


def test_leader_desk_offers_everything(make_window):
    window = make_window()
    assert window.duty_dock.add_item_button.isEnabled()
    assert window.zero_reports_dock.record_button.isEnabled()
    assert window.map.actions["draw_site"].isEnabled()
    assert "(read-only)" not in window.windowTitle()


# -- 5. contacts tab and measured coverage ------------------------------------------------------------

def test_contacts_tab_keyboard_add_edit_delete_undo(qtbot, desk, store):
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    dock.show()
    tab = dock.contacts_tab
    dock.tabs.setCurrentWidget(tab)
    tab.group_combo.setCurrentIndex(tab.group_combo.findData("media"))
    qtbot.keyClicks(tab.name_edit, "Radio Liechtenstein")
    qtbot.keyClicks(tab.phone_edit, "+423 399 1313")
    qtbot.keyClick(tab.phone_edit, Qt.Key.Key_Return)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "Media"

    tab.table.setCurrentCell(0, 1)  # selecting loads it; Enter saves the change
    assert tab.name_edit.text() == "Radio Liechtenstein" and tab.editing is not None
    tab.phone_edit.setText("+423 399 1300")
    qtbot.keyClick(tab.phone_edit, Qt.Key.Key_Return)
    assert tab.table.item(0, 3).text() == "+423 399 1300"

    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert tab.table.rowCount() == 0
    desk.undo_stack.undo()  # back, with the edited phone
    assert tab.table.rowCount() == 1 and tab.table.item(0, 3).text() == "+423 399 1300"
    desk.undo_stack.undo()  # the edit
    assert tab.table.item(0, 3).text() == "+423 399 1313"
    with store.session() as s:
        assert s.scalars(select(Contact.phone)).one() == "+423 399 1313"
        assert [e.action for e in entries(s, "contacts")] == ["create", "update", "delete", "create", "update"]


def test_meeting_network_patrol_shows_measured_coverage(qtbot, planned_demo_store):
    from zoneinfo import ZoneInfo

    from models.patrol import PatrolRequirement

    store = planned_demo_store
    now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Vaduz"))
    desk = DeskContext(store, QUndoStack(), user="lead", clock=Clock(now))
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    dock.date_edit.setDate(now.date())
    dock.category_list.setCurrentRow(1)  # network patrol
    qtbot.waitUntil(lambda: "Venue guard patrol: coverage" in dock.status_view.toPlainText(), timeout=120_000)
    text = dock.status_view.toPlainText()
    assert "No coverage data" not in text
    with store.session() as s:
        codes = list(s.scalars(select(PatrolRequirement.code).where(PatrolRequirement.active.is_(True))))
    from services.printing.labels import label

    assert codes and all(f"{label('requirement', code)}: coverage" in text
                         for code in codes if code != "LEAK_SURVEY")  # no pipe length to cover
    dock.close_dock()
