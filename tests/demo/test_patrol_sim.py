"""The patrol simulator: deterministic, noisy like a receiver, along the streets."""

from __future__ import annotations

import numpy as np
import shapely

from demo.patrol_sim import SimTeam, grid_streets, simulate_patrols
from tests.gis.test_coverage import ANCHOR, CRS, H, X0, Y0


def test_same_seed_same_fixes_and_realistic_noise():
    lines = grid_streets(6, 6, 80.0, (X0, Y0))
    teams = [SimTeam("w", np.arange(len(lines)), 0, 2 * H, 1.3)]
    a = simulate_patrols(lines, teams, ANCHOR, CRS, seed=7)
    b = simulate_patrols(lines, teams, ANCHOR, CRS, seed=7)
    c = simulate_patrols(lines, teams, ANCHOR, CRS, seed=8)
    assert a.equals(b) and not a.equals(c)
    dt = np.diff(a["t"].to_numpy())
    assert dt.min() >= 5.0 and dt.max() <= 10.0
    assert a["t"].min() >= ANCHOR and a["t"].max() < ANCHOR + 2 * H
    # Distance of the fixes from the nearest street: GPS noise of ~5 m per axis.
    d = shapely.distance(shapely.points(a["x"], a["y"])[:, None], lines[None, :]).min(axis=1)
    assert 2.0 < np.median(d) < 6.0 and d.max() < 30.0


def test_skipping_team_never_visits_part_of_its_lines():
    lines = grid_streets(8, 8, 60.0, (X0, Y0))
    fx = simulate_patrols(lines, [SimTeam("s", np.arange(len(lines)), 0, 6 * H, 1.3, skip_fraction=0.25)],
                          ANCHOR, CRS, seed=1)
    near = shapely.dwithin(lines[:, None], shapely.points(fx["x"], fx["y"])[None, :], 10.0).any(axis=1)
    assert 0.6 < near.mean() < 0.9


def test_gps_noise_is_the_ar1_filter_scipy_computes():
    """The patrollers' correlated GPS noise: the numbers scipy.signal.lfilter gives, bit for bit."""
    import numpy as np
    from scipy.signal import lfilter

    from demo.patrol_sim import _ar1_noise

    for n in (0, 1, 2, 5000):
        got = _ar1_noise(np.random.default_rng(3), n, 5.0, 0.9)
        rng = np.random.default_rng(3)
        e = rng.normal(0.0, 5.0 * np.sqrt(1 - 0.81), size=(n, 2))
        if n:
            e[0] = rng.normal(0.0, 5.0, size=2)
        assert np.array_equal(got, lfilter([1.0], [1.0, -0.9], e, axis=0) if n else e)
