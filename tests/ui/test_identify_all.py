"""Issue 16 (9): identify under a motorcade route lists the pipe too; choosing it enables "From identified pipe"."""

from __future__ import annotations

import shapely
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)

def _route_over_pipe(window) -> tuple[float, float, str]:
    """A point of a motorcade route lying on a pipe, and that pipe's code."""
    routes = window.map.layers["routes"].data
    pipes = window.map.layers["pipes"].data
    for geom in routes.geoms:
        rows = pipes.tree().query(geom, predicate="dwithin", distance=0.5)
        for row in rows:
            pipe = pipes.geoms[row]
            near = shapely.shortest_line(geom, pipe)
            if near.length < 0.5 and pipe.length > 40:
                p = shapely.line_interpolate_point(pipe, 0.5, normalized=True)
                if geom.distance(p) < 1.0:
                    return p.x, p.y, str(pipes.attrs["code"].iloc[row])
    raise AssertionError("no route over a pipe in the demo")

def test_identify_under_a_route_lists_the_pipe(open_desk, qtbot):
    window = open_desk("zh_CN")
    canvas = window.map.canvas
    x, y, code = _route_over_pipe(window)
    canvas.set_extent(x - 60, y - 60, x + 60, y + 60)
    tool = window.map.tools["identify"]
    canvas.set_map_tool(tool)
    px, py = canvas.map_to_px(x, y)
    pos = QPointF(px, py)
    event = QMouseEvent(QEvent.Type.MouseButtonRelease, pos, canvas.mapToGlobal(pos), Qt.MouseButton.LeftButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(tool.identified_all) as blocker:
        tool.release_event(event, x, y)
    names = [h[0] for h in blocker.args[0]]
    assert "pipes" in names and "routes" in names and names.index("routes") < names.index("pipes")  # under it

    hits = window.identify_list.list
    assert hits.isVisibleTo(window.map.identify_dock) and hits.count() == len(names)
    texts = [hits.item(i).text() for i in range(hits.count())]
    assert any(t.startswith("管线") and code in t for t in texts), texts
    # The pipe under the route is offered at once to "From identified pipe".
    button = window.repairs.repairs_dock.from_pipe_button
    assert button.isEnabled() and code in button.text()
    # Choosing the pipe in the list shows its attributes with translated field names.
    hits.setCurrentRow(names.index("pipes"))
    table = window.map.identify_dock.table
    fields = [table.item(i, 0).text() for i in range(table.rowCount())]
    assert "编号" in fields and "管径（毫米）" in fields and "diameter_mm" not in fields
    values = [table.item(i, 1).text() for i in range(table.rowCount())]
    assert code in values



def test_right_click_menu_on_a_pipe_under_a_route(open_desk, qtbot):
    from PySide6.QtWidgets import QApplication

    window = open_desk("zh_CN")
    canvas = window.map.canvas
    x, y, code = _route_over_pipe(window)
    canvas.set_extent(x - 60, y - 60, x + 60, y + 60)
    px, py = canvas.map_to_px(x, y)
    menu = window.map_context_menu.build(QPointF(px, py).toPoint())
    top = [a.text() for a in menu.actions()]
    assert top[0] == "在此报漏…"
    pipe_menu = next(a.menu() for a in menu.actions() if a.menu() and a.text().startswith("管线"))
    entries = {a.text(): a for a in pipe_menu.actions()}
    assert {"缩放到此", "复制编号", "从此管段新建抢修…", "计算此管段关阀方案"} <= set(entries)
    assert any(a.menu() and a.text().startswith("车队路线") for a in menu.actions())  # the route too
    entries["复制编号"].trigger()
    assert QApplication.clipboard().text() == code
    canvas.set_extent(*window.map.layers["pipes"].data.bounds())
    entries["缩放到此"].trigger()
    xmin, ymin, xmax, ymax = canvas.extent()
    assert xmin <= x <= xmax and ymin <= y <= ymax and xmax - xmin < 1000
    entries["计算此管段关阀方案"].trigger()
    assert window.repairs.desk.wait_isolation()  # computed on the isolation worker
    assert window.repairs.repairs_dock.valve_table.rowCount() >= 1
