"""The main window opens on a store, in the chosen language, and keeps its layout."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from ui.common.i18n import install_translators
from ui.main_window import MainWindow


@pytest.fixture
def make_main_window(qtbot, tmp_path, monkeypatch, request):
    """Build main windows in a given language (on the test's empty ``store`` unless given one); translators are reset afterwards."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # QSettings lands here

    def make(lang: str = "en", store=None) -> MainWindow:
        install_translators(QApplication.instance(), lang)
        window = MainWindow(store if store is not None else request.getfixturevalue("store"), lang)
        qtbot.addWidget(window)
        return window

    yield make
    install_translators(QApplication.instance(), "en")


def test_menus_in_chinese(make_main_window):
    window = make_main_window("zh_CN")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "地图(&M)", "位置数据接入(&D)", "设置(&S)", "演练(&U)", "帮助(&H)"]
    assert window.windowTitle() == "WaterGuard 保障指挥 — 无活动"


def test_menus_in_english(make_main_window):
    window = make_main_window("en")
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Map", "Position fee&ds", "&Settings", "Sim&ulation", "&Help"]


def test_layout_is_restored(make_main_window, qtbot):
    window = make_main_window()
    window.show()
    qtbot.waitExposed(window)
    assert window.main_toolbar.isVisible()
    window.main_toolbar.hide()
    window.close()
    again = make_main_window()
    again.show()
    qtbot.waitExposed(again)
    assert not again.main_toolbar.isVisible()


def test_map_menu_bookmarks_zoom_to_venues(make_main_window, demo_store, qtbot):
    window = make_main_window(store=demo_store)
    titles = [a.text() for a in window.map_menu.bookmarks_menu.actions()]
    assert "Rheinpark Stadion" in " ".join(titles)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    stadium = next(a for a in window.map_menu.bookmarks_menu.actions() if "Rheinpark" in a.text())
    before = window.canvas.extent()
    stadium.trigger()
    after = window.canvas.extent()
    assert (after[2] - after[0]) < (before[2] - before[0]) / 5  # zoomed well in


def test_raster_basemap_choice_is_remembered(make_main_window, tmp_path):
    from ui.map.menu import RASTER_LAYER
    from ui.map.tiles import TileSource

    window = make_main_window()
    source = TileSource("intranet", "http://127.0.0.1:9/{z}/{x}/{y}.png", subdomains="")  # nothing listens there
    window.map_menu.set_source(source)
    assert RASTER_LAYER in window.map.layers
    assert window.map_menu.raster_actions["custom"].isChecked()
    window.close()
    again = make_main_window()
    assert RASTER_LAYER in again.map.layers
    assert again.map.layers[RASTER_LAYER].data.manager.source.template == source.template
    again.map_menu.set_source(None)
    assert RASTER_LAYER not in again.map.layers
    again.close()
