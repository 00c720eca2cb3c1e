"""Create, show and edit the store's event.

Times are given as the host city's local wall-clock time (``2026-06-01 08:00``)
with an IANA time zone, and stored as aware UTC (the store's convention). The
working CRS must be metric; without one, the UTM zone of the store's data is
suggested. Every problem comes back as an :class:`EventError` with a message a
user can act on; nothing is written unless everything is valid.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import select

from gis.crs_suggest import metric_crs_problem, utm_epsg
from gis.messages import Message
from models.bulk import count_rows
from models.changes import recording_changes
from models.event import Event
from models.network import Pipe, Valve
from models.store import Store
from models.streets import Street

#: Default guard buffer around venues and residences, metres (DESIGN §1's venue guard rule).
DEFAULT_GUARD_BUFFER_M = 200.0


class EventError(ValueError):
    """Invalid event fields; the message says which and why."""


@dataclass
class EventFields:
    """What defines an event (local times as typed, the zone they are in)."""

    name: str
    start: str | dt.datetime
    end: str | dt.datetime
    tz: str
    name_zh: str | None = None
    crs: str | None = None
    guard_buffer_m: float | None = None
    city: str | None = None


def parse_local(value: str | dt.datetime, tz: str, what: str) -> dt.datetime:
    """A local wall-clock time in ``tz`` (ISO text or naive datetime) as aware UTC.

    Raises
    ------
    EventError
        When the text is not a date/time or the zone is unknown.
    """
    zone = _zone(tz)
    if isinstance(value, dt.datetime):
        local = value
    else:
        text = str(value).strip().replace("/", "-")
        try:
            local = dt.datetime.fromisoformat(text)
        except ValueError:
            raise EventError(Message("'{value}' is not a date and time (write e.g. 2026-06-01 08:00)", value=value)) from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone)
    return local.astimezone(dt.timezone.utc)


def _zone(tz: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(str(tz).strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise EventError(Message("unknown time zone '{value}' (write a name such as Asia/Shanghai or Europe/Monaco)", value=tz)) from None


def validate_fields(fields: EventFields) -> tuple[dt.datetime, dt.datetime]:
    """Check the fields; return the start and end as aware UTC.

    Raises
    ------
    EventError
        Empty name, unknown zone, end not after start, CRS not metric, negative buffer.
    """
    if not (fields.name or "").strip():
        raise EventError(Message("the event needs a name"))
    _zone(fields.tz)
    start = parse_local(fields.start, fields.tz, "start")
    end = parse_local(fields.end, fields.tz, "end")
    if end <= start:
        raise EventError(Message("the end ({end}) is not after the start ({start})", end=_fmt(end, fields.tz), start=_fmt(start, fields.tz)))
    if fields.crs:
        problem = metric_crs_problem(fields.crs)
        if problem:
            raise EventError(problem)
    if fields.guard_buffer_m is not None and not (0 <= float(fields.guard_buffer_m) <= 10_000):
        raise EventError(Message("guard buffer {value} m is outside 0 … 10,000 m", value=fields.guard_buffer_m))
    return start, end


def _fmt(t: dt.datetime, tz: str) -> str:
    return t.astimezone(_zone(tz)).strftime("%Y-%m-%d %H:%M")


def data_extent(store: Store) -> tuple[float, float, float, float] | None:
    """Lon/lat bounds of the store's pipes, valves and streets (a sample of each), or None."""
    boxes = []
    with store.engine.connect() as conn:
        for table in (Pipe.__table__, Valve.__table__, Street.__table__):
            wkb = conn.execute(select(table.c.geom).limit(20_000)).scalars().all()
            if wkb:
                b = shapely.bounds(shapely.from_wkb(np.asarray(wkb, dtype=object)))
                boxes.append(b)
    if not boxes:
        return None
    b = np.vstack(boxes)
    # Median-centred: a stray feature at 0,0 must not drag the suggestion to the Gulf of Guinea.
    return (float(np.nanpercentile(b[:, 0], 2)), float(np.nanpercentile(b[:, 1], 2)),
            float(np.nanpercentile(b[:, 2], 98)), float(np.nanpercentile(b[:, 3], 98)))


def suggest_crs(store: Store) -> str | None:
    """The UTM zone of the store's data (``EPSG:326zz``), or None when the store has none."""
    ext = data_extent(store)
    if ext is None:
        return None
    return utm_epsg((ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2)


def create_event(store: Store, fields: EventFields, user: str = "desk") -> dict:
    """Validate and write a new event (it becomes the store's current event).

    Raises
    ------
    EventError
        Invalid fields, or no CRS given and no data to suggest one from.
    """
    start, end = validate_fields(fields)
    crs = fields.crs or suggest_crs(store)
    if crs is None:
        raise EventError(Message("no working CRS: give one (e.g. EPSG:32632) or import data first so one can be suggested"))
    with store.engine.begin() as conn, recording_changes(conn):
        conn.execute(Event.__table__.insert().values(
            name=fields.name.strip(), name_zh=(fields.name_zh or None), starts_at=start, ends_at=end,
            timezone=fields.tz.strip(), local_crs=crs, city=fields.city,
            guard_buffer_m=DEFAULT_GUARD_BUFFER_M if fields.guard_buffer_m is None else float(fields.guard_buffer_m),
            notes=f"Created by {user}",
        ))
    return event_summary(store)


def edit_event(store: Store, **changes) -> dict:
    """Change fields of the current event (name, name_zh, start, end, tz, crs, guard_buffer_m, city).

    Start and end are local times in the (new or stored) zone. Everything is
    validated together before anything is written.
    """
    event = store.current_event()
    if event is None:
        raise EventError(Message("the store has no event yet: create one first"))
    tz = changes.get("tz") or event.timezone
    zone = _zone(tz)
    fields = EventFields(
        name=changes.get("name") or event.name,
        name_zh=changes.get("name_zh", event.name_zh),
        start=changes.get("start") or event.starts_at.astimezone(zone).replace(tzinfo=None),
        end=changes.get("end") or event.ends_at.astimezone(zone).replace(tzinfo=None),
        tz=tz, crs=changes.get("crs") or event.local_crs,
        guard_buffer_m=changes.get("guard_buffer_m", event.guard_buffer_m),
        city=changes.get("city", event.city),
    )
    start, end = validate_fields(fields)
    with store.engine.begin() as conn, recording_changes(conn):
        conn.execute(Event.__table__.update().where(Event.__table__.c.id == event.id).values(
            name=fields.name, name_zh=fields.name_zh, starts_at=start, ends_at=end, timezone=tz,
            local_crs=fields.crs, guard_buffer_m=fields.guard_buffer_m, city=fields.city,
        ))
    return event_summary(store)


def event_summary(store: Store) -> dict | None:
    """The current event as plain data (local and UTC times), or None."""
    event = store.current_event()
    if event is None:
        return None

    def utc(t: dt.datetime) -> dt.datetime:
        return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)

    zone = _zone(event.timezone)
    with store.engine.connect() as conn:
        n_events = count_rows(conn, Event.__table__)
    return {
        "id": event.id, "name": event.name, "name_zh": event.name_zh,
        "start_local": utc(event.starts_at).astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        "end_local": utc(event.ends_at).astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        "start_utc": utc(event.starts_at).isoformat(), "end_utc": utc(event.ends_at).isoformat(),
        "timezone": event.timezone, "crs": event.local_crs, "guard_buffer_m": event.guard_buffer_m,
        "city": event.city, "events_in_store": n_events,
    }
