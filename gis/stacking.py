"""Points stacked at one place (vehicles parked at a depot) grouped into one symbol with a count."""

from __future__ import annotations

import numpy as np

#: Vehicles within this many metres of each other are drawn as one.
STACK_M = 5.0


#: Up to this many points the pairs are found by brute force (a desk's vehicles): no
#: scipy.spatial (~60 modules) loaded for the map's first live labels.
BRUTE_FORCE_MAX = 256


def _close_pairs(x: np.ndarray, y: np.ndarray, within_m: float):
    """Index pairs (i < j) no farther apart than ``within_m``."""
    if len(x) > BRUTE_FORCE_MAX:
        from scipy.spatial import cKDTree

        return cKDTree(np.column_stack([x, y])).query_pairs(within_m)
    dx = x[:, None] - x[None, :]
    dy = y[:, None] - y[None, :]
    a, b = np.nonzero(np.triu(dx * dx + dy * dy <= within_m * within_m, 1))
    return zip(a.tolist(), b.tolist())


def stacked_groups(x, y, within_m: float = STACK_M) -> list[np.ndarray]:
    """Indices of points grouped by distance (single linkage within ``within_m``), in first-seen order.

    ``x, y`` are in metres (a projected CRS). Non-finite points stay alone.
    Every index appears in exactly one group; a group of one is a lone point.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    parent = np.arange(n)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ok = np.isfinite(x) & np.isfinite(y)
    idx = np.nonzero(ok)[0]
    if len(idx) > 1:
        for a, b in _close_pairs(x[idx], y[idx], within_m):
            ra, rb = root(int(idx[a])), root(int(idx[b]))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return [np.asarray(g) for g in groups.values()]
