"""The isolation page and the map legend in Chinese: no English of the program's making (rendered offscreen)."""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMainWindow, QTableWidget

from tests.ui.repairs.test_repair_desk import Clocks, demo_file  # noqa: F401  (fixture)
from ui.common.desk import DeskContext
from ui.common.i18n import install_translators
from ui.interface import DeskInterface
from ui.map.setup import install_map
from ui.repairs.setup import install_repairs

#: The utility's own codes and units in the data (valves, pipes, places, repairs, DN), not words of the program.
DATA = re.compile(r"\b(?:[A-Z]{1,4}\d+[A-Z0-9]*|DN\d*|m|km|h)\b")


def english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", DATA.sub("", text))


@pytest.fixture
def zh_desk(qtbot, demo_file, tmp_path, monkeypatch):  # noqa: F811
    from models.store import open_store

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "store.sqlite"
    shutil.copy(demo_file, path)
    store = open_store(f"sqlite:///{path}")
    install_translators(QApplication.instance(), "zh_CN")
    clocks = Clocks(time.time())
    window = QMainWindow()
    window.resize(1100, 900)
    iface = DeskInterface(window, store, "zh_CN")
    window.map = iface.map = install_map(window, store, basemap=None)
    iface.desk = DeskContext(store, QUndoStack(), user="tester", clock=clocks.now)
    ui = install_repairs(iface, start_feeds=False, watch=False, clock=clocks.unix)
    ui.desk.alarm_timer.stop()
    ui.desk.outbox_timer.stop()
    qtbot.addWidget(window)
    yield window, ui, store
    ui.controller.close()
    window.map.canvas.close_canvas()
    store.dispose()
    install_translators(QApplication.instance(), "en")


def test_isolation_page_and_legend_in_chinese(zh_desk, tmp_path):
    window, ui, _ = zh_desk
    rid = ui.desk.create(pipe=1630, level="V")
    dock = ui.repairs_dock
    dock.select_repair(rid)
    dock._on_isolate()
    assert ui.desk.wait_isolation()
    panel = dock.iso_panel
    window.show()
    panel.show()
    QApplication.processEvents()
    png = os.environ.get("WATERGUARD_SHOT_DIR")
    if png:  # look at it: WATERGUARD_SHOT_DIR=/tmp pytest …
        panel.grab().save(os.path.join(png, "isolation_panel_zh.png"))
    texts = []
    for w in panel.findChildren(QLabel):
        texts.append(w.text())
    for b in panel.findChildren(QAbstractButton):
        texts.append(b.text())
    for t in panel.findChildren(QTableWidget):
        texts += [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
        texts += [t.item(r, c).text() for r in range(t.rowCount()) for c in range(t.columnCount()) if t.item(r, c)]
    assert "与所有水源断开" in " ".join(texts)
    assert "沿街道行进（米）" in texts  # the demo city has streets: the crew's route goes along them
    found = {w for t in texts for w in english_words(t)}
    assert not found, found
    # The legend of the isolation layer: every class label in Chinese, the cut-off pipes too.
    layers = ui.map.layers_dock if hasattr(ui.map, "layers_dock") else None
    from ui.map.layers_dock import LayersDock

    dock_l = layers or window.findChild(LayersDock)
    names = [dock_l.list.item(i).data(0x0100) for i in range(dock_l.list.count())]
    dock_l.list.setCurrentRow(names.index("isolation_pipes"))
    QApplication.processEvents()
    labels = [dock_l.legend.item(i).text() for i in range(dock_l.legend.count())]
    assert "与所有水源断开" in labels and "关阀区内管段" in labels
    assert not any(english_words(t) for t in labels), labels
