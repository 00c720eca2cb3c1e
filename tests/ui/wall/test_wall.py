"""The wall display on the demo event: layout at 1080p and 4K, banner on a new serious repair, tour, Chinese."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QProgressBar

from demo.load import load_demo
from models.repair import Repair
from tests.ui.wall.wall_seed import add_repair, pipe_points, report_all_but, seed_busy
from ui.common.i18n import install_translators
from ui.wall.window import FIGURE_H, WallLabel, WallWindow


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def demo_store(store):
    load_demo(store)
    return store


@pytest.fixture
def make_wall(qtbot, demo_store):
    """Build wall windows on the demo store; translators are reset afterwards."""

    def make(lang: str = "en", **kw) -> WallWindow:
        install_translators(QApplication.instance(), lang)
        w = WallWindow(demo_store, lang, **kw)
        qtbot.addWidget(w)
        return w

    yield make
    install_translators(QApplication.instance(), "en")


def _rect_in(window, widget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _frame(wall: WallWindow, w: int, h: int, qtbot) -> None:
    wall.resize(w, h)
    wall.show()
    qtbot.waitExposed(wall)
    wall.apply_scale()
    wall.next_stop()
    wall.refresh_now()
    qtbot.waitUntil(lambda: wall.width() == w and wall.height() == h)
    QApplication.processEvents()
    assert wall.canvas.wait_rendered(30_000)


@pytest.mark.parametrize(("w", "h"), [(1920, 1080), (3840, 2160)])
def test_layout_has_no_overlap_and_all_text_fits(make_wall, demo_store, qtbot, tmp_path, w, h):
    now = utc_now()
    seed_busy(demo_store, now)
    report_all_but(demo_store, now, 2)
    wall = make_wall()
    _frame(wall, w, h, qtbot)
    assert wall.banner.isVisible()  # the seeded level II repair is not yet dispatched

    # Blocks: header, banner, map, the figure boxes and the credit never overlap, and stay in the window.
    blocks = [wall.header, wall.banner, wall.canvas, wall.levels_box, *wall.tiles.values(), wall.coverage_box,
              wall.credit]
    rects = [_rect_in(wall, b) for b in blocks if b.isVisible()]
    window = wall.rect()
    for r in rects:
        assert window.contains(r), r
    for (i, a), (j, b) in itertools.combinations(enumerate(rects), 2):
        assert not a.intersects(b), (blocks[i].objectName() or blocks[i], blocks[j].objectName() or blocks[j])

    # Every label and bar: inside the window, no two overlapping, the whole text shown.
    items = [lab for lab in wall.findChildren(WallLabel) if lab.isVisible()]
    items += [bar for bar in wall.findChildren(QProgressBar) if bar.isVisible()]
    assert len(items) > 30
    boxes = [_rect_in(wall, it) for it in items]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not a.intersects(b), (getattr(items[i], "full_text", items[i]), getattr(items[j], "full_text", items[j]))
    for lab in items:
        if isinstance(lab, WallLabel):
            assert window.contains(_rect_in(wall, lab))
            assert lab.text_fits(), (lab.full_text, lab.font().pixelSize(), lab.contentsRect().width())
            assert QFontMetrics(lab.font()).horizontalAdvance(lab.text()) <= lab.contentsRect().width()

    # Figures scale with the height (~5.5 % of it) and show the seeded alarms.
    value = wall.tiles["lost"].value
    assert value.font().pixelSize() == pytest.approx(FIGURE_H * h, abs=1.5)
    assert value.text() == "2" and value.property("alarm") is True
    assert wall.tiles["vehicles"].value.text() == "13"
    assert wall.level_values["II"].text() == "1"
    assert wall.tiles["overdue"].value.text() == "1"

    # The frame really shows a red banner over a dark page.
    image = wall.grab().toImage()
    image.save(str(tmp_path / f"wall_{w}x{h}.png"))
    banner = _rect_in(wall, wall.banner)
    c = QColor(image.pixel(banner.left() + 4, banner.center().y()))  # bright or dim phase of the flash
    assert c.red() > 50 and c.red() > 3 * c.green()
    assert QColor(image.pixel(2, h - 2)).lightness() < 40


def test_banner_and_map_jump_when_a_level_ii_repair_arrives(make_wall, demo_store, qtbot):
    wall = make_wall(refresh_seconds=0.1, tour_seconds=30)
    wall.resize(1280, 720)
    wall.show()
    wall.start()
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=10_000)
    assert not wall.banner.isVisible() and wall.banner_state is None
    lon, lat = pipe_points(demo_store, 3)[1]
    rid = add_repair(demo_store, "R-777", "II", (lon, lat), utc_now(), address="Äulestrasse 5")
    qtbot.waitUntil(lambda: wall.banner.isVisible(), timeout=10_000)
    assert wall.banner_state == "flash"
    assert "R-777" in wall.banner.full_text and "Äulestrasse 5" in wall.banner.full_text
    x, y = wall.canvas.projector.to_local(lon, lat)
    assert abs(wall.canvas.cx - float(x)) < 1 and abs(wall.canvas.cy - float(y)) < 1
    assert "R-777" in wall.canvas.caption
    # The call centre dispatches a crew: the banner stops flashing.
    with demo_store.session() as s:
        r = s.get(Repair, rid)
        r.dispatched_at, r.status = utc_now(), "dispatched"
        s.commit()
    qtbot.waitUntil(lambda: wall.banner_state == "steady", timeout=10_000)
    assert wall.banner.isVisible() and not wall.flash_timer.isActive()


def test_store_change_hook_refreshes_at_once(make_wall, demo_store, qtbot):
    wall = make_wall(refresh_seconds=3600)  # the timer will not fire during the test
    wall.resize(1280, 720)
    wall.show()
    wall.start()
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=10_000)
    add_repair(demo_store, "R-800", "V", pipe_points(demo_store, 1)[0], utc_now())
    wall.request_refresh()  # what a desk's store_changed signal will call
    qtbot.waitUntil(lambda: wall.level_values["V"].text() == "1", timeout=10_000)


def test_tour_moves_the_map_between_places(make_wall, qtbot):
    wall = make_wall(tour_seconds=0.05, refresh_seconds=3600)
    wall.resize(1280, 720)
    wall.show()
    kinds = {s.kind for s in wall.stops}
    assert {"city", "venues", "residences", "routes"} <= kinds
    wall.start()
    seen: set[tuple[float, float]] = set()
    captions: set[str] = set()

    def moved() -> bool:
        seen.add((round(wall.canvas.cx), round(wall.canvas.cy)))
        captions.add(wall.canvas.caption)
        return len(seen) >= 4

    qtbot.waitUntil(moved, timeout=10_000)
    assert any(c.startswith("Venue: ") for c in captions) or any(c.startswith("Residence: ") for c in captions)


def test_wall_in_chinese_renders_chinese(make_wall, qtbot):
    wall = make_wall("zh_CN")
    wall.resize(1920, 1080)
    wall.show()
    wall.refresh_now()
    texts = [lab.full_text for lab in wall.findChildren(WallLabel) if lab.isVisible()]
    assert "国际峰会 — 指挥大厅" in texts
    assert "巡检覆盖率（本轮）" in texts and "会场驻地保障" in texts
    for lab in wall.findChildren(WallLabel):
        fm = QFontMetrics(lab.font())
        missing = [ch for ch in lab.full_text if ord(ch) > 0x2e80 and not fm.inFontUcs4(ord(ch))]
        assert not missing, (lab.full_text, missing)


def test_view_menu_opens_the_wall(qtbot, demo_store, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from ui.main_window import MainWindow

    window = MainWindow(demo_store, "en")
    qtbot.addWidget(window)
    window.wall_action.trigger()
    wall = window.wall
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=10_000)
    assert wall.isFullScreen() and wall.canvas.layers["pipes"].visible
    assert not wall.canvas.layers["hydrants"].visible  # red symbols are for alarms only on the wall
    wall.close()


def test_wall_from_the_menu_follows_another_desk(qtbot, demo_store, tmp_path, monkeypatch):
    """A repair written by another desk reaches the wall through the store watch, not its 5 s timer."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from models.store import open_store
    from ui.main_window import MainWindow

    window = MainWindow(demo_store, "en")
    qtbot.addWidget(window)
    window.wall_action.trigger()
    wall = window.wall
    wall.refresh_timer.stop()  # only the store watch may bring the news
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=10_000)
    before = int(wall.level_values["III"].text())
    other = open_store(demo_store.url, desk="dispatcher-2")
    try:
        add_repair(other, "R-901", "III", pipe_points(demo_store, 2)[0], utc_now())
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: wall.level_values["III"].text() == str(before + 1), timeout=2_000)
    wall.close()
    window.close()
