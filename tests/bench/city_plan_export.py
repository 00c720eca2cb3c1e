"""City-scale plan and situation-map benchmark (run on purpose). Prints one JSON object.

The demo city and event plus 500,000 generated pipes (``demo.synthetic.random_pipes``,
as in ``tests/bench/render.py``, but over the demo city) in one SQLite store, built once and cached
(``WG_CITY_STORE``, default ``/tmp/wg-bench-city/city500k.sqlite``); each run works on
a copy. Figures (one run each):

* ``plan_s`` — ``python app.py plan`` (in process, the CLI path);
* ``export_map_s`` / ``export_map_mb`` — ``python app.py export-map`` and the file size;
* ``chromium_draw_s`` — headless Chromium (network off) from navigation until Leaflet
  has drawn the event's layers and the network's image tiles (-1 when not within 120 s);
* ``plan_cpu_s`` / ``export_map_cpu_s`` — the same runs' CPU time, ``load_avg_1m`` the
  machine's load when done (the reference machine is shared: wall times vary with it);
* ``sheets_all_s`` / ``sheets_team_s`` — ``python app.py sheets`` (its own process, Chinese) for
  every team with a patch (the day shift; the first run on the copy also prepares the map data
  beside it, as a desk's first start does) and then for one team, each with its process's peak
  memory (``sheets_all_peak_rss_mb``, ``sheets_team_peak_rss_mb``); ``sheets_pages`` the pages of
  the first PDF.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402

from demo.synthetic import random_pipes  # noqa: E402

N_PIPES = int(os.environ.get("WG_CITY_PIPES", "500000"))
CACHE = Path(os.environ.get("WG_CITY_STORE", f"/tmp/wg-bench-city/vaduz{N_PIPES // 1000}k.sqlite"))
#: The generated city's lower-left corner (EPSG:32632): a 20 × 20 km square around the demo city (Vaduz),
#: so the plan's patches and the map's extent are those of one city, as in issue 19.
ORIGIN = (530_000.0, 5_212_000.0)


def build_city_store(path: Path, n: int = N_PIPES) -> Path:
    """The demo store with ``n`` generated pipes added (cached at ``path``)."""
    if path.exists():
        return path
    from demo.load import load_demo
    from models import bulk
    from models.store import open_store

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{tmp}")
    load_demo(store)
    geoms, dn, klass = random_pipes(n, size_m=20_000, origin=ORIGIN)
    frame = gpd.GeoDataFrame({"code": [f"GEN{i:06d}" for i in range(n)], "diameter_mm": dn, "pipe_class": klass,
                              "length_m": np.round(gpd.GeoSeries(geoms).length.to_numpy(), 2)},
                             geometry=geoms, crs="EPSG:32632").to_crs("EPSG:4326")
    with store.engine.begin() as conn:
        bulk.write_features(conn, "pipes", frame)
    store.dispose()
    tmp.rename(path)
    return path


def main() -> None:
    from tests.support.cli import run_app

    src = build_city_store(CACHE)
    out: dict[str, float] = {"pipes": N_PIPES}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "city.sqlite"
        shutil.copyfile(src, db)
        url = f"sqlite:///{db}"
        t, cpu = time.perf_counter(), time.process_time()
        run = run_app("--store", url, "plan", "--json")
        out["plan_s"] = round(time.perf_counter() - t, 2)
        out["plan_cpu_s"] = round(time.process_time() - cpu, 2)  # less sensitive to a shared machine's load
        if run.returncode != 0:
            out["plan_error"] = run.stderr[-500:]
        else:
            cap = json.loads(run.stdout).get("capacity", [])
            out["plan_shortfalls"] = sum(1 for c in cap if c["teams_needed"] > c["teams"])
        html = Path(folder) / "situation.html"
        t, cpu = time.perf_counter(), time.process_time()
        run = run_app("--store", url, "export-map", "--out", str(html))
        out["export_map_s"] = round(time.perf_counter() - t, 2)
        out["export_map_cpu_s"] = round(time.process_time() - cpu, 2)
        if run.returncode != 0:
            out["export_error"] = run.stderr[-500:]
        else:
            out["export_map_mb"] = round(html.stat().st_size / 2**20, 2)
            out["chromium_draw_s"] = chromium_draw_s(html)
        out.update(sheets_figures(url, Path(folder)))
    out["load_avg_1m"] = round(os.getloadavg()[0], 1)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


def sheets_figures(url: str, folder: Path) -> dict:
    """The zone sheets of the city's patrol teams, printed by the command in its own process."""
    import re
    import subprocess

    out: dict = {}
    for key, extra in (("sheets_all_s", []), ("sheets_team_s", ["--team", "T07"])):
        pdf = folder / f"{key}.pdf"
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--store", url, "--lang", "zh_CN", "sheets",
                                 "--date", "2026-12-01", "--shift", "day", "--out", str(pdf), *extra],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)  # this process's own peak memory (not Chromium's)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out[key] = round(time.perf_counter() - t, 2)
        out[key.replace("_s", "_peak_rss_mb")] = round(usage.ru_maxrss / 1024, 1)
        if proc.returncode != 0:
            out[key.replace("_s", "_error")] = err[-500:].decode(errors="replace")
        elif "sheets_pages" not in out and shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            m = re.search(r"Pages:\s+(\d+)", info)
            out["sheets_pages"] = int(m.group(1)) if m else None
    return out


def chromium_draw_s(html: Path, timeout_s: float = 120.0) -> float:
    """Seconds from navigation until the map's overlay and image panes hold drawn layers."""
    from tests.support.chromium import CHROMIUM, OfflineChromium

    if CHROMIUM is None:
        return -1.0
    browser = OfflineChromium()
    try:
        t = time.perf_counter()
        # Drawn: the event's vector layers and, on a tiled network, the network's image tiles.
        ready = ("typeof L === 'object' && document.querySelectorAll("
                 "'.leaflet-overlay-pane path, .leaflet-overlay-pane canvas').length > 0 && "
                 "(document.querySelectorAll('.wg-network-tiles').length === 0 || "
                 "document.querySelectorAll('.wg-network-tiles img.leaflet-tile-loaded').length > 0)")
        browser.open(html, ready=ready, timeout_s=timeout_s)
        took = time.perf_counter() - t
        done = browser.evaluate(f"document.readyState === 'complete' && !!({ready})")
        return round(took, 2) if done else -1.0
    finally:
        browser.close()


if __name__ == "__main__":
    main()
