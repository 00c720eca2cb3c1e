"""Key-point arrival with dwell, stationed-post presence and departures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from gis.keypoints import keypoint_arrivals, merge_intervals, stationed_presence
from gis.tracks_clean import clean_fixes
from tests.gis.test_coverage import ANCHOR, CRS, H, X0, Y0, fixes


def track(*frames: pd.DataFrame):
    return clean_fixes(pd.concat(frames, ignore_index=True), CRS)[0]


def stay(device, x, y, t0, seconds, dt=10.0):
    n = int(seconds / dt) + 1
    return fixes(device, np.full(n, x), np.full(n, y), t0 + np.arange(n) * dt)


def test_merge_intervals_unions_overlaps_per_target():
    t, s, e = merge_intervals(np.array([0, 0, 0, 1]), np.array([5.0, 0.0, 20.0, 0.0]), np.array([12.0, 6.0, 30.0, 1.0]))
    assert list(zip(t, s, e)) == [(0, 0.0, 12.0), (0, 20.0, 30.0), (1, 0.0, 1.0)]


def test_a_key_point_is_reached_only_after_dwelling_s_seconds():
    kp = np.array([[X0, Y0], [X0 + 500, Y0], [X0 + 1000, Y0]])
    tr = track(
        stay("p", X0 + 5, Y0, ANCHOR + 600, 120),           # 2 min at point 0
        stay("p", X0 + 510, Y0 + 10, ANCHOR + 1200, 30),    # 30 s at point 1
        stay("p", X0 + 1045, Y0, ANCHOR + 1800, 300),       # 45 m off point 2
    )
    windows = [(ANCHOR, ANCHOR + 12 * H), (ANCHOR + 12 * H, ANCHOR + 24 * H)]
    reached, dwell = keypoint_arrivals(kp, tr, windows, tolerance_m=30.0, min_dwell_s=60.0)
    assert reached[:, 0].tolist() == [True, False, False]
    assert not reached[:, 1].any()
    assert dwell[0, 0] >= 120 and 30 <= dwell[1, 0] < 60


def test_dwell_counts_the_time_on_the_line_between_fixes():
    # Walking past at 1 m/s with fixes 100 s apart: inside the 30 m disc for 60 s
    # although no fix falls inside it.
    tr = track(fixes("p", [X0 - 100, X0 + 100], Y0, [ANCHOR + 100, ANCHOR + 300]))
    reached, dwell = keypoint_arrivals(np.array([[X0, Y0]]), tr, [(ANCHOR, ANCHOR + 24 * H)], 30.0, 60.0)
    assert abs(dwell[0, 0] - 60.0) < 1e-6 and reached[0, 0]


def test_only_the_eligible_devices_count_for_key_points():
    tr = track(stay("other", X0, Y0, ANCHOR + 600, 300))
    reached, _ = keypoint_arrivals(np.array([[X0, Y0]]), tr, [(ANCHOR, ANCHOR + 24 * H)], 30.0, 60.0, devices=["g"])
    assert not reached.any()


def test_a_stationed_guard_leaving_twice_counts_two_departures():
    post = np.array([shapely.LineString([(X0, Y0), (X0 + 80, Y0)])])  # exposed main on a bridge
    t = ANCHOR + 3600
    tr = track(
        stay("g", X0 + 40, Y0 + 5, t, 1800),
        fixes("g", [X0 + 40, X0 + 300], Y0 + 5, [t + 1800, t + 1810]),     # leaves
        stay("g", X0 + 300, Y0 + 5, t + 1810, 600),
        fixes("g", [X0 + 300, X0 + 40], Y0 + 5, [t + 2410, t + 2420]),     # back
        stay("g", X0 + 40, Y0 + 5, t + 2420, 1200),
        fixes("g", [X0 + 40, X0 + 400], Y0 + 5, [t + 3620, t + 3630]),     # leaves again
        stay("g", X0 + 400, Y0 + 5, t + 3630, 900),
        fixes("g", [X0 + 400, X0 + 40], Y0 + 5, [t + 4530, t + 4540]),     # back
        stay("g", X0 + 40, Y0 + 5, t + 4540, 600),
    )
    windows = [(ANCHOR, ANCHOR + 4 * H), (ANCHOR + 4 * H, ANCHOR + 8 * H)]
    presence, departures = stationed_presence(post, tr, windows, tolerance_m=30.0)
    assert departures[0].tolist() == [2, 0]
    # Present 1800 + 1200 + 600 s, plus part of the walking lines near the post.
    assert 3600 <= presence[0, 0] <= 3650
    assert presence[0, 1] == 0


def test_handover_between_two_guards_is_not_a_departure():
    post = np.array([shapely.Point(X0, Y0)])
    t = ANCHOR + 3600
    tr = track(stay("day", X0 + 3, Y0, t, 1200), fixes("day", [X0 + 500], Y0, [t + 1260]),
               stay("night", X0 - 3, Y0, t + 1100, 1200))
    presence, departures = stationed_presence(post, tr, [(ANCHOR, ANCHOR + 24 * H)], 30.0)
    assert departures[0, 0] == 0  # the night guard arrived before the day guard left
