"""Several-desks benchmark: how fast a change on one desk reaches another, and what a poll costs.

Run on purpose (not part of the test suite)::

    .venv/bin/python tests/bench/desks.py [--changes 40] [--markers 200000]

Two stores (two engines) share a SQLite file, then a throwaway PostgreSQL
database (skipped without Debian's PostgreSQL binaries). One desk commits a
repair at a time; the other's watcher reports it. Prints one JSON object:
``sqlite``/``postgresql`` each with ``p50_ms``/``max_ms`` from commit to
callback (target < 2000 ms), and ``sqlite_poll_us``: one ``max(id)`` check on a
store holding ``--markers`` markers (the cost every desk pays twice a second).
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.audit import StoreChange  # noqa: E402
from models.changes import ChangeWatcher, latest_change_id  # noqa: E402
from models.repair import Repair  # noqa: E402
from models.store import open_store  # noqa: E402


def latency(url: str, n: int) -> dict:
    """Commit-to-callback latency over ``n`` single-repair commits."""
    a, b = open_store(url, desk="A"), open_store(url, desk="B")
    got: queue.Queue = queue.Queue()
    watcher = ChangeWatcher(b.engine, lambda ch: got.put(time.perf_counter()))
    watcher.start()
    if watcher.is_postgresql:
        watcher.listening.wait(10)
    samples = []
    try:
        for i in range(n):
            with a.session() as s:
                s.add(Repair(code=f"B-{i}"))
                s.commit()
            t0 = time.perf_counter()
            samples.append((got.get(timeout=10) - t0) * 1000)
            time.sleep(0.05 * (i % 7))  # commit at varying phases of the poll
    finally:
        watcher.stop()
        a.dispose()
        b.dispose()
    return {"p50_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1), "n": n}


def poll_cost(url: str, markers: int) -> float:
    """Microseconds per ``max(id)`` check with ``markers`` rows in store_changes."""
    store = open_store(url)
    with store.engine.begin() as conn:
        conn.execute(StoreChange.__table__.insert(),
                     [{"table_name": "positions", "row_id": i, "desk": "bench"} for i in range(markers)])
    with store.engine.connect() as conn:
        t0 = time.perf_counter()
        for _ in range(1000):
            latest_change_id(conn)
        per = (time.perf_counter() - t0) / 1000 * 1e6
    store.dispose()
    return round(per, 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--markers", type=int, default=200_000)
    args = parser.parse_args()
    out: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        out["sqlite"] = latency(f"sqlite:///{folder}/bench.sqlite", args.changes)
        out["sqlite_poll_us"] = poll_cost(f"sqlite:///{folder}/poll.sqlite", args.markers)
    from tests.support.postgres import TempPostgres, postgres_bin_dir

    bin_dir = postgres_bin_dir()
    if bin_dir is not None:
        server = TempPostgres(bin_dir)
        try:
            out["postgresql"] = latency(server.create_database("bench"), args.changes)
        finally:
            server.stop()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
