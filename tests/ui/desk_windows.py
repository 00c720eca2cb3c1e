"""Fixtures: whole desks (main windows) on a copy of the demo store, in a language and a role."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ui.common.i18n import install_translators
from ui.main_window import MainWindow


@pytest.fixture
def demo_file(demo_template):
    """The demo store file (the session's template: copy it, never open it)."""
    return demo_template


@pytest.fixture
def open_desk(qtbot, demo_file, tmp_path, monkeypatch):
    """Main windows on one copy of the demo store, in a language."""
    from models.store import open_store

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    QSettings("WaterGuard", "WaterGuard").clear()  # Qt keeps the first settings path of the process
    path = tmp_path / "store.sqlite"
    shutil.copy(demo_file, path)
    stores, windows = [], []

    def make(lang="en", role="leader"):
        install_translators(QApplication.instance(), lang)
        store = open_store(f"sqlite:///{path}", role=role)
        stores.append(store)
        window = MainWindow(store, lang)
        window.alarms.timer.stop()
        window.resize(1366, 768)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for w in windows:
        w.close()
    for s in stores:
        s.dispose()
    install_translators(QApplication.instance(), "en")
