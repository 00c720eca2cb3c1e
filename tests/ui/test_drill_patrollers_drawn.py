"""Issue 15: a followed drill's patrollers on foot are drawn on the desk map, green, grey when silent."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage, QPainter

from models.map_layers import LiveLayerData
from ui.map.layer_views.live import PATROLLER, STALE, VEHICLE, draw_live


def test_drill_patrollers_are_drawn_with_the_vehicles(qapp):
    data = LiveLayerData()
    data.set_positions(["DR1-g001", "DR1-g002", "DR1-v01"], [20.0, 60.0, 100.0], [50.0, 50.0, 50.0],
                       [np.nan, np.nan, 90.0], [False, True, False], ["", "", "DR1-V01"],
                       ["drill_patroller", "drill_patroller", "vehicle"])
    image = QImage(140, 100, QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    drawn = draw_live(painter, data, lambda x, y: (np.asarray(x), np.asarray(y)), 140, 100)
    painter.end()
    assert drawn == 3
    assert image.pixelColor(20, 50).name() == PATROLLER.name()
    assert image.pixelColor(60, 50).name() == STALE.name()  # silent ten minutes by the drill's clock
    assert image.pixelColor(20, 44).lightness() > 200  # the white rim
    assert image.pixelColor(100, 50).name() == VEHICLE.name()
    assert image.pixelColor(40, 50).name() == "#000000"
