"""The after-action report of a day: what the desk showed, gathered in one place.

Every figure comes from the service the desk and the command line already use,
never from a second computation:

- coverage, key-point arrival and stationed presence: :func:`services.patrol.coverage.compute_coverage`
  (the numbers of ``coverage --json``);
- the five limits of every repair: :func:`gis.time_limits.limit_states` with the
  stored rules (:func:`services.repairs.overruns.time_limit_rules`), as the Repairs dock;
- zero-report punctuality: :func:`services.duty.zero_reports.report_matrix` (``reports --json``);
- action items: :func:`services.duty.desk.meeting_items` (the meeting record).

A day simulated by a drill is marked as one (``drill``), with the drill's own
log (a tracker falling silent) merged into the timeline.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from zoneinfo import ZoneInfo

from gis.io.output import replacing
from gis.time_limits import LIMITS, limit_states
from services.duty.desk import meeting_items, repairs_of_day
from services.duty.zero_reports import report_matrix
from services import no_translation
from services.patrol.coverage import compute_coverage
from services.drill.ledger import run_of_day
from services.repairs.overruns import time_limit_rules
from services.patrol.data import PatrolDataError, day_anchor


def _minutes(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return round((b - a).total_seconds() / 60.0, 1)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def after_action(store, day: dt.date, now: dt.datetime | None = None, tr=no_translation) -> dict:
    """The after-action figures of ``day`` (local, the event's time zone), judged at ``now``.

    ``now`` defaults to the end of the day (or the present moment for today).

    Returns
    -------
    dict
        ``date, now, drill, coverage, key_points, stationed_posts, repairs,
        response_by_level, zero_reports, action_items, timeline, totals``.

    Raises
    ------
    services.patrol.data.PatrolDataError
        No event in the store (coverage needs a plan; without one the report
        says so under ``coverage_missing`` and goes on).
    """
    event = store.current_event()
    if event is None:
        raise PatrolDataError(tr("No event in the store: run 'python app.py demo' or import one first."))
    tz = ZoneInfo(event.timezone or "UTC")
    start = day_anchor(event.timezone, day)
    end = start + dt.timedelta(days=1)
    if now is None:
        with store.session() as s:
            drill = run_of_day(s, day)
            drill_end = drill.sim_until if drill is not None else None
        if drill_end is not None:  # a drill's day is judged where the drill stopped
            now = dt.datetime.fromtimestamp(drill_end, dt.timezone.utc)
        else:
            now = min(max(dt.datetime.now(dt.timezone.utc), start), end)
    now = _aware(now)
    try:
        cov = compute_coverage(store, day.isoformat(), now.astimezone(tz).isoformat(), tr=tr)
        missing = None
    except PatrolDataError as exc:
        cov, missing = None, str(exc)

    with store.session() as s:
        drill = run_of_day(s, day)
        drill_info = None
        if drill is not None:
            summary = json.loads(drill.summary_json) if drill.summary_json else {}
            drill_info = {"code": drill.code, "scenario": drill.scenario,
                          "scenario_zh": summary.get("scenario_zh") or drill.scenario, "status": drill.status,
                          "speed": drill.speed, "summary": {k: v for k, v in summary.items() if k != "timeline"},
                          "timeline": summary.get("timeline", [])}
        from models.patrol import PatrolRequirement

        names = {r.code: {"name": r.name, "name_zh": r.name_zh or r.name} for r in s.query(PatrolRequirement).all()}
        rules = time_limit_rules(s)
        repairs = []
        by_level: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"dispatch": [], "arrival": []})
        for r in repairs_of_day(s, day, tz):
            states = limit_states(r, rules, now, tz)
            limits = []
            for st in states:
                elapsed = None
                if st.started is not None:
                    elapsed = _minutes(st.started, st.done or now)
                limits.append({
                    "limit": st.name, "target_min": st.target_min,
                    "started": None if st.started is None else st.started.isoformat(),
                    "done": None if st.done is None else st.done.isoformat(),
                    "elapsed_min": elapsed,
                    "state": ("not_started" if st.started is None else
                              "overrun" if st.overrun else "met" if st.done is not None else "running"),
                    "over_by_min": (round(elapsed - st.target_min, 1)
                                    if st.overrun and elapsed is not None and st.target_min is not None else 0.0),
                    "margin_min": (round(st.target_min - elapsed, 1)
                                   if st.done is not None and not st.overrun and elapsed is not None
                                   and st.target_min is not None else None),
                })
            dispatch = _minutes(_aware(r.reported_at), _aware(r.dispatched_at))
            arrival = _minutes(_aware(r.dispatched_at), _aware(r.arrived_at))
            if dispatch is not None:
                by_level[r.level]["dispatch"].append(dispatch)
            if arrival is not None:
                by_level[r.level]["arrival"].append(arrival)
            repairs.append({
                "code": r.code, "level": r.level, "level_reason": r.level_reason, "status": r.status,
                "diameter_mm": r.diameter_mm, "in_guarded_zone": bool(r.in_guarded_zone), "address": r.address,
                "reported_at": _aware(r.reported_at).isoformat() if r.reported_at else None,
                "milestones": {m: (_aware(getattr(r, m)).isoformat() if getattr(r, m) else None)
                               for m in ("reported_at", "dispatched_at", "arrived_at", "isolated_at",
                                         "repaired_at", "restored_at")},
                "limits": limits,
                "met": sum(1 for x in limits if x["state"] == "met"),
                "overrun": sum(1 for x in limits if x["state"] == "overrun"),
            })
        response = []
        for level in sorted(by_level, key=lambda lv: ("I", "II", "III", "IV", "V").index(lv)
                            if lv in ("I", "II", "III", "IV", "V") else 9):
            d, a = by_level[level]["dispatch"], by_level[level]["arrival"]
            response.append({"level": level, "repairs": sum(1 for r in repairs if r["level"] == level),
                             "dispatch_mean_min": round(sum(d) / len(d), 1) if d else None,
                             "dispatch_max_min": max(d) if d else None,
                             "arrival_mean_min": round(sum(a) / len(a), 1) if a else None,
                             "arrival_max_min": max(a) if a else None})

        matrix = report_matrix(s, day, now, tz)
        units = []
        for u in matrix.units:
            cells = [matrix.cell(u.id, slot) for slot in matrix.slots]
            on_time = sum(1 for c in cells if c.received_at is not None and c.received_at <= c.deadline)
            late = sum(1 for c in cells if c.received_at is not None and c.received_at > c.deadline)
            units.append({"unit": u.code, "name": u.name, "name_zh": u.name_zh or u.name, "on_time": on_time, "late": late,
                          "missing": sum(1 for c in cells if c.state == "missing"),
                          "pending": sum(1 for c in cells if c.state == "pending"),
                          "cells": {c.slot: c.state for c in cells}})
        zh_of = {u["unit"]: u["name_zh"] for u in units}
        zero = {"slots": list(matrix.slots), "units": units,
                "missing": [{"unit": c.unit_code, "name": c.unit_name, "name_zh": zh_of.get(c.unit_code), "slot": c.slot,
                             "deadline": c.deadline.isoformat()} for c in matrix.missing]}

        items = meeting_items(s, day, now, tz)
        opened = [i for i in items if not i.carried]
        closed = [i for i in items if i.status == "closed"]
        actions = {"opened": len(opened), "closed": len(closed), "open": sum(1 for i in items if i.status != "closed"),
                   "items": [i.as_dict() for i in items]}

    timeline = []
    for r in repairs:
        for m, at in r["milestones"].items():
            if at is not None:
                where = f" ({r['address']})" if r.get("address") else ""
                timeline.append({"at": at, "kind": f"repair.{m[:-3]}", "text": f"{r['code']}{where}",
                                 "text_zh": f"{r['code']}{where}", "ref": r["code"]})
    for c in zero["missing"]:
        timeline.append({"at": c["deadline"], "kind": "zero_report.missing", "text": f"{c['name']} {c['slot']}",
                         "text_zh": f"{c['name_zh']} {c['slot']}", "ref": c["unit"]})
    for i in actions["items"]:
        timeline.append({"at": None, "kind": "action.opened", "text": i["problem"], "text_zh": i["problem"],
                         "ref": i["code"]})
        for f in i["followups"]:
            if f["status"] == "closed":
                timeline.append({"at": f["at"], "kind": "action.closed", "text": i["problem"], "text_zh": i["problem"],
                                 "ref": i["code"]})
    with store.session() as s:
        from models.duty import ActionItem

        created = {a.code: _aware(a.created_at).isoformat() for a in s.query(ActionItem).all()}
    for e in timeline:
        if e["kind"] == "action.opened":
            e["at"] = created.get(e["ref"])
    if drill_info is not None:
        for e in drill_info["timeline"]:
            if e["kind"] in ("vehicle_lost", "vehicle_back", "post_departure", "patch_skip"):
                timeline.append({"at": dt.datetime.fromtimestamp(e["t"], dt.timezone.utc).isoformat(),
                                 "kind": f"drill.{e['kind']}", "text": e["text"], "text_zh": e["text_zh"], "ref": None})
    timeline = [e for e in timeline if e["at"] is not None]
    timeline.sort(key=lambda e: e["at"])

    departures = sum(w["departures"] for p in (cov or {}).get("stationed_posts", []) for w in p["windows"])
    totals = {
        "repairs": len(repairs),
        "limits_met": sum(r["met"] for r in repairs),
        "limits_overrun": sum(r["overrun"] for r in repairs),
        "zero_reports_on_time": sum(u["on_time"] for u in units),
        "zero_reports_late": sum(u["late"] for u in units),
        "zero_reports_missing": len(zero["missing"]),
        "actions_opened": actions["opened"],
        "actions_closed": actions["closed"],
        "post_departures": departures,
        "fixes": (cov or {}).get("fixes", {}),
    }
    return {"date": day.isoformat(), "now": now.astimezone(tz).isoformat(), "timezone": str(tz),
            "event": event.name, "event_zh": event.name_zh or event.name, "requirement_names": names,
            "drill": drill_info, "coverage": cov, "coverage_missing": missing,
            "repairs": repairs, "response_by_level": response, "zero_reports": zero, "action_items": actions,
            "timeline": timeline, "totals": totals}


def report_tables(data: dict, tr=no_translation) -> dict[str, "pd.DataFrame"]:
    """The report's figures as sheets (for ``.xlsx``): one frame per section, headers in ``tr``'s language."""
    import pandas as pd

    cov = data.get("coverage") or {}
    sheets = {
        tr("Summary"): pd.DataFrame(
            [(tr("Drill"), (data.get("drill") or {}).get("code", "")), (tr("Date"), data["date"]),
             (tr("Judged at"), data["now"])]
            + [(k, v) for k, v in data["totals"].items() if not isinstance(v, dict)],
            columns=[tr("Item"), tr("Value")]),
        tr("Coverage"): pd.DataFrame(
            [(r["code"], w["start"], w["end"], w["required_m"], w["covered_m"], w["ratio"])
             for r in cov.get("requirements", []) for w in r["windows"]],
            columns=[tr("Requirement"), tr("Start"), tr("End"), tr("Required (m)"), tr("Covered (m)"), tr("Coverage")]),
        tr("Key points"): pd.DataFrame(
            [(k["requirement"], w["start"], w["end"], w["reached"], w["planned"], w["rate"])
             for k in cov.get("key_points", []) for w in k["windows"]],
            columns=[tr("Requirement"), tr("Start"), tr("End"), tr("Reached"), tr("Planned"), tr("Rate")]),
        tr("Stationed posts"): pd.DataFrame(
            [(p["pipe"], w["index"] + 1, w["presence_s"], w["presence_ratio"], w["departures"])
             for p in cov.get("stationed_posts", []) for w in p["windows"]],
            columns=[tr("Post (pipe)"), tr("Window"), tr("Presence (s)"), tr("Presence"), tr("Departures")]),
        tr("Time limits"): pd.DataFrame(
            [(r["code"], r["level"], x["limit"], x["target_min"], x["elapsed_min"], x["state"], x["over_by_min"],
              x["margin_min"]) for r in data["repairs"] for x in r["limits"]],
            columns=[tr("Repair"), tr("Level"), tr("Limit"), tr("Target (min)"), tr("Took (min)"), tr("State"),
                     tr("Over by (min)"), tr("To spare (min)")]),
        tr("Response by level"): pd.DataFrame(
            [(x["level"], x["repairs"], x["dispatch_mean_min"], x["dispatch_max_min"], x["arrival_mean_min"],
              x["arrival_max_min"]) for x in data["response_by_level"]],
            columns=[tr("Level"), tr("Repairs"), tr("Dispatch mean (min)"), tr("Dispatch max (min)"),
                     tr("Arrival mean (min)"), tr("Arrival max (min)")]),
        tr("Zero reports"): pd.DataFrame(
            [(u["unit"], u["name"], u["on_time"], u["late"], u["missing"], u["pending"])
             for u in data["zero_reports"]["units"]],
            columns=[tr("Unit"), tr("Name"), tr("On time"), tr("Late"), tr("Missing"), tr("Pending")]),
        tr("Action items"): pd.DataFrame(
            [(i["code"], i["category"], i["problem"], i["owner"], i["status"])
             for i in data["action_items"]["items"]],
            columns=[tr("Code"), tr("Category"), tr("Problem"), tr("Owner"), tr("Status")]),
        tr("Timeline"): pd.DataFrame(
            [(e["at"], e["kind"], e.get("text_zh") or e.get("text")) for e in data["timeline"]],
            columns=[tr("Time"), tr("What"), tr("Detail")]),
    }
    return sheets


def write_report_xlsx(data: dict, path, tr=no_translation) -> None:
    """Write the report's sheets to an ``.xlsx`` file (openpyxl)."""
    import pandas as pd

    with replacing(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:  # whole or not at all
        for name, frame in report_tables(data, tr).items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
