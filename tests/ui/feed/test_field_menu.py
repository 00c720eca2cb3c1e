"""The Feed menu serves the field page: toggled on, phones get the page and their reports are stored; off, gone."""

from __future__ import annotations

import urllib.error
import urllib.request

from PySide6.QtWidgets import QInputDialog, QMainWindow

from gis.coords import Projector
from models.map_layers import LayerList
from ui.feed.control import FeedController
from ui.feed.menu import FeedMenu
from ui.interface import DeskInterface


class _MemorySettings:
    def __init__(self):
        self.values = {}

    def get(self, key, default):
        return self.values.get(key, default)

    def set(self, key, value):
        self.values[key] = value


def test_the_feed_menu_starts_and_stops_the_field_page(qtbot, store, monkeypatch):
    window = QMainWindow()
    qtbot.addWidget(window)
    iface = DeskInterface(window, store, "en")
    feed = FeedController(store, LayerList(), Projector("EPSG:32632"), parent=window)
    settings = _MemorySettings()
    menu = FeedMenu(iface, feed, demo=False, settings=settings)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("127.0.0.1:0", True))
    try:
        menu.field_action.trigger()
        assert feed.field is not None and menu.field_action.isChecked()
        assert settings.values["field"] is True and settings.values["field_addr"] == "127.0.0.1:0"
        assert f"field page :{feed.field.port}" in menu.status.text()
        url = feed.field.url
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200 and b"field.js" in r.read()
        menu.field_action.trigger()
        assert feed.field is None and not menu.field_action.isChecked() and settings.values["field"] is False
        try:
            urllib.request.urlopen(url, timeout=5)
            reachable = True
        except (urllib.error.URLError, ConnectionError):
            reachable = False
        assert not reachable
    finally:
        feed.close()
