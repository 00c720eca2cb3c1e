"""Stacked vehicles: the brute-force pairs (a desk's few points) group exactly as the k-d tree does."""

from __future__ import annotations

import numpy as np

from gis import stacking


def test_small_sets_group_as_the_kd_tree_groups(monkeypatch):
    rng = np.random.default_rng(4)
    cases = [(np.array([0.0, 5.0, 10.0, 30.0]), np.zeros(4))]  # exactly 5 m apart: one chain of three
    for n in (2, 7, 60, 200):
        x, y = rng.uniform(0, 80, n), rng.uniform(0, 80, n)
        x[1] = np.nan  # non-finite points stay alone
        cases.append((x, y))
    for x, y in cases:
        small = stacking.stacked_groups(x, y)
        monkeypatch.setattr(stacking, "BRUTE_FORCE_MAX", -1)
        tree = stacking.stacked_groups(x, y)
        monkeypatch.undo()
        assert [g.tolist() for g in small] == [g.tolist() for g in tree]
    assert [g.tolist() for g in stacking.stacked_groups(*cases[0])] == [[0, 1, 2], [3]]
