"""Label collision avoidance (issue 16, points 11 and 13): greedy placement by priority in screen space.

Repair, residence, important-user, place and street labels used to overprint
each other on the desk map. Each render collects every label's box (device
pixels, measured from its font) with a priority; :func:`place_labels` keeps
them highest priority first and drops any label whose box overlaps one
already kept. Pure numpy: the kept boxes live in a uniform grid of cells so
each candidate is tested only against its neighbours (a few thousand labels
in a few milliseconds).
"""

from __future__ import annotations

import numpy as np

#: Label priority per layer name (higher wins a contested spot); others get :data:`DEFAULT_PRIORITY`.
LABEL_PRIORITY = {
    "repairs": 100,
    "isolation_valves": 90,
    "residences": 80,
    "users": 70,
    "venues": 60,
    "customers": 50,
    "basemap_streets": 20,
}
DEFAULT_PRIORITY = 40


def label_priority(layer_name: str) -> int:
    """The priority of a layer's labels."""
    return LABEL_PRIORITY.get(layer_name, DEFAULT_PRIORITY)


def boxes_overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise overlap of boxes ``a`` (n, 4) and ``b`` (m, 4) as ``x0, y0, x1, y1``: an (n, m) bool array.

    Boxes that only touch along an edge do not overlap.
    """
    a = np.asarray(a, float).reshape(-1, 4)
    b = np.asarray(b, float).reshape(-1, 4)
    return ((a[:, None, 0] < b[None, :, 2]) & (b[None, :, 0] < a[:, None, 2])
            & (a[:, None, 1] < b[None, :, 3]) & (b[None, :, 1] < a[:, None, 3]))


def place_labels(boxes, priority, cell: float | None = None) -> np.ndarray:
    """Which labels to draw: a bool mask, True for each label kept.

    Parameters
    ----------
    boxes
        (n, 4) array of ``x0, y0, x1, y1`` in screen pixels (y down or up, either).
    priority
        (n,) numbers; higher first, ties in the given order (so a caller can
        put a layer's own ranking, e.g. longest street first, in the order).
    cell
        Grid cell size (default: twice the median box size).
    """
    boxes = np.asarray(boxes, float).reshape(-1, 4)
    n = len(boxes)
    keep = np.zeros(n, bool)
    if n == 0:
        return keep
    order = np.argsort(-np.asarray(priority, float), kind="stable")
    size = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
    cell = float(cell or max(2.0 * float(np.median(size)), 1.0))
    # Grid cells each box spans.
    c0 = np.floor(boxes[:, :2] / cell).astype(np.int64)
    c1 = np.floor(boxes[:, 2:] / cell).astype(np.int64)
    grid: dict[tuple[int, int], list[int]] = {}
    for i in order:
        cells = [(cx, cy) for cx in range(c0[i, 0], c1[i, 0] + 1) for cy in range(c0[i, 1], c1[i, 1] + 1)]
        near = {j for c in cells for j in grid.get(c, ())}
        if near:
            others = boxes[list(near)]
            b = boxes[i]
            if np.any((b[0] < others[:, 2]) & (others[:, 0] < b[2]) & (b[1] < others[:, 3]) & (others[:, 1] < b[3])):
                continue
        keep[i] = True
        for c in cells:
            grid.setdefault(c, []).append(int(i))
    return keep
