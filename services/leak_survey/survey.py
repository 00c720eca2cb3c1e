"""The leak survey's use cases: the points due near a reader, recording a reading, the day's status.

One reading a day at every active survey point (DESIGN §1). A reading counts
for the event-local day it was taken on; a point with no reading by the end
of its day is overdue. These functions are what the field page's HTTP handler,
the logger CSV import, the desk, the wall and ``coverage --json`` all call, so
they give one answer. Results are plain dataclasses with ``as_dict()``.

The caller owns the session and commits (:func:`record_reading` flushes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field

import numpy as np
import shapely
from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gis.leak_survey import AT_POINT_M, distance_m, nearest_order
from gis.messages import Codes, Message
from models.clock import as_utc, day_bounds
from models.event import Event, LeakSurveyPoint
from models.leak_survey import READING_SOURCES, VERDICTS, LeakReading
from models.patrol import PatrolRequirement

#: Readings taken before this are refused: a clock that fell back to 1970 or 1901 is not a reading time.
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
#: A reading time this far ahead of the store's clock is refused (phones' clocks drift a little).
FUTURE_SLACK = dt.timedelta(minutes=5)
#: Plausible noise levels of a leak-noise logger or listening stick (dB).
NOISE_RANGE_DB = (0.0, 140.0)
#: Outcomes of :func:`record_reading`.
STORED, REPEAT, REFUSED = "stored", "repeat", "refused"


# -- results --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reader:
    """Who took a reading: a person, a reporting unit, a field token and/or a free label (any may be None)."""

    person_id: int | None = None
    unit_id: int | None = None
    token_id: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class DuePoint:
    """A survey point on a day: where it is, how far from the reader, whether it has been read."""

    code: str
    name: str | None
    name_zh: str | None
    kind: str | None
    lon: float
    lat: float
    #: Metres from the reader (None when no position was given).
    distance_m: float | None
    read: bool
    #: The day's latest reading of it (ISO UTC), or None.
    last_read_at: str | None

    def as_dict(self) -> dict:
        """JSON-ready."""
        return asdict(self)


@dataclass(frozen=True)
class ReadingOutcome:
    """What became of a reading: ``stored``, ``repeat`` (same ``client_id``: the stored row) or ``refused``."""

    status: str
    reading_id: int | None = None
    point_code: str | None = None
    #: The event-local day it counts for (ISO), when known.
    day: str | None = None
    #: Why it was refused: a :class:`gis.messages.Message` (English; translatable by its template).
    reason: str | None = None
    #: A stable machine word for the refusal: unknown_point, far_from_point, future_time, too_early,
    #: no_time, bad_noise, bad_verdict, bad_source, empty_reading, inactive_point.
    reason_code: str | None = None
    #: Metres between the given position and the point (when a position was given).
    distance_m: float | None = None

    @property
    def http_status(self) -> int:
        """201 stored, 200 repeat, 404 unknown point, 422 any other refusal."""
        if self.status == STORED:
            return 201
        if self.status == REPEAT:
            return 200
        return 404 if self.reason_code == "unknown_point" else 422

    def as_dict(self) -> dict:
        """JSON-ready (``reason`` as English text, ``reason_template``/``reason_params`` to translate it)."""
        out = asdict(self)
        if isinstance(self.reason, Message):
            out["reason_template"], out["reason_params"] = self.reason.template, dict(self.reason.params)
        return out


@dataclass(frozen=True)
class LeakDayStatus:
    """The leak survey of one event-local day: points due, points read, overdue points."""

    day: str
    points_due: int
    points_read: int
    #: Codes of the due points with no reading that day.
    unread: tuple[str, ...] = ()
    #: Codes of the points still unread when the day ended (empty while the day runs).
    overdue: tuple[str, ...] = ()
    #: Whether ``now`` is past the day's end.
    day_over: bool = False
    #: The patrol requirement that asks for the survey (its code and names), when one is stored.
    requirement: str | None = None
    name: str | None = None
    name_zh: str | None = None
    readings: int = 0
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """Points read / points due (None when nothing is due)."""
        return self.points_read / self.points_due if self.points_due else None

    def as_dict(self) -> dict:
        """JSON-ready (``coverage --json``'s ``leak_survey``)."""
        out = asdict(self)
        out["unread"], out["overdue"] = list(self.unread), list(self.overdue)
        out["ratio"] = None if self.ratio is None else round(self.ratio, 4)
        return out


# -- store reading ----------------------------------------------------------------------------------
def _event(conn: Connection) -> tuple[int | None, dt.tzinfo]:
    from zoneinfo import ZoneInfo

    row = conn.execute(select(Event.id, Event.timezone).order_by(Event.id.desc()).limit(1)).first()
    if row is None:
        return None, dt.timezone.utc
    try:
        return row[0], ZoneInfo(row[1] or "UTC")
    except (KeyError, ValueError):
        return row[0], dt.timezone.utc


def survey_points(conn: Connection, active_only: bool = True) -> dict[str, np.ndarray]:
    """The current event's survey points as arrays: id, code, name, name_zh, kind, lon, lat.

    Points with no event belong to whatever event the store holds.
    """
    event_id, _ = _event(conn)
    t = LeakSurveyPoint.__table__
    stmt = select(t.c.id, t.c.code, t.c.name, t.c.name_zh, t.c.kind, t.c.geom).order_by(t.c.code)
    if active_only:
        stmt = stmt.where(t.c.active.is_not(False))
    if event_id is not None:
        stmt = stmt.where((t.c.event_id == event_id) | t.c.event_id.is_(None))
    rows = conn.execute(stmt).all()
    inactive = []
    if active_only:
        off = select(t.c.code).where(t.c.active.is_(False))
        if event_id is not None:
            off = off.where((t.c.event_id == event_id) | t.c.event_id.is_(None))
        inactive = list(conn.execute(off).scalars())
    geoms = shapely.from_wkb([r[5] for r in rows]) if rows else np.array([], dtype=object)
    pts = shapely.centroid(geoms) if len(geoms) else geoms  # a polygon or line point layer: its centre
    return {
        "id": np.array([r[0] for r in rows], dtype=np.int64),
        "code": np.array([r[1] for r in rows], dtype=object),
        "name": np.array([r[2] for r in rows], dtype=object),
        "name_zh": np.array([r[3] for r in rows], dtype=object),
        "kind": np.array([r[4] for r in rows], dtype=object),
        "lon": shapely.get_x(pts).astype(float) if len(pts) else np.array([], dtype=float),
        "lat": shapely.get_y(pts).astype(float) if len(pts) else np.array([], dtype=float),
        #: Codes of the points taken out of the survey (a reading for one is refused with that reason).
        "inactive": np.array(inactive, dtype=object),
    }


def _latest_reads(conn: Connection, start: dt.datetime, end: dt.datetime) -> dict[int, dt.datetime]:
    t = LeakReading.__table__
    out: dict[int, dt.datetime] = {}
    for pid, taken in conn.execute(select(t.c.point_id, t.c.taken_at)
                                   .where(t.c.taken_at >= start, t.c.taken_at < end)):
        taken = as_utc(taken)
        if pid not in out or taken > out[pid]:
            out[pid] = taken
    return out


# -- use cases ------------------------------------------------------------------------------------
def due_points(session: Session, day: dt.date, near: tuple[float, float] | None = None,
               limit: int | None = 20, unread_first: bool = False) -> list[DuePoint]:
    """The survey points of ``day``, nearest ``near`` first, each with whether it has been read that day.

    Parameters
    ----------
    session
        An open session.
    day
        The event-local day.
    near
        ``(lon, lat)`` of the reader; None lists the points by code (distance None).
    limit
        At most this many (None: all).
    unread_first
        Put the points still to read before those already read (each group by distance).

    Returns
    -------
    list of DuePoint
    """
    conn = session.connection()
    pts = survey_points(conn)
    start, end = day_bounds(day, _event(conn)[1])
    read = _latest_reads(conn, start, end)
    n = len(pts["id"])
    if near is not None and n:
        order, dist = nearest_order(pts["lon"], pts["lat"], near)
    else:
        order, dist = np.arange(n), np.full(n, np.nan)
    items = []
    for i, d in zip(order, dist):
        pid = int(pts["id"][i])
        items.append(DuePoint(
            str(pts["code"][i]), pts["name"][i], pts["name_zh"][i], pts["kind"][i],
            round(float(pts["lon"][i]), 7), round(float(pts["lat"][i]), 7),
            None if np.isnan(d) else round(float(d), 1), pid in read,
            read[pid].isoformat() if pid in read else None))
    if unread_first:
        items.sort(key=lambda p: p.read)  # stable: distance order kept within each group
    return items if limit is None else items[: max(int(limit), 0)]


def client_id_for(source: str, point_code: str, taken_at: dt.datetime, label: str | None = None) -> str:
    """A stable id for a reading that came without one (a logger row): the same row gives the same id."""
    key = f"{source}|{point_code}|{as_utc(taken_at).isoformat()}|{label or ''}"
    return f"{source}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def check_reading(points: dict[str, np.ndarray], point_code: str | None, taken_at: dt.datetime | None,
                  now: dt.datetime, *, at: tuple[float, float] | None = None, noise_db: float | None = None,
                  verdict: str | None = None, source: str = "field", tz: dt.tzinfo = dt.timezone.utc,
                  max_distance_m: float = AT_POINT_M) -> tuple[int | None, ReadingOutcome | None]:
    """Check one reading against the points, without writing: ``(point index, None)`` or ``(…, refusal)``.

    With no ``point_code`` but a position ``at``, the reading belongs to the
    nearest point within ``max_distance_m`` (a logger that logs where it is).
    Naive ``taken_at`` is event-local time (``tz``).
    """
    def refuse(code: str, reason: Message, i: int | None = None, d: float | None = None):
        pc = point_code or (str(points["code"][i]) if i is not None else None)
        return i, ReadingOutcome(REFUSED, point_code=pc, reason=reason, reason_code=code,
                                 distance_m=None if d is None else round(d, 1))

    if source not in READING_SOURCES:
        return refuse("bad_source", Message("source '{value}' is not one of {choices}", value=source,
                                            choices=Codes(READING_SOURCES, "leak_source")))
    codes = points["code"]
    i: int | None = None
    d: float | None = None
    if point_code:
        hit = np.flatnonzero(codes == point_code)
        if len(hit) == 0:
            if point_code in set(points.get("inactive", ())):
                return refuse("inactive_point", Message("leak-survey point '{code}' is no longer surveyed",
                                                        code=point_code))
            return refuse("unknown_point", Message("no leak-survey point '{code}'", code=point_code))
        i = int(hit[0])
        if at is not None:
            d = float(distance_m(at[0], at[1], points["lon"][i], points["lat"][i]))
            if d > max_distance_m:
                return refuse("far_from_point", Message(
                    "taken {dist} m from point {code}: a reading must be taken at the point (within {max} m)",
                    dist=f"{d:.0f}", code=point_code, max=f"{max_distance_m:.0f}"), i, d)
    elif at is not None:
        if len(codes) == 0:
            return refuse("unknown_point", Message("no leak-survey points in the store"))
        order, dist = nearest_order(points["lon"], points["lat"], at, 1)
        i, d = int(order[0]), float(dist[0])
        if d > max_distance_m:
            return refuse("far_from_point", Message(
                "no leak-survey point within {max} m of {lon}, {lat} (nearest: {code} at {dist} m)",
                max=f"{max_distance_m:.0f}", lon=f"{at[0]:.6f}", lat=f"{at[1]:.6f}", code=str(codes[i]),
                dist=f"{d:.0f}"), i, d)
    else:
        return refuse("unknown_point", Message("neither a point code nor a position"))
    if taken_at is None:
        return refuse("no_time", Message("no reading time"), i, d)
    taken = taken_at if taken_at.tzinfo else taken_at.replace(tzinfo=tz)
    if taken < EARLIEST:
        return refuse("too_early", Message("reading time {time} is before 2000: the device's clock is not set",
                                           time=taken.isoformat()), i, d)
    if taken > as_utc(now) + FUTURE_SLACK:
        return refuse("future_time", Message("reading time {time} is in the future", time=taken.isoformat()), i, d)
    if noise_db is not None and not NOISE_RANGE_DB[0] <= noise_db <= NOISE_RANGE_DB[1]:  # NaN fails too
        return refuse("bad_noise", Message("noise level {value} dB is outside {low}–{high} dB", value=noise_db,
                                           low=f"{NOISE_RANGE_DB[0]:.0f}", high=f"{NOISE_RANGE_DB[1]:.0f}"), i, d)
    if verdict is not None and verdict not in VERDICTS:
        return refuse("bad_verdict", Message("verdict '{value}' is not one of {choices}", value=verdict,
                                             choices=Codes(VERDICTS, "leak_verdict")), i, d)
    if noise_db is None and verdict is None:
        return refuse("empty_reading", Message("a reading needs a noise level or a listening verdict"), i, d)
    return i, ReadingOutcome(STORED, point_code=str(codes[i]), day=taken.astimezone(tz).date().isoformat(),
                             distance_m=None if d is None else round(d, 1))


def record_reading(session: Session, point_code: str | None, taken_at: dt.datetime | None,
                   reader: Reader | None = None, noise_db: float | None = None, verdict: str | None = None,
                   note: str | None = None, client_id: str | None = None, source: str = "field", *,
                   at: tuple[float, float] | None = None, now: dt.datetime | None = None,
                   max_distance_m: float = AT_POINT_M) -> ReadingOutcome:
    """Record one reading at a survey point, or say why not.

    Parameters
    ----------
    session
        An open session; the caller commits (this flushes).
    point_code
        The point's code (None with ``at``: the nearest point within ``max_distance_m``).
    taken_at
        When it was taken (aware; naive is event-local time).
    reader
        Who took it (:class:`Reader`), or None.
    noise_db, verdict
        The noise level (dB) and/or the listening verdict (``leak_suspected``, ``no_leak``, ``unclear``).
    note
        Free text.
    client_id
        The sender's id of this reading: the same id again returns the stored row as ``repeat``.
    source
        ``field``, ``logger`` or ``desk``.
    at
        ``(lon, lat)`` where the reader stood; a reading taken farther than
        ``max_distance_m`` from its point is refused.
    now
        The store's clock (default: now, UTC) for refusing future times.

    Returns
    -------
    ReadingOutcome
        ``stored`` (``reading_id`` new), ``repeat`` (``reading_id`` of the
        first) or ``refused`` (``reason``, ``reason_code``).
    """
    conn = session.connection()
    now = now or dt.datetime.now(dt.timezone.utc)
    if client_id:
        prior = _by_client_id(session, client_id)
        if prior is not None:
            return prior
    _, tz = _event(conn)
    pts = survey_points(conn)
    i, outcome = check_reading(pts, point_code, taken_at, now, at=at, noise_db=noise_db, verdict=verdict,
                               source=source, tz=tz, max_distance_m=max_distance_m)
    if outcome is None or outcome.status == REFUSED:
        return outcome
    taken = taken_at if taken_at.tzinfo else taken_at.replace(tzinfo=tz)
    reader = reader or Reader()
    row = LeakReading(point_id=int(pts["id"][i]), taken_at=as_utc(taken), reader_person_id=reader.person_id,
                      reader_unit_id=reader.unit_id, reader_token_id=reader.token_id, reader_label=reader.label,
                      source=source, noise_db=noise_db, verdict=verdict, note=note or None,
                      lon=None if at is None else float(at[0]), lat=None if at is None else float(at[1]),
                      client_id=client_id or None)
    try:
        with session.begin_nested():  # a concurrent sender of the same client_id: theirs won, this is a repeat
            session.add(row)
    except IntegrityError:
        prior = _by_client_id(session, client_id) if client_id else None
        if prior is not None:
            return prior
        raise
    return ReadingOutcome(STORED, row.id, outcome.point_code, outcome.day, distance_m=outcome.distance_m)


def _by_client_id(session: Session, client_id: str) -> ReadingOutcome | None:
    row = session.execute(select(LeakReading.id, LeakReading.taken_at, LeakSurveyPoint.code)
                          .join(LeakSurveyPoint, LeakSurveyPoint.id == LeakReading.point_id)
                          .where(LeakReading.client_id == client_id)).first()
    if row is None:
        return None
    tz = _event(session.connection())[1]
    return ReadingOutcome(REPEAT, row[0], row[2], as_utc(row[1]).astimezone(tz).date().isoformat())


def day_status(session: Session | Connection, day: dt.date, now: dt.datetime | None = None) -> LeakDayStatus:
    """Points due, points read and overdue points of the leak survey on ``day`` (event-local).

    Every active point is due once a day while a ``leak_survey`` requirement is
    active (or none is stored); a reading from the field, a logger or the desk
    taken that day reads it. Once ``now`` is past the day's end, the points
    still unread are overdue. The Patrol dock, the wall and ``coverage --json``
    all show this.

    Parameters
    ----------
    session
        An open session (or a Core connection).
    day
        The event-local day.
    now
        The clock (default: now, UTC).
    """
    conn = session.connection() if isinstance(session, Session) else session
    now = as_utc(now or dt.datetime.now(dt.timezone.utc))
    _, tz = _event(conn)
    rt = PatrolRequirement.__table__
    req = conn.execute(select(rt.c.code, rt.c.name, rt.c.name_zh, rt.c.active).where(rt.c.rule == "leak_survey")
                       .order_by(rt.c.id).limit(1)).first()
    start, end = day_bounds(day, tz)
    if req is not None and not req.active:
        return LeakDayStatus(day.isoformat(), 0, 0, day_over=now >= end, requirement=req.code, name=req.name,
                             name_zh=req.name_zh)
    pts = survey_points(conn)
    t = LeakReading.__table__
    read: set[int] = set()
    by_source: dict[str, int] = {}
    n = 0
    for pid, source in conn.execute(select(t.c.point_id, t.c.source).where(t.c.taken_at >= start, t.c.taken_at < end)):
        read.add(pid)
        by_source[source] = by_source.get(source, 0) + 1
        n += 1
    ids = pts["id"]
    is_read = np.isin(ids, np.fromiter(read, dtype=np.int64, count=len(read)))
    unread = tuple(str(c) for c in pts["code"][~is_read])
    over = now >= end
    return LeakDayStatus(day.isoformat(), int(len(ids)), int(is_read.sum()), unread, unread if over else (), over,
                         None if req is None else req.code, None if req is None else req.name,
                         None if req is None else req.name_zh, n, by_source)


def last_day_status(session: Session | Connection, now: dt.datetime | None = None) -> LeakDayStatus | None:
    """The leak survey of the last event-local day that has ended (yesterday): its overdue points.

    None with no event, or when yesterday was before the event began (nothing
    was due then). What the wall shows as overdue next to today's read/due.
    """
    conn = session.connection() if isinstance(session, Session) else session
    now = as_utc(now or dt.datetime.now(dt.timezone.utc))
    starts = conn.execute(select(Event.starts_at).order_by(Event.id.desc()).limit(1)).scalar()
    if starts is None:
        return None
    tz = _event(conn)[1]
    yesterday = now.astimezone(tz).date() - dt.timedelta(days=1)
    if yesterday < as_utc(starts).astimezone(tz).date():
        return None
    return day_status(conn, yesterday, now)
