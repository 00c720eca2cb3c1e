"""Read recorded patrol tracks: GPX files and NMEA 0183 logs.

Both give a DataFrame of fixes ``device, t, lon, lat, speed_mps, accuracy_m,
source`` (``t`` in unix seconds UTC) and the points or sentences refused with
a reason. A truncated GPX keeps the points before the damage.

NMEA: RMC sentences give date, time, position and speed; GGA sentences give
time, position and HDOP (accuracy is estimated as HDOP × 5 m, a typical
user-equivalent range error); a GGA takes its date from the nearest RMC or ZDA
sentence. Every RMC/GGA must carry a valid ``*hh`` checksum. Two-digit years
are 2000–2079 (80–99 are 1980s–90s). Dates before 1999-08-22 (the first GPS
week rollover) are shifted by 1024 weeks (a receiver with a rollover bug) and
noted; dates in the future are kept and noted, never silently changed.

Points dated before GPS time began (1980-01-06) cannot come from a GPS
receiver: 1970-01-01 is a clock that was never set, 1901-12-13 an overflowed
32-bit time. They are refused one by one with the reason and counted in a
note, never stored.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd

from gis import nmea
from gis.nmea import checksum
from gis.io.common import ImportFailed, ImportResult, Rejected
from gis.messages import Message

KNOT = 1852.0 / 3600.0
#: HDOP → metres: a typical user-equivalent range error for single-frequency GPS.
UERE_M = 5.0
ROLLOVER = dt.timedelta(weeks=1024)
FIRST_ROLLOVER = dt.datetime(1999, 8, 22, tzinfo=dt.timezone.utc)
#: GPS time began here: no receiver can date a fix earlier.
GPS_EPOCH = dt.datetime(1980, 1, 6, tzinfo=dt.timezone.utc)
COLUMNS = ["device", "t", "lon", "lat", "speed_mps", "accuracy_m", "source"]


#: The sentences a track is read from: positions (RMC, GGA) and dates (RMC, ZDA).
USED = ("RMC", "GGA", "ZDA")


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c not in ("device", "source") else object) for c in COLUMNS})


# --------------------------------------------------------------------------- NMEA
# The one NMEA parser (gis.nmea) reads the sentences, as for the live feed.
nmea_checksum = checksum


def read_nmea(path: str | Path, device: str | None = None) -> ImportResult:
    """Read an NMEA 0183 log as track points.

    Parameters
    ----------
    path
        A text log of NMEA sentences (gpsd ``#`` comment lines are skipped).
    device
        The device name of the points (the file's name by default).

    Returns
    -------
    ImportResult
        ``frame`` holds one fix per instant (RMC and GGA of the same time merge);
        ``rejected`` lists sentences refused (bad checksum, no fix, bad fields).
    """
    path = Path(path)
    result = ImportResult(frame=_empty())
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportFailed(path, "the file is empty")
    text = raw.decode("ascii", errors="replace")
    device = device or path.stem
    # Each fix: [date or None, seconds of day, lon, lat, speed, accuracy, line]
    fixes: dict[tuple[int, float], dict] = {}
    dates: list[tuple[int, dt.date]] = []  # (line, date) from RMC and ZDA
    pending: list[dict] = []  # GGA fixes waiting for a date
    ignored: dict[str, int] = {}
    seen_nmea = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            sentence = nmea.parse_sentence(line)
        except nmea.NmeaError as exc:
            if not exc.address:
                if "$" not in line:
                    result.reject(f"line {lineno}", "not an NMEA sentence")
                    continue
                seen_nmea = True
                ignored[exc.address] = ignored.get(exc.address, 0) + 1
                continue
            seen_nmea = True
            kind = nmea.kind_of(exc.address)
            if kind not in USED:
                ignored[kind] = ignored.get(kind, 0) + 1
            else:
                result.reject(f"line {lineno} ({exc.address})", exc.message)
            continue
        seen_nmea = True
        if sentence.kind not in USED:
            ignored[sentence.kind] = ignored.get(sentence.kind, 0) + 1
            continue
        label = f"line {lineno} ({sentence.address})"
        fields = sentence.fields
        try:
            if sentence.kind == "ZDA":
                day = nmea.zda_date(fields)
                if day is not None:
                    dates.append((lineno, day))
                continue
            if sentence.kind == "RMC":
                if len(fields) < 9:
                    raise ValueError("too few fields")
                day = nmea.rmc_date(fields[8])
                if day is not None:
                    dates.append((lineno, day))
                if fields[1] != "A":
                    result.reject(label, f"no fix (status {fields[1] or 'empty'})")
                    continue
                secs = nmea.time_of_day(fields[0])
                lat = nmea.coordinate(fields[2], fields[3], 2)
                lon = nmea.coordinate(fields[4], fields[5], 3)
                if day is None or secs is None or lat is None or lon is None:
                    raise ValueError("no date, time or position")
                speed = nmea.number(fields[6])
                speed = math.nan if speed is None else speed * KNOT
                fix = fixes.setdefault((day.toordinal(), secs), {"line": lineno})
                fix.update(day=day, secs=secs, lat=lat, lon=lon, speed=speed)
            else:  # GGA
                gga = nmea.gga_fix(fields)
                if gga is None:
                    result.reject(label, "no fix (quality 0)")
                    continue
                if gga["tod"] is None or gga["lat"] is None or gga["lon"] is None:
                    raise ValueError("no time or position")
                hdop = math.nan if gga["hdop"] is None else gga["hdop"]
                pending.append({"line": lineno, "secs": gga["tod"], "lat": gga["lat"], "lon": gga["lon"],
                                "acc": hdop * UERE_M, "label": label})
        except (ValueError, IndexError) as exc:
            result.reject(label, f"malformed sentence: {exc}")
    if not seen_nmea:
        raise ImportFailed(path, "not an NMEA log (no $-sentences)")
    if ignored:
        listed = ", ".join(f"{k} {v}" for k, v in sorted(ignored.items()))
        result.notes.append(Message("sentences not used for positions: {listed}", listed=listed))
    _date_gga(pending, dates, fixes, result)
    if not fixes:
        first = result.rejected[0].reason if result.rejected else "no position sentences"
        raise ImportFailed(path, f"no fix can be imported ({len(result.rejected)} sentences refused, e.g. {first})",
                           result.rejected)
    rows = sorted(fixes.values(), key=lambda f: f["line"])
    stamps = [dt.datetime.combine(f["day"], dt.time(), tzinfo=dt.timezone.utc) + dt.timedelta(seconds=f["secs"])
              for f in rows]
    stamps = _rollover(stamps, result)
    frame = pd.DataFrame({
        "device": device,
        "t": [s.timestamp() for s in stamps],
        "lon": [f["lon"] for f in rows],
        "lat": [f["lat"] for f in rows],
        "speed_mps": [f.get("speed", math.nan) for f in rows],
        "accuracy_m": [f.get("acc", math.nan) for f in rows],
        "source": path.name,
    })
    result.frame = frame[COLUMNS]
    return result


def _date_gga(pending: list[dict], dates: list[tuple[int, dt.date]], fixes: dict, result: ImportResult) -> None:
    """Give each GGA fix the date of the nearest dated sentence and merge it with its RMC."""
    if not pending:
        return
    lines = np.array([ln for ln, _ in dates], dtype=np.int64)
    for g in pending:
        if not len(lines):
            result.reject(g["label"], "no date in the log (no RMC or ZDA sentence) to place this fix in time")
            continue
        k = int(np.argmin(np.abs(lines - g["line"])))
        day = dates[k][1]
        key = (day.toordinal(), g["secs"])
        if key in fixes:
            fixes[key]["acc"] = g["acc"]
        else:
            fixes[key] = {"line": g["line"], "day": day, "secs": g["secs"], "lat": g["lat"], "lon": g["lon"],
                          "speed": math.nan, "acc": g["acc"]}


def _rollover(stamps: list[dt.datetime], result: ImportResult) -> list[dt.datetime]:
    """Undo an obvious GPS week rollover; note (never change) dates in the future.

    Only fixes dated before the first rollover (1999-08-22) move, each by the
    smallest multiple of 1024 weeks that brings it past that date, and only
    when that does not put it in the future.
    """
    now = dt.datetime.now(dt.timezone.utc)
    old = [s for s in stamps if GPS_EPOCH <= s < FIRST_ROLLOVER]
    if old:
        k = 1
        while min(old) + k * ROLLOVER < FIRST_ROLLOVER:
            k += 1
        if max(old) + k * ROLLOVER <= now:
            result.notes.append(Message(
                "{n} fix(es) dated before the first GPS week rollover ({first}) moved "
                "forward {weeks} weeks to {moved} (receiver rollover bug)",
                n=len(old), first=f"{min(old):%Y-%m-%d}", weeks=1024 * k, moved=f"{min(old) + k * ROLLOVER:%Y-%m-%d}"))
            stamps = [s + k * ROLLOVER if GPS_EPOCH <= s < FIRST_ROLLOVER else s for s in stamps]
    if stamps and max(stamps) > now + dt.timedelta(days=1):
        result.notes.append(Message("dates in the future ({last}): receiver clock or GPS week rollover? "
                                    "kept as recorded", last=f"{max(stamps):%Y-%m-%d}"))
    return stamps


# --------------------------------------------------------------------------- GPX


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_gpx(path: str | Path, device: str | None = None) -> ImportResult:
    """Read the track points of a GPX file (route points, else waypoints, when it has none).

    Parameters
    ----------
    path
        A GPX 1.0 or 1.1 file.
    device
        The device name of the points (the file's name by default).

    Returns
    -------
    ImportResult
        ``frame`` holds the timed points; points with no time or a bad
        position are refused with the reason.
    """
    path = Path(path)
    result = ImportResult(frame=_empty())
    if path.stat().st_size == 0:
        raise ImportFailed(path, "the file is empty")
    device = device or path.stem
    points: dict[str, list[dict]] = {"trkpt": [], "rtept": [], "wpt": []}
    try:
        for _event, elem in ET.iterparse(path, events=("end",)):
            tag = _local(elem.tag)
            if tag in points:
                p = {"lat": elem.get("lat"), "lon": elem.get("lon")}
                for child in elem.iter():
                    name = _local(child.tag)
                    if name in ("time", "speed", "hdop") and child.text:
                        p[name] = child.text.strip()
                points[tag].append(p)
                elem.clear()
    except ET.ParseError as exc:
        n = sum(len(v) for v in points.values())
        if n == 0:
            raise ImportFailed(path, f"not a readable GPX file: {exc}") from exc
        result.reject(f"line {exc.position[0]}", f"XML error (file truncated?): {exc}; {n} points before it kept")
    kind = next((k for k in ("trkpt", "rtept", "wpt") if points[k]), None)
    if kind is None:
        raise ImportFailed(path, "the GPX file holds no track, route or waypoint")
    if kind != "trkpt":
        result.notes.append(Message("no track points; route points used") if kind == "rtept"
                            else Message("no track points; waypoints used"))
    pts = points[kind]
    frame = pd.DataFrame(pts).reindex(columns=["lat", "lon", "time", "speed", "hdop"])
    label = {"trkpt": "track point", "rtept": "route point", "wpt": "waypoint"}[kind]
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    t = pd.to_datetime(frame["time"], errors="coerce", utc=True, format="ISO8601")
    bad_pos = lat.isna() | lon.isna() | (lat.abs() > 90) | (lon.abs() > 180)
    no_time = t.isna()
    for i in np.flatnonzero(bad_pos.to_numpy()):
        result.reject(f"{label} {i + 1}", f"bad position (lat={pts[i].get('lat')}, lon={pts[i].get('lon')})")
    for i in np.flatnonzero((no_time & ~bad_pos).to_numpy()):
        why = "no time" if not pts[i].get("time") else f"unreadable time {pts[i]['time']!r}"
        result.reject(f"{label} {i + 1}", why)
    keep = (~bad_pos & ~no_time).to_numpy()
    if not keep.any():
        first = result.rejected[0].reason if result.rejected else "?"
        raise ImportFailed(path, f"no point can be imported: all {len(pts)} {label}s refused ({first})",
                           result.rejected)
    secs = (t[keep] - pd.Timestamp("1970-01-01", tz="UTC")) / pd.Timedelta(seconds=1)
    out = pd.DataFrame({
        "device": device,
        "t": secs.to_numpy(dtype=float),
        "lon": lon[keep].to_numpy(dtype=float),
        "lat": lat[keep].to_numpy(dtype=float),
        "speed_mps": pd.to_numeric(frame["speed"][keep], errors="coerce").to_numpy(dtype=float),
        "accuracy_m": pd.to_numeric(frame["hdop"][keep], errors="coerce").to_numpy(dtype=float) * UERE_M,
        "source": path.name,
    })
    result.frame = out[COLUMNS].reset_index(drop=True)
    return result


#: Accepted column names of CSV tracks, per target column.
CSV_ALIASES = {
    "t": ("t", "time", "timestamp", "datetime", "fixtime"),
    "lon": ("lon", "lng", "longitude", "x"),
    "lat": ("lat", "latitude", "y"),
    "accuracy_m": ("accuracy_m", "accuracy", "hacc"),
    "speed_mps": ("speed_mps", "speed"),
    "device": ("device", "device_id", "deviceid", "id"),
}


def read_csv_track(path: str | Path, device: str | None = None) -> ImportResult:
    """Read fixes from a CSV with a time column (unix seconds or ISO 8601), lon and lat.

    Optional columns: ``device`` (else ``device`` or the file's stem), accuracy
    and speed; common aliases are accepted (:data:`CSV_ALIASES`). A row with a
    missing or unreadable time or position is rejected with its line number.

    Raises
    ------
    ImportFailed
        When the file is not a CSV, lacks a required column, or no row is usable.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(path, f"not a readable CSV ({exc})") from exc
    lower = {str(c).lower().strip(): c for c in raw.columns}
    cols = {key: next((lower[a] for a in names if a in lower), None) for key, names in CSV_ALIASES.items()}
    missing = [key for key in ("t", "lon", "lat") if cols[key] is None]
    if missing:
        raise ImportFailed(path, f"no {missing[0]!r} column (columns: {', '.join(map(str, raw.columns))})")
    t_text = raw[cols["t"]].str.strip()
    t = pd.to_numeric(t_text, errors="coerce")
    as_iso = pd.to_datetime(t_text.where(t.isna()), errors="coerce", utc=True, format="ISO8601")
    t = t.fillna((as_iso - pd.Timestamp(0, tz="UTC")).dt.total_seconds())
    lon = pd.to_numeric(raw[cols["lon"]], errors="coerce")
    lat = pd.to_numeric(raw[cols["lat"]], errors="coerce")
    bad = (t.isna() | lon.isna() | lat.isna() | (lat.abs() > 90) | (lon.abs() > 180)).to_numpy()
    result = ImportResult(frame=_empty())
    for row in np.flatnonzero(bad):
        result.rejected.append(Rejected(f"line {row + 2}", "missing or invalid time/lon/lat"))  # line 1 is the header
    keep = ~bad
    if not keep.any():
        raise ImportFailed(path, "no row with a valid time, lon and lat", result.rejected)

    def optional(key: str) -> np.ndarray:
        if cols[key] is None:
            return np.full(int(keep.sum()), np.nan)
        return pd.to_numeric(raw[cols[key]], errors="coerce").to_numpy()[keep]

    devices = raw[cols["device"]].to_numpy()[keep] if cols["device"] else np.full(int(keep.sum()), device or path.stem)
    result.frame = pd.DataFrame({
        "device": devices, "t": t.to_numpy()[keep], "lon": lon.to_numpy()[keep], "lat": lat.to_numpy()[keep],
        "speed_mps": optional("speed_mps"), "accuracy_m": optional("accuracy_m"), "source": path.name,
    })[COLUMNS].sort_values(["device", "t"], kind="stable").reset_index(drop=True)
    return result


def _refuse_impossible_dates(path: Path, result: ImportResult) -> ImportResult:
    """Refuse fixes dated before GPS time began (1901, 1970 …), each with the reason, and count them."""
    frame = result.frame
    if frame is None or not len(frame):
        return result
    t = frame["t"].to_numpy(dtype=float)
    early = t < GPS_EPOCH.timestamp()
    if early.any():
        for i in np.flatnonzero(early):
            day = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=float(t[i]))
            result.reject(f"fix {i + 1}", f"dated {day:%Y-%m-%d %H:%M:%S}, before GPS time began (1980-01-06): "
                                          "a receiver clock never set or an overflowed time")
        years = sorted({(dt.datetime(1970, 1, 1) + dt.timedelta(seconds=float(x))).year for x in t[early]})
        result.notes.append(Message("{n} of {total} fix(es) dated {years}, before GPS time began: refused, not stored",
                                    n=int(early.sum()), total=len(t), years=", ".join(map(str, years))))
        if early.all():
            raise ImportFailed(path, f"no fix can be imported: all {len(t)} are dated before GPS time began "
                                     f"({', '.join(map(str, years))})", result.rejected)
        result.frame = frame[~early].reset_index(drop=True)
    return result


def read_tracks(path: str | Path, device: str | None = None) -> ImportResult:
    """Read a GPX file, an NMEA log or a CSV of fixes, chosen by suffix or, failing that, by content.

    Fixes dated before GPS time began are refused (see the module notes).
    """
    return _refuse_impossible_dates(Path(path), _read_tracks(path, device))


def _read_tracks(path: str | Path, device: str | None = None) -> ImportResult:
    path = Path(path)
    if not path.exists():
        raise ImportFailed(path, "no such file")
    suffix = path.suffix.lower()
    if suffix == ".gpx":
        return read_gpx(path, device)
    if suffix in (".nmea", ".nma", ".log", ".txt"):
        return read_nmea(path, device)
    if suffix == ".csv":
        return read_csv_track(path, device)
    with path.open("rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return read_gpx(path, device)
    if b"$G" in head or b"$" in head:
        return read_nmea(path, device)
    raise ImportFailed(path, "neither a GPX file nor an NMEA log")
