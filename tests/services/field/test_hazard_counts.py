"""Issue 18 §2: one count of hazards found by patrol for the wall, the alarm strip, the meeting and its PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtWidgets import QApplication

from models.clock import event_timezone
from models.patrol import Person
from services.duty.desk import compile_status, meeting_record
from services.field.hazard_desk import hazard_counts, hazard_views, reopen_hazard
from services.field.hazards import HazardReport, close_hazard, hazard_to_action_item, record_hazard
from services.field.tokens import issue_tokens, resolve_token
from services.printing.duty_text import DutyText
from services.printing.meeting_pdf import write_meeting_pdf
from services.repairs.overruns import overrun_check
from services.wall.figures import wall_figures
from ui.common.i18n import install_translators

UTC = dt.timezone.utc
DAY = dt.date(2026, 6, 12)
NOW = dt.datetime(2026, 6, 12, 16, 0, tzinfo=UTC)


def _at(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), tzinfo=UTC)


def _seed(s) -> dict[str, int]:
    s.add(Person(name="王强", role="patroller"))
    s.flush()
    holder = resolve_token(s, issue_tokens(s, units=False, user="lead", now=_at("07:00"))[0].token)
    ids = {}
    for cid, cat, when, day in [("y1", "leak", "20:00", DAY - dt.timedelta(days=1)), ("a", "leak", "08:10", DAY),
                                ("b", "water_on_road", "09:30", DAY), ("c", "damaged_cover", "11:00", DAY),
                                ("d", "other", "15:30", DAY)]:
        at = _at(when, day)
        ids[cid] = record_hazard(s, holder, HazardReport(cid, cat, f"note {cid}", 9.5, 47.1, 5.0, at), now=at)[0].id
    close_hazard(s, ids["a"], reason="puddle of rain", user="desk", now=_at("09:00"))
    hazard_to_action_item(s, ids["b"], day=DAY, problem="drain blocked", tz=UTC, user="desk", now=_at("12:00"))
    s.commit()
    return ids


def test_counts_for_the_wall_the_meeting_and_the_pdf(store, tmp_path):
    with store.session() as s:
        ids = _seed(s)
        tz = event_timezone(s)
        assert tz.utcoffset(NOW) == dt.timedelta(0)  # the template store's event runs in UTC
        counts = hazard_counts(s, DAY, UTC, NOW)
        assert (counts.found, counts.handled, counts.new, counts.new_earlier) == (4, 2, 2, 1)
        assert counts.by_category == {"leak": 1, "water_on_road": 1, "damaged_cover": 1, "other": 1}
        # As the day stood at 10:00: two found, one closed; the action item came later.
        early = hazard_counts(s, DAY, UTC, _at("10:00"))
        assert (early.found, early.handled, early.new) == (2, 1, 1)

        # The dock's list: new first (today's and the day before's), then the handled, newest first.
        assert [v.id for v in hazard_views(s, DAY, UTC)] == [ids["d"], ids["c"], ids["y1"], ids["b"], ids["a"]]

        figs = wall_figures(s, NOW, overrun_check=overrun_check(s), tz=UTC)
        assert figs.hazards == counts and figs.hazards_waiting == 3
        status = compile_status(s, DAY, NOW, UTC, overrun_check=overrun_check(s))
        assert status.hazards == counts.as_dict()
        assert status.as_dict()["hazards"]["found"] == 4
        record = meeting_record(s, DAY, NOW, UTC, overrun_check=overrun_check(s))

        # Undo of the action item: the hazard is new again and the item is gone.
        hazard = reopen_hazard(s, ids["b"], expected_status="action_item", user="desk", now=NOW)
        s.commit()
        assert hazard.status == "new" and hazard_counts(s, DAY, UTC, NOW).new == 3

    lines = DutyText().status_lines(record.status, "network_patrol")
    assert "Hazards found by patrol: 4 (2 handled, 2 still new)" in lines
    assert "Hazards of earlier days still new: 1" in lines
    try:
        install_translators(QApplication.instance(), "zh_CN")
        zh = DutyText().status_lines(record.status, "network_patrol")
        assert "巡查发现隐患：4 处（已处置 2，待处置 2）" in zh
        if shutil.which("pdftotext"):
            pdf = write_meeting_pdf(record, tmp_path / "meeting.pdf", tz=UTC, printed_at=NOW)
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert "巡查发现隐患：4 处（已处置 2，待处置 2）" in text.replace(" \n", "").replace("\n", "")
    finally:
        install_translators(QApplication.instance(), "en")


def test_the_wall_shows_found_handled_and_new(store, qtbot):
    from ui.wall.window import WallWindow

    with store.session() as s:
        _seed(s)
    wall = WallWindow(store, "en", clock=lambda: NOW)
    qtbot.addWidget(wall)
    wall.refresh_now()
    assert wall.tiles["hazards"].value.text() == "4"
    assert wall.tiles["hazards_open"].value.text() == "2 / 2"
    assert wall.tiles["hazards_open"].property("alarm") is True
    wall.feed.close()


@pytest.mark.parametrize("status", ["repair"])
def test_a_repair_cannot_be_reopened_from_here(store, status):
    from services.field.hazards import HazardConflict, hazard_to_repair

    with store.session() as s:
        ids = _seed(s)
        hazard_to_repair(s, ids["c"], user="desk", now=NOW)
        s.commit()
        with pytest.raises(HazardConflict):
            reopen_hazard(s, ids["c"], expected_status=status, user="desk", now=NOW)
