"""Issue 16 (13): a repair symbol carries its level badge and, when late, a red ring."""

from __future__ import annotations

import datetime as dt

from models.repair import Repair
from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)


def test_level_v_repair_has_a_badge_and_an_overrun_ring(open_desk, qtbot):
    window = open_desk("en")
    with window.store.session() as s:
        r = Repair(code="R-V-1", level="V", status="reported", lon=9.5215, lat=47.1405, diameter_mm=100.0,
                   reported_at=window.desk.now() - dt.timedelta(hours=3))
        s.add(r)
        s.commit()
        rid = r.id
    window.repairs.desk.changed()
    window.alarms.refresh_now()
    window.alarms.acknowledge()  # no pulse: the steady ring is the badge overlay's
    canvas = window.map.canvas
    x, y = window.map.projector.to_local(9.5215, 47.1405)
    canvas.set_center(float(x), float(y), 1.0)
    canvas.wait_rendered()
    qtbot.wait(50)
    image = canvas.grab().toImage()
    px, py = canvas.map_to_px(float(x), float(y))
    badge = image.pixelColor(int(px - 7 - 4), int(py - 11))  # left of the symbol (its code is on the right)
    assert abs(badge.red() - 0x45) < 30 and abs(badge.blue() - 0xb4) < 30, badge.name()  # level V blue
    border = image.pixelColor(int(px - 7), int(py - 11))
    assert border.lightness() > 180, border.name()  # the white border keeps it off blue pipes
    ring = image.pixelColor(int(px), int(py - 11))
    assert ring.red() > 180 and ring.green() < 90, ring.name()  # overrun ring
    assert rid in window.alarms.figures.overruns
