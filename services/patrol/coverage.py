"""Patrol coverage of a day from the stored plan and track points (shared by CLI, desk and wall).

Every figure here comes from :func:`services.patrol.data.coverage_of_day`, the
pipeline the desk's patrol day is built by: the same inputs, the same engine.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from gis.keypoints import keypoint_arrivals, stationed_presence
from gis.tracks_clean import clean_fixes
from services.duty.desk import CoverageFigure
from services import no_translation
from services.patrol.data import PatrolDataError, coverage_of_day, has_plan, parse_date, read_metric


def _iso(t: float, tz) -> str:
    return dt.datetime.fromtimestamp(t, tz).isoformat()


def _with_iso_windows(summary: list[dict], tz) -> list[dict]:
    """``summary`` (:meth:`gis.coverage.CoverageState.requirement_summary`) with its windows' times as ISO text."""
    for s in summary:
        for w in s["windows"]:
            w["start"], w["end"] = _iso(w["start"], tz), _iso(w["end"], tz)
    return summary


def _read_points(store, crs: str):
    """The key points and leak points, metric."""
    with store.engine.connect() as conn:
        return (read_metric(conn, "key_points", crs, ["code", "requirement_id"]),
                read_metric(conn, "leak_points", crs, ["code"]))


def _key_points(kps, leaks, specs, stored, device_kinds, windows, tracks, tz) -> list[dict]:
    """Key points (and leak points under the leak survey) reached per requirement and window."""
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
        wins = windows(i)
        xy = np.c_[pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()]
        reached, _ = keypoint_arrivals(xy, tracks, wins, spec.tolerance_m, float(r.min_dwell_s or 0.0), devices)
        key_points.append({"requirement": spec.code, "windows": [
            {"index": w, "start": _iso(s, tz), "end": _iso(e, tz), "reached": int(reached[:, w].sum()),
             "planned": len(pts), "rate": round(float(reached[:, w].mean()), 4)} for w, (s, e) in enumerate(wins)],
            "missed": [c for c, ok in zip(pts["code"], reached.all(axis=1)) if not ok]})
    return key_points


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
    if not has_plan(store):
        raise PatrolDataError(tr("No patrol plan stored: run 'python app.py plan' first."))
    day = coverage_of_day(store, parse_date(date_text, event.timezone))  # the desk's pipeline
    crs = day.crs
    anchor_dt = day.anchor
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

    session = day.session
    state = session.state
    specs = session.specs
    stored = day.requirements
    codes = session.pipe_codes
    members = {r.spec.key: r.members for r in state.reqs}
    device_kinds = dict(state.device_kinds)
    kps, leaks = _read_points(store, crs)
    tracks, _ = clean_fixes(day.fixes, crs, state.clean_params)

    summary = _with_iso_windows(state.requirement_summary(), tz)

    # Per patch: its pipes; per team: its patch's pipes for patch patrol, and the
    # segments of the requirements reserved to its kind (the desk's sets).
    patch_sets = {k: v for k, v in session.patch_sets.items() if len(v)}
    team_sets = {k: v for k, v in session.team_sets.items() if len(v)}

    key_points = _key_points(kps, leaks, specs, stored, device_kinds, state.windows, tracks, tz)

    posts = []
    for i, spec in enumerate(specs):
        if stored[spec.key].rule != "stationed_post" or spec.key not in members:
            continue
        pos = members[spec.key]
        devices = [d for d, k in device_kinds.items() if spec.eligible(k)] if spec.eligible_kinds else None
        wins = state.windows(i)
        presence, departures = stationed_presence(session.geoms[pos], tracks, wins,
                                                  spec.tolerance_m, devices, now=now)
        for j, p in enumerate(pos):
            posts.append({"pipe": codes[int(p)], "windows": [
                {"index": w, "presence_s": round(float(presence[j, w]), 1),
                 "presence_ratio": round(float(presence[j, w]) / (e - s), 4), "departures": int(departures[j, w])}
                for w, (s, e) in enumerate(wins)]})

    overdue = {stored[k].code: codes[v].tolist() for k, v in state.overdue(now).items()}
    from services.leak_survey.survey import day_status

    with store.session() as s:  # points read / due from the readings (the wall and the Patrol dock show the same)
        leak = day_status(s, anchor_dt.date(), dt.datetime.fromtimestamp(now, dt.timezone.utc)).as_dict()
    extra = {}
    if with_segments:
        table = state.segment_table()
        table.insert(0, "pipe_id", session.pipe_ids[table["segment"].to_numpy(dtype=np.int64)])
        extra["segments"] = table.drop(columns="segment")
    return {**extra,
        "date": anchor_dt.date().isoformat(), "now": _iso(now, tz), "fixes": state.report.as_dict(),
        "requirements": summary, "teams": state.group_summary(team_sets),
        "patches": state.group_summary(patch_sets), "key_points": key_points, "stationed_posts": posts,
        "overdue": overdue, "leak_survey": leak,
    }


def live_coverage(store, live) -> dict:
    """``requirements`` and ``key_points`` of :func:`compute_coverage`, from the desk's live day.

    The per-requirement figures are the live session's (its coverage engine, fed with the
    same fixes the store holds); the key points are measured on the day's stored fixes,
    as :func:`compute_coverage` does. No pipe is read: this costs the day's fixes, not its city.

    Parameters
    ----------
    live
        A :class:`services.patrol.shared_day.LiveDay`.
    """
    from sqlalchemy import select

    from models.patrol import PatrolRequirement
    from services.patrol.data import read_day_fixes

    session = live.session
    state = session.state
    tz = _event_zone(store)
    summary = _with_iso_windows(live.requirement_summary(), tz)
    with store.session() as s:
        stored = {r.id: r for r in s.scalars(select(PatrolRequirement))}
        s.expunge_all()
    if any(spec.key not in stored for spec in session.specs):
        raise PatrolDataError("The plan's requirements changed since the patrol day was loaded.")
    with store.engine.connect() as conn:
        fixes = read_day_fixes(conn, session.anchor, session.anchor + state.day_s)
    tracks, _ = clean_fixes(fixes, session.crs, state.clean_params)
    kps, leaks = _read_points(store, session.crs)
    key_points = _key_points(kps, leaks, session.specs, stored, dict(state.device_kinds), state.windows, tracks, tz)
    return {"requirements": summary, "key_points": key_points}


def _event_zone(store):
    from zoneinfo import ZoneInfo

    event = store.current_event()
    if event is None:
        raise PatrolDataError("No event in the store: run 'python app.py demo' or import one first.")
    return ZoneInfo(event.timezone or "UTC")


def day_coverage(store, day: dt.date, now: dt.datetime) -> dict:
    """:func:`compute_coverage` of ``day`` as of ``now``, without a second whole day in a desk's process.

    The desk's live patrol day when it has one (:func:`live_coverage`); else
    the whole day measured as a background reader of the day gate: the desk's
    own day loads first (and is then used), and no two whole days load at
    once (a city's day is hundreds of MB), its memory handed back to the system once
    measured. The meeting and the wall ask this.

    Raises
    ------
    PatrolDataError
        No event, or no stored plan.
    """
    from services.patrol.day_gate import DAY_GATE
    from services.patrol.shared_day import live_day
    from services.process_memory import release_freed_memory

    live = live_day(store, day)
    if live is None:
        with DAY_GATE.hold(background=True):
            live = live_day(store, day)  # the desk's day may have come in meanwhile
            if live is None:
                info = compute_coverage(store, day.isoformat(), now.isoformat())
                release_freed_memory()  # the whole day just measured and dropped: hundreds of MB on a city
                return info
    return live_coverage(store, live)


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
        info = day_coverage(store, day, now)
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
