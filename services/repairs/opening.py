"""Opening a repair: from a map click, a pipe, or a call-center entry.

Puts the pieces together on a caller's session: locate the site (the pipe's
midpoint, or the nearest pipe for its DN), test it against the guarded places
and their buffers, raise the level with the reason, create the repair and
queue its messages to the recipients of its level. The caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.notify import render
from gis.repair_level import DEFAULT_GUARD_BUFFER_M, GuardHit, guard_hits, guarded_level, reason_text
from models.bulk import read_features
from models.event import Event
from models.patrol import PatrolRequirement
from models.repair import Notification, Repair
from services.repairs.records import change_level, create_repair, enqueue_notifications, get_setting

#: Setting key of the guard buffer used for places without their own.
GUARD_BUFFER_KEY = "guard_buffer_m"
#: A map click snaps to a pipe within this distance to learn the DN.
SNAP_M = 30.0


@dataclass
class OpenedRepair:
    """A new repair, the guarded places it touches, and the messages queued."""

    repair: Repair
    hits: list[GuardHit]
    notifications: list[Notification]


def guard_buffer_m(session: Session) -> float:
    """The default guard buffer: the stored setting, else the venue-guard requirement's buffer, else 50 m."""
    value = get_setting(session, GUARD_BUFFER_KEY)
    if value is not None:
        return float(value)
    req = session.scalars(select(PatrolRequirement).where(PatrolRequirement.rule == "venue_guard")).first()
    if req is not None and req.buffer_m:
        return float(req.buffer_m)
    return DEFAULT_GUARD_BUFFER_M


def guarded_places(session: Session) -> gpd.GeoDataFrame:
    """Venues, residences and key units with their guard buffers (EPSG:4326)."""
    conn = session.connection()
    frames = [read_features(conn, k, ["code", "name", "kind", "buffer_m"]) for k in ("venues", "residences", "key_units")]
    frames = [f for f in frames if len(f)]
    if not frames:
        return gpd.GeoDataFrame({"id": [], "code": [], "name": [], "kind": [], "buffer_m": []},
                                geometry=[], crs="EPSG:4326")
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def _event(session: Session) -> Event | None:
    return session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).first()


def _pipe_site(session: Session, pipe: str | int) -> tuple[int, float | None, float, float]:
    conn = session.connection()
    pipes = read_features(conn, "pipes", ["code", "diameter_mm"])
    text = str(pipe).strip()
    hit = pipes[pipes["code"].astype(str) == text]
    if hit.empty and text.isdigit():
        hit = pipes[pipes["id"] == int(text)]
    if hit.empty:
        raise KeyError(f"no pipe with code or id {text!r}")
    row = hit.iloc[0]
    mid = shapely.line_interpolate_point(row.geometry, 0.5, normalized=True)
    dn = None if pd.isna(row["diameter_mm"]) else float(row["diameter_mm"])
    return int(row["id"]), dn, float(mid.x), float(mid.y)


def nearest_pipe(session: Session, lon: float, lat: float, crs: str, max_m: float = SNAP_M) -> tuple[int, float | None] | None:
    """The pipe nearest to a point within ``max_m`` metres: ``(id, diameter_mm)``, or None."""
    pipes = read_features(session.connection(), "pipes", ["diameter_mm"])
    if pipes.empty:
        return None
    local = pipes.to_crs(crs)
    point = gpd.GeoSeries([shapely.Point(lon, lat)], crs="EPSG:4326").to_crs(crs).iloc[0]
    dist = local.distance(point)
    i = dist.idxmin()
    if dist[i] > max_m:
        return None
    dn = pipes.at[i, "diameter_mm"]
    return int(i), None if pd.isna(dn) else float(dn)


def locate_address(session: Session, text: str | None) -> tuple[float, float, str] | None:
    """A call's address matched against the named places: ``(lon, lat, name)``, or None.

    The call center often names the place ("Rheinpark Stadion, north gate"):
    guarded places and important users whose name appears in the text locate
    the repair, so the guarded-zone check applies to a phoned-in report too.
    The longest matching name wins.
    """
    if not text or not text.strip():
        return None
    conn = session.connection()
    best = locate_place(conn, text)
    if best is None:  # no named place: a street of the store's own streets
        from services.streets.streets import locate_street

        best = locate_street(conn, text)
    return best


def locate_place(conn, text: str) -> tuple[float, float, str] | None:
    """The longest guarded place or important user named in ``text``: ``(lon, lat, name)``, or None."""
    needle = text.casefold()
    best = None
    for kind in ("venues", "residences", "key_units", "users"):
        frame = read_features(conn, kind, ["name"])
        for name, geom in zip(frame["name"], frame.geometry):
            if isinstance(name, str) and len(name) >= 3 and name.casefold() in needle and geom is not None:
                if best is None or len(name) > len(best[2]):
                    pt = geom.representative_point()
                    best = (float(pt.x), float(pt.y), name)
    return best


def open_repair(
    session: Session,
    *,
    lon: float | None = None,
    lat: float | None = None,
    pipe: str | int | None = None,
    level: str = "V",
    category: str = "leak",
    caller: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    description: str | None = None,
    reported_at: dt.datetime | None = None,
    lang: str = "zh_CN",
    user: str = "desk",
) -> OpenedRepair:
    """Create a repair from a map click (``lon, lat``), a pipe (``pipe``) or a call (caller fields).

    The site is tested against the guarded places: inside one or its buffer,
    the level is raised to IV or above with the reason stated (in ``lang``).
    Messages are queued for the level's recipients.

    Raises
    ------
    KeyError
        For an unknown pipe.
    services.repairs.records.RepairError
        For a bad level.
    """
    event = _event(session)
    crs = event.local_crs if event is not None else None
    tz = event.timezone if event is not None else "UTC"
    pipe_id = diameter = None
    if pipe is not None:
        pipe_id, diameter, plon, plat = _pipe_site(session, pipe)
        if lon is None or lat is None:
            lon, lat = plon, plat
    hits: list[GuardHit] = []
    reason = None
    if lon is not None and lat is not None:
        crs = crs or gpd.GeoSeries([shapely.Point(lon, lat)], crs="EPSG:4326").estimate_utm_crs().to_string()
        if pipe_id is None:
            near = nearest_pipe(session, lon, lat, crs)
            if near is not None:
                pipe_id, diameter = near
        hits = guard_hits(shapely.Point(lon, lat), guarded_places(session), crs=crs,
                          default_buffer_m=guard_buffer_m(session))
        level, _ = guarded_level(level, hits, lang)
        # The reason is shown whenever the site is guarded, raised or already severe enough.
        reason = reason_text(hits, lang) or None
    repair = create_repair(
        session, level=level, category=category, lon=lon, lat=lat, pipe_id=pipe_id, diameter_mm=diameter,
        caller=caller, phone=phone, address=address, description=description, in_guarded_zone=bool(hits),
        level_reason=reason, event_id=None if event is None else event.id, reported_at=reported_at, user=user,
    )
    notes = enqueue_notifications(session, repair, lambda r, language: render(r, language, "created", tz=tz))
    return OpenedRepair(repair, hits, notes)


def raise_level(session: Session, repair: Repair, level: str, reason: str, *, tz: str = "UTC") -> list[Notification]:
    """Change a repair's level by hand; when more severe, tell the newly concerned recipients."""
    if change_level(session, repair, level, reason):
        return enqueue_notifications(session, repair, lambda r, language: render(r, language, "raised", tz=tz),
                                     only_new=True)
    return []
