"""The day's guarantee plan: requirements per pipe, patrol patches, team rounds (shared by CLI and desk)."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import delete, select, update

from gis.plan import (
    PlanInputs,
    assign_requirements,
    assign_teams,
    partition_patches,
    patch_polygons,
    pipe_midpoints,
    team_rounds,
    workload_km,
)
from models.bulk import write_features
from models.patrol import KeyPoint, PatrolPatch, SegmentRequirement, Shift, Team
from models.patrol_defaults import ensure_default_requirements
from services import no_translation
from services.patrol.capacity import plan_capacity
from services.patrol.data import (
    PatrolDataError,
    day_anchor,
    parse_date,
    read_metric,
    read_places,
    requirement_rules,
    teams_frame,
)

#: Patches when neither stored patches nor patrol teams say how many.
DEFAULT_PATCHES = 12


def _shifts(session, anchor: dt.datetime) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    end = anchor + dt.timedelta(days=1)
    out: dict[int, list] = {}
    for s in session.scalars(select(Shift)):
        a, b = s.starts_at, s.ends_at
        a = a if a.tzinfo else a.replace(tzinfo=dt.timezone.utc)
        b = b if b.tzinfo else b.replace(tzinfo=dt.timezone.utc)
        if a < end and b > anchor:
            out.setdefault(s.team_id, []).append((a, b))
    return out


def make_plan(store, n_patches: int | None, date_text: str | None, tr=no_translation) -> dict:
    """Compute and store the plan; return the JSON-ready summary.

    Raises
    ------
    PatrolDataError
        When the store has no event or no pipes.
    """
    event = store.current_event()
    if event is None:
        raise PatrolDataError(tr("No event in the store: run 'python app.py demo' or import one first."))
    crs = event.local_crs
    with store.session() as session:
        reqs = ensure_default_requirements(session, event)
        session.commit()
        rules = requirement_rules(reqs)
        names = {r.code: (r.name or "", r.name_zh or "") for r in reqs}
        anchor = day_anchor(event.timezone, parse_date(date_text, event.timezone))
        shifts = _shifts(session, anchor)
    by_key = {r.key: r for r in rules}

    with store.engine.connect() as conn:
        pipes = read_metric(conn, "pipes", crs, ["code", "pipe_class", "exposed", "from_node_id", "to_node_id"])
        if len(pipes) == 0:
            raise PatrolDataError(tr("The store has no pipes: import a pipe network first."))
        inputs = PlanInputs(
            pipes=pipes, places=read_places(conn, crs),
            routes=read_metric(conn, "routes", crs, ["code", "name"]),
            sites=read_metric(conn, "sites", crs, ["code", "name"]),
            key_roads=read_metric(conn, "key_roads", crs, ["code", "name"]),
            key_areas=read_metric(conn, "key_areas", crs, ["code", "name"]),
            key_points=read_metric(conn, "key_points", crs, ["code", "name", "requirement_id"]),
            leak_points=read_metric(conn, "leak_points", crs, ["code", "name"]),
        )
        teams = teams_frame(conn)
        old_patch_code = dict(conn.execute(select(PatrolPatch.id, PatrolPatch.code)).all())
    if n_patches is None:
        # One patch per patrol team (each team runs double shifts on its own patch).
        n_patches = len(old_patch_code) or int((teams["kind"] == "patrol").sum()) or DEFAULT_PATCHES
    if n_patches < 1:
        raise PatrolDataError(tr("--patches must be at least 1, not {0}").format(n_patches))

    plan = assign_requirements(inputs, rules)
    work = workload_km(pipes, plan.pipes, by_key)
    mid = pipe_midpoints(pipes)
    labels = partition_patches(pipes, work, n_patches, midpoints=mid)
    polys = patch_polygons(pipes, labels, midpoints=mid)
    n = len(polys)
    codes = [f"PP{p + 1:02d}" for p in range(n)]
    length_km = pipes.geometry.length.to_numpy() / 1000.0
    patch_work = np.bincount(labels, weights=work, minlength=n)

    # Patrol teams keep the patch code they had; the others fill the least staffed.
    patrol = teams[teams["kind"] == "patrol"]
    cur = [codes.index(old_patch_code[p]) if p in old_patch_code and old_patch_code[p] in codes else None
           for p in patrol["patch_id"].tolist()]
    team_patch = assign_teams(patrol["code"].tolist(), [None if c is None else int(c) for c in cur], n)

    with store.engine.begin() as conn:
        conn.execute(update(Team.__table__).values(patch_id=None))
        conn.execute(update(KeyPoint.__table__).values(patch_id=None))
        conn.execute(delete(SegmentRequirement.__table__))
        conn.execute(delete(PatrolPatch.__table__))
        frame = gpd.GeoDataFrame({"code": codes, "name": [tr("Patch {0}").format(c) for c in codes],
                                  "workload_km": np.round(patch_work, 3)}, geometry=list(polys), crs=crs)
        patch_ids = write_features(conn, "patches", frame.to_crs("EPSG:4326"))
        pipe_ids = pipes["id"].to_numpy()
        a = plan.pipes
        pos = a["pipe"].to_numpy()
        rows = list(zip(pipe_ids[pos].tolist(), a["requirement"].tolist(),
                        np.asarray(patch_ids)[labels[pos]].tolist(), a["reason"].tolist()))
        _insert_rows(conn, SegmentRequirement.__table__, ["pipe_id", "requirement_id", "patch_id", "reason"], rows)
        for tid, p in zip(patrol["id"].tolist(), team_patch):
            conn.execute(update(Team.__table__).where(Team.__table__.c.id == tid).values(patch_id=int(patch_ids[p])))
        kp = inputs.key_points
        if len(kp):
            kp_patch = _point_patch(kp, polys)
            kp_req = plan.points[plan.points["target"] == "key_point"].drop_duplicates("index").set_index("index")
            for i, kid in enumerate(kp["id"].tolist()):
                values = {"patch_id": None if kp_patch[i] < 0 else int(patch_ids[kp_patch[i]])}
                if i in kp_req.index:
                    values["requirement_id"] = int(kp_req.loc[i, "requirement"])
                conn.execute(update(KeyPoint.__table__).where(KeyPoint.__table__.c.id == kid).values(**values))

    # Summary.
    a = plan.pipes
    req_out = []
    for r in rules:
        sel = a["pipe"].to_numpy()[a["requirement"].to_numpy() == r.key]
        wins = team_rounds(r, anchor, [])
        req_out.append({"code": r.code, "name": names.get(r.code, ("", ""))[0],
                        "name_zh": names.get(r.code, ("", ""))[1], "rule": r.rule, "rounds_per_day": r.rounds_per_day,
                        "interval_h": round(r.interval_s / 3600, 3), "pipes": int(len(sel)),
                        "length_km": round(float(length_km[sel].sum()), 3),
                        "windows": [[s.isoformat(), e.isoformat()] for s, e in wins]})
    patches_out = [{"code": codes[p], "pipes": int((labels == p).sum()),
                    "length_km": round(float(length_km[labels == p].sum()), 3),
                    "workload_km": round(float(patch_work[p]), 3),
                    "teams": [c for c, q in zip(patrol["code"].tolist(), team_patch) if q == p]} for p in range(n)]
    teams_out = []
    tp = dict(zip(patrol["id"].tolist(), team_patch))
    for t in teams.itertuples():
        owed = []
        for r in rules:
            if r.eligible_kinds and t.kind not in r.eligible_kinds:
                continue
            if r.rule == "patch" and t.id not in tp:
                continue
            owed.append({"requirement": r.code, "windows": [
                [s.isoformat(), e.isoformat()] for s, e in team_rounds(r, anchor, shifts.get(t.id, []))]})
        teams_out.append({"code": t.code, "kind": t.kind,
                          "patch": codes[tp[t.id]] if t.id in tp else None, "rounds": owed})
    pipe_codes = pipes["code"].to_numpy()
    req_code = {r.key: r.code for r in rules}
    assignments = [{"pipe": pipe_codes[i], "requirement": req_code[r], "patch": codes[labels[i]], "reason": s}
                   for i, r, s in zip(a["pipe"].tolist(), a["requirement"].tolist(), a["reason"].tolist())]
    sites_out = [{"site": inputs.sites["code"].iloc[i], "requirement": req_code[r], "reason": s}
                 for i, r, s in plan.sites.itertuples(index=False)] if len(plan.sites) else []
    points_out = []
    for target, i, r, s in plan.points.itertuples(index=False):
        src = inputs.key_points if target == "key_point" else inputs.leak_points
        points_out.append({"target": target, "code": src["code"].iloc[i], "requirement": req_code[r], "reason": s})
    lengths = pd.DataFrame({"requirement": a["requirement"].to_numpy(),
                            "patch": np.asarray(codes, dtype=object)[labels[a["pipe"].to_numpy()]] if n else None,
                            "length_km": length_km[a["pipe"].to_numpy()]})
    lengths = lengths.groupby(["requirement", "patch"], as_index=False)["length_km"].sum()
    capacity = plan_capacity(store, anchor, lengths)
    post_codes = {r.code for r in rules if r.rule == "stationed_post"}
    posts = [x["pipe"] for x in assignments if x["requirement"] in post_codes]
    return {"date": anchor.date().isoformat(), "crs": crs, "requirements": req_out, "patches": patches_out,
            "teams": teams_out, "stationed_posts": posts, "sites": sites_out, "points": points_out,
            "capacity": capacity, "assignments": assignments}


def _insert_rows(conn, table, names: list[str], rows: list[tuple], chunk: int = 50_000) -> None:
    """Insert plain tuples straight through the driver: a city's 500k rows without a dict each."""
    style = conn.dialect.paramstyle
    marks = ", ".join("?" if style == "qmark" else f":{n}" if style == "named" else "%s" for n in names)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})"
    for s in range(0, len(rows), chunk):
        part = rows[s:s + chunk]
        conn.exec_driver_sql(sql, part if style != "named" else [dict(zip(names, r)) for r in part])


def _point_patch(points: gpd.GeoDataFrame, polys: np.ndarray) -> np.ndarray:
    """Patch number containing each point (-1 outside every patch)."""
    import shapely

    out = np.full(len(points), -1, dtype=np.int64)
    tree = shapely.STRtree(polys)
    p, g = tree.query(points.geometry.to_numpy(), predicate="intersects")
    out[p] = g
    return out
