"""The map canvas on a real store: zoom, identify, visibility, drawing, screenshots, live layer, tiles."""

from __future__ import annotations

import http.server
import threading
import time

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PySide6.QtCore import QBuffer, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from gis.coords import Projector, tile_bounds_lonlat
from models.bulk import write_features
from models.event import ConstructionSite
from models.map_layers import MapLayer
from ui.map.layer_views.raster import RasterLayerData
from ui.map.canvas import MapCanvas
from ui.map.setup import load_layers
from ui.map.map_tools import DrawFeatureTool, IdentifyTool
from ui.map.feature_controller import FeatureController
from ui.map.tiles import TileManager, TileSource

ORIGIN = (757_000.0, 5_220_000.0)  # Vaduz, UTM 32N
TRANSMISSION = QColor("#c0392b")


def _pipes_store(store):
    """Three horizontal pipes (one transmission main) and a venue, written through the bulk API."""
    proj = Projector("EPSG:32632")
    x0, y0 = ORIGIN
    lines = [shapely.LineString([(x0, y0 + dy), (x0 + 1000, y0 + dy)]) for dy in (200, 500, 800)]
    local = gpd.GeoDataFrame({"code": ["P1", "P2", "P3"], "diameter_mm": [150.0, 800.0, 100.0],
                              "pipe_class": ["distribution", "transmission", "distribution"]},
                             geometry=lines, crs="EPSG:32632")
    venue = gpd.GeoDataFrame({"name": ["体育场"]}, geometry=[shapely.box(x0 + 600, y0 + 100, x0 + 900, y0 + 300)],
                             crs="EPSG:32632")
    with store.engine.begin() as conn:
        write_features(conn, "pipes", local.to_crs(4326))
        write_features(conn, "venues", venue.to_crs(4326))
    return proj


def open_canvas(qtbot, layers, proj, size: int) -> MapCanvas:
    """A shown ``size`` px square canvas of ``layers`` on the 1 km square at ORIGIN, rendered, not antialiased."""
    c = MapCanvas(layers, proj)
    c.resize(size, size)
    c.antialias = False  # crisp pixels for colour checks
    qtbot.addWidget(c)
    c.show()
    qtbot.waitExposed(c)
    c.set_extent(ORIGIN[0], ORIGIN[1], ORIGIN[0] + 1000, ORIGIN[1] + 1000, margin=0.0)
    assert c.wait_rendered()
    return c


@pytest.fixture
def canvas(qtbot, store):
    _pipes_store(store)
    layers, proj = load_layers(store, basemap=None)
    c = open_canvas(qtbot, layers, proj, 800)
    yield c
    c.close_canvas()


def _image(canvas) -> QImage:
    return canvas.grab().toImage()


def _near(color: QColor, want: QColor, tol: int = 40) -> bool:
    return abs(color.red() - want.red()) + abs(color.green() - want.green()) + abs(color.blue() - want.blue()) < tol


def _has_colour_near(img: QImage, px: float, py: float, want: QColor, radius: int = 3) -> bool:
    return any(_near(img.pixelColor(int(px) + dx, int(py) + dy), want)
               for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1))


def test_wheel_zoom_keeps_the_point_under_the_cursor(canvas, qtbot):
    pos = QPointF(613.0, 207.0)
    before = canvas.px_to_map(pos.x(), pos.y())
    mpp = canvas.mpp
    event = QWheelEvent(pos, canvas.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, event)
    assert canvas.mpp < mpp
    after = canvas.px_to_map(pos.x(), pos.y())
    assert after == pytest.approx(before, abs=1e-6)


def test_identify_returns_the_right_pipe_and_nothing_off_network(canvas, qtbot):
    tool = IdentifyTool(canvas)
    canvas.set_map_tool(tool)
    px, py = canvas.map_to_px(ORIGIN[0] + 300, ORIGIN[1] + 502)
    with qtbot.waitSignal(tool.identified) as blocker:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(px), round(py)))
    name, _, attrs = blocker.args
    assert name == "pipes" and attrs["code"] == "P2"
    px, py = canvas.map_to_px(ORIGIN[0] + 300, ORIGIN[1] + 650)
    with qtbot.waitSignal(tool.nothing_found):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(px), round(py)))


def test_screenshot_shows_pipe_colours_where_the_pipes_are(canvas, tmp_path):
    img = _image(canvas)
    img.save(str(tmp_path / "pipes.png"))
    px, py = canvas.map_to_px(ORIGIN[0] + 500, ORIGIN[1] + 500)
    assert _has_colour_near(img, px, py, TRANSMISSION)
    px, py = canvas.map_to_px(ORIGIN[0] + 500, ORIGIN[1] + 650)  # between pipes: background
    assert _near(img.pixelColor(int(px), int(py)), canvas.background)


def test_visibility_toggle_changes_what_is_drawn(canvas, qtbot):
    px, py = canvas.map_to_px(ORIGIN[0] + 200, ORIGIN[1] + 500)
    assert _has_colour_near(_image(canvas), px, py, TRANSMISSION)
    with qtbot.waitSignal(canvas.rendered):
        canvas.layers["pipes"].visible = False
    assert not _has_colour_near(_image(canvas), px, py, TRANSMISSION)
    with qtbot.waitSignal(canvas.rendered):
        canvas.layers["pipes"].visible = True
    assert _has_colour_near(_image(canvas), px, py, TRANSMISSION)


def test_drawing_a_polygon_stores_a_construction_site(canvas, qtbot, store):
    controller = FeatureController(store, canvas.layers, canvas.projector)
    tool = DrawFeatureTool(canvas, "polygon")
    tool.feature_drawn.connect(lambda g: controller.add_feature("sites", g))
    canvas.set_map_tool(tool)
    corners = [(100, 600), (300, 600), (300, 700)]
    with qtbot.waitSignal(controller.feature_stored) as blocker:
        for x, y in corners:
            qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 700))
    kind, fid = blocker.args
    assert kind == "sites"
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ConstructionSite.__table__)).scalar_one() == 1
    site = canvas.layers["sites"].data
    assert list(site.ids) == [fid]
    x, y = canvas.px_to_map(200, 680)
    assert site.geoms[0].contains(shapely.Point(x, y))
    assert site.geoms[0].area == pytest.approx(200 * 100 * canvas.mpp ** 2, rel=0.05)


def test_live_layer_moves_a_vehicle_without_re_rendering_the_pipes(canvas, qtbot):
    live = canvas.layers["live"].data
    renders = canvas.render_count
    a = (ORIGIN[0] + 300, ORIGIN[1] + 350)
    b = (ORIGIN[0] + 700, ORIGIN[1] + 650)
    live.set_positions(["truck-1"], [a[0]], [a[1]], [90.0], [False], [""])
    img = _image(canvas)
    assert _has_colour_near(img, *canvas.map_to_px(*a), QColor("#d35400"))
    live.set_positions(["truck-1"], [b[0]], [b[1]], [90.0], [False], [""])
    img = _image(canvas)
    assert _has_colour_near(img, *canvas.map_to_px(*b), QColor("#d35400"))
    assert not _has_colour_near(img, *canvas.map_to_px(*a), QColor("#d35400"))
    live.set_positions(["truck-1"], [b[0]], [b[1]], [90.0], [True], [""])  # stale: grey
    assert _has_colour_near(_image(canvas), *canvas.map_to_px(*b), QColor("#9e9e9e"))
    assert canvas.render_count == renders


# -- raster tiles from a loopback tile server ------------------------------------------------------
def _png(color: str) -> bytes:
    img = QImage(256, 256, QImage.Format.Format_RGB32)
    img.fill(QColor(color))
    buf = QBuffer()
    buf.open(QBuffer.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data())


class _TileServer:
    """A real HTTP tile server on 127.0.0.1 serving generated PNGs (optionally slow)."""

    def __init__(self, delay_s: float = 0.0) -> None:
        body = _png("#00ff00")
        hits = self.hits = []
        release = self.release = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                hits.append(self.path)
                if delay_s:
                    release.wait(delay_s)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _add_tiles(canvas, template, cache_dir, timeout_s=5.0):
    manager = TileManager(TileSource("test", template, subdomains=""), cache_dir, timeout_s=timeout_s)
    manager.tiles_arrived.connect(canvas.refresh)
    canvas.layers.append(MapLayer("tiles", "Tiles", "raster", data=RasterLayerData(manager, canvas.projector, canvas.extent()),
                                  z=-1))
    return manager


def test_raster_tiles_come_from_the_server_and_land_in_the_disk_cache(canvas, qtbot, tmp_path):
    server = _TileServer()
    canvas.layers["venues"].visible = False
    manager = _add_tiles(canvas, server.url, tmp_path / "cache")
    try:
        qtbot.waitUntil(lambda: bool(server.hits) and not manager.is_pending(), timeout=10_000)
        canvas.refresh()
        assert canvas.wait_rendered()
        img = _image(canvas)
        px, py = canvas.map_to_px(ORIGIN[0] + 500, ORIGIN[1] + 650)  # between pipes: the tile shows
        assert _near(img.pixelColor(int(px), int(py)), QColor("#00ff00"))
        z, x, y = (int(p) for p in server.hits[0].strip("/").removesuffix(".png").split("/"))
        cached = manager.cache_path(z, x, y)
        assert cached.exists() and cached.read_bytes()[:4] == b"\x89PNG"
        w, s, e, n = tile_bounds_lonlat(z, x, y)
        assert -180 <= w < e <= 180 and s < n
    finally:
        manager.close()
        server.close()


def test_slow_or_dead_tile_server_never_freezes_the_map(canvas, qtbot, tmp_path):
    slow = _TileServer(delay_s=30.0)
    manager = _add_tiles(canvas, slow.url, tmp_path / "slow")
    try:
        qtbot.waitUntil(lambda: bool(slow.hits))  # requests are out and hanging
        canvas.pan_px(40, 0, settle=False)
        assert canvas.wait_rendered()  # the map renders while every tile is still pending
        assert manager.is_pending()
        px, py = canvas.map_to_px(ORIGIN[0] + 500, ORIGIN[1] + 500)
        assert _has_colour_near(_image(canvas), px, py, TRANSMISSION)
    finally:
        manager.close()
        slow.close()
    dead_port = _TileServer()
    url = dead_port.url
    dead_port.close()  # nothing listens there any more
    dead = _add_tiles(canvas, url, tmp_path / "dead", timeout_s=1.0)
    try:
        with qtbot.waitSignal(dead.tile_failed, timeout=10_000):
            canvas.refresh()
        assert canvas.wait_rendered()
    finally:
        dead.close()
    _ = time, np


def test_the_bundled_basemap_is_drawn_for_the_demo_only(store):
    from demo.load import load_demo

    layers, _ = load_layers(store)  # a store of its own: no Liechtenstein streets under it
    assert "basemap_streets" not in layers
    load_demo(store)
    layers, _ = load_layers(store)
    assert "basemap_streets" in layers
