"""What goes on a zone assignment sheet (巡检责任区任务单), as plain dataclasses.

One sheet per team, patch and shift of a day: the team (leader, members,
vehicle), its area (the patrol patch, or for guard teams the pipes of the
requirements reserved to their kind), the pipes in it with the most demanding
requirement of each, the rounds owed in the shift, numbered key points and the
emergency contacts. :func:`zone_sheets` reads the store through a connection;
everything else is pure. No Qt: ``ui.printing.zone_sheet`` lays the sheets out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, select

from gis.plan import RequirementRule, team_rounds
from models.bulk import iter_features, read_features
from models.duty import DutyShift
from models.event import Event
from models.patrol import KeyPoint, PatrolPatch, PatrolRequirement, Person, SegmentRequirement, Shift, Team
from models.queries import RULE_PRIORITY
from models.repair import Contact, Vehicle

#: At most this many key points per sheet (the checklist must fit the page).
MAX_KEY_POINTS = 12
#: Contact groups in the order a field sheet lists them, and how many of each.
CONTACT_ORDER = ("internal", "government", "important_user", "media")
MAX_CONTACTS = 8


class SheetDataError(ValueError):
    """The store lacks what a sheet needs (no event, no plan, unknown team); the message says what."""


@dataclass
class SheetRound:
    """One round the team owes: a requirement's window overlapping the shift."""

    requirement: str
    name: str
    name_zh: str
    rule: str
    start: dt.datetime
    end: dt.datetime


@dataclass
class SheetKeyPoint:
    """A numbered key point to reach and tick off.

    ``kind`` is ``key_point``, ``leak_point``, ``valve`` or ``hydrant``; ``x, y``
    are in the event's metric CRS.
    """

    number: int
    code: str
    kind: str
    name: str
    name_zh: str
    x: float
    y: float


@dataclass
class SheetContact:
    """An emergency contact line."""

    name: str
    organisation: str
    group: str
    phone: str


@dataclass
class ZoneSheet:
    """Everything printed on one sheet; geometry in the event's metric CRS ``crs``.

    Attributes
    ----------
    pipe_ids, pipe_rules
        The pipes in the area and the rule of the most demanding requirement
        each falls under (one of :data:`models.queries.RULE_PRIORITY`).
    area
        The patch polygon (or the guard team's area) drawn as the outline.
    extent
        ``(xmin, ymin, xmax, ymax)`` the map must show.
    length_km
        Kilometres of pipe in the area per rule.
    """

    event: str
    event_zh: str
    date: dt.date
    timezone: str
    crs: str
    team_code: str
    team_name: str
    team_name_zh: str
    team_kind: str
    leader: str
    leader_phone: str
    members: list[tuple[str, str, str]]
    vehicle: str
    shift: str
    shift_start: dt.datetime | None
    shift_end: dt.datetime | None
    patch_code: str
    patch_name: str
    area: shapely.Geometry
    extent: tuple[float, float, float, float]
    pipe_ids: np.ndarray
    pipe_rules: np.ndarray
    length_km: dict[str, float]
    rounds: list[SheetRound] = field(default_factory=list)
    key_points: list[SheetKeyPoint] = field(default_factory=list)
    contacts: list[SheetContact] = field(default_factory=list)
    duty_leader: str = ""
    duty_phone: str = ""


def _aware(t: dt.datetime) -> dt.datetime:
    # Stored times without a zone are UTC (as the planner reads them).
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def _kinds(value: str | None) -> frozenset[str]:
    return frozenset(k.strip() for k in (value or "").split(",") if k.strip())


def _metric(conn: Connection, kind: str, crs: str, columns: list[str] | None = None) -> gpd.GeoDataFrame:
    gdf = read_features(conn, kind, columns=columns)
    return gdf.to_crs(crs) if len(gdf) else gdf.set_crs(crs, allow_override=True)


@dataclass
class _SheetPipes:
    """What the sheets need of the pipes, read in one pass without holding a city's geometries.

    ``ids`` (sorted) are the wanted pipes found in the store, with their metric
    ``length_m`` and ``bounds``; ``shapes`` the metric geometry of the pipes whose
    shape is needed (the area of a team without a patch); ``transmission`` every
    transmission main's metric geometry (valves on them are key points).
    """

    ids: np.ndarray
    length_m: np.ndarray
    bounds: np.ndarray
    shapes: dict[int, shapely.Geometry]
    transmission: np.ndarray

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Positions of ``ids`` (all found) in :attr:`ids`."""
        return np.searchsorted(self.ids, ids)


def _read_sheet_pipes(conn: Connection, crs: str, wanted: np.ndarray, shaped: np.ndarray) -> _SheetPipes:
    """The wanted pipes' lengths and boxes, the shapes of ``shaped`` and every transmission main, in ``crs``.

    One pass over the pipes a chunk at a time (:func:`models.bulk.iter_features`): a city's
    500,000 pipes never sit in memory as geometries at once (reading them whole cost ~750 MB).
    """
    from pyproj import Transformer

    to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def metric(g: np.ndarray) -> np.ndarray:
        return shapely.transform(g, lambda xy: np.column_stack(to_metric.transform(xy[:, 0], xy[:, 1])))

    wanted = np.unique(np.asarray(wanted, dtype=np.int64))
    shaped = np.unique(np.asarray(shaped, dtype=np.int64))
    ids, lengths, boxes, trans = [], [], [], []
    shapes: dict[int, shapely.Geometry] = {}
    for frame, g in iter_features(conn, "pipes", ["pipe_class"]):
        rid = frame["id"].to_numpy(np.int64)
        ok = ~(shapely.is_missing(g) | shapely.is_empty(g))
        want = ok & np.isin(rid, wanted)
        main = ok & (frame["pipe_class"].to_numpy(object) == "transmission")
        keep = want | main
        if not keep.any():
            continue
        m = metric(g[keep])
        w, t = want[keep], main[keep]
        ids.append(rid[keep][w])
        lengths.append(shapely.length(m[w]))
        boxes.append(shapely.bounds(m[w]).reshape(-1, 4))
        trans.append(m[t])
        sh = np.isin(rid[keep], shaped) & w
        shapes.update(zip(rid[keep][sh].tolist(), m[sh]))
        del frame, g, m
    if not ids:
        return _SheetPipes(np.empty(0, np.int64), np.empty(0), np.empty((0, 4)), {}, np.empty(0, object))
    found = np.concatenate(ids)
    order = np.argsort(found, kind="stable")  # iter_features reads by id: this is a formality
    return _SheetPipes(found[order], np.concatenate(lengths)[order], np.concatenate(boxes)[order], shapes,
                       np.concatenate(trans) if trans else np.empty(0, object))


def derive_key_points(
    area: shapely.Geometry,
    stored: gpd.GeoDataFrame,
    leak_points: gpd.GeoDataFrame,
    valves: gpd.GeoDataFrame,
    transmission: np.ndarray,
    hydrants: gpd.GeoDataFrame,
    places: np.ndarray,
    limit: int = MAX_KEY_POINTS,
    near_m: float = 150.0,
) -> list[SheetKeyPoint]:
    """Pick and number the key points of an area.

    Stored key points come first, then leak survey points, valves on
    transmission mains and hydrants near venues and residences, all inside
    ``area``; numbered from north-west to south-east in bands so the numbers
    follow a walk across the map.

    Parameters
    ----------
    area
        The patch (metric CRS).
    stored, leak_points, valves, hydrants
        Points with ``code`` (and ``name``, ``name_zh`` where they have them).
    transmission
        Transmission-main geometries; valves within 5 m of one qualify.
    places
        Venue and residence polygons; hydrants within ``near_m`` qualify.
    limit
        Most points returned.

    Returns
    -------
    list of SheetKeyPoint
    """
    shapely.prepare(area)
    pools: list[list[tuple[str, str, str, str, float, float]]] = []

    def pool(frame: gpd.GeoDataFrame, kind: str, extra: np.ndarray | None = None) -> None:
        if len(frame) == 0:
            return
        ok = shapely.intersects(area, np.asarray(frame.geometry.to_numpy(), dtype=object))
        if extra is not None:
            ok &= extra
        sub = frame[ok]
        rows = []
        for row, g in zip(sub.itertuples(), sub.geometry.to_numpy()):
            name, name_zh = getattr(row, "name", None), getattr(row, "name_zh", None)
            rows.append((str(row.code), kind, name if isinstance(name, str) else "",
                         name_zh if isinstance(name_zh, str) else "", float(g.x), float(g.y)))
        if rows:
            pools.append(_spread(rows))

    pool(stored, "key_point")
    pool(leak_points, "leak_point")
    if len(valves) and len(transmission):
        v, _ = shapely.STRtree(transmission).query(valves.geometry.to_numpy(), predicate="dwithin", distance=5.0)
        pool(valves, "valve", np.isin(np.arange(len(valves)), v))
    if len(hydrants) and len(places):
        h, _ = shapely.STRtree(places).query(hydrants.geometry.to_numpy(), predicate="dwithin", distance=near_m)
        pool(hydrants, "hydrant", np.isin(np.arange(len(hydrants)), h))
    # Stored key points all come first; the derived kinds share what room is left.
    picked = pools.pop(0)[:limit] if pools and pools[0][0][1] == "key_point" else []
    while pools and len(picked) < limit:
        for p in list(pools):
            if len(picked) >= limit:
                break
            picked.append(p.pop(0))
            if not p:
                pools.remove(p)
    if not picked:
        return []
    xs = np.array([p[4] for p in picked])
    ys = np.array([p[5] for p in picked])
    band = max((ys.max() - ys.min()) / 3.0, 1.0)
    order = np.lexsort((xs, np.floor((ys.max() - ys) / band)))
    return [SheetKeyPoint(n, *picked[i]) for n, i in enumerate(order.tolist(), start=1)]


def _spread(rows: list) -> list:
    """Reorder points so that each next one is the farthest from those before (spread over the map)."""
    xy = np.array([(r[4], r[5]) for r in rows])
    order = [0]
    d = np.hypot(*(xy - xy[0]).T)
    for _ in range(len(rows) - 1):
        i = int(np.argmax(d))
        order.append(i)
        d = np.minimum(d, np.hypot(*(xy - xy[i]).T))
    return [rows[i] for i in order]


def sheet_extent(area: shapely.Geometry, pipe_bounds: np.ndarray, points: Sequence[tuple[float, float]],
                 pad: float = 0.05) -> tuple[float, float, float, float]:
    """What the sheet's map shows: the area's pipes (their ``(n, 4)`` boxes) and key points (the area
    itself when it has none).

    A patch polygon may reach far beyond its pipes (into forest or mountains);
    the map is about the pipes.
    """
    boxes = [np.asarray(pipe_bounds, dtype=float).reshape(-1, 4)] if len(pipe_bounds) else []
    if points:
        xy = np.asarray(points, dtype=float).reshape(-1, 2)
        boxes.append(np.column_stack([xy, xy]))
    if boxes:
        b = np.concatenate(boxes)
        xmin, ymin, xmax, ymax = (float(np.nanmin(b[:, 0])), float(np.nanmin(b[:, 1])),
                                  float(np.nanmax(b[:, 2])), float(np.nanmax(b[:, 3])))
    else:
        xmin, ymin, xmax, ymax = shapely.total_bounds([area]).tolist()
    margin = pad * max(xmax - xmin, ymax - ymin, 200.0)
    return xmin - margin, ymin - margin, xmax + margin, ymax + margin


def best_rules(pipe_ids: np.ndarray, rules: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per distinct pipe id, the most demanding rule of its requirements (:data:`RULE_PRIORITY` order)."""
    if len(pipe_ids) == 0:
        return np.empty(0, np.int64), np.empty(0, object)
    rank = pd.Series(rules).map({r: i for i, r in enumerate(RULE_PRIORITY)}).fillna(len(RULE_PRIORITY))
    frame = pd.DataFrame({"pipe": pipe_ids, "rule": rules, "rank": rank.to_numpy()})
    best = frame.sort_values(["pipe", "rank"]).drop_duplicates("pipe")
    return best["pipe"].to_numpy(np.int64), best["rule"].to_numpy(object)


def sheet_grid(extent: tuple[float, float, float, float], target_cols: int = 6
               ) -> tuple[float, list[float], list[float]]:
    """The reference grid over a map extent: a round cell size and the cell edges.

    Columns are lettered A, B … from the west edge, rows numbered 1, 2 … from the
    north edge.

    Returns
    -------
    (cell_m, xs, ys)
        Cell size in metres, x edges west → east and y edges north → south.
    """
    xmin, ymin, xmax, ymax = extent
    raw = max(xmax - xmin, 1.0) / max(target_cols, 1)
    exp = 10 ** math.floor(math.log10(raw))
    cell = min((m * exp for m in (1, 2, 2.5, 5, 10) if m * exp >= raw), default=10 * exp)
    ncols = max(1, math.ceil((xmax - xmin) / cell - 1e-9))
    nrows = max(1, math.ceil((ymax - ymin) / cell - 1e-9))
    xs = [xmin + i * cell for i in range(ncols)] + [xmax]
    ys = [ymax - j * cell for j in range(nrows)] + [ymin]
    return cell, xs, ys


def grid_ref(x: float, y: float, xs: Sequence[float], ys: Sequence[float]) -> str:
    """The ``A1``-style reference of a point on :func:`sheet_grid` edges (``""`` outside)."""
    if not (xs[0] <= x <= xs[-1] and ys[-1] <= y <= ys[0]):
        return ""
    col = min(int(np.searchsorted(xs, x, side="right")) - 1, len(xs) - 2)
    row = min(int(np.searchsorted(-np.asarray(ys), -y, side="right")) - 1, len(ys) - 2)
    return f"{column_letter(col)}{row + 1}"


def column_letter(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def plan_exists(conn: Connection) -> bool:
    """Whether a patrol plan (patches and segment requirements) is stored."""
    return (conn.execute(select(PatrolPatch.id).limit(1)).first() is not None
            and conn.execute(select(SegmentRequirement.id).limit(1)).first() is not None)


def sheet_teams(conn: Connection) -> list[tuple[str, str, str, bool]]:
    """Teams that can get a sheet: ``(code, name, name_zh, has_patch)`` in code order."""
    t = Team.__table__
    rows = conn.execute(select(t.c.code, t.c.name, t.c.name_zh, t.c.patch_id).order_by(t.c.code)).all()
    return [(c, n, z or "", p is not None) for c, n, z, p in rows]


def default_date(conn: Connection, today: dt.date | None = None) -> dt.date:
    """Today in the event's time zone, moved into the event's days when outside them."""
    ev = conn.execute(select(Event.starts_at, Event.ends_at, Event.timezone)
                      .order_by(Event.id.desc()).limit(1)).first()
    if ev is None:
        return today or dt.date.today()
    tz = ZoneInfo(ev.timezone or "UTC")
    day = today or dt.datetime.now(tz).date()
    first = _aware(ev.starts_at).astimezone(tz).date()
    last = (_aware(ev.ends_at) - dt.timedelta(seconds=1)).astimezone(tz).date()
    return min(max(day, first), last)


def zone_sheets(conn: Connection, date: dt.date, teams: Sequence[str] | None = None,
                shift: str | None = None) -> list[ZoneSheet]:
    """The sheets of a day: one per team and shift starting that day.

    Parameters
    ----------
    conn
        An open connection to a store holding an event and a patrol plan.
    date
        The day (event time zone).
    teams
        Team codes; None means every team with a patrol patch.
    shift
        Only shifts of this name (``day``/``night``); None means all. A team
        without shifts that day gets one sheet for the whole day.

    Raises
    ------
    SheetDataError
        No event, no stored plan, an unknown team or a team without an area.
    """
    ev = conn.execute(select(Event.name, Event.name_zh, Event.timezone, Event.local_crs)
                      .order_by(Event.id.desc()).limit(1)).first()
    if ev is None:
        raise SheetDataError("No event in the store: run 'python app.py demo' or import one first.")
    if not plan_exists(conn):
        raise SheetDataError("No patrol plan in the store: run 'python app.py plan' first.")
    tzname, crs = ev.timezone or "UTC", ev.local_crs
    tz = ZoneInfo(tzname)
    anchor = dt.datetime.combine(date, dt.time(0, 0), tzinfo=tz)

    t = Team.__table__
    team_rows = pd.DataFrame(conn.execute(select(t.c.id, t.c.code, t.c.name, t.c.name_zh, t.c.kind, t.c.leader,
                                                 t.c.phone, t.c.vehicle_id, t.c.patch_id).order_by(t.c.code)).all(),
                             columns=["id", "code", "name", "name_zh", "kind", "leader", "phone", "vehicle_id",
                                      "patch_id"])
    if teams:
        unknown = [c for c in teams if c not in set(team_rows["code"])]
        if unknown:
            raise SheetDataError(f"Unknown team(s): {', '.join(unknown)} (known: {', '.join(team_rows['code'])})")
        team_rows = team_rows.set_index("code").loc[list(dict.fromkeys(teams))].reset_index()
    else:
        team_rows = team_rows[team_rows["patch_id"].notna()]
    if team_rows.empty:
        raise SheetDataError("No team has a patrol patch: run 'python app.py plan' first.")

    r = PatrolRequirement.__table__
    reqs = conn.execute(select(r.c.id, r.c.code, r.c.name, r.c.name_zh, r.c.rule, r.c.rounds_per_day,
                               r.c.eligible_team_kinds, r.c.active).order_by(r.c.id)).all()
    rules = {q.id: q for q in reqs if q.active}
    sr = SegmentRequirement.__table__
    plan = pd.DataFrame(conn.execute(select(sr.c.pipe_id, sr.c.requirement_id, sr.c.patch_id)).all(),
                        columns=["pipe_id", "requirement_id", "patch_id"])
    plan = plan[plan["requirement_id"].isin(list(rules))]
    plan["rule"] = plan["requirement_id"].map({k: q.rule for k, q in rules.items()})

    patches = _metric(conn, "patches", crs, ["code", "name"])
    places = pd.concat([_metric(conn, k, crs, ["code"]).geometry for k in ("venues", "residences")])
    stored_kp = _metric(conn, "key_points", crs, ["code", "name"])
    leaks = _metric(conn, "leak_points", crs, ["code", "name", "name_zh"])
    valves = _metric(conn, "valves", crs, ["code"])
    hydrants = _metric(conn, "hydrants", crs, ["code"])

    members = _members(conn)
    vehicles = {row.id: row for row in conn.execute(select(Vehicle.id, Vehicle.code, Vehicle.plate, Vehicle.name))}
    shifts = _shifts(conn, anchor, tz)
    contacts = _contacts(conn)
    duty = {row.shift: row for row in conn.execute(select(DutyShift.shift, DutyShift.leader, DutyShift.phone)
                                                     .where(DutyShift.day == date))}

    # Each team's rows of the plan first: then one pass over the pipes reads only what the sheets need.
    chosen = []
    for team in team_rows.itertuples(index=False):
        kind = team.kind or ""
        eligible = {k for k, q in rules.items()
                    if not _kinds(q.eligible_team_kinds) or kind in _kinds(q.eligible_team_kinds)}
        if pd.notna(team.patch_id):
            pid = int(team.patch_id)
            sel = plan[(plan["patch_id"] == pid) & plan["requirement_id"].isin(list(eligible))]
        else:
            own = {k for k in eligible if kind in _kinds(rules[k].eligible_team_kinds)}
            sel = plan[plan["requirement_id"].isin(list(own))]
        chosen.append((team, kind, eligible, sel))
    wanted = [sel["pipe_id"].to_numpy(np.int64) for _, _, _, sel in chosen]
    shaped = [sel["pipe_id"].to_numpy(np.int64) for team, _, _, sel in chosen if pd.isna(team.patch_id)]
    pipes = _read_sheet_pipes(conn, crs, np.concatenate(wanted) if wanted else np.empty(0, np.int64),
                              np.concatenate(shaped) if shaped else np.empty(0, np.int64))
    transmission = pipes.transmission

    out: list[ZoneSheet] = []
    for team, kind, eligible, sel in chosen:
        if pd.notna(team.patch_id):
            pid = int(team.patch_id)
            area = patches.geometry.loc[pid] if pid in patches.index else None
            patch_code = str(patches.loc[pid, "code"]) if pid in patches.index else ""
            patch_name = str(patches.loc[pid, "name"]) if pid in patches.index else ""
        else:
            area, patch_code, patch_name = None, "", ""
        sel = sel[sel["pipe_id"].isin(pipes.ids)]
        if sel.empty and area is None:
            raise SheetDataError(f"Team {team.code} has no patrol patch and no pipes of its own requirements: "
                                 f"run 'python app.py plan' first.")
        ids, best = best_rules(sel["pipe_id"].to_numpy(np.int64), sel["rule"].to_numpy(object))
        at = pipes.rows(ids)
        if area is None:
            geoms = np.array([pipes.shapes[i] for i in ids.tolist()], dtype=object)
            area = shapely.union_all(shapely.buffer(geoms, 60.0))
        lengths = pipes.length_m[at] / 1000.0
        length_km = {rule: round(float(lengths[best == rule].sum()), 2) for rule in RULE_PRIORITY
                     if (best == rule).any()}
        kps = derive_key_points(area, stored_kp, leaks, valves, transmission, hydrants,
                                places.to_numpy() if len(places) else np.empty(0, object))
        extent = sheet_extent(area, pipes.bounds[at], [(k.x, k.y) for k in kps])
        req_in_area = set(sel["requirement_id"].tolist())
        if any(p.kind == "leak_point" for p in kps):
            req_in_area |= {k for k in eligible if rules[k].rule == "leak_survey"}
        vehicle = vehicles.get(team.vehicle_id)
        vehicle_text = " ".join(x for x in ((vehicle.code, vehicle.plate or "") if vehicle else ()) if x)
        team_shifts = shifts.get(int(team.id), [])
        if shift:
            team_shifts = [s for s in team_shifts if s[0] == shift]
        elif not team_shifts:
            team_shifts = [("", None, None)]
        people = members.get(int(team.id), [])
        leader = team.leader or next((n for n, role, _ in people if role == "leader"), "")
        for name, start, end in team_shifts:
            rounds = []
            for k in sorted(req_in_area, key=lambda k: (RULE_PRIORITY.index(rules[k].rule)
                                                        if rules[k].rule in RULE_PRIORITY else 99, k)):
                q = rules[k]
                rule = RequirementRule(key=k, code=q.code, rule=q.rule, rounds_per_day=float(q.rounds_per_day or 1))
                span = [(start, end)] if start is not None else []
                for a, b in team_rounds(rule, anchor, span):
                    rounds.append(SheetRound(q.code, q.name, q.name_zh or "", q.rule, a, b))
            d = duty.get(name) if name else None
            out.append(ZoneSheet(
                event=ev.name, event_zh=ev.name_zh or "", date=date, timezone=tzname, crs=crs,
                team_code=team.code, team_name=team.name, team_name_zh=team.name_zh or "", team_kind=kind,
                leader=leader or "", leader_phone=team.phone or "",
                members=[p for p in people if p[0] != leader], vehicle=vehicle_text, shift=name,
                shift_start=start, shift_end=end, patch_code=patch_code, patch_name=patch_name, area=area,
                extent=extent, pipe_ids=ids, pipe_rules=best, length_km=length_km, rounds=rounds,
                key_points=kps, contacts=contacts, duty_leader=d.leader if d else "",
                duty_phone=(d.phone or "") if d else "",
            ))
    if not out:
        raise SheetDataError(f"No {shift} shift on {date.isoformat()} for the chosen teams.")
    return out


def _members(conn: Connection) -> dict[int, list[tuple[str, str, str]]]:
    out: dict[int, list] = {}
    for row in conn.execute(select(Person.team_id, Person.name, Person.role, Person.phone)
                            .where(Person.team_id.is_not(None)).order_by(Person.id)):
        out.setdefault(int(row.team_id), []).append((row.name, row.role or "", row.phone or ""))
    return out


def _shifts(conn: Connection, anchor: dt.datetime, tz: dt.tzinfo
            ) -> dict[int, list[tuple[str, dt.datetime, dt.datetime]]]:
    """Per team: the shifts that start on the anchor's day, in start order."""
    end = anchor + dt.timedelta(days=1)
    out: dict[int, list] = {}
    for row in conn.execute(select(Shift.team_id, Shift.name, Shift.starts_at, Shift.ends_at)
                            .order_by(Shift.starts_at)):
        a, b = _aware(row.starts_at).astimezone(tz), _aware(row.ends_at).astimezone(tz)
        if anchor <= a < end:
            out.setdefault(int(row.team_id), []).append((row.name, a, b))
    return out


def _contacts(conn: Connection) -> list[SheetContact]:
    rows = conn.execute(select(Contact.name, Contact.organisation, Contact.group, Contact.phone)
                        .order_by(Contact.id)).all()
    rank = {g: i for i, g in enumerate(CONTACT_ORDER)}
    rows = sorted(rows, key=lambda r: rank.get(r.group, len(rank)))
    return [SheetContact(r.name, r.organisation or "", r.group, r.phone or "") for r in rows
            if r.phone][:MAX_CONTACTS]
