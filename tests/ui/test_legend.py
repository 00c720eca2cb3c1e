"""Issue 16 (10): the legend lists every visible layer at start, in Chinese, with symbols in the layer list."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)


def test_legend_shows_all_visible_layers_in_chinese(open_desk):
    window = open_desk("zh_CN")
    legend = window.map.layers_dock.legend
    texts = [legend.item(i).text().strip() for i in range(legend.count())]
    assert legend.count() > 10  # not empty at start
    for expected in ("管线", "阀门", "未结抢修", "I级抢修", "配水管 < DN300", "车队路线"):
        assert expected in texts, (expected, texts)
    assert not any(t.startswith("Level") or t == "Valve" for t in texts)

    window.map.layers["valves"].visible = False
    texts = [legend.item(i).text().strip() for i in range(legend.count())]
    assert "阀门" not in texts and "管线" in texts

    layer_list = window.map.layers_dock.list
    pipes = next(layer_list.item(i) for i in range(layer_list.count())
                 if layer_list.item(i).data(Qt.ItemDataRole.UserRole) == "pipes")
    assert not pipes.icon().isNull()
