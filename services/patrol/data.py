"""Store ↔ gis glue shared by ``plan`` and ``coverage`` (and, later, the coverage dock).

Reads the event's features and requirements from the store into the metric
GeoDataFrames and plain dataclasses that :mod:`gis.plan` and
:mod:`gis.coverage` take. No Qt here: the GUI calls the same functions from a
worker thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from gis.requirements import Requirement
from gis.tracks_clean import CleanParams
from models.bulk import read_features, read_track_points
from models.patrol import PatrolRequirement, Team
from services.process_memory import release_freed_memory

log = logging.getLogger(__name__)

PLACE_KINDS = {"venues": "venue", "residences": "residence", "key_units": "key_unit"}


class PatrolDataError(ValueError):
    """The store lacks what a plan or coverage needs; the message says what."""


def kinds_of(value: str | None) -> frozenset[str]:
    """Parse ``eligible_team_kinds`` ("guard, patrol") into a set; empty means all teams."""
    return frozenset(k.strip() for k in (value or "").split(",") if k.strip())


def requirements_of(reqs: list[PatrolRequirement]) -> list[Requirement]:
    """The active stored requirements, as planner and coverage engine both take them."""
    return [Requirement(key=r.id, code=r.code, rule=r.rule, buffer_m=float(r.buffer_m or 0.0),
                        tolerance_m=float(r.tolerance_m or 30.0), rounds_per_day=float(r.rounds_per_day or 1.0),
                        eligible_kinds=kinds_of(r.eligible_team_kinds),
                        covered_fraction=float(r.covered_fraction or 0.8),
                        interval_h=float(r.interval_h) if r.interval_h else None)
            for r in reqs if r.active]


#: One requirement type: the planner's rules and the coverage specs are the same values.
requirement_rules = requirement_specs = requirements_of


def read_metric(conn: Connection, kind: str, crs: str, columns: list[str] | None = None) -> gpd.GeoDataFrame:
    """A feature kind from the store, projected to ``crs`` (positions kept, index = id)."""
    gdf = read_features(conn, kind, columns=columns)
    return gdf.to_crs(crs) if len(gdf) else gdf.set_crs(crs, allow_override=True)


#: Rows per chunk of :func:`read_metric_lines`.
METRIC_CHUNK = 5_000


def read_metric_lines(conn: Connection, kind: str, crs: str, columns: list[str]) -> tuple[pd.DataFrame, object]:
    """A line kind projected to ``crs`` as ``(frame of id + columns, SegmentLines)``, read chunk by chunk.

    The same coordinates and lengths as :func:`read_metric` gives, without keeping a
    shapely object per line (a city's 500,000 pipes: ~50 MB of vertices instead of
    several hundred MB of geometries).
    """
    import shapely
    from pyproj import Transformer

    from gis.segment_lines import SegmentLines, line_lengths
    from models.bulk import iter_features

    # The projection geopandas' to_crs applies (always_xy, per vertex), straight on the vertices.
    to_xy = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    frames, parts = [], []
    # Small chunks: each chunk's SQL rows, WKB parsing and frame hold the interpreter lock while they are
    # made (50,000 rows held it ~100-300 ms at a time: the desk's GUI thread waited for it).
    for frame, geoms in iter_features(conn, kind, columns, chunk=METRIC_CHUNK):
        plain = (shapely.get_type_id(geoms) == 1) & ~shapely.is_empty(geoms) & ~shapely.has_z(geoms)
        lonlat, owner = shapely.get_coordinates(geoms[plain], return_index=True)
        x, y = to_xy.transform(lonlat[:, 0], lonlat[:, 1])
        xy = np.column_stack([x, y])
        del lonlat, x, y
        lengths = np.full(len(geoms), np.nan)
        counts = np.zeros(len(geoms), dtype=np.int64)
        counts[np.flatnonzero(plain)] = np.bincount(owner, minlength=int(plain.sum()))
        if plain.any():  # GEOS's sum on the vertices (bit-identical), no LineString made per pipe
            lengths[plain] = line_lengths(xy, counts[plain])
        rest = np.flatnonzero(~plain)
        other = {}
        if len(rest):  # MultiLineStrings, empties, 3-D lines: as geopandas projects them
            metric = gpd.GeoSeries(geoms[rest], crs="EPSG:4326").to_crs(crs).to_numpy()
            lengths[rest] = shapely.length(metric)
            other = {int(i): g for i, g in zip(rest, metric)}
        del geoms
        parts.append((xy, counts, lengths, other))
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({c: [] for c in ["id", *columns]})
    return frame, SegmentLines.concat(parts)


def read_pipe_lines(engine, conn: Connection, crs: str):
    """The pipes projected to ``crs`` as ``(ids, codes, lines)``: ids int64 in id order,
    :class:`gis.segment_lines.Codes`, :class:`gis.segment_lines.SegmentLines`.

    What :func:`read_metric_lines` reads, kept beside the store
    (:mod:`services.patrol.line_cache`): a warm start memory-maps the arrays instead of
    reading, parsing and projecting every pipe again. Any pipe edit changes the cache's key.
    """
    return _pipe_lines_and_key(engine, conn, crs)[:3]


def _pipe_lines_and_key(engine, conn: Connection, crs: str, started: tuple | None = None):
    from gis.segment_lines import Codes
    from services.patrol import line_cache

    folder = line_cache.cache_folder(engine)
    if started is not None:  # the key read (before the pipes) when the child was started, and the child
        key, run = started
    else:
        key, run = line_cache.pipes_key(conn, crs), None  # before the pipes: a cache never holds older pipes
    cached = line_cache.load(folder, key) if run is None else None
    if cached is None and folder is not None and _caches_in_child(engine, key, run):
        cached = line_cache.load(folder, key)  # what the child wrote, mapped
    if cached is not None:
        return (*cached, key)
    frame, lines = read_metric_lines(conn, "pipes", crs, ["code"])
    ids = frame["id"].to_numpy(dtype=np.int64)
    codes = Codes.from_strings(frame["code"].tolist())
    del frame
    line_cache.save(folder, key, ids, codes, lines)
    saved = line_cache.load(folder, key)  # the same arrays, mapped: the desk keeps no heap copy of them
    if saved is not None:
        ids, codes, lines = saved
    release_freed_memory()  # the SQL rows, WKB and geometries of a city read just now
    return ids, codes, lines, key


#: Build a city's cold patrol caches (pipes and samples) in a child process (:mod:`services.child_build`)
#: when it has at least this many pipes (a smaller one is read sooner than a process starts).
CHILD_MIN_ROWS = 50_000
#: Off (``WG_PATROL_BUILD_IN_PROCESS=1``): on the patrol day's own thread.
BUILD_IN_CHILD = os.environ.get("WG_PATROL_BUILD_IN_PROCESS", "") != "1"


def _child_wanted(folder, key: dict) -> bool:
    from services.child_build import can_start

    return folder is not None and BUILD_IN_CHILD and key.get("rows", 0) >= CHILD_MIN_ROWS and can_start()


def _day_caches_child(engine):
    """A child process started now on :func:`prepare_day_caches` of ``engine``'s store (a :class:`ChildRun`)."""
    from services.child_build import ChildRun

    return ChildRun("services.patrol.data:prepare_day_caches",
                    {"url": engine.url.render_as_string(hide_password=False)}, "patrol cache build")


def _start_day_caches(engine, crs: str) -> tuple[dict, object]:
    """``(the pipes' key, a child building the cold caches or None)``: the child is started when the
    pipes' cache is not there (a city's first day), so it works while the caller reads the plan."""
    from services.patrol import line_cache

    folder = line_cache.cache_folder(engine)
    with engine.connect() as conn:
        key = line_cache.pipes_key(conn, crs)  # before the pipes: a cache never holds pipes older than its key
    if line_cache.holds(folder, key) or not _child_wanted(folder, key):
        return key, None
    try:
        return key, _day_caches_child(engine)
    except OSError as exc:  # (BuildCancelled, the desk exiting, goes up)
        log.warning("patrol cache build process not started (%s): reading the pipes here", exc)
        return key, None


def _caches_in_child(engine, key: dict, run=None) -> bool:
    """Build the patrol day's cold caches (:func:`prepare_day_caches`) in a child process (or take the
    answer of ``run``, one started before); whether it ran.

    Its failure is logged and the caller reads the pipes itself, as without a child
    (a save that fails there says why again).
    """
    from services.child_build import ChildBuildError
    from services.patrol import line_cache

    if run is None and not _child_wanted(line_cache.cache_folder(engine), key):
        return False
    try:  # (BuildCancelled, the desk exiting, goes up)
        (run if run is not None else _day_caches_child(engine)).result()
        return True
    except ChildBuildError as exc:
        log.error("building the patrol caches failed; reading the pipes here: %s%s", exc,
                  f"\n{exc.details.rstrip()}" if exc.details else "")
    except OSError as exc:
        log.warning("patrol caches not written: %s", exc)
    return False


def prepare_day_caches(url: str) -> dict:
    """Write the patrol day's pipes and samples caches of the store at ``url`` (the child's side of
    :func:`_caches_in_child`): what a first :func:`coverage_of_day` writes, by the same functions."""
    from models.store import open_store

    store = open_store(url, migrate=False, role="viewer")
    try:
        event = store.current_event()
        if event is None:
            return {}
        _reqs, specs, infos = _day_requirements(store)
        with store.engine.connect() as conn:
            plan = read_plan_rows(conn)
            ids, _codes, lines, pipes_key = _pipe_lines_and_key(store.engine, conn, event.local_crs)
        if not plan.empty:
            _plan, rows = _planned_rows(plan, ids, infos)
            prepared_samples(store.engine, pipes_key, lines, rows, specs)
    finally:
        store.dispose()
    return {}


def prepared_samples(engine, pipes_key: dict, lines, rows: np.ndarray, specs, step_m: float = 5.0):
    """The coverage samples of the planned segments ``rows`` of the pipes' ``lines`` (the
    :class:`gis.segment_lines.SegmentLines` :func:`read_pipe_lines` gives), as
    :class:`gis.coverage.PreparedSamples`, kept beside the store like the pipes (:mod:`services.patrol.line_cache`): a warm start maps them
    instead of sampling a city's pipes again. Their key is the pipes' key plus the sampled rows."""
    from gis.coverage import grid_cell_m, prepare_samples
    from services.patrol import line_cache

    cell_m = grid_cell_m(specs)  # as CoverageState asks
    folder = line_cache.cache_folder(engine, "samples")
    key = line_cache.samples_key(pipes_key, rows, step_m, cell_m)
    got = line_cache.load_samples(folder, key)
    if got is None:
        got = prepare_samples(lines, rows, step_m, cell_m)
        line_cache.save_samples(folder, key, got)
        got = line_cache.load_samples(folder, key) or got  # mapped, as at a warm start
        release_freed_memory()  # the sampling's temporaries
        lines.release_pages()  # the sampling read every line's vertices
    return got


def read_places(conn: Connection, crs: str) -> gpd.GeoDataFrame:
    """Venues, residences and key units in one frame with a ``kind`` column."""
    frames = []
    for kind, value in PLACE_KINDS.items():
        gdf = read_metric(conn, kind, crs, ["code", "name", "buffer_m"])
        if len(gdf):
            frames.append(gdf.assign(kind=value))
    if not frames:
        return gpd.GeoDataFrame({"code": [], "name": [], "buffer_m": [], "kind": []}, geometry=[], crs=crs)
    return gpd.GeoDataFrame(pd.concat(frames), crs=crs)


def day_anchor(timezone: str, date: dt.date) -> dt.datetime:
    """Local midnight of ``date`` in the event's time zone (timezone-aware)."""
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=ZoneInfo(timezone or "UTC"))


def parse_date(text: str | None, timezone: str) -> dt.date:
    """``YYYY-MM-DD``, or today in the event's time zone when None."""
    if not text:
        return dt.datetime.now(ZoneInfo(timezone or "UTC")).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise PatrolDataError(f"--date {text!r}: expected YYYY-MM-DD") from exc


def teams_frame(conn: Connection) -> pd.DataFrame:
    """Teams: ``id, code, name, name_zh, kind, device_id, patch_id``."""
    t = Team.__table__
    rows = conn.execute(select(t.c.id, t.c.code, t.c.name, t.c.name_zh, t.c.kind, t.c.device_id, t.c.patch_id)
                        .order_by(t.c.id)).all()
    return pd.DataFrame(rows, columns=["id", "code", "name", "name_zh", "kind", "device_id", "patch_id"])


@dataclass
class CoverageDay:
    """A day's coverage: what the store holds for it, read once, and the one engine fed with it.

    The desk's patrol day and ``python app.py coverage`` (and the meeting and
    the wall through it) both come from :func:`coverage_of_day`, so they
    measure the same inputs with the same engine and give the same numbers.

    Attributes
    ----------
    session
        The :class:`gis.patrol_session.PatrolSession` (a
        :class:`gis.coverage.CoverageState` per requirement window), fed with
        the day's fixes when asked to.
    anchor
        Local midnight of the day (aware, the event's time zone).
    crs
        The event's metric CRS.
    requirements
        The stored requirements by id (active or not).
    teams
        :func:`teams_frame`.
    fixes
        The day's raw track points (see :func:`read_day_fixes`), or None.
    """

    session: object
    anchor: dt.datetime
    crs: str
    requirements: dict
    teams: pd.DataFrame
    fixes: pd.DataFrame | None

    @property
    def pipes(self) -> pd.DataFrame:
        """The pipes (``id, code``) in the session's segment order (built when asked: a city's codes
        stay compact in ``session.pipe_codes``); their lines are ``session.geoms``."""
        return pd.DataFrame({"id": self.session.pipe_ids, "code": np.asarray(self.session.pipe_codes, dtype=object)})


def coverage_of_day(store, date: dt.date | None = None, with_fixes: bool = True,
                    resolution_s: float = 300.0) -> CoverageDay:
    """Read the day's plan, pipes, teams and fixes and measure them: the one coverage pipeline.

    Parameters
    ----------
    store
        An open :class:`models.store.Store` (any thread may call this: it opens
        its own connections).
    date
        The local day (default: today in the event's time zone).
    with_fixes
        Also feed the day's stored track points into it.
    resolution_s
        Resolution of the coverage curve (see :class:`gis.patrol_session.PatrolSession`).

    Raises
    ------
    PatrolDataError
        No event, or no stored plan.
    """
    from services.patrol.day_gate import DAY_GATE

    with DAY_GATE.hold():  # one city day loading at a time (see services.patrol.day_gate)
        return _coverage_of_day(store, date, with_fixes, resolution_s)


def _day_requirements(store) -> tuple[list, list, dict]:
    """``(requirements, their specs, infos of the active ones by id)`` of the store's patrol requirements."""
    from gis.patrol_session import RequirementInfo

    with store.session() as session:
        reqs = list(session.scalars(select(PatrolRequirement).order_by(PatrolRequirement.id)))
        specs = requirement_specs(reqs)
        infos = {r.id: RequirementInfo(r.id, r.code, r.name, r.name_zh or "", r.rule) for r in reqs if r.active}
        session.expunge_all()
    return reqs, specs, infos


def _planned_rows(plan: pd.DataFrame, ids: np.ndarray, infos: dict) -> tuple[pd.DataFrame, np.ndarray]:
    """The plan rows of active requirements on stored pipes (``requirement_id, patch_id, pos``: the pipe's
    position in ``ids``) and the distinct planned positions (the segments sampled)."""
    from gis.coverage import sorted_positions, unique_ints

    # Pipes come in id order: a row's segment is found by bisection (no hash index of 500,000 ids).
    at = sorted_positions(ids, plan["pipe_id"].to_numpy(dtype=np.int64))
    keep = (at >= 0) & plan["requirement_id"].isin(list(infos)).to_numpy()
    plan = plan.loc[keep, ["requirement_id", "patch_id"]]  # the session finds pipes by position
    plan["pos"] = at[keep]
    return plan, unique_ints(plan["pos"].to_numpy(dtype=np.int64))


def _coverage_of_day(store, date: dt.date | None, with_fixes: bool, resolution_s: float) -> CoverageDay:
    from gis.patrol_session import PatrolSession
    from models.patrol import PatrolPatch

    event = store.current_event()
    if event is None:
        raise PatrolDataError("No event in the store: run 'python app.py demo' or import one first.")
    crs = event.local_crs
    anchor_dt = day_anchor(event.timezone, date or parse_date(None, event.timezone))
    anchor = anchor_dt.timestamp()
    started = _start_day_caches(store.engine, crs)  # a city's cold caches: built by a child meanwhile
    try:
        reqs, specs, infos = _day_requirements(store)
        with store.engine.connect() as conn:
            plan = read_plan_rows(conn)
            if plan.empty:
                raise PatrolDataError("No patrol plan stored: run 'python app.py plan' first.")
            ids, codes, lines, pipes_key = _pipe_lines_and_key(store.engine, conn, crs, started)
            pp = PatrolPatch.__table__
            patches = pd.DataFrame(conn.execute(select(pp.c.id, pp.c.code).order_by(pp.c.id)).all(),
                                   columns=["id", "code"])
            teams = teams_frame(conn)
            fixes = read_day_fixes(conn, anchor, anchor + 86_400.0) if with_fixes else None
    finally:
        if started[1] is not None:
            started[1].close()  # not waited for (an error above): ended, reaped
    plan, rows = _planned_rows(plan, ids, infos)
    device_kinds = device_kinds_of(teams, fixes)
    prepared = prepared_samples(store.engine, pipes_key, lines, rows, specs)
    out = PatrolSession(ids, codes, lines, crs, specs, infos, plan, patches, teams, anchor, device_kinds,
                        resolution_s=resolution_s, reasons=_plan_reasons(store, ids), prepared=prepared)
    del prepared
    if fixes is not None and len(fixes):
        out.add_fixes(fixes)
    release_freed_memory()  # the plan's rows, the day's batches: a city's temporaries, freed on this thread
    return CoverageDay(out, anchor_dt, crs, {r.id: r for r in reqs}, teams, fixes)


def read_plan_rows(conn: Connection) -> pd.DataFrame:
    """The stored plan as ``pipe_id, requirement_id, patch_id`` (numbers only; the reasons are read per
    pipe when shown, see :func:`_plan_reasons`: a city's 500,000 reason strings cost ~40 MB)."""
    from models.patrol import SegmentRequirement

    sr = SegmentRequirement.__table__
    cursor = conn.execute(select(sr.c.pipe_id, sr.c.requirement_id, sr.c.patch_id).order_by(sr.c.id)).cursor
    parts = []
    while True:
        rows = cursor.fetchmany(10_000)  # each chunk's conversion holds the interpreter lock (~4 ms at 10,000)
        if not rows:
            break
        # NULL patch -> NaN, as pandas made it of the rows before.
        parts.append(np.array(rows, dtype=np.float64).reshape(-1, 3))
        del rows
    data = np.concatenate(parts) if parts else np.empty((0, 3))
    frame = pd.DataFrame({"pipe_id": data[:, 0].astype(np.int64), "requirement_id": data[:, 1].astype(np.int64),
                          "patch_id": data[:, 2]})
    if len(frame) and not frame["patch_id"].isna().any():
        frame["patch_id"] = frame["patch_id"].astype(np.int64)
    return frame


def _plan_reasons(store, ids: np.ndarray):
    """``reasons(pos) -> {requirement_id: reason}`` of one segment, read from the store when asked."""
    from models.patrol import SegmentRequirement

    sr = SegmentRequirement.__table__

    def reasons(pos: int) -> dict:
        with store.engine.connect() as conn:
            rows = conn.execute(select(sr.c.requirement_id, sr.c.reason).where(sr.c.pipe_id == int(ids[pos]))).all()
        return {int(r): reason or "" for r, reason in rows}

    return reasons


def load_patrol_session(store, date: dt.date | None = None, with_fixes: bool = True,
                        resolution_s: float = 300.0):
    """The desk's :class:`gis.patrol_session.PatrolSession` of ``date``: :func:`coverage_of_day`'s engine.

    Raises
    ------
    PatrolDataError
        No event, or no stored plan.
    """
    return coverage_of_day(store, date, with_fixes, resolution_s).session


def has_plan(store) -> bool:
    """Whether the store holds a patrol plan (segment requirements)."""
    from sqlalchemy import func

    from models.patrol import SegmentRequirement

    with store.engine.connect() as conn:
        return bool(conn.execute(select(func.count()).select_from(SegmentRequirement.__table__)).scalar())


def read_day_fixes(conn: Connection, start: float, end: float,
                   max_gap_s: float = CleanParams.max_gap_s) -> pd.DataFrame:
    """The track points of a day (``start``–``end``, unix seconds) and those within one gap of its ends.

    A line between a fix before midnight and one after it (closer in time than
    ``max_gap_s``, so it is a line and not a gap) counts in both days: the
    coverage clips it at midnight like at any window edge. Without the fixes
    across the ends it would be lost to both days.
    """
    return read_track_points(conn, start - max_gap_s, end + max_gap_s)


def device_kinds_of(teams: pd.DataFrame, fixes: pd.DataFrame | None) -> dict[str, str]:
    """Device → team kind, the same for the desk's patrol day and ``python app.py coverage``:
    a team's own device first, then the team a stored fix names."""
    kind_of_team = dict(zip(teams["id"], teams["kind"]))
    kinds = {d: k for d, k in zip(teams["device_id"], teams["kind"]) if isinstance(d, str) and d}
    if fixes is not None and len(fixes) and "team_id" in fixes.columns:
        named = fixes.dropna(subset=["team_id"]).drop_duplicates("device")
        for d, tid in zip(named["device"], named["team_id"]):
            kinds.setdefault(str(d), kind_of_team.get(int(tid), ""))
    return kinds
