"""Issue 16 (11/13): desk map labels placed by priority without overlaps; labels scale with the screen;
vehicles stacked at one depot share one label with their count."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from gis.label_place import boxes_overlap, label_priority
from models.map_layers import LiveLayerData
from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)
from ui.map.layer_views import RenderContext
from ui.map.layer_views.base import label_font
from ui.map.layer_views.live import live_label_boxes
from ui.map.renderer import render_layers

STADIUM_PIPE = 883


def _render(window, extent, width, height, scale=1.0) -> RenderContext:
    xmin, ymin, xmax, ymax = extent
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half = max(xmax - xmin, (ymax - ymin) * width / height) / 2
    hy = half * height / width
    ctx = RenderContext(cx - half, cy - hy, cx + half, cy + hy, width, height, px=scale, label_scale=scale)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    render_layers(painter, window.map.canvas.registry, ctx, QColor("#f2efe9"))
    painter.end()
    return ctx


def test_labels_do_not_overlap_and_the_repair_wins(open_desk, qtbot):
    window = open_desk("en")
    desk = window.repairs.desk
    rid = desk.create(pipe=STADIUM_PIPE, caller="Caller", description="Water on the road", address="Stadium")
    window.repairs.repairs_dock.reload()
    code = next(r.code for r in window.repairs.repairs_dock.repairs if r.id == rid)
    repairs = window.map.layers["repairs"].data
    px, py = repairs.points()[0][0], repairs.points()[1][0]
    extent = (px - 500, py - 300, px + 500, py + 300)
    ctx = _render(window, extent, 1366, 768)
    board = ctx.labels
    assert len(board) > 10
    kept = board.kept_boxes()
    over = boxes_overlap(kept, kept)
    np.fill_diagonal(over, False)
    assert not over.any()  # no two drawn labels overlap
    assert (~board.kept).any()  # some lower labels had to give way
    texts = np.array(board.texts, dtype=object)
    assert code in set(texts[board.kept])  # the repair's label is always drawn
    # Every label dropped overlaps a drawn one of at least its priority.
    prio = np.asarray(board.priorities, float)
    boxes = board.boxes()
    for i in np.nonzero(~board.kept)[0]:
        hits = boxes_overlap(boxes[i], kept)[0]
        assert (prio[board.kept][hits] >= prio[i]).any()
    # The label box holds its whole text, as measured with the label font.
    i = list(texts).index(code)
    fm = QFontMetricsF(label_font(8.5))
    assert boxes[i, 2] - boxes[i, 0] >= fm.horizontalAdvance(code)
    assert label_priority("repairs") > label_priority("residences") > label_priority("basemap_streets")

    # On the wall (3840×2160, labels scaled ×2) the labels are at least the 1080p ones scaled.
    hd = _render(window, extent, 1920, 1080, 1.0).labels
    wall = _render(window, extent, 3840, 2160, 2.0).labels
    size_hd = dict(zip(hd.texts, hd.boxes()[:, 3] - hd.boxes()[:, 1]))
    size_4k = dict(zip(wall.texts, wall.boxes()[:, 3] - wall.boxes()[:, 1]))
    common = [t for t in size_hd if t in size_4k]
    assert len(common) >= 5
    ratios = np.array([size_4k[t] / size_hd[t] for t in common])
    assert np.median(ratios) >= 1.9, np.median(ratios)


def test_vehicles_stacked_at_a_depot_share_one_label_with_their_count():
    data = LiveLayerData()
    data.set_positions(["a", "b", "c", "d"], [0.0, 1.0, 2.0, 500.0], [0.0, 1.0, 0.0, 0.0],
                       [np.nan] * 4, [False] * 4, ["RV07", "RV08", "RV09", "RV10"])
    fm = QFontMetricsF(label_font(8.0))
    px, py = data.x * 0.5 + 100, 300 - data.y * 0.5
    rows, texts, boxes, _ = live_label_boxes(data, px, py, np.arange(4), fm, 7.0)
    assert sorted(texts) == ["RV07 +2", "RV10"]
    for text, box in zip(texts, boxes):
        assert box[2] - box[0] > fm.horizontalAdvance(text)  # nothing clipped ("RV07 +2")
