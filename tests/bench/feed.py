"""Benchmark: 500 devices reporting once a second through the OsmAnd listener while a Qt loop shows them.

Run on purpose (not a test)::

    QT_QPA_PLATFORM=offscreen python tests/bench/feed.py [--duration 300] [--devices 500] [--max-seconds 20]

The bench process plays the desk: the OsmAnd listener and the batching sink on
their threads, a QCoreApplication whose 100 ms QTimer drains the sink's
latest-per-device buffer into numpy arrays (what the map's vehicle layer does),
and a 10 ms probe QTimer measuring how late the event loop runs. The devices
are a separate process (``--loadgen``): one asyncio loop holding a keep-alive
connection per device, each sending a Traccar-Client-shaped POST once a second.

Phase 2 measures the highest sustained rate the listener stores: 64
connections sending pipelined requests as fast as they are answered for
``--max-seconds``; the rate counts only reports committed to the store.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    """Resident set size of this process, MB (from /proc)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


# -- load generator (a separate process) ------------------------------------------------------
async def _steady_device(port: int, device: str, start: float, offset: float, duration: float, t0: int,
                         counts: dict) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for k in range(int(duration)):
            due = start + offset + k
            delay = due - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            lat = 47.05 + (hash(device) % 1000) / 10000 + k * 1e-5
            target = (f"/?id={device}&timestamp={t0 + k}&lat={lat:.6f}&lon=9.52&speed=12.3"
                      f"&bearing=90&altitude=455&accuracy=5&batt=80")
            writer.write(f"POST {target} HTTP/1.1\r\nHost: desk\r\nContent-Length: 0\r\n\r\n".encode())
            counts["sent"] += 1
            head = await reader.readuntil(b"\r\n\r\n")
            counts["ok" if head.startswith(b"HTTP/1.1 200") else "bad"] += 1
    finally:
        writer.close()


async def _flood_connection(port: int, devices: list[str], until: float, depth: int, t0: float,
                            counts: dict) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    seq = 0
    try:
        while time.time() < until:
            batch = []
            for i in range(depth):
                device = devices[(seq + i) % len(devices)]
                # Strictly increasing per device, never in the future.
                t = t0 + (seq + i) * 0.001
                batch.append(f"GET /?id={device}&timestamp={t:.3f}&lat=47.1&lon=9.5&speed=10 HTTP/1.1\r\n"
                             f"Host: desk\r\n\r\n")
            writer.write("".join(batch).encode())
            counts["sent"] += depth
            seq += depth
            for _ in range(depth):
                head = await reader.readuntil(b"\r\n\r\n")
                counts["ok" if head.startswith(b"HTTP/1.1 200") else "bad"] += 1
    finally:
        writer.close()


async def _loadgen(args) -> dict:
    counts = {"sent": 0, "ok": 0, "bad": 0}
    if args.mode == "steady":
        start = time.time() + 1.0
        t0 = int(time.time()) - int(args.duration) - 10  # all report times in the past, increasing
        await asyncio.gather(*(
            _steady_device(args.port, f"dev{i:04d}", start, i / args.devices, args.duration, t0, counts)
            for i in range(args.devices)
        ))
    else:
        until = time.time() + args.duration
        per = max(1, args.devices // args.connections)
        t0 = time.time() - 5  # after every steady-phase report; stays well short of the future limit
        await asyncio.gather(*(
            _flood_connection(args.port, [f"dev{(c * per + j) % args.devices:04d}" for j in range(per)],
                              until, args.depth, t0 + c * 1e-6, counts)
            for c in range(args.connections)
        ))
    return counts


def run_loadgen(port: int, mode: str, duration: float, devices: int, connections: int = 64,
                depth: int = 8) -> subprocess.Popen:
    """Start the device process; its stdout is one JSON line of counts."""
    return subprocess.Popen(
        [sys.executable, __file__, "--loadgen", mode, "--port", str(port), "--duration", str(duration),
         "--devices", str(devices), "--connections", str(connections), "--depth", str(depth)],
        stdout=subprocess.PIPE, text=True,
    )


# -- the desk side ----------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300.0, help="steady phase, seconds (spec: 300)")
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--max-seconds", type=float, default=20.0, help="max-rate phase, seconds (0 skips it)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--depth", type=int, default=8, help="pipelined requests per connection (max phase)")
    parser.add_argument("--desk", action="store_true",
                        help="drain through the desk's FeedController into a live map layer (ui/feed/control.py)")
    parser.add_argument("--loadgen", choices=("steady", "max"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loadgen:
        args.mode = args.loadgen
        print(json.dumps(asyncio.run(_loadgen(args))))
        return 0

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    from PySide6.QtCore import QCoreApplication, Qt, QTimer

    from gis.feeds.osmand import OsmAndListener
    from services.feed.sink import PositionSink
    from models.bulk import count_rows
    from models.repair import Position, Vehicle
    from models.store import open_store

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory(prefix="wg-bench-")
    store = open_store(f"sqlite:///{tmp.name}/bench.sqlite")
    with store.engine.begin() as conn:
        conn.execute(Vehicle.__table__.insert(), [
            {"code": f"V{i:04d}", "name": f"Vehicle {i}", "device_id": f"dev{i:04d}", "kind": "repair",
             "status": "available", "version": 1} for i in range(args.devices)
        ])
    feed = None
    if args.desk:
        # The desk's path: RoutingSink + FeedController draining into the live layer every 150 ms.
        from gis.coords import Projector
        from models.map_layers import LayerList, LiveLayerData, MapLayer
        from ui.feed.control import FeedController

        layers = LayerList([MapLayer("live", "Patrollers and vehicles", "live", data=LiveLayerData())])
        feed = FeedController(store, layers, Projector("EPSG:32632"))
        sink = feed.sink
    else:
        sink = PositionSink(store.engine).start()
    listener = OsmAndListener(sink, "127.0.0.1", 0).start()

    # What the map's vehicle layer keeps: one array slot per device, updated in a batch.
    index = {f"dev{i:04d}": i for i in range(args.devices)}
    xy = np.full((args.devices, 2), np.nan)
    last_t = np.zeros(args.devices)
    drained = {"batches": 0, "reports": 0}

    def drain() -> None:
        latest = sink.drain_latest()
        if latest:
            rows = np.fromiter((index[r.device] for r in latest), dtype=np.int64, count=len(latest))
            xy[rows] = [(r.lon, r.lat) for r in latest]
            last_t[rows] = [r.t for r in latest]
            drained["batches"] += 1
            drained["reports"] += len(latest)

    probe_ms = 10
    lateness: list[float] = []
    last = [time.perf_counter()]

    def probe() -> None:
        now = time.perf_counter()
        lateness.append(max(0.0, (now - last[0]) * 1000 - probe_ms))
        last[0] = now

    drain_ms: list[float] = []
    if feed is not None:
        def drain() -> None:  # noqa: F811 — the desk's drain, timed
            t0 = time.perf_counter()
            n = feed.drain()
            drain_ms.append((time.perf_counter() - t0) * 1000)
            if n:
                drained["batches"] += 1
                drained["reports"] += n
        feed._drain_timer.stop()
    drain_timer = QTimer()
    drain_timer.setInterval(150 if feed is not None else 100)
    drain_timer.timeout.connect(drain)
    probe_timer = QTimer()
    probe_timer.setTimerType(Qt.TimerType.PreciseTimer)
    probe_timer.setInterval(probe_ms)
    probe_timer.timeout.connect(probe)
    rss_samples: list[tuple[float, float]] = []

    def run_loop_until(proc: subprocess.Popen) -> dict:
        # Drive the Qt loop until the device process ends.
        t_start = time.perf_counter()
        sampler = QTimer()
        sampler.setInterval(5000)
        sampler.timeout.connect(lambda: rss_samples.append((time.perf_counter() - t_start, rss_mb())))
        sampler.start()
        poll = QTimer()
        poll.setInterval(200)
        poll.timeout.connect(lambda: app.quit() if proc.poll() is not None else None)
        poll.start()
        app.exec()
        sampler.stop()
        poll.stop()
        return json.loads(proc.stdout.read())

    # Phase 1: steady 500 devices × 1/s.
    drain_timer.start()
    probe_timer.start()
    last[0] = time.perf_counter()
    rss_start = rss_mb()
    steady = run_loop_until(run_loadgen(listener.port, "steady", args.duration, args.devices))
    probe_timer.stop()
    time.sleep(0.5)
    sink.flush()
    drain()
    rss_end = rss_mb()
    stats = sink.stats()
    with store.engine.connect() as conn:
        stored_rows = count_rows(conn, Position.__table__)
    lat_ms = np.array(lateness) if lateness else np.zeros(1)
    result = {
        "devices": args.devices,
        "duration_s": args.duration,
        "reports_sent": steady["sent"],
        "reports_answered_200": steady["ok"],
        "reports_stored": int(stored_rows),
        "rejected": stats["rejected"],
        "latency_p50_ms": round(float(np.percentile(lat_ms, 50)), 2),
        "latency_p99_ms": round(float(np.percentile(lat_ms, 99)), 2),
        "latency_max_ms": round(float(lat_ms.max()), 2),
        "gui_batches": drained["batches"],
        "gui_reports_drained": drained["reports"],
        "gui_path": "desk FeedController" if feed is not None else "plain arrays",
        "drain_p99_ms": round(float(np.percentile(drain_ms, 99)), 2) if drain_ms else None,
        "drain_max_ms": round(float(max(drain_ms)), 2) if drain_ms else None,
        "rss_start_mb": round(rss_start, 1),
        "rss_end_mb": round(rss_end, 1),
        "rss_samples_mb": [round(m, 1) for _, m in rss_samples[:: max(1, len(rss_samples) // 12)]],
    }

    # Phase 2: the highest sustained rate the listener stores.
    if args.max_seconds > 0:
        before = sink.stats()["stored"]
        t_begin = time.perf_counter()
        flood = run_loop_until(run_loadgen(listener.port, "max", args.max_seconds, args.devices,
                                           args.connections, args.depth))
        sink.flush()
        elapsed = time.perf_counter() - t_begin
        stored = sink.stats()["stored"] - before
        result.update({
            "max_phase_sent": flood["sent"],
            "max_phase_answered_200": flood["ok"],
            "max_phase_stored": stored,
            "max_sustained_per_s": round(stored / elapsed, 1),
        })
    listener.stop()
    if feed is not None:
        feed.close()
    else:
        sink.stop()
    store.dispose()
    tmp.cleanup()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
