"""Two desks editing the same repair or action item: the second save is told, nothing is lost."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from models.concurrency import ConflictError, load_fresh, save_with_version
from models.duty import ActionItem
from models.repair import Repair
from models.store import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def desks(desk_urls):
    """Two leader desks (two engines) on the same store."""
    a = open_store(desk_urls["leader"], desk="desk-A")
    b = open_store(desk_urls["leader"], desk="desk-B")
    yield a, b
    a.dispose()
    b.dispose()


def _add(store, obj):
    with store.session() as s:
        s.add(obj)
        s.commit()
        return obj.id


def test_conflicting_repair_edits_are_detected_with_both_values(desks):
    a, b = desks
    rid = _add(a, Repair(code="R-100", address="Bahnhofstrasse 1", level="V"))
    with a.session() as sa, b.session() as sb:
        mine_a = sa.get(Repair, rid)
        mine_b = sb.get(Repair, rid)  # both desks open the same repair (version 1)
        save_with_version(sa, mine_a, {"address": "Bahnhofstrasse 3", "level": "III"})
        assert mine_a.version == 2

        with pytest.raises(ConflictError) as caught:
            save_with_version(sb, mine_b, {"address": "Bahnhofstrasse 5", "caller": "Mrs Frick"})
    conflict = caught.value
    assert (conflict.table, conflict.row_id) == ("repairs", rid)
    assert conflict.base["address"] == "Bahnhofstrasse 1" and conflict.base["version"] == 1
    assert conflict.mine == {"address": "Bahnhofstrasse 5", "caller": "Mrs Frick"}
    assert conflict.theirs["address"] == "Bahnhofstrasse 3" and conflict.theirs["version"] == 2
    assert sorted(conflict.their_fields) == ["address", "level"]
    assert conflict.both_changed == ["address"]
    assert "changed by another desk (address)" in str(conflict)

    # Nothing of B's edit was written; A's edit is intact.
    with b.session() as s:
        row = s.get(Repair, rid)
        assert (row.address, row.level, row.caller, row.version) == ("Bahnhofstrasse 3", "III", None, 2)

    # B re-applies on top of the current row: its non-conflicting field, and its
    # address only where it chose to keep it.
    with b.session() as s:
        current = load_fresh(s, Repair, rid)
        save_with_version(s, current, conflict.reapply(keep_mine=set()))
    with a.session() as s:
        row = s.get(Repair, rid)
        assert (row.address, row.level, row.caller, row.version) == ("Bahnhofstrasse 3", "III", "Mrs Frick", 3)


def test_conflicting_action_item_edits_and_a_deleted_item(desks):
    a, b = desks
    deadline = dt.datetime(2026, 6, 1, 18, 0, tzinfo=dt.timezone.utc)
    iid = _add(a, ActionItem(code="AI-7", problem="Valve V12 seized", owner="Li", deadline=deadline))
    with a.session() as sa, b.session() as sb:
        item_a, item_b = sa.get(ActionItem, iid), sb.get(ActionItem, iid)
        save_with_version(sa, item_a, {"owner": "Wang", "plan": "replace the spindle"})
        with pytest.raises(ConflictError) as caught:
            save_with_version(sb, item_b, {"owner": "Zhao", "status": "closed"})
    conflict = caught.value
    assert conflict.both_changed == ["owner"]
    assert (conflict.mine["owner"], conflict.theirs["owner"]) == ("Zhao", "Wang")
    assert "deadline" not in conflict.their_fields  # same timestamp read back is no change

    # Keeping mine wins the conflicting field and keeps their other change.
    with b.session() as s:
        save_with_version(s, load_fresh(s, ActionItem, iid), conflict.reapply())
    with a.session() as s:
        row = s.get(ActionItem, iid)
        assert (row.owner, row.plan, row.status) == ("Zhao", "replace the spindle", "closed")

    with b.session() as sb:
        stale = sb.get(ActionItem, iid)
        with a.session() as sa:
            sa.delete(sa.get(ActionItem, iid))
            sa.commit()
        with pytest.raises(ConflictError) as caught:
            save_with_version(sb, stale, {"status": "open"})
    assert caught.value.deleted and "deleted by another desk" in str(caught.value)


def test_a_stale_edit_from_another_process_is_refused(desk_urls):
    a = open_store(desk_urls["leader"], desk="desk-A")
    try:
        rid = _add(a, Repair(code="R-200", address="Au 4"))
        with a.session() as s:
            stale = s.get(Repair, rid)
            # Another process (a dispatcher's desk) saves first.
            done = subprocess.run(
                [sys.executable, "-m", "tests.support.desk", desk_urls["dispatcher"], "dispatcher",
                 "edit-repair", "R-200", "address", "Au 6"],
                cwd=ROOT, capture_output=True, text=True, timeout=120,
            )
            assert done.returncode == 0, done.stderr
            with pytest.raises(ConflictError) as caught:
                save_with_version(s, stale, {"address": "Au 8"})
        assert (caught.value.mine["address"], caught.value.theirs["address"]) == ("Au 8", "Au 6")
        with a.session() as s:
            assert s.scalars(select(Repair.address).where(Repair.id == rid)).one() == "Au 6"
    finally:
        a.dispose()


def test_unknown_field_is_refused_before_writing(store):
    rid = _add(store, Repair(code="R-300"))
    with store.session() as s:
        with pytest.raises(KeyError, match="repairs has no field"):
            save_with_version(s, s.get(Repair, rid), {"adress": "typo"})
    with store.session() as s:
        assert s.get(Repair, rid).version == 1
