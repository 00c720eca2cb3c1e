"""Load the bundled demo city and event into a store.

The demo ships as ``resources/demo/demo_city.gpkg`` (one layer per feature kind,
node and pipe references as codes) and ``resources/demo/demo_event.json`` (the
event, teams, vehicles, rosters and rules), built by ``python -m demo.city``.
:func:`load_demo` writes all of it in ONE transaction: codes are translated to
the ids the store gives, and a failure leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import Connection, Table, delete, select

from models import metadata
from models.audit import Setting
from models.bulk import count_rows, write_features
from models.changes import recording_changes
from models.duty import DutyShift, ReportingUnit
from models.event import Event, RoutePassage
from models.kinds import STATUS_KINDS
from models.patrol import PatrolRequirement, Person, Shift, Team, TeamKindSpeed
from models.paths import DEMO_FOLDER
from models.repair import Contact, Vehicle
from models.resources import Machinery, SparePart
from models.store import Store, upgrade

GPKG_NAME = "demo_city.gpkg"
#: Setting written by :func:`load_demo`.
DEMO_SETTING = "demo"
JSON_NAME = "demo_event.json"
#: Kinds that belong to the event (their rows get ``event_id``).
EVENT_KINDS = ("venues", "residences", "key_units", "routes", "sites", "key_roads", "key_areas", "leak_points")


class DemoError(RuntimeError):
    """The demo files are missing or unreadable; the message names the file and the problem."""


def _utc(text: str | None) -> dt.datetime | None:
    """An ISO time with offset as an aware UTC datetime (the store's convention)."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return None
    value = dt.datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError(f"time {text!r} has no UTC offset")
    return value.astimezone(dt.timezone.utc)


def _code_map(conn: Connection, table: Table, fixed: dict[str, str] | None = None) -> dict[str, int]:
    stmt = select(table.c.code, table.c.id)
    for key, value in (fixed or {}).items():
        stmt = stmt.where(table.c[key] == value)
    return {code: rid for code, rid in conn.execute(stmt)}


def _translate(frame: pd.DataFrame, column: str, target: str, ids: dict[str, int], layer: str) -> None:
    """Replace a code column by the id column the table wants; unknown codes are an error."""
    if column not in frame.columns:
        return
    codes = frame.pop(column)
    known = codes.isna() | codes.isin(list(ids))
    if not known.all():
        bad = codes[~known].iloc[0]
        raise DemoError(f"{GPKG_NAME}, layer {layer}: unknown {column} {bad!r}")
    frame[target] = pd.Series([ids[c] if isinstance(c, str) else None for c in codes], index=frame.index, dtype=object)


def read_demo(folder: str | Path = DEMO_FOLDER) -> tuple[dict[str, gpd.GeoDataFrame], dict]:
    """Read the demo's feature layers and event data (no store involved).

    Returns
    -------
    layers : dict
        Layer name → GeoDataFrame (lon/lat), the ``basemap_*`` layers excluded.
    event : dict
        The parsed ``demo_event.json``.

    Raises
    ------
    DemoError
        When a file is missing or cannot be read.
    """
    folder = Path(folder)
    gpkg, path_json = folder / GPKG_NAME, folder / JSON_NAME
    for path in (gpkg, path_json):
        if not path.exists():
            raise DemoError(f"demo file missing: {path} (rebuild it with 'python -m demo.city --out {folder}')")
    import pyogrio  # here: the desk imports this module, and GDAL costs it ~45 MB

    try:
        names = [n for n, _ in pyogrio.list_layers(gpkg) if not n.startswith("basemap_")]
        layers = {n: gpd.read_file(gpkg, layer=n, engine="pyogrio") for n in names}
    except Exception as exc:  # a truncated or foreign file
        raise DemoError(f"cannot read {gpkg}: {exc}") from exc
    try:
        event = json.loads(path_json.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoError(f"cannot read {path_json}: {exc}") from exc
    return layers, event


def load_demo(store: Store, folder: str | Path = DEMO_FOLDER) -> dict[str, int]:
    """Write the demo city and event into ``store`` in one transaction.

    Parameters
    ----------
    store
        An open store (normally empty; the demo is appended otherwise, and a
        clash of codes makes the whole load roll back).
    folder
        Where ``demo_city.gpkg`` and ``demo_event.json`` are.

    Returns
    -------
    dict
        Rows written per kind (``pipes``, ``valves`` …, ``teams``, ``vehicles`` …).
    """
    layers, data = read_demo(folder)
    counts: dict[str, int] = {}
    with store.engine.begin() as conn, recording_changes(conn):  # other desks reload
        ev = data["event"]
        event_id = conn.execute(Event.__table__.insert().values(
            name=ev["name"], name_zh=ev.get("name_zh"), starts_at=_utc(ev["starts_at"]), ends_at=_utc(ev["ends_at"]),
            timezone=ev.get("timezone", "UTC"), local_crs=ev.get("local_crs", "EPSG:32632"),
            city=ev.get("city"), notes=ev.get("notes"),
        )).inserted_primary_key[0]
        counts["events"] = 1

        def write(kind: str, frame: gpd.GeoDataFrame) -> None:
            if kind in EVENT_KINDS:
                frame["event_id"] = event_id
            write_features(conn, kind, frame)
            counts[kind] = len(frame)

        write("nodes", layers["nodes"])
        nodes = _code_map(conn, metadata.tables["nodes"])
        pipes = layers["pipes"]
        _translate(pipes, "from_node", "from_node_id", nodes, "pipes")
        _translate(pipes, "to_node", "to_node_id", nodes, "pipes")
        write("pipes", pipes)
        pipe_ids = _code_map(conn, metadata.tables["pipes"])
        for kind in ("valves", "hydrants", "sources"):
            frame = layers[kind]
            _translate(frame, "node_code", "node_id", nodes, kind)
            _translate(frame, "pipe_code", "pipe_id", pipe_ids, kind)
            write(kind, frame)
        for kind in ("venues", "residences", "key_units"):
            write(kind, layers[kind])
        places = _code_map(conn, metadata.tables["guarded_places"])
        routes = layers["routes"]
        _translate(routes, "from_place", "from_place_id", places, "routes")
        _translate(routes, "to_place", "to_place_id", places, "routes")
        write("routes", routes)
        sites = layers["sites"]
        for column in ("planned_start", "planned_end"):
            sites[column] = [_utc(v) if isinstance(v, str) else None for v in sites[column]]
        write("sites", sites)
        if "kind" not in layers["leak_points"].columns:
            layers["leak_points"]["kind"] = leak_point_kinds(layers)
        for kind in ("key_roads", "key_areas", "leak_points"):
            write(kind, layers[kind])
        users = layers["users"]
        _translate(users, "place_code", "place_id", places, "users")
        _translate(users, "pipe_code", "pipe_id", pipe_ids, "users")
        write("users", users)
        counts.update(_load_event_data(conn, data, event_id))
        # Marks the store as the demo: the desk then runs the simulated patrollers.
        conn.execute(Setting.__table__.insert().values(key=DEMO_SETTING, value_json='{"live_patrols": true}'))
    return counts


def leak_point_kinds(layers: dict[str, gpd.GeoDataFrame]) -> np.ndarray:
    """What each demo leak-survey point watches: the residence, key area or key site (venue, key unit) it
    was placed around (within 250 m, as ``demo.city`` placed them), else the main road it lies on."""
    from gis.leak_survey import classify_points

    points = layers["leak_points"]
    if len(points) == 0:
        return np.array([], dtype=object)
    crs = points.estimate_utm_crs()
    anchors = {"residence": layers["residences"].to_crs(crs).geometry.values,
               "key_site": pd.concat([layers["venues"].to_crs(crs).geometry, layers["key_units"].to_crs(crs).geometry]).values,
               "key_area": layers["key_areas"].to_crs(crs).geometry.values}
    return classify_points(points.to_crs(crs).geometry.values, anchors, 250.0, "main_road")


def is_demo_store(store: Store) -> bool:
    """Whether the store holds the bundled demo (its simulated patrollers may run)."""
    with store.session() as session:
        if session.get(Setting, DEMO_SETTING) is not None:
            return True
        event = session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).first()
        return event is not None and (event.notes or "").startswith("Demo event")


def _rows(conn: Connection, table: Table, rows: list[dict]) -> int:
    if rows:
        conn.execute(table.insert(), rows)
    return len(rows)


def _team_kind_speeds(conn: Connection, rows: list[dict]) -> int:
    """Store the demo's patrol speeds over the migration's defaults.

    The demo's patch patrol teams drive their patches (as its simulated
    patrollers do), so its capacity plan counts them at car speed, not on foot.
    """
    table = TeamKindSpeed.__table__
    for row in rows:
        values = {"travel_mode": row.get("travel_mode", "foot"), "speed_kmh": float(row["speed_kmh"])}
        if conn.execute(table.update().where(table.c.kind == row["kind"]).values(**values)).rowcount == 0:
            conn.execute(table.insert().values(kind=row["kind"], **values))
    return len(rows)


def _load_event_data(conn: Connection, data: dict, event_id: int) -> dict[str, int]:
    """The JSON half: requirements, teams and people, shifts, vehicles, units, stock, contacts."""
    counts: dict[str, int] = {}
    counts["requirements"] = _rows(conn, PatrolRequirement.__table__,
                                   [{**r, "event_id": event_id} for r in data.get("requirements", [])])
    vehicles = [{k: v for k, v in r.items() if k in Vehicle.__table__.c} for r in data.get("vehicles", [])]
    counts["vehicles"] = _rows(conn, Vehicle.__table__, vehicles)
    teams = data.get("teams", [])
    counts["teams"] = _rows(conn, Team.__table__,
                            [{k: v for k, v in t.items() if k in Team.__table__.c} for t in teams])
    team_ids = _code_map(conn, Team.__table__)
    counts["team_kind_speeds"] = _team_kind_speeds(conn, data.get("team_kind_speeds", []))
    people = [{**m, "team_id": team_ids[t["code"]]} for t in teams for m in t.get("members", [])]
    counts["people"] = _rows(conn, Person.__table__, people)
    counts["team_shifts"] = _rows(conn, Shift.__table__, [
        {"team_id": team_ids[s["team"]], "name": s["name"], "starts_at": _utc(s["starts_at"]),
         "ends_at": _utc(s["ends_at"])} for s in data.get("team_shifts", [])
    ])
    counts["reporting_units"] = _rows(conn, ReportingUnit.__table__, data.get("reporting_units", []))
    counts["spare_parts"] = _rows(conn, SparePart.__table__, data.get("spare_parts", []))
    counts["machinery"] = _rows(conn, Machinery.__table__, data.get("machinery", []))
    counts["contacts"] = _rows(conn, Contact.__table__, data.get("contacts", []))
    counts["duty_shifts"] = _rows(conn, DutyShift.__table__, [
        {**s, "day": dt.date.fromisoformat(s["day"])} for s in data.get("duty_shifts", [])
    ])
    route_ids = _code_map(conn, metadata.tables["routes"])
    passages = []
    for p in data.get("route_passages", []):
        if p["route"] not in route_ids:
            raise DemoError(f"{JSON_NAME}: route_passages name an unknown route {p['route']!r}")
        passages.append({"route_id": route_ids[p["route"]], "planned_at": _utc(p["planned_at"]),
                         "duration_min": p.get("duration_min", 15.0), "note": p.get("note")})
    counts["route_passages"] = _rows(conn, RoutePassage.__table__, passages)
    return counts


def store_has_data(store: Store) -> bool:
    """Whether the store holds an event or any counted rows (pipes, teams …)."""
    with store.engine.connect() as conn:
        if count_rows(conn, Event.__table__):
            return True
        return any(count_rows(conn, table, fixed) for table, fixed in STATUS_KINDS.values())


#: Tables whose rows do not make a store "hold data" (bookkeeping, not the utility's data).
BOOKKEEPING_TABLES = frozenset({"settings", "store_changes", "audit_log", "import_mappings", "alembic_version",
                                "team_kind_speeds"})  # the migration seeds the speeds: defaults, like settings


def store_is_empty(store: Store) -> bool:
    """Whether no table but the bookkeeping ones holds a row (DESIGN §3: only then may the demo go in)."""
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in BOOKKEEPING_TABLES:
                continue
            if conn.execute(select(table.c[next(iter(table.c.keys()))]).limit(1)).first() is not None:
                return False
    return True


def ensure_demo(store: Store, folder: str | Path = DEMO_FOLDER) -> dict[str, int] | None:
    """Load the demo into an EMPTY store only (the GUI's first run).

    A store that holds anything of the utility's own (pipes, teams, an event …)
    never receives a demo row (DESIGN §3); the desk asks for the event instead.

    Returns
    -------
    dict or None
        The counts written, or None when the store was not empty.
    """
    if not store_is_empty(store):
        return None
    return load_demo(store, folder)


def wipe_store(store: Store) -> None:
    """Empty a store completely, keeping the :class:`Store` object usable.

    A SQLite file is deleted (with its WAL and shared-memory files) and created
    afresh with the current schema; any other database has every row of every
    WaterGuard table deleted in one transaction.
    """
    url = store.engine.url
    database = url.database
    if store.is_sqlite and database and database != ":memory:" and not database.startswith("file:"):
        store.engine.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(database + suffix).unlink(missing_ok=True)
        upgrade(store.engine)
        return
    with store.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(delete(table))
