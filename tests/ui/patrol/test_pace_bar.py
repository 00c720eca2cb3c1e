"""Issue 16 (14): each requirement's bar shows its share, the share due by now (a tick), the pace colour, the round."""

from __future__ import annotations



from tests.ui.patrol.test_patrol_dock import patrol  # noqa: F401 (fixture)
from ui.patrol.pace_bar import PACE_COLOURS, PaceBar, expected_share, pace_state


def test_bars_name_the_round_and_mark_the_pace(patrol, qtbot):
    live, _mapctl, dock, _layers, _desk = patrol
    dock.refresh()
    rows = [(label.text(), bar) for label, bar, _ in dock._req_rows if bar.isVisibleTo(dock)]
    assert rows
    name, bar = next((n, b) for n, b in rows if "atch" in n or "管片" in n)
    assert isinstance(bar, PaceBar)
    # 10:00 in the 00:00–12:00 round of the twice-daily patch patrol: 83 % of it should be done.
    assert abs(bar.expected - 10 / 12) < 0.01
    assert "due 83%" in bar.text and "this round 00:00–12:00" in bar.text, bar.text
    assert bar.state == pace_state(bar.ratio, bar.expected) == "late"  # nobody has walked yet

    bar.resize(300, 24)
    image = bar.grab().toImage()
    tick_x = int(bar.rect().width() * bar.expected)
    tick = image.pixelColor(tick_x, 2)
    assert tick.lightness() < 80  # the dark pace tick
    assert image.pixelColor(300 - 3, 2).name() != PACE_COLOURS["late"].name()  # the rest stays unfilled



def test_pace_rules():
    assert expected_share(0, 100, 50) == 0.5 and expected_share(0, 100, 500) == 1.0
    assert pace_state(0.40, 0.42) == "ok" and pace_state(0.30, 0.42) == "behind" and pace_state(0.1, 0.42) == "late"
    assert pace_state(None, 0.4) == "none"
