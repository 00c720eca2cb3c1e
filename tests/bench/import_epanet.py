"""Benchmark: import BWSN_Network_2 (14,822 pipes) into a new SQLite store; prints one JSON object.

Run on purpose: ``python tests/bench/import_epanet.py [NETWORK.inp] [--crs EPSG:N]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gis.io import read_epanet  # noqa: E402
from models.importing import store_network  # noqa: E402
from models.store import open_store  # noqa: E402


def main() -> None:
    default = Path(importlib.util.find_spec("epyt").origin).parent / "networks" / "asce-tf-wdst" / "BWSN_Network_2.inp"
    parser = argparse.ArgumentParser()
    parser.add_argument("network", nargs="?", default=str(default))
    parser.add_argument("--crs", default="EPSG:3089")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        t0 = time.perf_counter()
        result = read_epanet(args.network, args.crs)
        t1 = time.perf_counter()
        with store.engine.begin() as conn:
            counts = store_network(conn, result.extra["nodes"], result.frame, result.extra["valves"],
                                   result.extra["sources"])
        t2 = time.perf_counter()
        store.dispose()
    print(json.dumps({
        "network": Path(args.network).name,
        "counts": counts,
        "read_s": round(t1 - t0, 2),
        "write_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
    }))


if __name__ == "__main__":
    main()
