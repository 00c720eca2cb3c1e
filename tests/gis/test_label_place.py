"""Greedy label placement: higher priority first, no two kept boxes overlap."""

from __future__ import annotations

import numpy as np

from gis.label_place import boxes_overlap, label_priority, place_labels


def test_lower_priority_label_overlapping_a_higher_one_is_skipped():
    boxes = np.array([[0, 0, 50, 12],     # street (low)
                      [30, 5, 90, 17],    # repair (high), overlaps the street
                      [100, 0, 140, 12],  # residence, alone
                      [50, 0, 60, 12]])   # touches the street's edge only, overlaps the repair
    prio = [label_priority("basemap_streets"), label_priority("repairs"), label_priority("residences"),
            label_priority("users")]
    keep = place_labels(boxes, prio)
    assert keep.tolist() == [False, True, True, False]


def test_many_random_labels_kept_boxes_never_overlap():
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 1920, (3000, 2))
    wh = rng.uniform(20, 120, (3000, 2)) * [1, 0.2]
    boxes = np.column_stack([xy, xy + wh])
    prio = rng.integers(0, 5, 3000)
    keep = place_labels(boxes, prio)
    kept = boxes[keep]
    over = boxes_overlap(kept, kept)
    np.fill_diagonal(over, False)
    assert not over.any()
    assert keep.sum() > 100
    # Every dropped label overlaps a kept one of at least its priority.
    dropped = np.nonzero(~keep)[0]
    hits = boxes_overlap(boxes[dropped], kept)
    kept_prio = prio[keep]
    assert all((hits[k] & (kept_prio >= prio[i])).any() for k, i in enumerate(dropped))
