"""File → New event… on a store holding the utility's own pipes: the wizard creates the event, no demo."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from services.importing import import_any
from tests.cli.test_own_event import assert_no_demo
from tests.support.own_event import MONACO_PBF, build_monaco_files
from ui.event.new_event_wizard import QtNewEventWizard


def _forget_layout() -> None:
    """Closing a desk saves its layout; later tests must not inherit it (Qt may keep one settings path per process)."""
    from PySide6.QtCore import QSettings

    QSettings("WaterGuard", "WaterGuard").remove("main")


def _fill_and_finish(wizard: QtNewEventWizard) -> None:
    wizard.name.setText("Monaco Grand Prix")
    wizard.name_zh.setText("摩纳哥大奖赛")
    wizard.next()
    wizard.tz.setCurrentText("Europe/Monaco")
    wizard.start.setDateTime(dt.datetime(2026, 5, 21, 6, 0))
    wizard.end.setDateTime(dt.datetime(2026, 5, 24, 22, 0))
    wizard.next()
    wizard.buffer.setValue(150)
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_wizard_on_own_data_suggests_utm_and_creates_the_event(qtbot, store, tmp_path):
    files = build_monaco_files(tmp_path / "files")
    assert import_any(store, "pipes", files["pipes"])["ok"]
    assert import_any(store, "streets", MONACO_PBF)["ok"]
    wizard = QtNewEventWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.crs.text() == "EPSG:32632"  # Monaco's UTM zone, from the data
    # End before start is refused on the dates page, with the reason.
    wizard.name.setText("X")
    wizard.next()
    wizard.tz.setCurrentText("Europe/Monaco")
    wizard.start.setDateTime(dt.datetime(2026, 5, 21, 6, 0))
    wizard.end.setDateTime(dt.datetime(2026, 5, 20, 6, 0))
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().close())
    wizard.next()
    assert wizard.currentId() == 1 and "not after the start" in wizard.error.text()
    wizard.back()
    _fill_and_finish(wizard)
    event = store.current_event()
    assert event is not None and event.name_zh == "摩纳哥大奖赛" and event.timezone == "Europe/Monaco"
    assert event.local_crs == "EPSG:32632" and event.guard_buffer_m == 150
    assert wizard.created["start_local"] == "2026-05-21 06:00"
    assert_no_demo(store)


def test_opening_the_desk_on_data_without_event_asks_for_it(qtbot, store, tmp_path, monkeypatch):
    from ui.main_window import open_desk

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the window's QSettings land here

    files = build_monaco_files(tmp_path / "files")
    assert import_any(store, "pipes", files["pipes"])["ok"]

    def answer():
        w = QApplication.activeModalWidget()
        if isinstance(w, QtNewEventWizard):
            _fill_and_finish(w)
        else:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(0, answer)
    window = open_desk(store, "en")
    qtbot.addWidget(window)
    assert store.current_event().name == "Monaco Grand Prix"
    titles = [a.text() for a in window.file_menu.actions()]
    assert "&New event…" in titles and "&Import…" in titles and "&Open store…" in titles
    assert_no_demo(store)
    window.close()
    _forget_layout()


def test_own_event_through_the_desk(qtbot, tmp_path, monkeypatch):
    """A new store opened from the desk (File → Open store…): wizard, imports through the dialog, check dock."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the window's QSettings land here
    from models.store import open_store
    from ui.event.file_actions import QtImportDialog
    from ui.main_window import open_desk

    files = build_monaco_files(tmp_path / "files")
    url = f"sqlite:///{tmp_path / 'own.sqlite'}"

    def answer():
        w = QApplication.activeModalWidget()
        if isinstance(w, QtNewEventWizard):
            assert w.crs.text() == ""  # nothing to suggest from yet
            w.crs.setText("EPSG:32632")
            _fill_and_finish(w)
        else:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(0, answer)
    window = open_desk(url, "en", demo=False)
    qtbot.addWidget(window)
    store = window.store
    assert store.current_event().local_crs == "EPSG:32632"
    dialog = QtImportDialog(store, window)
    qtbot.addWidget(dialog)
    for kind, path in (("streets", MONACO_PBF), ("pipes", files["pipes"]), ("valves", files["valves"]),
                       ("sources", files["sources"]), ("teams", files["teams"]), ("vehicles", files["vehicles"]),
                       ("staff", files["staff"]), ("devices", files["devices"])):
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.path.setText(str(path))
        report = dialog.run_import()
        assert report["ok"], (kind, report)
        assert dialog.result.toPlainText().startswith("Imported")
    # A bad file: refused with its row and column, nothing written.
    bad = tmp_path / "bad_devices.csv"
    bad.write_text("Device id,Owner kind,Owner (vehicle or team code)\nx1,vehicle,V99\n", encoding="utf-8")
    dialog.kind.setCurrentIndex(dialog.kind.findData("devices"))
    dialog.path.setText(str(bad))
    assert not dialog.run_import()["ok"]
    assert "bad_devices.csv: row 2, column Owner (vehicle or team code): no vehicle 'V99'" in dialog.result.toPlainText()
    dock = window.network_check_dock
    with qtbot.waitSignal(dock.report_changed, timeout=60_000):
        dock.run_check()
    assert dock.report["counts"]["valve_off_network"] == 0 and dock.report["counts"]["no_diameter"] >= 3
    assert_no_demo(store)
    window.close()
    _forget_layout()
    check = open_store(url)
    assert_no_demo(check)
    check.dispose()
