"""The conflict dialog shows theirs and yours side by side and re-applies what the user keeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models.concurrency import ConflictError, load_fresh, save_with_version
from models.repair import Repair
from models.store import open_store
from ui.common.conflict_dialog import ConflictDialog


@pytest.fixture
def conflict(store_url) -> tuple[ConflictError, object]:
    """A real conflict: desk A saves a repair, desk B saves its stale copy."""
    a, b = open_store(store_url, desk="A"), open_store(store_url, desk="B")
    with a.session() as s:
        s.add(Repair(code="R-42", address="Au 1", level="V"))
        s.commit()
    with a.session() as sa, b.session() as sb:
        mine_a, mine_b = sa.get(Repair, 1), sb.get(Repair, 1)
        save_with_version(sa, mine_a, {"address": "Au 3", "level": "III"})
        with pytest.raises(ConflictError) as caught:
            save_with_version(sb, mine_b, {"address": "Au 5", "caller": "Mr Beck"})
    a.dispose()
    yield caught.value, b
    b.dispose()


def _rows(dialog: ConflictDialog) -> dict[str, list[str]]:
    t = dialog.table
    return {t.item(r, 0).data(Qt.ItemDataRole.UserRole): [t.item(r, c).text() for c in range(1, 4)]
            for r in range(t.rowCount())}


def test_dialog_shows_theirs_and_yours(qtbot, conflict):
    error, _store = conflict
    dialog = ConflictDialog(error, labels={"address": "Address"})
    qtbot.addWidget(dialog)
    dialog.show()
    rows = _rows(dialog)
    assert rows == {
        "address": ["Au 1", "Au 5", "Au 3"],
        "caller": ["—", "Mr Beck", "—"],
        "level": ["V", "(unchanged)", "III"],
    }
    assert dialog.table.item(0, 0).text() == "Address"
    assert "Another desk saved repairs R-42" in dialog.message.text()
    # Only the field both desks changed is highlighted and can be chosen.
    address_mine = dialog.table.item(0, ConflictDialog.COL_MINE)
    assert address_mine.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not dialog.table.item(1, ConflictDialog.COL_MINE).flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert dialog.table.item(0, 0).background().color().name() == "#ffe0b2"
    assert dialog.keep_mine() == {"address"}


def test_reapply_keeping_theirs_for_the_conflict(qtbot, conflict):
    error, store = conflict
    dialog = ConflictDialog(error)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_keep_mine("address", False)
    qtbot.mouseClick(dialog.reapply_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    changes = dialog.changes_to_reapply()
    assert changes == {"caller": "Mr Beck"}
    with store.session() as s:
        save_with_version(s, load_fresh(s, Repair, 1), changes)
    with store.session() as s:
        r = s.get(Repair, 1)
        assert (r.address, r.level, r.caller, r.version) == ("Au 3", "III", "Mr Beck", 3)


def test_discard_keeps_theirs_untouched(qtbot, conflict):
    error, _store = conflict
    dialog = ConflictDialog(error)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.changes_to_reapply() == {}


def test_deleted_row_cannot_be_reapplied(qtbot):
    error = ConflictError("action_items", 7, {"owner": "Li", "version": 1}, {"owner": "Wang"}, None)
    dialog = ConflictDialog(error)
    qtbot.addWidget(dialog)
    assert not dialog.reapply_button.isEnabled()
    assert "deleted" in dialog.message.text()
    assert _rows(dialog) == {"owner": ["Li", "Wang", "(deleted)"]}
