"""Benchmark: patrol coverage of 100,000 segments from 1,000,000 track points.

Run on purpose (not a test): ``python tests/bench/coverage.py``. Prints one JSON
object with ``full_s`` (the whole day from raw fixes: cleaning, projection,
sampling, coverage), ``incremental_ms`` (median of batches of 1,000 live fixes
on top of it) and ``peak_rss_mb`` (of the computing process; the synthetic data
is generated in a child process so its memory does not count).

Synthetic data: a grid city of 224 × 224 nodes at 60 m (99,904 segments,
6,000 km), 100 patches with a day and a night patrol team each walking at
1.3 m/s with a fix every 6–11 s and ~5 m of GPS noise, every seventh skipping
a tenth of its patch, plus guard teams driving round the venue zone.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gis.coverage import CoverageState, RequirementSpec  # noqa: E402
from demo.patrol_sim import SimTeam, StreetGraph, grid_streets, simulate_patrols  # noqa: E402

CRS = "EPSG:32632"
ANCHOR = 1_750_032_000.0  # a UTC midnight
ORIGIN = (480_000.0, 5_200_000.0)
N_FIXES = 1_000_000
BATCH = 1_000
H = 3600.0


def city():
    """The grid city's street (= pipe) lines."""
    return grid_streets(224, 224, 60.0, ORIGIN)


def layout(lines):
    import shapely

    mid = shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.5, normalized=True))
    side = 223 * 60.0 / 10
    patch = (np.clip((mid[:, 0] - ORIGIN[0]) // side, 0, 9) * 10 + np.clip((mid[:, 1] - ORIGIN[1]) // side, 0, 9))
    venue = np.hypot(mid[:, 0] - ORIGIN[0] - 4000, mid[:, 1] - ORIGIN[1] - 5000) < 1500
    return patch.astype(int), venue, mid


def generate(path: str) -> None:
    """Child process: write the day's raw fixes to ``path`` (npz)."""
    lines = city()
    patch, venue, _ = layout(lines)
    graph = StreetGraph(lines)
    teams = []
    for p in range(100):
        idx = np.flatnonzero(patch == p)
        teams.append(SimTeam(f"day{p:02d}", idx, 6 * H, 18 * H, 1.3, 0.1 if p % 7 == 0 else 0.0, (6.0, 11.0)))
        teams.append(SimTeam(f"night{p:02d}", idx, 18 * H, 30 * H, 1.3, 0.0, (6.0, 11.0)))
    for g in range(4):
        teams.append(SimTeam(f"guard{g}", np.flatnonzero(venue), g * 6 * H, (g + 1) * 6 * H, 6.0, 0.0, (6.0, 11.0)))
    fx = simulate_patrols(lines, teams, ANCHOR, CRS, seed=2025, graph=graph)
    fx = fx.sample(n=min(N_FIXES, len(fx)), random_state=1).sort_values(["t"], kind="stable")
    np.savez(path, device=fx["device"].to_numpy(dtype=str), t=fx["t"].to_numpy(), lon=fx["lon"].to_numpy(),
             lat=fx["lat"].to_numpy(), acc=fx["accuracy_m"].to_numpy())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "fixes.npz")
        subprocess.run([sys.executable, __file__, "--generate", path], check=True)
        data = np.load(path)
        fixes = pd.DataFrame({"device": data["device"].astype(object), "t": data["t"], "lon": data["lon"],
                              "lat": data["lat"], "accuracy_m": data["acc"]})
    lines = city()
    patch, venue, mid = layout(lines)
    specs = [
        RequirementSpec(1, "venue_guard", 4 * H, 30.0, 0.8, frozenset({"guard"})),
        RequirementSpec(3, "key_places", 12 * H, 30.0, 0.8, frozenset()),
        RequirementSpec(4, "transmission", 24 * H, 30.0, 0.8, frozenset()),
        RequirementSpec(5, "patch", 12 * H, 30.0, 0.8, frozenset({"patrol"})),
    ]
    members = {1: np.flatnonzero(venue), 3: np.flatnonzero(venue | (patch % 11 == 0)),
               4: np.flatnonzero(np.isclose((mid[:, 1] - ORIGIN[1]) % 1200, 0)), 5: np.arange(len(lines))}
    kinds = {d: ("guard" if d.startswith("guard") else "patrol") for d in pd.unique(fixes["device"])}
    # Live batches: the last fixes of the day, in arrival order.
    n_live = 10 * BATCH
    day, live = fixes.iloc[:-n_live], fixes.iloc[-n_live:]

    t0 = time.perf_counter()
    state = CoverageState(lines, specs, members, ANCHOR, CRS, kinds)
    state.add_fixes(day)
    summary = state.requirement_summary()
    full_s = time.perf_counter() - t0

    times = []
    for s in range(0, n_live, BATCH):
        a = time.perf_counter()
        state.add_fixes(live.iloc[s:s + BATCH])
        state.requirement_summary()
        times.append((time.perf_counter() - a) * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "full_s": round(full_s, 2), "incremental_ms": round(statistics.median(times), 2),
        "peak_rss_mb": round(peak, 1), "segments": len(lines), "track_points": int(len(fixes)),
        "samples": int(state.n_samples), "slots": int(state.n_slots),
        "incremental_ms_all": [round(x, 1) for x in times],
        "ratios": {r["code"]: [w["ratio"] for w in r["windows"]] for r in summary},
    }))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--generate":
        generate(sys.argv[2])
    else:
        main()
