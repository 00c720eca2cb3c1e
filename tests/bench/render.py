"""Canvas rendering benchmark (run on purpose: ``python tests/bench/render.py``). Prints one JSON object.

500,000 generated pipe polylines (2.5 M segments) over 20 × 20 km, offscreen at
1920 × 1080. Medians of several runs:

* ``pan_frame_ms`` — one paint of the canvas mid-gesture (the cached image moved);
* ``view_1km_ms`` — settled (antialiased) render of a 1 km wide view into a QImage;
* ``full_extent_ms`` — settled render of the whole network;
* ``identify_ms`` — spatial-index hit test of a click;
* ``peak_rss_mb`` — peak resident memory of this process;
* ``startup_s`` — a fresh process opening the canvas on the demo city until the first map is shown;
* ``reference_drawlines_ms`` — one plain ``QPainter.drawLines`` of all 2.5 M segments;
* ``*_ratio`` — each figure / the reference. ``prep_s`` — building tiles, overviews and index.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import shiboken6  # noqa: E402
from PySide6.QtCore import QLineF  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gis.coords import Projector  # noqa: E402
from services.map.data import make_layer  # noqa: E402
from gis.map_prep import FeatureData  # noqa: E402
from gis.map_styles import pipe_codes  # noqa: E402
from demo.synthetic import random_pipes  # noqa: E402
from models.map_layers import LayerList  # noqa: E402
from ui.map.layer_views.base import RenderContext  # noqa: E402
from ui.map.canvas import MapCanvas  # noqa: E402
from ui.map.renderer import render_layers  # noqa: E402

W, H, RUNS = 1920, 1080, 7
ORIGIN = (750_000.0, 5_210_000.0)

STARTUP = r"""
import os, sys, time
t0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
app = QApplication([])
from models.store import open_store
from ui.map.setup import load_layers
from ui.map.canvas import MapCanvas
from services.map.data import total_bounds
store = open_store({url!r})
try:
    from demo.load import ensure_demo
    ensure_demo(store)
except ImportError:
    pass
layers, proj = load_layers(store)
c = MapCanvas(layers, proj); c.resize(1920, 1080); c.show()
b = total_bounds(layers)
if b: c.set_extent(*b)
ok = c.wait_rendered(30000)
print(time.perf_counter() - t0 if ok else -1)
"""


def median_ms(fn, runs=RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    proj = Projector("EPSG:32632")
    geoms, dn, klass = random_pipes(500_000, size_m=20_000, origin=ORIGIN)
    attrs = pd.DataFrame({"id": np.arange(1, len(geoms) + 1), "diameter_mm": dn, "pipe_class": klass})
    t = time.perf_counter()
    data = FeatureData(geoms, attrs["id"].to_numpy(), attrs, pipe_codes(attrs), 5)
    data.line_levels()
    data.tree()
    prep_s = time.perf_counter() - t
    layers = LayerList([make_layer("pipes", "lines", data, 10)])
    canvas = MapCanvas(layers, proj)
    canvas.resize(W, H)
    canvas.show()
    app.processEvents()
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)

    def settled(xmin, ymin, xmax, ymax) -> float:
        def run():
            ctx = RenderContext(xmin, ymin, xmax, ymax, W, H, antialias=True)
            ctx.antialias = canvas._settled_antialias(ctx)
            p = QPainter(image)
            render_layers(p, canvas.registry, ctx, canvas.background)
            p.end()
        run()  # warm caches (style images, paths)
        return median_ms(run)

    cx, cy = ORIGIN[0] + 10_000, ORIGIN[1] + 10_000
    view_1km = settled(cx - 500, cy - 500 * H / W, cx + 500, cy + 500 * H / W)
    full = settled(ORIGIN[0] - 8000, ORIGIN[1], ORIGIN[0] + 28_000, ORIGIN[1] + 20_000)

    # Mid-gesture frame: the canvas holds a rendered image; a pan moves it.
    canvas.set_extent(cx - 2000, cy - 2000, cx + 2000, cy + 2000)
    canvas.wait_rendered(60_000)
    frame = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)

    def pan_frame():
        canvas.pan_px(7, 3, settle=False)
        canvas._settle.stop()
        canvas.render(QPainter(frame), canvas.extent(), W, H) if False else canvas.grab()
    pan = median_ms(pan_frame, 15)

    def zoom_frame():
        canvas.zoom_by(1.05, (700, 400))
        canvas._settle.stop()
        canvas.grab()
    zoom = median_ms(zoom_frame, 15)

    rng = np.random.default_rng(1)
    pick = rng.integers(0, len(geoms), 50)
    pts = [geoms[i].interpolate(0.5, normalized=True) for i in pick]
    canvas.set_center(cx, cy, 0.5)
    hits = []
    times = []
    for p in pts:
        t = time.perf_counter()
        hit = canvas.identify(p.x, p.y, 5.0)
        times.append((time.perf_counter() - t) * 1000)
        hits.append(hit is not None)
    identify = round(statistics.median(times), 3)

    seg = data.line_levels().levels[0].seg

    def reference():
        image.fill(QColor("#ffffff"))
        p = QPainter(image)
        ctx = RenderContext(ORIGIN[0] - 8000, ORIGIN[1], ORIGIN[0] + 28_000, ORIGIN[1] + 20_000, W, H)
        p.setTransform(ctx.transform)
        pen = QPen(QColor("#2e86c1"))
        pen.setCosmetic(True)
        p.setPen(pen)
        p.drawLines(shiboken6.wrapInstance(seg.ctypes.data, QLineF), len(seg))
        p.end()
    ref = median_ms(reference, 3)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    canvas.close_canvas()

    store = Path(os.environ.get("TMPDIR", "/tmp")) / f"wg_bench_{os.getpid()}.sqlite"
    out = subprocess.run([sys.executable, "-c", STARTUP.format(root=str(ROOT), url=f"sqlite:///{store}")],
                         capture_output=True, text=True, timeout=120)
    store.unlink(missing_ok=True)
    try:
        startup = round(float(out.stdout.strip().splitlines()[-1]), 2)
    except (ValueError, IndexError):
        startup = None
    demo = (ROOT / "resources" / "demo" / "demo_city.gpkg").exists()
    result = {
        "pan_frame_ms": pan, "zoom_frame_ms": zoom, "view_1km_ms": view_1km, "full_extent_ms": full,
        "identify_ms": identify, "identify_hits": f"{sum(hits)}/{len(hits)}", "peak_rss_mb": round(peak),
        "startup_s": startup, "startup_with_demo_city": demo, "reference_drawlines_ms": ref,
        "prep_s": round(prep_s, 2), "segments": int(len(seg)),
    }
    for key in ("pan_frame_ms", "zoom_frame_ms", "view_1km_ms", "full_extent_ms", "identify_ms"):
        result[key.replace("_ms", "_ratio")] = round(result[key] / ref, 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
