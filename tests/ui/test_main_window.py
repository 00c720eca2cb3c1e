"""The main window opens on a store, in the chosen language, and keeps its layout."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from ui.i18n import install_translators
from ui.main_window import MainWindow


@pytest.fixture
def make_main_window(qtbot, store, tmp_path, monkeypatch):
    """Build main windows in a given language; translators are reset afterwards."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # QSettings lands here

    def make(lang: str = "en") -> MainWindow:
        install_translators(QApplication.instance(), lang)
        window = MainWindow(store, lang)
        qtbot.addWidget(window)
        return window

    yield make
    install_translators(QApplication.instance(), "en")


def test_menus_in_chinese(make_main_window):
    window = make_main_window("zh_CN")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    assert window.windowTitle() == "WaterGuard 保障指挥 — 无活动"


def test_menus_in_english(make_main_window):
    window = make_main_window("en")
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Help"]


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
