"""The batching sink: validation, one-transaction batches, latest-per-device buffer, lost devices."""

from __future__ import annotations

import threading

from gis.feeds import Report
from services.feed.sink import PositionSink
from models.bulk import read_positions
from models.repair import Vehicle


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_bad_input_is_counted_and_never_blocks_good_reports(fleet_store):
    clock = Clock(1_800_000_000.0)
    sink = PositionSink(fleet_store.engine, clock=clock)
    ok = [Report("123456", clock.t - 30 + i, 9.5, 47.1 + i / 1000) for i in range(10)]
    reasons = []
    for i, r in enumerate(ok):
        reasons.append(sink.submit(r))
        reasons.append(sink.submit(Report("intruder", r.t, 9.5, 47.1)))
        reasons.append(sink.submit(Report("123456", r.t, 9.5, 47.1)))  # duplicate of the one just accepted
        reasons.append(sink.submit(Report("123456", r.t - 5, 9.5, 47.1)))  # older: out of order
        reasons.append(sink.submit(Report("car-7", clock.t + 3600 + i, 9.5, 47.1)))  # an hour ahead
        sink.reject("garbage", "test noise")
    assert reasons.count(None) == 10
    assert sink.flush() == 10
    stats = sink.stats()
    assert (stats["stored"], stats["rejected"]) == (10, 50)
    for reason in ("unknown_device", "duplicate", "out_of_order", "future", "garbage"):
        assert stats[f"rejected.{reason}"] == 10
    with fleet_store.engine.connect() as c:
        assert read_positions(c)["t"].tolist() == [r.t for r in ok]


def test_latest_per_device_and_vehicle_columns(fleet_store):
    clock = Clock(1_800_000_000.0)
    sink = PositionSink(fleet_store.engine, clock=clock)
    for i in range(5):
        sink.submit(Report("123456", clock.t - 10 + i, 9.5 + i, 47.0, speed_mps=3.0, heading=10.0 * i))
        sink.submit(Report("car-7", clock.t - 10 + i, 8.0, 46.0 + i))
    latest = {r.device: r for r in sink.drain_latest()}
    assert latest["123456"].lon == 13.5 and latest["car-7"].lat == 50.0
    assert sink.drain_latest() == []  # drained
    sink.flush()
    with fleet_store.session() as s:
        v = s.query(Vehicle).filter_by(device_id="123456").one()
        assert (v.last_t, v.last_lon, v.last_speed_mps, v.last_heading) == (clock.t - 6, 13.5, 3.0, 40.0)


def test_device_silent_for_two_minutes_is_lost(fleet_store):
    clock = Clock(1_800_000_000.0)
    sink = PositionSink(fleet_store.engine, clock=clock)
    sink.submit(Report("123456", clock.t, 9.5, 47.0))
    sink.submit(Report("car-7", clock.t, 9.5, 47.0))
    clock.t += 100
    sink.submit(Report("car-7", clock.t, 9.5, 47.0))
    assert sink.lost_devices() == []
    clock.t += 21
    assert sink.lost_devices() == ["123456"]
    status = sink.device_status()
    assert status["123456"]["lost"] and not status["car-7"]["lost"]
    assert status["bt451"]["lost"]  # never heard from


def test_restart_remembers_last_fix_so_resends_are_duplicates(fleet_store):
    clock = Clock(1_800_000_000.0)
    first = PositionSink(fleet_store.engine, clock=clock)
    first.submit(Report("123456", clock.t - 1, 9.5, 47.0))
    first.stop()
    second = PositionSink(fleet_store.engine, clock=clock)
    assert second.submit(Report("123456", clock.t - 1, 9.5, 47.0)) == "duplicate"


def test_concurrent_submitters_lose_nothing(fleet_store):
    clock = Clock(1_800_000_000.0)
    sink = PositionSink(fleet_store.engine, clock=clock, register_unknown=True, flush_interval=0.01).start()

    def device(n: int) -> None:
        for i in range(200):
            assert sink.submit(Report(f"d{n}", clock.t - 1000 + i, 9.0 + n, 47.0)) is None

    threads = [threading.Thread(target=device, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sink.stop()
    assert sink.stats()["stored"] == 1600 and sink.stats()["registered"] == 8
    with fleet_store.engine.connect() as c:
        frame = read_positions(c)
    assert len(frame) == 1600 and frame["vehicle_id"].notna().all()
