"""Synthetic pipe networks for benchmarks and tests (deterministic, no files).

Real demo data lives in ``resources/demo``; this only exists to measure the
canvas at a scale no bundled city reaches (500,000 pipes).
"""

from __future__ import annotations

import numpy as np
import shapely


def random_pipes(n: int, size_m: float = 20_000.0, origin: tuple[float, float] = (750_000.0, 5_220_000.0),
                 vertices: int = 6, step_m: float = 25.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` wandering polylines of ``vertices`` points over a square of ``size_m``.

    Parameters
    ----------
    n
        Number of polylines.
    size_m
        Edge of the square they start in, metres.
    origin
        Lower-left corner (local metric CRS).
    vertices
        Points per polyline (``vertices - 1`` segments each).
    step_m
        Mean segment length.
    seed
        Random seed.

    Returns
    -------
    geoms : ndarray of LineString
    diameter_mm : ndarray
    pipe_class : ndarray of str ("transmission", "distribution", "service")
    """
    rng = np.random.default_rng(seed)
    start = rng.uniform(0, size_m, (n, 2)) + np.asarray(origin)
    heading = rng.uniform(0, 2 * np.pi, n)
    turns = np.cumsum(rng.normal(0, 0.35, (n, vertices - 1)), axis=1) + heading[:, None]
    steps = rng.uniform(0.5, 1.5, (n, vertices - 1)) * step_m
    dx, dy = np.cumsum(np.cos(turns) * steps, axis=1), np.cumsum(np.sin(turns) * steps, axis=1)
    xs = np.concatenate([start[:, :1], start[:, :1] + dx], axis=1)
    ys = np.concatenate([start[:, 1:], start[:, 1:] + dy], axis=1)
    coords = np.stack([xs, ys], axis=2).reshape(-1, 2)
    geoms = shapely.linestrings(coords, indices=np.repeat(np.arange(n), vertices))
    diameter = rng.choice([50, 100, 150, 200, 300, 500, 800, 1200], n, p=[.3, .25, .15, .12, .08, .05, .03, .02])
    cls = np.where(diameter >= 500, "transmission", np.where(diameter >= 100, "distribution", "service"))
    return geoms, diameter.astype(float), cls.astype(object)
