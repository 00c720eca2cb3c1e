"""Read patrol tracks from GPX, NMEA 0183 logs and CSV into one fix table.

Every reader returns a :class:`pandas.DataFrame` with the columns of
:data:`FIX_COLUMNS` (``device, t, lon, lat, accuracy_m``; ``t`` in unix seconds
UTC, ``accuracy_m`` NaN when the file does not say). Cleaning (order,
duplicates, speeds, gaps) is :mod:`gis.tracks_clean`'s job, not the readers'.

Bad input raises :class:`TrackReadError` naming the file, the line or point and
the problem, so the import dialog and the CLI can show it as it is.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd

#: The columns every reader returns, in this order.
FIX_COLUMNS = ("device", "t", "lon", "lat", "accuracy_m")
#: User-equivalent range error (m) that turns an HDOP into an accuracy estimate;
#: 5 m is the usual figure for consumer receivers.
UERE_M = 5.0


class TrackReadError(ValueError):
    """A track file cannot be read; the message names the file, the place and why."""


def _frame(device: list, t: list, lon: list, lat: list, acc: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "device": pd.Series(device, dtype=object),
            "t": np.asarray(t, dtype="float64"),
            "lon": np.asarray(lon, dtype="float64"),
            "lat": np.asarray(lat, dtype="float64"),
            "accuracy_m": np.asarray(acc, dtype="float64"),
        }
    )


def _iso_to_unix(text: str) -> float:
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:  # GPX times are UTC by the schema
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.timestamp()


def read_gpx(path: str | Path, device: str | None = None) -> pd.DataFrame:
    """Read the track points (``trkpt``) of a GPX 1.0/1.1 file.

    Parameters
    ----------
    path
        The GPX file.
    device
        Device name for the fixes; default: the file's stem.

    Returns
    -------
    pandas.DataFrame
        One row per track point with a time, in file order. ``accuracy_m`` is
        taken from ``hdop`` (× :data:`UERE_M`) when present.

    Raises
    ------
    TrackReadError
        When the XML is malformed, a point lacks lat/lon, or most points have no time.
    """
    path = Path(path)
    device = device or path.stem
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise TrackReadError(f"{path.name}: not a readable GPX file ({exc})") from exc
    dev, ts, lons, lats, accs = [], [], [], [], []
    untimed = 0
    for n, pt in enumerate((e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "trkpt"), start=1):
        try:
            lat, lon = float(pt.attrib["lat"]), float(pt.attrib["lon"])
        except (KeyError, ValueError) as exc:
            raise TrackReadError(f"{path.name}: track point {n} has no valid lat/lon ({exc})") from exc
        fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in pt}
        if not fields.get("time", "").strip():
            untimed += 1
            continue
        try:
            t = _iso_to_unix(fields["time"])
        except ValueError as exc:
            raise TrackReadError(f"{path.name}: track point {n} has a bad time {fields['time']!r}") from exc
        hdop = fields.get("hdop", "").strip()
        dev.append(device)
        ts.append(t)
        lons.append(lon)
        lats.append(lat)
        accs.append(float(hdop) * UERE_M if hdop else np.nan)
    if untimed > len(ts):
        # A few untimed points are dropped; a mostly untimed file is not a patrol record.
        raise TrackReadError(
            f"{path.name}: {untimed} of {untimed + len(ts)} track points have no time; a patrol track needs times"
        )
    return _frame(dev, ts, lons, lats, accs)


def _nmea_checksum_ok(sentence: str) -> bool:
    if "*" not in sentence:
        return True  # some loggers omit it; accept
    body, _, given = sentence[1:].partition("*")
    calc = 0
    for ch in body:
        calc ^= ord(ch)
    try:
        return calc == int(given[:2], 16)
    except ValueError:
        return False


def _nmea_degrees(value: str, hemi: str) -> float:
    # ddmm.mmmm / dddmm.mmmm: the two digits before the dot start the minutes.
    dot = value.index(".") if "." in value else len(value)
    deg = float(value[: dot - 2])
    minutes = float(value[dot - 2 :])
    out = deg + minutes / 60.0
    return -out if hemi in ("S", "W") else out


def _nmea_time(date: dt.date, hhmmss: str) -> float:
    h, m = int(hhmmss[0:2]), int(hhmmss[2:4])
    s = float(hhmmss[4:])
    base = dt.datetime(date.year, date.month, date.day, h, m, tzinfo=dt.timezone.utc)
    return base.timestamp() + s


def read_nmea(path: str | Path, device: str | None = None) -> pd.DataFrame:
    """Read fixes from an NMEA 0183 log (``RMC`` for date and position, ``GGA`` for HDOP).

    Sentences with a bad checksum, void status (``V``) or no fix are skipped, as
    a receiver's own software would; lines that are not NMEA (comments) too.

    Parameters
    ----------
    path
        The log file.
    device
        Device name for the fixes; default: the file's stem.

    Raises
    ------
    TrackReadError
        When the file cannot be read or holds no valid fix at all.
    """
    path = Path(path)
    device = device or path.stem
    try:
        lines = path.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError as exc:
        raise TrackReadError(f"{path.name}: cannot read ({exc})") from exc
    date: dt.date | None = None
    fixes: dict[float, list] = {}  # time -> [lon, lat, accuracy]
    hdop_at: dict[str, float] = {}  # hhmmss -> hdop (GGA comes with or before RMC)
    pending_gga: list[tuple[str, float, float, float]] = []
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line.startswith("$") or len(line) < 7 or not _nmea_checksum_ok(line):
            continue
        parts = line.split("*", 1)[0].split(",")
        kind = parts[0][3:]
        try:
            if kind == "RMC" and len(parts) >= 10:
                if parts[2] != "A" or not parts[3] or not parts[9]:
                    continue
                d = parts[9]
                date = dt.date(2000 + int(d[4:6]), int(d[2:4]), int(d[0:2]))
                t = _nmea_time(date, parts[1])
                lat = _nmea_degrees(parts[3], parts[4])
                lon = _nmea_degrees(parts[5], parts[6])
                fixes[t] = [lon, lat, hdop_at.get(parts[1], np.nan) * UERE_M]
            elif kind == "GGA" and len(parts) >= 9:
                if parts[6] in ("", "0") or not parts[2]:
                    continue
                hdop = float(parts[8]) if parts[8] else np.nan
                hdop_at[parts[1]] = hdop
                if date is None:  # position known, date not yet: keep until an RMC says the day
                    pending_gga.append((parts[1], _nmea_degrees(parts[4], parts[5]),
                                        _nmea_degrees(parts[2], parts[3]), hdop))
                    continue
                t = _nmea_time(date, parts[1])
                if t in fixes:
                    fixes[t][2] = hdop * UERE_M
                else:
                    fixes[t] = [_nmea_degrees(parts[4], parts[5]), _nmea_degrees(parts[2], parts[3]),
                                hdop * UERE_M]
        except (ValueError, IndexError) as exc:
            raise TrackReadError(f"{path.name}, line {lineno}: malformed {kind} sentence ({exc})") from exc
    if date is not None:
        for hhmmss, lon, lat, hdop in pending_gga:
            fixes.setdefault(_nmea_time(date, hhmmss), [lon, lat, hdop * UERE_M])
    if not fixes:
        raise TrackReadError(f"{path.name}: no valid NMEA fix (RMC with status A and a date)")
    times = sorted(fixes)
    return _frame([device] * len(times), times, [fixes[t][0] for t in times],
                  [fixes[t][1] for t in times], [fixes[t][2] for t in times])


def read_csv(path: str | Path, device: str | None = None) -> pd.DataFrame:
    """Read fixes from a CSV with columns ``t`` (unix seconds or ISO time), ``lon``, ``lat``.

    Optional columns: ``device`` (else the ``device`` argument or the file's stem)
    and ``accuracy_m``. Common aliases are accepted (``time``/``timestamp``,
    ``lng``/``longitude``/``x``, ``latitude``/``y``, ``accuracy``).

    Raises
    ------
    TrackReadError
        Naming the first row with a missing or unreadable value.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise TrackReadError(f"{path.name}: not a readable CSV ({exc})") from exc
    aliases = {
        "t": ("t", "time", "timestamp", "datetime"),
        "lon": ("lon", "lng", "longitude", "x"),
        "lat": ("lat", "latitude", "y"),
        "accuracy_m": ("accuracy_m", "accuracy", "hacc"),
        "device": ("device", "device_id", "id"),
    }
    lower = {c.lower().strip(): c for c in raw.columns}
    cols = {key: next((lower[a] for a in names if a in lower), None) for key, names in aliases.items()}
    for key in ("t", "lon", "lat"):
        if cols[key] is None:
            raise TrackReadError(f"{path.name}: no {key!r} column (columns: {', '.join(map(str, raw.columns))})")
    t_raw = raw[cols["t"]]
    t = pd.to_numeric(t_raw, errors="coerce")
    if t.isna().all():
        parsed = pd.to_datetime(t_raw, errors="coerce", utc=True, format="ISO8601")
        t = (parsed - pd.Timestamp(0, tz="UTC")).dt.total_seconds()
    lon = pd.to_numeric(raw[cols["lon"]], errors="coerce")
    lat = pd.to_numeric(raw[cols["lat"]], errors="coerce")
    bad = t.isna() | lon.isna() | lat.isna() | (lat.abs() > 90) | (lon.abs() > 180)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2  # header is line 1
        raise TrackReadError(f"{path.name}, line {row}: missing or invalid time/lon/lat")
    acc = pd.to_numeric(raw[cols["accuracy_m"]], errors="coerce") if cols["accuracy_m"] else np.nan
    dev = raw[cols["device"]].astype(str) if cols["device"] else [device or path.stem] * len(raw)
    return _frame(list(dev), t.to_numpy(), lon.to_numpy(), lat.to_numpy(),
                  np.broadcast_to(np.asarray(acc, dtype="float64"), (len(raw),)))


def read_track_file(path: str | Path, device: str | None = None) -> pd.DataFrame:
    """Read a GPX, NMEA (``.nmea``/``.log``/``.txt``) or CSV track by its extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".gpx":
        return read_gpx(path, device)
    if suffix in (".nmea", ".log", ".txt"):
        return read_nmea(path, device)
    if suffix == ".csv":
        return read_csv(path, device)
    raise TrackReadError(f"{Path(path).name}: unknown track format {suffix!r} (GPX, NMEA or CSV)")
