"""A live patrol day: the plan, its coverage state, the fixes so far, and the figures the desk shows.

:class:`PatrolSession` is Qt-free and store-free: it is built from arrays (see
``services.patrol.data.load_patrol_session`` for the store side) and then fed batches
of fixes, ``device, t, lon, lat`` DataFrames, from whatever feed there is (the
position feed, a file import, the demo simulator). Each batch updates the
figures incrementally through :class:`gis.coverage.CoverageState`; the day is
never recomputed.

On top of the coverage engine it keeps what the desk needs and the engine does
not: when each segment became covered in each window (for the coverage curve
through the day), the raw fixes (for track replay and "who visited"), and the
plan's patches and teams (for per-team and per-patch progress).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from gis.coverage import CoverageState, RequirementSpec, sorted_positions, unique_ints
from gis.segment_lines import Codes, SegmentLines

#: Per-segment state codes (aligned with the pipes): see :meth:`PatrolSession.segment_states`.
NOT_REQUIRED, COVERED, DUE, OVERDUE = 0, 1, 2, 3
#: A device whose newest fix is older than this is drawn as stale.
STALE_S = 600.0


@dataclass(frozen=True)
class RequirementInfo:
    """What the desk shows of a requirement besides the engine's spec."""

    key: int
    code: str
    name: str
    name_zh: str
    rule: str


class PatrolSession:
    """Coverage of one day, fed with live batches of fixes.

    Parameters
    ----------
    pipe_ids
        Store id per segment (the pipes, in the order of ``geoms``).
    pipe_codes
        Code per segment.
    geoms
        Segment LineStrings in the metric CRS ``crs`` (an object array or a
        :class:`gis.segment_lines.SegmentLines`).
    crs
        The event's metric CRS.
    specs
        Coverage specs of the active requirements.
    infos
        Display information per requirement key.
    plan
        One row per (segment, requirement): columns ``pos`` (segment index),
        ``requirement_id``, ``patch_id`` and optionally ``reason``.
    patches
        ``id, code`` of the patrol patches.
    teams
        ``id, code, name, kind, device_id, patch_id`` of the teams.
    anchor
        The day's anchor (local midnight), unix seconds.
    device_kinds
        Device → team kind, for devices not named in ``teams``.
    resolution_s
        A batch spanning more than this is fed in slices of this length, so the
        coverage curve has that resolution even for a back-filled day.
    reasons
        ``reasons(pos) -> {requirement key: reason}`` of one segment, for a plan
        without a ``reason`` column (the store's reasons read when a pipe is inspected).
    prepared
        The required segments' samples (:class:`gis.coverage.PreparedSamples`), e.g. read
        from a cache; made here when None or not the plan's.
    """

    def __init__(
        self,
        pipe_ids: np.ndarray,
        pipe_codes: np.ndarray,
        geoms: np.ndarray,
        crs: str,
        specs: list[RequirementSpec],
        infos: Mapping[int, RequirementInfo],
        plan: pd.DataFrame,
        patches: pd.DataFrame,
        teams: pd.DataFrame,
        anchor: float,
        device_kinds: Mapping[str, str] | None = None,
        resolution_s: float = 300.0,
        reasons: Callable[[int], dict] | None = None,
        prepared=None,
    ) -> None:
        self.pipe_ids = np.asarray(pipe_ids, dtype=np.int64)
        # A city's codes stay one compact buffer (``codes[i]`` a str, ``codes[rows]`` an object array).
        self.pipe_codes = pipe_codes if isinstance(pipe_codes, Codes) else np.asarray(pipe_codes, dtype=object)
        #: ``reasons(pos) -> {requirement key: reason}`` when the plan holds no ``reason`` column.
        self._reasons = reasons
        # A city's lines stay vertex arrays (geometries made for the rows asked for).
        self.geoms = geoms if isinstance(geoms, SegmentLines) else np.asarray(geoms, dtype=object)
        self.crs = crs
        self.specs = list(specs)
        self.infos = dict(infos)
        self.anchor = float(anchor)
        self.resolution_s = float(resolution_s)
        self.plan = plan.reset_index(drop=True).copy()
        self.patches = patches.reset_index(drop=True).copy()
        self.teams = teams.reset_index(drop=True).copy()
        self.length = (self.geoms.lengths if isinstance(self.geoms, SegmentLines)
                       else np.asarray(shapely.length(self.geoms), dtype="float64"))
        # Store ids come sorted (read in id order): positions by bisection, no hash index of a city's ids.
        in_order = bool(np.all(self.pipe_ids[1:] > self.pipe_ids[:-1]))
        self._id_order = None if in_order else np.argsort(self.pipe_ids, kind="stable")
        self._sorted_ids = self.pipe_ids if in_order else self.pipe_ids[self._id_order]
        kinds = {d: k for d, k in zip(self.teams["device_id"], self.teams["kind"]) if isinstance(d, str) and d}
        kinds.update(device_kinds or {})
        self.device_team = {d: c for d, c in zip(self.teams["device_id"], self.teams["code"])
                            if isinstance(d, str) and d}
        members = {k: g["pos"].to_numpy(dtype=np.int64) for k, g in self.plan.groupby("requirement_id")}
        self.state = CoverageState(self.geoms, self.specs, members, self.anchor, crs, kinds, prepared=prepared)
        # When each member segment became covered in each window (NaN: not yet).
        self.covered_at = [np.full(r.covered.shape, np.nan) for r in self.state.reqs]
        self._to_xy = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self._fix_parts: list[pd.DataFrame] = []
        self._fixes: pd.DataFrame | None = None
        #: The last two fixes of each device (sorted by device, time): the live positions and headings
        #: without sorting the whole day's fixes after every batch.
        self._tail = pd.DataFrame({"device": pd.Series(dtype=object), "t": pd.Series(dtype=float),
                                   "x": pd.Series(dtype=float), "y": pd.Series(dtype=float)})
        self.last_t = self.anchor
        self._overdue_cache: tuple[tuple, dict] | None = None
        #: Bumped by every batch that changed something (views compare it).
        self.version = 0
        self._rebuild_sets()

    def _overdue(self, now: float) -> dict:
        """:meth:`CoverageState.overdue`, cached until new fixes arrive or the time moves."""
        key = (now, self.version)
        if self._overdue_cache is None or self._overdue_cache[0] != key:
            self._overdue_cache = (key, self.state.overdue(now))
        return self._overdue_cache[1]

    # -- plan sets ---------------------------------------------------------------------
    def _rebuild_sets(self) -> None:
        """Segment sets per patch and per team (after the plan or a patch changed)."""
        plan = self.plan
        patch_code = dict(zip(self.patches["id"], self.patches["code"]))
        # Copies: a group's column is a view of the whole group's rows (every column of the plan).
        self.patch_sets = {patch_code.get(p, str(p)): np.array(g["pos"].to_numpy(dtype=np.int64))
                           for p, g in plan.dropna(subset=["patch_id"]).groupby("patch_id")}
        for code in self.patches["code"]:
            self.patch_sets.setdefault(code, np.empty(0, np.int64))
        self.pipe_patch = np.full(len(self.pipe_ids), -1, dtype=np.int64)
        with_patch = plan.dropna(subset=["patch_id"])
        self.pipe_patch[with_patch["pos"].to_numpy(dtype=np.int64)] = with_patch["patch_id"].to_numpy(dtype=np.int64)
        self.team_sets: dict[str, np.ndarray] = {}
        req_pos = plan["pos"].to_numpy(dtype=np.int64)
        req_id = plan["requirement_id"].to_numpy()
        req_patch = pd.to_numeric(plan["patch_id"], errors="coerce").to_numpy()
        for t in self.teams.itertuples():
            parts = []
            for spec in self.specs:
                info = self.infos.get(spec.key)
                if info is not None and info.rule == "patch":
                    if t.patch_id is not None and not pd.isna(t.patch_id) and spec.eligible(t.kind):
                        parts.append(req_pos[(req_id == spec.key) & (req_patch == t.patch_id)])
                elif spec.eligible_kinds and t.kind in spec.eligible_kinds:
                    parts.append(req_pos[req_id == spec.key])
            self.team_sets[t.code] = unique_ints(np.concatenate(parts)) if parts else np.empty(0, np.int64)

    def positions_of_ids(self, ids: np.ndarray) -> np.ndarray:
        """Segment index of each store pipe id (-1 for unknown ids)."""
        at = sorted_positions(self._sorted_ids, ids)
        if self._id_order is not None:
            ok = at >= 0
            at[ok] = self._id_order[at[ok]]
        return at

    def set_patch(self, positions: np.ndarray, patch_id: int | None) -> None:
        """Move segments to another patch (the plan rows of those segments follow)."""
        sel = self.plan["pos"].isin(np.asarray(positions, dtype=np.int64))
        self.plan.loc[sel, "patch_id"] = patch_id
        self._rebuild_sets()

    def set_team_patch(self, team_code: str, patch_id: int | None) -> None:
        """Give a team another patch."""
        self.teams.loc[self.teams["code"] == team_code, "patch_id"] = patch_id
        self._rebuild_sets()

    # -- feeding -----------------------------------------------------------------------
    def add_fixes(self, frame: pd.DataFrame) -> np.ndarray:
        """Take a batch of raw fixes (``device, t, lon, lat[, accuracy_m]``) into the figures.

        A batch spanning more than ``resolution_s`` (a back-filled day) is fed
        in time slices, so that the coverage curve keeps its resolution.

        Returns
        -------
        numpy.ndarray
            Indices of the segments whose figures changed.
        """
        if len(frame) == 0:
            return np.empty(0, dtype=np.int64)
        frame = frame.sort_values("t", kind="stable")
        t = frame["t"].to_numpy(dtype="float64")
        edges = np.arange(np.floor(t[0] / self.resolution_s) * self.resolution_s + self.resolution_s,
                          t[-1] + self.resolution_s, self.resolution_s)
        cuts = np.searchsorted(t, edges, side="left")
        changed = []
        start = 0
        for stop in [*cuts.tolist(), len(t)]:
            if stop <= start:
                continue
            part = frame.iloc[start:stop]
            segs = self.state.add_fixes(part)
            self._mark_covered(segs, float(part["t"].iloc[-1]))
            changed.append(segs)
            start = stop
        self._keep(frame)
        self.version += 1
        self.last_t = max(self.last_t, float(t[-1]))
        return unique_ints(np.concatenate(changed)) if changed else np.empty(0, dtype=np.int64)

    def _mark_covered(self, segs: np.ndarray, t: float) -> None:
        for r, at in zip(self.state.reqs, self.covered_at):
            rows = r.pos[segs] if len(segs) else np.empty(0, np.int64)
            rows = rows[rows >= 0]
            if len(rows) == 0:
                continue
            sub = at[rows]
            sub[r.covered[rows] & np.isnan(sub)] = t
            at[rows] = sub

    def _keep(self, frame: pd.DataFrame) -> None:
        lon = frame["lon"].to_numpy(dtype="float64")
        lat = frame["lat"].to_numpy(dtype="float64")
        ok = np.isfinite(lon) & np.isfinite(lat)
        x, y = self._to_xy.transform(lon[ok], lat[ok])
        part = pd.DataFrame({"device": frame["device"].astype(str).to_numpy()[ok],
                             "t": frame["t"].to_numpy(dtype="float64")[ok], "x": x, "y": y})
        self._fix_parts.append(part)
        self._fixes = None
        tail = pd.concat([self._tail, part], ignore_index=True) if len(self._tail) else part
        tail = tail.sort_values(["device", "t"], kind="stable")
        self._tail = tail.groupby("device", sort=False).tail(2).reset_index(drop=True)

    @property
    def fixes(self) -> pd.DataFrame:
        """Every fix received today, ``device, t, x, y`` (metric), sorted by device then time."""
        fixes = self._fixes
        if fixes is None:
            taken = list(self._fix_parts)  # a batch may be appended meanwhile (a feeding thread): keep it
            parts = [p for p in taken if len(p)]
            frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
                {"device": pd.Series(dtype=object), "t": pd.Series(dtype=float),
                 "x": pd.Series(dtype=float), "y": pd.Series(dtype=float)})
            fixes = frame.sort_values(["device", "t"], kind="stable").reset_index(drop=True)
            rest = self._fix_parts[len(taken):]
            self._fix_parts = [fixes, *rest]
            self._fixes = None if rest else fixes
        return fixes

    # -- figures -------------------------------------------------------------------------
    def window_index(self, spec_index: int, now: float) -> int:
        """The window of requirement ``spec_index`` that contains ``now`` (clamped to the day)."""
        r = self.state.reqs[spec_index]
        w = int(np.floor((now - self.anchor) / r.spec.interval_s))
        return min(max(w, 0), r.n_windows - 1)

    def _ratio(self, segs: np.ndarray, now: float) -> list[dict]:
        """Per requirement with segments in ``segs``: the current window's figures."""
        out = []
        segs = unique_ints(np.asarray(segs, dtype=np.int64))
        overdue = self._overdue(now) if len(segs) else {}
        every = len(segs) == len(self.pipe_ids)  # the whole network: every member, no lookups (a city's 500,000)
        for i, r in enumerate(self.state.reqs):
            if every:
                rows = np.arange(len(r.members))
            else:
                rows = r.pos[segs]
                rows = rows[rows >= 0]
            if len(rows) == 0:
                continue
            w = self.window_index(i, now)
            length = self.length[r.members[rows]]
            req_m = float(length.sum())
            cov_m = float((length * r.covered[rows, w]).sum())
            late = overdue.get(r.spec.key, np.empty(0, np.int64))  # sorted members, as intersect1d gives them
            if not every:
                late = np.intersect1d(late, r.members[rows], assume_unique=True)  # both sorted, distinct
            out.append({"key": r.spec.key, "code": r.spec.code, "window": w,
                        "start": self.anchor + w * r.spec.interval_s,
                        "end": min(self.anchor + (w + 1) * r.spec.interval_s, self.anchor + self.state.day_s),
                        "segments": int(len(rows)), "required_m": req_m, "covered_m": cov_m,
                        "ratio": cov_m / req_m if req_m > 0 else None, "overdue": int(len(late)),
                        "overdue_m": float(self.length[late].sum())})
        return out

    def requirement_figures(self, now: float) -> list[dict]:
        """Per requirement: the current window, required and covered metres, ratio, overdue count.

        Returns
        -------
        list of dict
            ``{"key", "code", "name", "name_zh", "window", "start", "end", "segments",
            "required_m", "covered_m", "ratio", "overdue", "overdue_m"}``, one per requirement
            (requirements without segments have ``ratio`` None).
        """
        out = []
        figs = {f["key"]: f for f in self._ratio(np.arange(len(self.pipe_ids)), now)}
        for i, r in enumerate(self.state.reqs):
            info = self.infos.get(r.spec.key)
            base = figs.get(r.spec.key) or {
                "key": r.spec.key, "code": r.spec.code, "window": self.window_index(i, now),
                "start": self.anchor, "end": self.anchor, "segments": 0, "required_m": 0.0, "covered_m": 0.0,
                "ratio": None, "overdue": 0, "overdue_m": 0.0}
            out.append({**base, "name": info.name if info else r.spec.code,
                        "name_zh": info.name_zh if info else ""})
        return out

    @staticmethod
    def _combine(figs: list[dict]) -> dict:
        req = sum(f["required_m"] for f in figs)
        cov = sum(f["covered_m"] for f in figs)
        return {"required_m": req, "covered_m": cov, "ratio": cov / req if req > 0 else None,
                "overdue": sum(f["overdue"] for f in figs), "requirements": [f["code"] for f in figs]}

    def team_figures(self, now: float) -> list[dict]:
        """Per team: its patch, device, last fix and the current windows' coverage of its segments."""
        last = self.last_fixes()
        patch_code = dict(zip(self.patches["id"], self.patches["code"]))
        out = []
        for t in self.teams.itertuples():
            figs = self._ratio(self.team_sets.get(t.code, np.empty(0, np.int64)), now)
            dev = t.device_id if isinstance(t.device_id, str) else ""
            seen = last.get(dev)
            out.append({"code": t.code, "name": t.name, "name_zh": getattr(t, "name_zh", None), "kind": t.kind,
                        "device": dev,
                        "patch": patch_code.get(t.patch_id) if not pd.isna(t.patch_id) else None,
                        "last_fix": seen, "stale": seen is None or now - seen > STALE_S,
                        **self._combine(figs)})
        return out

    def patch_figures(self, now: float) -> list[dict]:
        """Per patch: its teams and the current windows' coverage of its segments."""
        teams_of: dict[object, list[str]] = {}
        for t in self.teams.itertuples():
            if not pd.isna(t.patch_id):
                teams_of.setdefault(int(t.patch_id), []).append(t.code)
        out = []
        for pid, code in zip(self.patches["id"], self.patches["code"]):
            segs = self.patch_sets.get(code, np.empty(0, np.int64))
            out.append({"id": int(pid), "code": code, "teams": teams_of.get(int(pid), []),
                        "segments": int(len(segs)), "length_m": float(self.length[segs].sum()),
                        **self._combine(self._ratio(segs, now))})
        return out

    def segment_states(self, now: float) -> np.ndarray:
        """Per segment: ``NOT_REQUIRED``, ``COVERED`` (in the current window of each of its
        requirements), ``DUE`` (not yet) or ``OVERDUE`` (last visit older than an interval).

        Returns
        -------
        numpy.ndarray
            int8, aligned with the segments (the pipes layer when built from the same ids).
        """
        out = np.zeros(len(self.pipe_ids), dtype=np.int8)
        due = np.zeros(len(self.pipe_ids), dtype=bool)
        for i, r in enumerate(self.state.reqs):
            if len(r.members) == 0:
                continue
            w = self.window_index(i, now)
            out[r.members] = COVERED
            due[r.members[~r.covered[:, w]]] = True
        out[due] = DUE
        for segs in self._overdue(now).values():
            out[segs] = OVERDUE
        return out

    def series(self, now: float, step_s: float = 300.0) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The coverage ratio of each requirement's current window through the day, up to ``now``.

        At time ``t`` the value is the covered share of the window containing
        ``t`` as it was at ``t``: it climbs during a round and drops to the new
        window's progress at each window boundary.

        Returns
        -------
        (times, ratios)
            Unix times every ``step_s`` from the anchor to ``now``; requirement
            code → ratio at each time (requirements without segments left out).
        """
        times = np.arange(self.anchor, max(now, self.anchor) + 1e-6, step_s)
        if len(times) == 0 or times[-1] < now:
            times = np.r_[times, now]
        out = {}
        for r, at in zip(self.state.reqs, self.covered_at):
            if r.required_m <= 0:
                continue
            length = self.length[r.members]
            w = np.clip(np.floor((times - self.anchor) / r.spec.interval_s).astype(np.int64), 0, r.n_windows - 1)
            ratio = np.zeros(len(times))
            for win in np.unique(w):
                col = at[:, win]
                ok = np.isfinite(col)
                order = np.argsort(col[ok])
                when = col[ok][order]
                cum = np.r_[0.0, np.cumsum(length[ok][order])]
                sel = w == win
                ratio[sel] = cum[np.searchsorted(when, times[sel], side="right")] / r.required_m
            out[r.spec.code] = ratio
        return times, out

    # -- fixes: live positions, replay, visits -----------------------------------------
    def last_fixes(self) -> dict[str, float]:
        """Device → time of its newest fix."""
        f = self._tail
        if len(f) == 0:
            return {}
        return f.groupby("device", sort=False)["t"].max().to_dict()

    def positions_at(self, t: float) -> pd.DataFrame:
        """Each device's newest fix at or before ``t``: ``device, team, t, x, y, heading, stale``."""
        f = self._tail
        if len(f) == 0 or f["t"].max() > t:  # a time in the past (replay): from the day's fixes
            f = self.fixes
            f = f[f["t"] <= t]
        cols = ["device", "team", "t", "x", "y", "heading", "stale"]
        if len(f) == 0:
            return pd.DataFrame({c: [] for c in cols})
        last = np.r_[f["device"].to_numpy()[1:] != f["device"].to_numpy()[:-1], True]
        idx = np.flatnonzero(last)
        prev = np.maximum(idx - 1, 0)
        same = f["device"].to_numpy()[prev] == f["device"].to_numpy()[idx]
        x, y = f["x"].to_numpy(), f["y"].to_numpy()
        dx, dy = x[idx] - x[prev], y[idx] - y[prev]
        moving = same & (np.hypot(dx, dy) > 2.0)
        heading = np.where(moving, np.degrees(np.arctan2(dx, dy)) % 360.0, np.nan)
        dev = f["device"].to_numpy()[idx]
        tt = f["t"].to_numpy()[idx]
        return pd.DataFrame({"device": dev, "team": [self.device_team.get(d, d) for d in dev], "t": tt,
                             "x": x[idx], "y": y[idx], "heading": heading, "stale": (t - tt) > STALE_S})

    def tracks_until(self, t: float, since: float | None = None, max_gap_s: float = 300.0
                     ) -> tuple[np.ndarray, np.ndarray]:
        """The tracks from ``since`` (default the anchor) to ``t`` as LineStrings, one per unbroken part.

        Returns
        -------
        (geoms, devices)
            Metric LineStrings and the device of each.
        """
        f = self.fixes
        lo = self.anchor if since is None else since
        f = f[(f["t"] >= lo) & (f["t"] <= t)]
        if len(f) < 2:
            return np.empty(0, dtype=object), np.empty(0, dtype=object)
        dev = f["device"].to_numpy()
        tt = f["t"].to_numpy()
        new = np.r_[True, (dev[1:] != dev[:-1]) | (np.diff(tt) > max_gap_s)]
        part = np.cumsum(new) - 1
        counts = np.bincount(part)
        keep = counts[part] >= 2
        if not keep.any():
            return np.empty(0, dtype=object), np.empty(0, dtype=object)
        _, part_k = np.unique(part[keep], return_inverse=True)
        geoms = shapely.linestrings(np.c_[f["x"].to_numpy()[keep], f["y"].to_numpy()[keep]], indices=part_k)
        first = np.r_[True, part_k[1:] != part_k[:-1]]
        return np.asarray(geoms, dtype=object), dev[keep][first]

    def inspect(self, pos: int, now: float) -> dict:
        """Everything about one segment: requirements with reasons, window states, last visits, visitors.

        Parameters
        ----------
        pos
            Segment index.
        now
            The desk's time.

        Returns
        -------
        dict
            ``{"code", "patch", "length_m", "state", "requirements": [{"code", "name",
            "reason", "window", "covered", "fraction", "last_visit", "overdue"}],
            "visitors": [{"device", "team", "first", "last", "fixes"}]}``.
        """
        state = int(self.segment_states(now)[pos])
        patch_code = dict(zip(self.patches["id"], self.patches["code"]))
        if "reason" in self.plan.columns or self._reasons is None:
            rows = self.plan[self.plan["pos"] == pos]
            reason = dict(zip(rows["requirement_id"], rows["reason"] if "reason" in rows.columns else [""] * len(rows)))
        else:
            reason = self._reasons(pos)
        overdue = self._overdue(now)
        reqs = []
        for i, r in enumerate(self.state.reqs):
            row = r.pos[pos]
            if row < 0:
                continue
            w = self.window_index(i, now)
            last = self.state.last_visits(i)[row]
            info = self.infos.get(r.spec.key)
            reqs.append({"code": r.spec.code, "name": info.name if info else r.spec.code,
                         "name_zh": info.name_zh if info else "", "reason": reason.get(r.spec.key, ""),
                         "window": w, "covered": bool(r.covered[row, w]), "fraction": float(r.frac[row, w]),
                         "last_visit": float(last) if np.isfinite(last) else None,
                         "overdue": bool(np.any(overdue.get(r.spec.key, np.empty(0, np.int64)) == pos))})
        tol = max([r.spec.tolerance_m for r in self.state.reqs if r.pos[pos] >= 0], default=30.0)
        visitors = []
        f = self.fixes
        if len(f):
            xmin, ymin, xmax, ymax = shapely.bounds(self.geoms[pos])
            x, y = f["x"].to_numpy(), f["y"].to_numpy()
            near = (x >= xmin - tol) & (x <= xmax + tol) & (y >= ymin - tol) & (y <= ymax + tol)
            if near.any():
                g = f[near]
                d = shapely.distance(self.geoms[pos], shapely.points(g["x"].to_numpy(), g["y"].to_numpy()))
                g = g[d <= tol]
                for dev, grp in g.groupby("device"):
                    visitors.append({"device": dev, "team": self.device_team.get(dev, dev),
                                     "first": float(grp["t"].min()), "last": float(grp["t"].max()),
                                     "fixes": int(len(grp))})
        visitors.sort(key=lambda v: -v["last"])
        pid = self.pipe_patch[pos]
        return {"id": int(self.pipe_ids[pos]), "code": self.pipe_codes[pos],
                "patch": patch_code.get(pid) if pid >= 0 else None, "length_m": float(self.length[pos]),
                "state": state, "requirements": reqs, "visitors": visitors}

    def workload_km(self, kinds: tuple[str, ...] = ("patrol",)) -> np.ndarray:
        """Per segment: km × rounds a day of the requirements teams of ``kinds`` serve (as the plan weighs it)."""
        rounds = np.zeros(len(self.pipe_ids))
        for r in self.state.reqs:
            if not r.spec.eligible_kinds or set(kinds) & set(r.spec.eligible_kinds):
                rounds[r.members] += 86_400.0 / r.spec.interval_s
        return self.length / 1000.0 * rounds
