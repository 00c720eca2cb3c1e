"""``python app.py coverage``: how much of the day's plan the patrol teams have done.

Per requirement and window: required, covered, ratio; the same per team and
per patch; key points reached / planned; stationed posts' presence and
departures; the codes of overdue segments. Needs a stored plan (``plan``).
"""

from __future__ import annotations

import argparse
import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import select

from cli.context import CommandContext
from cli.patrol_data import (
    PatrolDataError,
    day_anchor,
    parse_date,
    read_metric,
    requirement_specs,
    teams_frame,
)
from gis.coverage import CoverageState
from gis.keypoints import keypoint_arrivals, stationed_presence
from gis.tracks_clean import clean_fixes
from models.bulk import read_track_points
from models.patrol import PatrolRequirement, SegmentRequirement

NAME = "coverage"
HELP = "patrol coverage of the day per requirement, window, team and patch; key points; overdue segments"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--date D``, ``--now T``."""
    parser.add_argument("--date", help="day to measure, YYYY-MM-DD (default: today, event time)")
    parser.add_argument("--now", help="ISO time at which to judge overdue segments (default: now, "
                                      "or the end of the day for a past day)")


def _iso(t: float, tz) -> str:
    return dt.datetime.fromtimestamp(t, tz).isoformat()


def compute_coverage(ctx: CommandContext, date_text: str | None, now_text: str | None = None) -> dict:
    """Measure the day's coverage from the stored plan and track points.

    Raises
    ------
    PatrolDataError
        No event, or no stored plan.
    """
    store = ctx.store
    event = store.current_event()
    if event is None:
        raise PatrolDataError(ctx.tr("No event in the store: run 'python app.py demo' or import one first."))
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
        now = min(dt.datetime.now(dt.timezone.utc).timestamp(), end)

    with store.session() as session:
        reqs = list(session.scalars(select(PatrolRequirement).order_by(PatrolRequirement.id)))
    specs = requirement_specs(reqs)
    stored = {r.id: r for r in reqs}
    with store.engine.connect() as conn:
        sr = SegmentRequirement.__table__
        plan = pd.DataFrame(conn.execute(select(sr.c.pipe_id, sr.c.requirement_id, sr.c.patch_id)).all(),
                            columns=["pipe_id", "requirement_id", "patch_id"])
        if plan.empty:
            raise PatrolDataError(ctx.tr("No patrol plan stored: run 'python app.py plan' first."))
        pipes = read_metric(conn, "pipes", crs, ["code"])
        patches = read_metric(conn, "patches", crs, ["code"])
        kps = read_metric(conn, "key_points", crs, ["code", "requirement_id"])
        leaks = read_metric(conn, "leak_points", crs, ["code"])
        teams = teams_frame(conn)
        fixes = read_track_points(conn, anchor, end)

    pos_of = pd.Series(np.arange(len(pipes)), index=pipes["id"].to_numpy())
    plan = plan[plan["pipe_id"].isin(pos_of.index)]
    plan["pos"] = pos_of.reindex(plan["pipe_id"]).to_numpy()
    members = {k: g["pos"].to_numpy() for k, g in plan.groupby("requirement_id")}

    # Device → team kind: from the team's device id, or the team a fix names.
    kind_of_team = dict(zip(teams["id"], teams["kind"]))
    device_kinds = {d: k for d, k in zip(teams["device_id"], teams["kind"]) if isinstance(d, str) and d}
    if len(fixes) and "team_id" in fixes.columns:
        named = fixes.dropna(subset=["team_id"]).drop_duplicates("device")
        for d, tid in zip(named["device"], named["team_id"]):
            device_kinds.setdefault(str(d), kind_of_team.get(int(tid), ""))

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
    return {
        "date": anchor_dt.date().isoformat(), "now": _iso(now, tz), "fixes": state.report.as_dict(),
        "requirements": summary, "teams": state.group_summary(team_sets),
        "patches": state.group_summary(patch_sets), "key_points": key_points, "stationed_posts": posts,
        "overdue": overdue,
    }


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Measure and print the coverage."""
    try:
        info = compute_coverage(ctx, args.date, args.now)
    except PatrolDataError as exc:
        return ctx.fail(str(exc))
    tr = ctx.tr
    lines = [tr("Patrol coverage on {0} (as of {1})").format(info["date"], info["now"][11:16])]
    for r in info["requirements"]:
        ratios = "  ".join("—" if w["ratio"] is None else f"{100 * w['ratio']:.0f}%" for w in r["windows"])
        lines.append(f"  {r['code']:<16} {r['required_m'] / 1000:8.1f} km  {ratios}")
    for k in info["key_points"]:
        got = "  ".join(f"{w['reached']}/{w['planned']}" for w in k["windows"])
        lines.append(tr("  key points {0}: {1}").format(k["requirement"], got))
    for code, segs in info["overdue"].items():
        if segs:
            lines.append(tr("  overdue {0}: {1} segments").format(code, len(segs)))
    ctx.emit(info, "\n".join(lines))
    return 0


__all__ = ["compute_coverage"]
