"""Issue 16 (8): the repair list keeps its colours when selected, shows the place, reads 剩/超 and hours."""

from __future__ import annotations

import datetime as dt



from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)
from ui.repairs.list_style import FrameSelectionDelegate, duration, target_text

STADIUM_PIPE = 883


def test_selected_overrun_row_keeps_its_colours_and_reads_in_minutes(open_desk, qtbot):
    window = open_desk("zh_CN")
    ctl, dock = window.repairs.desk, window.repairs.repairs_dock
    rid = ctl.create(pipe=STADIUM_PIPE, caller="市民", description="路面冒水", address="体育场东门",
                     reported_at=window.desk.now() - dt.timedelta(minutes=40))
    dock.select_repair(rid)
    dock.update_chips()
    row = [r.id for r in dock.repairs].index(rid)
    table = dock.table
    assert isinstance(table.itemDelegate(), FrameSelectionDelegate)
    code_cell = table.item(row, 0).text()
    assert code_cell.split("\n")[1] == "体育场东门"  # the place on a second line
    assert table.isColumnHidden(dock.LIST_COLUMNS - 1)
    dispatch = table.item(row, 3).text()
    assert dispatch.startswith("超 ") and dispatch.endswith("′"), dispatch  # 超 30′

    # Rendered: the selected row's level cell still shows its level colour, not the selection fill.
    table.scrollToItem(table.item(row, 1))
    image = table.viewport().grab().toImage()
    rect = table.visualItemRect(table.item(row, 1))
    centre = image.pixelColor(rect.center())
    level = table.item(row, 1).background().color()
    assert abs(centre.red() - level.red()) < 12 and abs(centre.green() - level.green()) < 12, (centre.name(),
                                                                                              level.name())
    srect = table.visualItemRect(table.item(row, 2))
    status = image.pixelColor(srect.right() - 3, srect.center().y())
    assert status.lightness() > 200, status.name()  # no selection fill on the plain cells either
    chip = image.pixelColor(table.visualItemRect(table.item(row, 3)).center().x(),
                            table.visualItemRect(table.item(row, 3)).top() + 6)
    assert chip.red() > 200 and chip.green() < 140  # the red overrun chip


    assert duration(9) == "9′" and duration(100) == "1h40′"
    assert target_text(1440) == "24 小时" and target_text(30) == "30 分钟"
