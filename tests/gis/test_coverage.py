"""Coverage engine: hand-made cases with known answers, and incremental == full."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from gis.coverage import CoverageState, RequirementSpec, sample_segments
from demo.patrol_sim import SimTeam, grid_streets, simulate_patrols

CRS = "EPSG:32632"
X0, Y0 = 500_000.0, 5_200_000.0
ANCHOR = 1_750_000_000.0 - (1_750_000_000.0 % 86_400)  # a UTC midnight
H = 3600.0
TO_LL = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)


def fixes(device: str, xs, ys, ts) -> pd.DataFrame:
    """Fixes given in metres (converted to lon/lat as a receiver reports them)."""
    xs, ys, ts = np.broadcast_arrays(np.asarray(xs, float), np.asarray(ys, float), np.asarray(ts, float))
    lon, lat = TO_LL.transform(xs, ys)
    return pd.DataFrame({"device": device, "t": ts, "lon": lon, "lat": lat})


def walk(device: str, x_from: float, x_to: float, y: float, t0: float, speed: float = 1.5, dt: float = 5.0):
    """A straight walk along y = const, one fix every ``dt`` seconds."""
    n = int(abs(x_to - x_from) / (speed * dt)) + 1
    xs = np.linspace(x_from, x_to, n)
    return fixes(device, xs, y, t0 + np.arange(n) * dt)


def one_segment_state(length=1000.0, interval_h=4.0, tol=30.0, frac=0.8, kinds=frozenset(), device_kinds=None):
    seg = np.array([shapely.LineString([(X0, Y0), (X0 + length, Y0)])])
    spec = RequirementSpec(1, "venue_guard", interval_h * H, tol, frac, kinds)
    return CoverageState(seg, [spec], {1: np.array([0])}, ANCHOR, CRS, device_kinds)


def test_samples_are_midpoints_of_equal_pieces():
    xy, counts, lengths = sample_segments(np.array([shapely.LineString([(0, 0), (12, 0)])]), 5.0)
    assert counts.tolist() == [3] and lengths.tolist() == [12.0]
    assert np.allclose(xy[:, 0], [2, 6, 10])


def test_track_along_half_a_segment_covers_half_its_length():
    state = one_segment_state()
    # The tolerance reaches D past the track's end, so the track stops D short of the middle.
    state.add_fixes(walk("p1", X0 - 100, X0 + 470, Y0, ANCHOR + 600))
    assert state.reqs[0].frac[0, 0] == pytest.approx(0.5)
    w0 = state.requirement_summary()[0]["windows"][0]
    assert (w0["required_m"], w0["covered_m"], w0["ratio"]) == (1000.0, 0.0, 0.0)  # 50 % < F = 80 %


def test_track_40_m_away_gives_nothing_with_d_30():
    state = one_segment_state()
    state.add_fixes(walk("p1", X0 - 100, X0 + 1100, Y0 + 40, ANCHOR + 600))
    assert state.reqs[0].frac[0, 0] == 0.0
    state.add_fixes(walk("p2", X0 - 100, X0 + 1100, Y0 + 25, ANCHOR + 1200))
    assert state.reqs[0].frac[0, 0] == 1.0
    assert state.requirement_summary()[0]["windows"][0]["ratio"] == 1.0


def test_the_line_between_fixes_counts_not_only_the_fixes():
    state = one_segment_state(length=200.0)
    # Two fixes 300 m apart (a car at 20 m/s, 15 s): no fix is near the middle of
    # the segment, but the line between them runs along all of it.
    state.add_fixes(fixes("car", [X0 - 50, X0 + 250], Y0 + 10, [ANCHOR + 100, ANCHOR + 115]))
    assert state.reqs[0].frac[0, 0] == 1.0


def test_a_pass_exactly_at_a_window_boundary():
    state = one_segment_state(length=300.0)
    b = ANCHOR + 4 * H
    # Pass A ends exactly at 04:00:00: it belongs to window 0 [00:00, 04:00).
    a = walk("p1", X0 - 40, X0 + 340, Y0, 0.0)
    a["t"] = a["t"] - a["t"].iloc[-1] + b
    state.add_fixes(a)
    assert state.reqs[0].covered[0].tolist() == [True, False, False, False, False, False]
    # Pass B starts exactly at 04:00:00: window 1 [04:00, 08:00).
    state.add_fixes(walk("p2", X0 - 40, X0 + 340, Y0, b))
    assert state.reqs[0].covered[0].tolist() == [True, True, False, False, False, False]


def test_a_pass_straddling_a_boundary_is_split_between_windows():
    state = one_segment_state(length=300.0)
    b = ANCHOR + 4 * H
    # 1.5 m/s: the walker is at the middle of the segment exactly at 04:00.
    p = walk("p1", X0 - 30, X0 + 330, Y0, 0.0)
    p["t"] = p["t"] - p["t"].iloc[len(p) // 2] + b
    state.add_fixes(p)
    f0, f1 = state.reqs[0].frac[0, :2]
    # Each window sees its half of the pass plus D = 30 m beyond the cut: 180 of 300 m.
    assert f0 == pytest.approx(0.6, abs=0.02) and f1 == pytest.approx(0.6, abs=0.02)
    assert not state.reqs[0].covered[0, :2].any()


def test_out_of_order_and_duplicate_fixes_give_the_same_answer():
    clean = walk("p1", X0 - 40, X0 + 500, Y0, ANCHOR + 600)
    messy = pd.concat([clean, clean.iloc[::7]]).sample(frac=1.0, random_state=3)
    a, b = one_segment_state(), one_segment_state()
    a.add_fixes(clean)
    b.add_fixes(messy)
    assert np.array_equal(a.reqs[0].frac, b.reqs[0].frac)
    assert b.report.duplicates == len(clean.iloc[::7])
    assert b.report.out_of_order > 0
    assert a.report.duplicates == 0 and a.report.out_of_order == 0


def test_no_line_across_a_gap():
    state = one_segment_state()
    first = fixes("p1", [X0 - 50, X0], Y0, [ANCHOR + 100, ANCHOR + 130])
    # The phone sleeps 20 minutes, then wakes at the other end.
    second = fixes("p1", [X0 + 1000, X0 + 1050], Y0, [ANCHOR + 1330, ANCHOR + 1360])
    state.add_fixes(pd.concat([first, second]))
    assert state.reqs[0].frac[0, 0] < 0.1
    assert state.report.gaps == 1


def test_batches_are_joined_between_fixes_of_the_same_device():
    state = one_segment_state()
    state.add_fixes(walk("p1", X0 - 40, X0 + 400, Y0, ANCHOR + 100))
    last_t = ANCHOR + 100 + 5.0 * (int(440 / 7.5))
    # Next batch starts 80 m further on, 60 s later: the joint line covers the hole.
    state.add_fixes(walk("p1", X0 + 480, X0 + 1040, Y0, last_t + 60))
    assert state.reqs[0].frac[0, 0] == 1.0
    # A late fix (older than the last one taken) is dropped and counted.
    state.add_fixes(fixes("p1", [X0], Y0, [ANCHOR + 50]))
    assert state.report.out_of_order == 1


def test_only_eligible_teams_count():
    state = one_segment_state(kinds=frozenset({"guard"}), device_kinds={"g1": "guard", "p1": "patrol"})
    state.add_fixes(walk("p1", X0 - 40, X0 + 1040, Y0, ANCHOR + 100))
    assert state.reqs[0].frac[0, 0] == 0.0
    state.add_fixes(walk("g1", X0 - 40, X0 + 1040, Y0, ANCHOR + 100))
    assert state.reqs[0].frac[0, 0] == 1.0


def test_overdue_and_last_visit():
    state = one_segment_state(interval_h=4.0)
    state.add_fixes(walk("p1", X0 - 40, X0 + 1040, Y0, ANCHOR + 1 * H))
    last = state.last_visits(0)[0]
    assert ANCHOR + 1 * H < last < ANCHOR + 1.3 * H
    assert state.overdue(ANCHOR + 4 * H)[1].size == 0
    assert state.overdue(ANCHOR + 5.5 * H)[1].tolist() == [0]


def test_incremental_batches_equal_the_full_computation():
    lines = grid_streets(8, 8, 60.0, (X0, Y0))
    teams = [SimTeam("a", np.arange(0, 60), 0, 3 * H, 1.3, 0.3), SimTeam("b", np.arange(60, 112), 5 * H, 9 * H, 6.0)]
    raw = simulate_patrols(lines, teams, ANCHOR, CRS, seed=4)
    specs = [RequirementSpec(1, "venue_guard", 4 * H), RequirementSpec(2, "patch", 12 * H, 20.0, 0.9)]
    members = {1: np.arange(0, 80), 2: np.arange(len(lines))}
    full = CoverageState(lines, specs, members, ANCHOR, CRS)
    full.add_fixes(raw)
    live = CoverageState(lines, specs, members, ANCHOR, CRS)
    ordered = raw.sort_values("t", kind="stable")
    for s in range(0, len(ordered), 1000):
        live.add_fixes(ordered.iloc[s:s + 1000])
    for r_full, r_live in zip(full.reqs, live.reqs):
        assert np.array_equal(r_full.covered, r_live.covered)
        assert np.allclose(r_full.covered_m, r_live.covered_m)
    assert full.requirement_summary() == live.requirement_summary()
    ratios = [w["ratio"] for w in full.requirement_summary()[0]["windows"]]
    assert 0 < ratios[0] < 1  # team a skipped part of its lines
    assert ratios[3:] == [0.0, 0.0, 0.0]  # nobody out after 09:00


def test_group_summary_restricts_to_a_set_of_segments():
    lines = np.array([shapely.LineString([(X0, Y0 + k * 100), (X0 + 500, Y0 + k * 100)]) for k in range(3)])
    state = CoverageState(lines, [RequirementSpec(1, "patch", 12 * H)], {1: np.arange(3)}, ANCHOR, CRS)
    state.add_fixes(walk("p1", X0 - 40, X0 + 540, Y0, ANCHOR + 100))
    out = state.group_summary({"A": np.array([0, 1]), "B": np.array([2])})
    assert out["A"][0]["windows"][0]["ratio"] == 0.5
    assert out["B"][0]["windows"][0]["ratio"] == 0.0
