"""Clean raw patrol fixes into track parts in a metric CRS.

Raw fixes (from files or the live feed) arrive out of order, repeated, with
multipath jumps and poor-accuracy fixes, and with holes where the phone slept.
:func:`clean_fixes` fixes all of that in a few vectorised passes over a
DataFrame ``device, t, lon, lat[, accuracy_m]`` and returns :class:`Tracks`:
arrays of metric coordinates and times, split into *parts* at gaps so that no
line is drawn (or counted as patrolled) across a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pyproj import Transformer


@dataclass(frozen=True)
class CleanParams:
    """Thresholds of the cleaning (all configurable).

    Attributes
    ----------
    max_speed_mps
        A fix reached faster than this from its neighbours is a jump and dropped
        (default 50 m/s = 180 km/h: no patrol car goes faster in a city).
    max_accuracy_m
        Fixes whose reported accuracy is worse (larger) are dropped; NaN accuracy
        (not reported) is kept.
    max_gap_s
        A longer time between two fixes starts a new part: no line across it.
    """

    max_speed_mps: float = 50.0
    max_accuracy_m: float = 50.0
    max_gap_s: float = 300.0


@dataclass
class CleanReport:
    """How many fixes each rule touched."""

    n_in: int = 0
    out_of_order: int = 0
    duplicates: int = 0
    poor_accuracy: int = 0
    impossible_speed: int = 0
    invalid: int = 0
    gaps: int = 0
    n_out: int = 0

    def as_dict(self) -> dict:
        """The counts as a plain dict (for JSON)."""
        return dict(self.__dict__)


@dataclass
class Tracks:
    """Cleaned fixes, sorted by device then time, in a metric CRS.

    Attributes
    ----------
    device
        Device name per fix (object array).
    x, y
        Metric coordinates per fix.
    t
        Unix seconds per fix.
    part
        Part number per fix; consecutive fixes with the same part are joined by
        a line, a new part starts at a new device or after a gap.
    lon, lat
        The original coordinates (for display and storage).
    """

    device: np.ndarray
    x: np.ndarray
    y: np.ndarray
    t: np.ndarray
    part: np.ndarray
    lon: np.ndarray = field(default_factory=lambda: np.empty(0))
    lat: np.ndarray = field(default_factory=lambda: np.empty(0))

    def __len__(self) -> int:
        return len(self.t)

    @classmethod
    def empty(cls) -> Tracks:
        """No fixes."""
        e = np.empty(0)
        return cls(np.empty(0, dtype=object), e, e, e, np.empty(0, dtype=np.int64), e, e)

    def pieces(self) -> tuple[np.ndarray, np.ndarray]:
        """Index pairs ``(i, j)`` of the fixes joined by a track line.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            Start and end fix of every line; a part made of a single fix yields a
            degenerate piece ``(i, i)`` so that a lone fix still counts as a point.
        """
        n = len(self.t)
        if n == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        same = self.part[1:] == self.part[:-1]
        i = np.flatnonzero(same)
        starts = np.r_[True, ~same]
        ends = np.r_[~same, True]
        lone = np.flatnonzero(starts & ends)
        a = np.concatenate([i, lone])
        b = np.concatenate([i + 1, lone])
        order = np.argsort(a, kind="stable")
        return a[order], b[order]


def _transformer(crs: str) -> Transformer:
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def clean_fixes(
    frame: pd.DataFrame,
    crs: str,
    params: CleanParams | None = None,
    first_part: int = 0,
) -> tuple[Tracks, CleanReport]:
    """Sort, de-duplicate and filter raw fixes, project them, split them at gaps.

    Parameters
    ----------
    frame
        Columns ``device, t, lon, lat`` and optionally ``accuracy_m``; any order.
    crs
        The metric CRS to project into (the event's ``local_crs``).
    params
        Thresholds; defaults of :class:`CleanParams` when None.
    first_part
        Number of the first part (so that batches of a live feed get new numbers).

    Returns
    -------
    (Tracks, CleanReport)
        The cleaned tracks and what was removed and why.

    Notes
    -----
    Order of the rules: invalid coordinates and poor accuracy first (they say
    nothing about where the patroller was), then sort by device and time and drop
    repeated times (the first fix at a time wins), then speed: a fix reached at
    more than ``max_speed_mps`` is dropped, repeatedly, because removing one jump
    changes its neighbours' speeds. Gaps are cut last, on the clean sequence.
    """
    params = params or CleanParams()
    rep = CleanReport(n_in=len(frame))
    if len(frame) == 0:
        return Tracks.empty(), rep
    device = frame["device"].astype(str).to_numpy(dtype=object)
    t = frame["t"].to_numpy(dtype="float64")
    lon = frame["lon"].to_numpy(dtype="float64")
    lat = frame["lat"].to_numpy(dtype="float64")
    acc = (
        frame["accuracy_m"].to_numpy(dtype="float64")
        if "accuracy_m" in frame.columns
        else np.full(len(frame), np.nan)
    )

    valid = np.isfinite(t) & np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    rep.invalid = int((~valid).sum())
    poor = valid & (acc > params.max_accuracy_m)  # NaN compares False: unknown accuracy is kept
    rep.poor_accuracy = int(poor.sum())
    keep = valid & ~poor

    # Device codes make the sort numeric; pandas factorize keeps first-seen order.
    codes, names = pd.factorize(device)
    codes, t, lon, lat = codes[keep], t[keep], lon[keep], lat[keep]
    # Out of order = a fix older than one received before it from the same device.
    if len(t):
        frame_order = pd.DataFrame({"c": codes, "t": t})
        running = frame_order.groupby("c", sort=False)["t"].cummax().to_numpy()
        rep.out_of_order = int((t < running).sum())
    order = np.lexsort((t, codes))
    codes, t, lon, lat = codes[order], t[order], lon[order], lat[order]
    dup = np.r_[False, (codes[1:] == codes[:-1]) & (t[1:] == t[:-1])]
    rep.duplicates = int(dup.sum())
    codes, t, lon, lat = codes[~dup], t[~dup], lon[~dup], lat[~dup]

    x, y = _transformer(crs).transform(lon, lat)
    x, y = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")

    alive = np.ones(len(t), dtype=bool)
    for _ in range(8):  # each pass removes the worst jumps; real logs settle in 2–3
        idx = np.flatnonzero(alive)
        if len(idx) < 2:
            break
        c, tt, xx, yy = codes[idx], t[idx], x[idx], y[idx]
        same = c[1:] == c[:-1]
        dt_ = np.maximum(tt[1:] - tt[:-1], 1e-9)
        v = np.hypot(xx[1:] - xx[:-1], yy[1:] - yy[:-1]) / dt_
        fast = same & (v > params.max_speed_mps)
        if not fast.any():
            break
        fast_in = np.r_[False, fast]
        fast_out = np.r_[fast, False]
        # A spike is fast in and fast out; drop those first. Otherwise the jump
        # is a step: drop the later fix (the earlier ones were consistent).
        spike = fast_in & fast_out
        drop = spike if spike.any() else fast_in
        alive[idx[drop]] = False
    rep.impossible_speed = int((~alive).sum())
    codes, t, lon, lat, x, y = codes[alive], t[alive], lon[alive], lat[alive], x[alive], y[alive]

    new_part = np.r_[True, (codes[1:] != codes[:-1]) | (t[1:] - t[:-1] > params.max_gap_s)]
    rep.gaps = int((np.r_[False, (codes[1:] == codes[:-1]) & (t[1:] - t[:-1] > params.max_gap_s)]).sum())
    part = np.cumsum(new_part) - 1 + first_part
    rep.n_out = len(t)
    dev = np.asarray(names, dtype=object)[codes] if len(codes) else np.empty(0, dtype=object)
    return Tracks(dev, x, y, t, part.astype(np.int64), lon, lat), rep
