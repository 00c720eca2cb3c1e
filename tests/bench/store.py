"""Store benchmark: 500,000 generated pipe segments written to and read back from a store.

Run on purpose (not part of the test suite)::

    .venv/bin/python tests/bench/store.py [--pipes 500000] [--repeat 3]

Prints one JSON object: ``store_s`` and ``load_s`` (medians over the repeats,
each on a fresh SQLite store), ``peak_rss_mb`` (the process's high-water mark).
Targets on the 2-core reference machine: load < 3 s, store < 10 s, peak < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models import bulk  # noqa: E402
from models.store import open_store  # noqa: E402


def generated_pipes(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` pipe segments of 2–6 vertices scattered over a 20 × 20 km city."""
    rng = np.random.default_rng(seed)
    vertices = 4
    x0 = rng.uniform(9.45, 9.71, n)
    y0 = rng.uniform(47.05, 47.23, n)
    steps = rng.normal(0, 2e-4, (n, vertices, 2)).cumsum(axis=1)
    coords = np.stack([x0, y0], axis=1)[:, None, :] + steps
    return gpd.GeoDataFrame(
        {
            "diameter_mm": rng.choice([100.0, 150.0, 200.0, 300.0, 600.0, 800.0], n),
            "material": rng.choice(["DI", "PE", "STEEL", "PVC"], n),
            "pipe_class": rng.choice(["distribution", "transmission"], n, p=[0.93, 0.07]),
            "length_m": rng.uniform(10, 200, n),
        },
        geometry=shapely.linestrings(coords),
        crs="EPSG:4326",
    )


def main() -> None:
    """Run the benchmark and print its JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pipes", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pipes = generated_pipes(args.pipes)
    store_times, load_times = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            store = open_store(f"sqlite:///{folder}/bench.sqlite")
            t = time.perf_counter()
            with store.engine.begin() as conn:
                bulk.write_features(conn, "pipes", pipes)
            store_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            with store.engine.connect() as conn:
                back = bulk.read_features(conn, "pipes")
            load_times.append(time.perf_counter() - t)
            assert len(back) == len(pipes)
            del back
            store.dispose()
    print(json.dumps({
        "pipes": args.pipes,
        "store_s": round(statistics.median(store_times), 3),
        "load_s": round(statistics.median(load_times), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "runs": args.repeat,
    }))


if __name__ == "__main__":
    main()
