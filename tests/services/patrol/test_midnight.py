"""A track line across midnight counts in both days, clipped at midnight like any window edge."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
from pyproj import Transformer

import app
from models.bulk import write_track_points
from services.patrol.coverage import compute_coverage
from tests.cli.test_plan_coverage import ANCHOR, CRS, DAY, X0, Y0, _seed

MIDNIGHT = ANCHOR + 86_400.0  # the event's time zone is UTC


def _walk(store, device: str, t: list[float], x: list[float], y: list[float]) -> None:
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(np.array(x), np.array(y))
    with store.engine.begin() as conn:
        write_track_points(conn, pd.DataFrame({"device": device, "t": t, "lon": lon, "lat": lat, "source": "test"}))


def _planned(store, store_url, capsys) -> None:
    """The test city (:func:`_seed`) with its plan for DAY in two patches, as ``app.py plan --json`` makes it."""
    _seed(store)
    assert app.main(["--store", store_url, "plan", "--patches", "2", "--date", DAY.isoformat(), "--json"]) == 0
    json.loads(capsys.readouterr().out)


def _guard_walk(store, start: float) -> None:
    """The guard (g1) walks the street near the venue from ``start`` (nine fixes, 40 s apart)."""
    _walk(store, "g1", [start + k * 40.0 for k in range(9)], [X0 + k * 60.0 for k in range(9)], [Y0 + 160.0] * 9)


def _covered(info: dict, code: str) -> list[float]:
    req = next(r for r in info["requirements"] if r["code"] == code)
    return [w["covered_m"] for w in req["windows"]]


def test_line_across_midnight_counts_in_both_days(store, store_url, capsys):
    _planned(store, store_url, capsys)
    # The guard walks east along a street: 20 m before 23:59:40, then one line of 300 m from
    # 23:59:40 to 00:03:00 (1.5 m/s). A pipe counts once 80 % of it is walked (30 m tolerance).
    y = Y0 + 160.0
    _walk(store, "g1", [MIDNIGHT - 60.0, MIDNIGHT - 20.0, MIDNIGHT + 180.0], [X0, X0 + 20.0, X0 + 320.0], [y] * 3)

    before = _covered(compute_coverage(store, DAY.isoformat()), "venue_guard")
    after = _covered(compute_coverage(store, (DAY + dt.timedelta(days=1)).isoformat()), "venue_guard")
    # Day 1, last window: the first pipe (X0..X0+80) only with the line's 30 m before midnight.
    assert before[-1] == 80.0 and sum(before[:-1]) == 0
    # Day 2, first window: the line's 270 m after midnight (X0+50..X0+320) covers three whole pipes.
    assert after[0] == 240.0 and sum(after[1:]) == 0
