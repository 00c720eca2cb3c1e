"""Patrol coverage of a day from the stored plan and track points (shared by CLI, desk and wall)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import select

from gis.coverage import CoverageState
from gis.keypoints import keypoint_arrivals, stationed_presence
from gis.tracks_clean import clean_fixes
from services.duty.desk import CoverageFigure
from models.patrol import PatrolRequirement, SegmentRequirement
from services import no_translation
from services.patrol.data import (
    PatrolDataError,
    day_anchor,
    device_kinds_of,
    parse_date,
    read_day_fixes,
    read_metric,
    requirement_specs,
    teams_frame,
)


def _iso(t: float, tz) -> str:
    return dt.datetime.fromtimestamp(t, tz).isoformat()


def compute_coverage(store, date_text: str | None, now_text: str | None = None,
                     with_segments: bool = False, tr=no_translation) -> dict:
    """Measure the day's coverage from the stored plan and track points.

    With ``with_segments`` the result also holds ``segments``: a DataFrame of
    :meth:`gis.coverage.CoverageState.segment_table` with the ``pipe_id`` of
    each segment (for exports; not JSON).

    Raises
    ------
    PatrolDataError
        No event, or no stored plan.
    """
    event = store.current_event()
    if event is None:
        raise PatrolDataError(tr("No event in the store: run 'python app.py demo' or import one first."))
    crs = event.local_crs
    anchor_dt = day_anchor(event.timezone, parse_date(date_text, event.timezone))
    tz = anchor_dt.tzinfo
    anchor = anchor_dt.timestamp()
    end = (anchor_dt + dt.timedelta(days=1)).timestamp()
    if now_text:
        try:
            now_dt = dt.datetime.fromisoformat(now_text)
        except ValueError as exc:
            raise PatrolDataError(f"--now {now_text!r}: expected an ISO time") from exc
        now = (now_dt if now_dt.tzinfo else now_dt.replace(tzinfo=tz)).timestamp()
    else:
        # A future day is judged at its start, a past one at its end.
        now = max(anchor, min(dt.datetime.now(dt.timezone.utc).timestamp(), end))

    with store.session() as session:
        reqs = list(session.scalars(select(PatrolRequirement).order_by(PatrolRequirement.id)))
    specs = requirement_specs(reqs)
    stored = {r.id: r for r in reqs}
    with store.engine.connect() as conn:
        sr = SegmentRequirement.__table__
        plan = pd.DataFrame(conn.execute(select(sr.c.pipe_id, sr.c.requirement_id, sr.c.patch_id)).all(),
                            columns=["pipe_id", "requirement_id", "patch_id"])
        if plan.empty:
            raise PatrolDataError(tr("No patrol plan stored: run 'python app.py plan' first."))
        pipes = read_metric(conn, "pipes", crs, ["code"])
        patches = read_metric(conn, "patches", crs, ["code"])
        kps = read_metric(conn, "key_points", crs, ["code", "requirement_id"])
        leaks = read_metric(conn, "leak_points", crs, ["code"])
        teams = teams_frame(conn)
        fixes = read_day_fixes(conn, anchor, end)

    pos_of = pd.Series(np.arange(len(pipes)), index=pipes["id"].to_numpy())
    plan = plan[plan["pipe_id"].isin(pos_of.index)]
    plan["pos"] = pos_of.reindex(plan["pipe_id"]).to_numpy()
    members = {k: g["pos"].to_numpy() for k, g in plan.groupby("requirement_id")}

    device_kinds = device_kinds_of(teams, fixes)

    state = CoverageState(pipes.geometry.to_numpy(), specs, members, anchor, crs, device_kinds)
    state.add_fixes(fixes)
    tracks, _ = clean_fixes(fixes, crs, state.clean_params)

    summary = state.requirement_summary()
    for s in summary:
        for w in s["windows"]:
            w["start"], w["end"] = _iso(w["start"], tz), _iso(w["end"], tz)

    # Per patch: its pipes; per team: its patch's pipes for patch patrol, and the
    # segments of the requirements reserved to its kind.
    patch_code = dict(zip(patches["id"], patches["code"]))
    patch_sets = {patch_code.get(p, str(p)): g["pos"].to_numpy()
                  for p, g in plan.dropna(subset=["patch_id"]).groupby("patch_id")}
    team_sets = {}
    for t in teams.itertuples():
        parts = []
        for spec in specs:
            seg = members.get(spec.key, np.empty(0, np.int64))
            if stored[spec.key].rule == "patch":
                if t.patch_id is not None and not pd.isna(t.patch_id) and spec.eligible(t.kind):
                    parts.append(plan["pos"].to_numpy()[(plan["requirement_id"] == spec.key).to_numpy()
                                                        & (plan["patch_id"] == t.patch_id).to_numpy()])
            elif spec.eligible_kinds and t.kind in spec.eligible_kinds:
                parts.append(seg)
        if parts:
            team_sets[t.code] = np.concatenate(parts)

    # Key points (and leak points under the leak survey) by requirement.
    key_points = []
    for i, spec in enumerate(specs):
        r = stored[spec.key]
        if r.rule == "leak_survey":
            pts = leaks
        else:
            sel = pd.to_numeric(kps["requirement_id"], errors="coerce").to_numpy() == spec.key if len(kps) else []
            pts = kps[sel] if len(kps) else kps
        if len(pts) == 0:
            continue
        devices = [d for d, k in device_kinds.items() if spec.eligible(k)] if spec.eligible_kinds else None
        wins = state.windows(i)
        xy = np.c_[pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()]
        reached, _ = keypoint_arrivals(xy, tracks, wins, spec.tolerance_m, float(r.min_dwell_s or 0.0), devices)
        key_points.append({"requirement": spec.code, "windows": [
            {"index": w, "start": _iso(s, tz), "end": _iso(e, tz), "reached": int(reached[:, w].sum()),
             "planned": len(pts), "rate": round(float(reached[:, w].mean()), 4)} for w, (s, e) in enumerate(wins)],
            "missed": [c for c, ok in zip(pts["code"], reached.all(axis=1)) if not ok]})

    posts = []
    for i, spec in enumerate(specs):
        if stored[spec.key].rule != "stationed_post" or spec.key not in members:
            continue
        pos = members[spec.key]
        devices = [d for d, k in device_kinds.items() if spec.eligible(k)] if spec.eligible_kinds else None
        wins = state.windows(i)
        presence, departures = stationed_presence(pipes.geometry.to_numpy()[pos], tracks, wins,
                                                  spec.tolerance_m, devices, now=now)
        for j, p in enumerate(pos):
            posts.append({"pipe": pipes["code"].iloc[p], "windows": [
                {"index": w, "presence_s": round(float(presence[j, w]), 1),
                 "presence_ratio": round(float(presence[j, w]) / (e - s), 4), "departures": int(departures[j, w])}
                for w, (s, e) in enumerate(wins)]})

    overdue = {stored[k].code: pipes["code"].to_numpy()[v].tolist() for k, v in state.overdue(now).items()}
    extra = {}
    if with_segments:
        table = state.segment_table()
        table.insert(0, "pipe_id", pipes["id"].to_numpy()[table["segment"].to_numpy(dtype=np.int64)])
        extra["segments"] = table.drop(columns="segment")
    return {**extra,
        "date": anchor_dt.date().isoformat(), "now": _iso(now, tz), "fixes": state.report.as_dict(),
        "requirements": summary, "teams": state.group_summary(team_sets),
        "patches": state.group_summary(patch_sets), "key_points": key_points, "stationed_posts": posts,
        "overdue": overdue,
    }


def meeting_coverage(store, day: dt.date, now: dt.datetime) -> list[CoverageFigure] | None:
    """The day's coverage per requirement for the meeting's network-patrol status.

    Each requirement's ratio is its covered length over its required length
    summed over the windows that have begun by ``now`` (the current one
    counts as far as it got); the key-point rate likewise. Takes seconds on a
    real day: desks call it off the GUI thread.

    Returns
    -------
    list of CoverageFigure or None
        None when there is no event or no stored plan ("no coverage data").
    """
    try:
        info = compute_coverage(store, day.isoformat(), now.isoformat())
    except PatrolDataError:
        return None
    now_ts = now.timestamp()

    def begun(w: dict) -> bool:
        return dt.datetime.fromisoformat(w["start"]).timestamp() <= now_ts

    rates = {}
    for kp in info["key_points"]:
        wins = [w for w in kp["windows"] if begun(w)]
        planned = sum(w["planned"] for w in wins)
        rates[kp["requirement"]] = sum(w["reached"] for w in wins) / planned if planned else None
    out = []
    for req in info["requirements"]:
        wins = [w for w in req["windows"] if begun(w)]
        required = sum(w["required_m"] for w in wins)
        if required <= 0:
            continue
        ratio = sum(w["covered_m"] for w in wins) / required
        out.append(CoverageFigure(req["code"], round(ratio, 4), rates.get(req["code"])))
    return out


def meeting_coverage_source(store, now: dt.datetime):
    """The meeting's coverage source (see :func:`services.duty.desk.compile_status`) measured as of ``now``:
    what ``python app.py meeting`` uses; the desk measures the same off the GUI thread."""
    return lambda _session, day: meeting_coverage(store, day, now)
