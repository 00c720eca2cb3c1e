"""A phoned-in repair needs a location; a repair stored without one is set on a pipe later (issue 16 point 2)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from models.audit import AuditEntry
from models.repair import Repair
from ui.repairs.call_dialog import CallDialog

from tests.ui.repairs.test_repair_desk import STADIUM_PIPE, desk, demo_file  # noqa: F401  (fixtures)


def _codes(store):
    """A pipe and a valve code of the demo, and a street put into the store's ``streets`` along a demo pipe."""
    import shapely

    from models.bulk import read_features
    from models.streets import Street

    with store.engine.begin() as c:
        pipe = c.execute(text("select code from pipes where id = :i"), {"i": STADIUM_PIPE}).scalar_one()
        valve = c.execute(text("select code from valves where code is not null limit 1")).scalar_one()
        pipes = read_features(c, "pipes", ["code"])
        line = pipes[pipes["id"] == STADIUM_PIPE + 1].geometry.iloc[0]
        c.execute(Street.__table__.insert(), [{"name": "Binnendamm", "highway": "residential", "oneway": False,
                                               "source": "test", "geom": shapely.to_wkb(line)}])
    return pipe, valve, "Binnendamm"


def test_call_form_cannot_be_saved_without_a_location(desk, qtbot):
    window, ui, clocks, store = desk
    pipe, valve, street = _codes(store)
    dialog = CallDialog("en", None, "", window, resolve=ui.controller.locate_text)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.where_state.text() == "Location not set"
    dialog.caller.setText("Anna")
    dialog._try_accept()  # OK with no location: refused, the error next to the field
    assert dialog.result() == 0 and dialog.isVisible()
    assert "needs a location" in dialog.where_state.text()
    assert "d50000" in dialog.where.styleSheet()

    qtbot.keyClicks(dialog.where, "no such place at all")
    assert dialog.where_state.text().startswith("Location not set")
    assert dialog.site is None

    for typed, kind in ((pipe, "pipe"), (valve, "valve"), (f"{street} 12", "street"),
                        ("Rheinpark Stadion, north gate", "place")):
        dialog.where.clear()
        qtbot.keyClicks(dialog.where, typed)
        assert dialog.site is not None and dialog.site.kind == kind, typed
        assert dialog.where.styleSheet() == ""

    dialog.where.clear()
    qtbot.keyClicks(dialog.where, pipe)
    dialog._try_accept()
    assert dialog.result() == 1
    fields = dialog.fields()
    assert fields["pipe"] == pipe and fields["lon"] is not None
    rid = ui.desk.create(**fields)
    with store.session() as s:
        r = s.get(Repair, rid)
        assert r.pipe_id == STADIUM_PIPE and r.lat is not None and r.level == "IV"  # guarded check ran


def test_chinese_form_says_location_not_set(desk, qtbot, tmp_path):
    window, ui, clocks, store = desk
    from PySide6.QtWidgets import QApplication

    from ui.common.i18n import install_translators

    install_translators(QApplication.instance(), "zh_CN")
    try:
        dialog = CallDialog("zh_CN", None, "", window, resolve=ui.controller.locate_text)
        qtbot.addWidget(dialog)
        assert dialog.where_state.text() == "位置未定"
        dialog.show()
        dialog._try_accept()
        assert "抢修必须有位置" in dialog.where_state.text()
        dialog.grab().save(str(tmp_path / "call_dialog_zh.png"))
        dock = ui.repairs_dock
        rid = ui.desk.create(caller="王", address="不明地址", level="V")
        dock.select_repair(rid)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        assert "位置未定" in dock.title.text()
        window.grab().save(str(tmp_path / "repairs_zh.png"))
    finally:
        install_translators(QApplication.instance(), "en")


def test_repair_without_a_site_is_set_on_a_pipe_undoably(desk):
    window, ui, clocks, store = desk
    pipe, _, _ = _codes(store)
    rid = ui.desk.create(caller="Bob", address="somewhere unknown", level="V")  # an old repair with no site
    r = ui.desk.repair(rid)
    assert r.lat is None and r.pipe_id is None
    dock = ui.repairs_dock
    dock.select_repair(rid)
    dock.show_repair(rid)
    assert "Location not set" in dock.title.text()

    dock.identified_pipe_code = pipe
    dock.ask_pipe = lambda suggested: suggested  # the dialog offers the identified pipe; accepted
    dock._on_set_on_pipe()
    r = ui.desk.repair(rid)
    assert r.pipe_id == STADIUM_PIPE and r.lat is not None
    assert (r.level, r.in_guarded_zone) == ("IV", True)  # the level check ran on the new site
    assert ui.desk.candidates(rid)  # nearest vehicles now exist
    assert rid in set(ui.map.layers["repairs"].data.ids)
    with store.session() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "locate", AuditEntry.row_id == rid)).first()

    ui.desk.desk.undo_stack.undo()
    r = ui.desk.repair(rid)
    assert (r.pipe_id, r.lat, r.level) == (None, None, "V")
    ui.desk.desk.undo_stack.redo()
    assert ui.desk.repair(rid).pipe_id == STADIUM_PIPE

    # An unknown code is refused with a message, nothing changes.
    seen = []
    ui.desk.failed.connect(seen.append)
    assert not ui.desk.set_on_pipe(rid, "NO-SUCH-PIPE")
    assert seen and "NO-SUCH-PIPE" in seen[0]
