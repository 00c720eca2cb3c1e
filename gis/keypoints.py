"""Key-point arrival (到位率) and stationed-post presence from cleaned tracks.

Both reduce to *presence intervals*: the times during which a track line is
within ``D`` of a target. For a key point the time a line spends inside the
disc is solved exactly (constant speed between fixes); for a stationed post (a
pipe segment, e.g. an exposed main on a bridge) a line counts as present for
the share of its ends that are within ``D``. Intervals of all eligible devices
are merged per target (two guards relieving each other leave no hole), then cut
into the requirement's windows:

- a key point is *reached* in a window when one merged presence lasts at least
  ``S`` seconds inside that window;
- a post reports presence seconds / window seconds and its *departures*: the
  times its merged presence ends before the window does (a guard walking off,
  or a phone going dark while on post).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import shapely

from gis.coverage import SampleGrid, split_at_times
from gis.tracks_clean import Tracks


def _select(tracks: Tracks, devices: Iterable[str] | None) -> Tracks:
    if devices is None:
        return tracks
    keep = np.isin(tracks.device, np.asarray(list(devices), dtype=object))
    return Tracks(tracks.device[keep], tracks.x[keep], tracks.y[keep], tracks.t[keep], tracks.part[keep],
                  tracks.lon[keep] if len(tracks.lon) else tracks.lon,
                  tracks.lat[keep] if len(tracks.lat) else tracks.lat)


def _pieces(tracks: Tracks, edges: np.ndarray):
    a, b = tracks.pieces()
    return split_at_times(tracks.x[a], tracks.y[a], tracks.x[b], tracks.y[b], tracks.t[a], tracks.t[b], edges)


def merge_intervals(target: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, ...]:
    """Union of intervals per target.

    Returns
    -------
    (target, start, end)
        The merged intervals, sorted by target then start; touching intervals merge.
    """
    if len(target) == 0:
        return target, start, end
    order = np.lexsort((start, target))
    tg, s, e = target[order], start[order], end[order]
    run_end = pd.Series(e).groupby(tg).cummax().to_numpy()
    new = np.r_[True, (tg[1:] != tg[:-1]) | (s[1:] > run_end[:-1] + 1e-6)]
    run = np.cumsum(new) - 1
    out_t = tg[new]
    out_s = s[new]
    out_e = np.zeros(len(out_t))
    np.maximum.at(out_e, run, e)
    return out_t, out_s, out_e


def _clip_to_windows(t, s, e, windows: Sequence[tuple[float, float]]):
    """Per window: the merged intervals' parts inside it (target, start, end, window)."""
    parts = []
    for w, (ws, we) in enumerate(windows):
        cs, ce = np.maximum(s, ws), np.minimum(e, we)
        ok = ce > cs
        parts.append((t[ok], cs[ok], ce[ok], np.full(int(ok.sum()), w)))
    cat = [np.concatenate(p) for p in zip(*parts)] if parts else [np.empty(0)] * 4
    return cat


def keypoint_arrivals(
    points_xy: np.ndarray,
    tracks: Tracks,
    windows: Sequence[tuple[float, float]],
    tolerance_m: float = 30.0,
    min_dwell_s: float = 60.0,
    devices: Iterable[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Which key points were reached in each window.

    Parameters
    ----------
    points_xy
        Key points (K, 2) in the tracks' metric CRS.
    tracks
        Cleaned tracks (:func:`gis.tracks_clean.clean_fixes`).
    windows
        The requirement's windows as (start, end) unix times.
    tolerance_m
        ``D``: within this distance the patroller is at the point.
    min_dwell_s
        ``S``: a presence must last this long (inside one window) to count.
    devices
        Only these devices' tracks count (the eligible teams'); all when None.

    Returns
    -------
    (reached, dwell_s)
        ``reached`` (K, n_windows) bool; ``dwell_s`` (K, n_windows) the longest
        presence in each window.
    """
    k, n_w = len(points_xy), len(windows)
    dwell = np.zeros((k, n_w))
    tracks = _select(tracks, devices)
    if k == 0 or n_w == 0 or len(tracks) == 0:
        return np.zeros((k, n_w), dtype=bool), dwell
    edges = np.unique(np.ravel(windows))
    _, x0, y0, x1, y1, t0, t1 = _pieces(tracks, edges)
    grid = SampleGrid(np.asarray(points_xy, dtype="float64"), max(tolerance_m, 5.0))
    line, pt, _ = grid.near_lines(x0, y0, x1, y1, tolerance_m)
    # Time inside the disc: |p0 + u·(p1 - p0) - c| <= D, u in [0, 1].
    cx, cy = points_xy[pt, 0], points_xy[pt, 1]
    ax, ay = x0[line] - cx, y0[line] - cy
    dx, dy = x1[line] - x0[line], y1[line] - y0[line]
    qa = dx * dx + dy * dy
    qb = 2 * (ax * dx + ay * dy)
    qc = ax * ax + ay * ay - tolerance_m * tolerance_m
    disc = np.maximum(qb * qb - 4 * qa * qc, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ua = np.where(qa > 0, (-qb - np.sqrt(disc)) / (2 * qa), 0.0)
        ub = np.where(qa > 0, (-qb + np.sqrt(disc)) / (2 * qa), 1.0)
    ua, ub = np.clip(ua, 0, 1), np.clip(ub, 0, 1)
    dt = t1[line] - t0[line]
    s = t0[line] + ua * dt
    e = t0[line] + ub * dt
    mt, ms, me = merge_intervals(pt, s, e)
    ct, cs, ce, cw = _clip_to_windows(mt, ms, me, windows)
    np.maximum.at(dwell, (ct.astype(np.int64), cw.astype(np.int64)), ce - cs)
    return dwell >= min_dwell_s - 1e-9, dwell


def stationed_presence(
    posts: np.ndarray,
    tracks: Tracks,
    windows: Sequence[tuple[float, float]],
    tolerance_m: float = 30.0,
    devices: Iterable[str] | None = None,
    now: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Presence time and departures at stationed posts, per window.

    Parameters
    ----------
    posts
        Post geometries (points or lines, e.g. exposed pipe segments) in the
        tracks' metric CRS.
    tracks
        Cleaned tracks.
    windows
        (start, end) unix times.
    tolerance_m
        ``D``: within this distance of the post a guard is on post.
    devices
        The devices of the guards (all when None).
    now
        Presence ending at or after ``now`` is not a departure (still on post);
        default: the end of the data.

    Returns
    -------
    (presence_s, departures)
        Both (n_posts, n_windows): seconds on post and how many times the post
        was left unattended in the window.
    """
    p, n_w = len(posts), len(windows)
    presence = np.zeros((p, n_w))
    departures = np.zeros((p, n_w), dtype=np.int64)
    tracks = _select(tracks, devices)
    if p == 0 or n_w == 0 or len(tracks) == 0:
        return presence, departures
    edges = np.unique(np.ravel(windows))
    _, x0, y0, x1, y1, t0, t1 = _pieces(tracks, edges)
    tree = shapely.STRtree(posts)
    inside0 = np.zeros((len(x0), p), dtype=bool)
    inside1 = np.zeros((len(x0), p), dtype=bool)
    for arr, xs, ys in ((inside0, x0, y0), (inside1, x1, y1)):
        q, g = tree.query(shapely.points(xs, ys), predicate="dwithin", distance=tolerance_m)
        arr[q, g] = True
    line, post = np.nonzero(inside0 | inside1)
    a, b = inside0[line, post], inside1[line, post]
    mid = 0.5 * (t0[line] + t1[line])
    s = np.where(a, t0[line], mid)
    e = np.where(b, t1[line], mid)
    mt, ms, me = merge_intervals(post, s, e)
    ct, cs, ce, cw = _clip_to_windows(mt, ms, me, windows)
    ct, cw = ct.astype(np.int64), cw.astype(np.int64)
    np.add.at(presence, (ct, cw), ce - cs)
    end_data = float(tracks.t.max()) if now is None else float(now)
    win_end = np.array([we for _, we in windows])
    left = (ce < win_end[cw] - 1e-6) & (ce < end_data - 1e-6)
    np.add.at(departures, (ct[left], cw[left]), 1)
    return presence, departures
