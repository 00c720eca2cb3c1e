"""NMEA 0183: sentence parsing with checksums, and RMC/GGA/VTG sentences → fixes.

A receiver repeats a cycle of sentences per fix (bt451.log: RMC, VTG, GGA, GSA,
GSV, GLL, ZDA). Only RMC carries the date, so a fix is emitted per valid RMC;
the GGA of the same time of day adds altitude and HDOP, and VTG stands in for a
missing RMC speed or course.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from gis.feeds import KNOT_MPS, Rejected, Report

#: GPS week rollover: a receiver with an old firmware dates 2019+ fixes 1024
#: weeks early, and the gpsd logs' 2-digit years are ambiguous; we take the
#: two-digit year at face value in 2000–2099 (what the logs say).
_CENTURY = 2000


@dataclass(frozen=True, slots=True)
class Sentence:
    """A checked NMEA sentence: talker (``GP``, ``GN`` …), type (``RMC``) and fields."""

    talker: str
    kind: str
    fields: tuple[str, ...]


def checksum(body: str) -> int:
    """XOR of the characters between ``$`` and ``*``."""
    value = 0
    for ch in body.encode("ascii", "replace"):
        value ^= ch
    return value


def parse_sentence(line: str | bytes) -> Sentence:
    """Check and split one NMEA sentence.

    Raises
    ------
    Rejected
        ``garbage`` (not a sentence) or ``bad_checksum``. A sentence without
        ``*hh`` is refused as ``garbage``: over TCP we only trust checked data.
    """
    if isinstance(line, bytes):
        line = line.decode("ascii", "replace")
    text = line.strip()
    if len(text) < 6 or text[0] not in "$!" or "*" not in text:
        raise Rejected("garbage", repr(text[:60]))
    body, _, given = text[1:].rpartition("*")
    try:
        expected = int(given[:2], 16)
    except ValueError:
        raise Rejected("garbage", repr(text[:60])) from None
    if checksum(body) != expected:
        raise Rejected("bad_checksum", repr(text[:60]))
    parts = body.split(",")
    address = parts[0]
    if len(address) < 3:
        raise Rejected("garbage", repr(text[:60]))
    # Proprietary sentences ($PUBX …) have a 'P' talker and a longer type.
    talker, kind = (address[:1], address[1:]) if address.startswith("P") else (address[:2], address[2:])
    return Sentence(talker, kind, tuple(parts[1:]))


def _coord(value: str, hemi: str, degree_digits: int) -> float | None:
    if not value or not hemi:
        return None
    try:
        degrees = int(value[:degree_digits])
        minutes = float(value[degree_digits:])
    except ValueError:
        raise Rejected("bad_field", f"coordinate {value!r}") from None
    x = degrees + minutes / 60.0
    return -x if hemi in "SW" else x


def _float(value: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise Rejected("bad_field", f"number {value!r}") from None


def _time_of_day(value: str) -> float | None:
    if len(value) < 6:
        return None
    try:
        return int(value[:2]) * 3600 + int(value[2:4]) * 60 + float(value[4:])
    except ValueError:
        raise Rejected("bad_field", f"time {value!r}") from None


@dataclass
class NmeaAssembler:
    """Turns a stream of sentences from one receiver into fixes (:class:`Report`).

    Parameters
    ----------
    device
        The device id the fixes carry.
    protocol
        The protocol name stored with the fixes.
    """

    device: str
    protocol: str = "nmea"
    _gga: dict = field(default_factory=dict)
    _vtg: dict = field(default_factory=dict)
    #: An RMC fix waiting for the GGA of the same second (receivers send either order).
    _pending: tuple[float, Report] | None = None
    counters: dict = field(default_factory=lambda: {"sentences": 0, "fixes": 0, "no_fix": 0})

    def feed(self, sentence: Sentence) -> Report | None:
        """Take one checked sentence; returns a fix when the sentence completes one."""
        self.counters["sentences"] += 1
        f = sentence.fields
        if sentence.kind == "GGA" and len(f) >= 9:
            self._gga = {"tod": _time_of_day(f[0]), "quality": f[5], "hdop": _float(f[7]), "alt": _float(f[8])}
            if self._pending is not None:
                # The pending RMC's own GGA, or the next cycle's GGA arriving first:
                # either way the pending fix is complete now and goes out.
                tod, fix = self._pending
                self._pending = None
                return self._with_gga(fix, self._gga) if tod == self._gga["tod"] else fix
        elif sentence.kind == "VTG" and len(f) >= 7:
            self._vtg = {"course": _float(f[0]), "knots": _float(f[4])}
        elif sentence.kind == "RMC" and len(f) >= 9:
            previous = self.flush()
            fix = self._rmc(f)
            if fix is not None:
                tod, report = fix
                if self._gga.get("tod") == tod:  # GGA came first: the fix is complete
                    report = self._with_gga(report, self._gga)
                    if previous is None:
                        return report
                # Hand out the earlier fix now; this one waits (never two fixes lost in one call).
                self._pending = (tod, report)
            return previous
        return None

    def flush(self) -> Report | None:
        """The fix still waiting for its GGA (call at the end of a stream)."""
        pending, self._pending = self._pending, None
        return None if pending is None else pending[1]

    @staticmethod
    def _with_gga(report: Report, gga: dict) -> Report:
        # HDOP × a typical 5 m UERE: a rough horizontal accuracy.
        hdop = gga.get("hdop")
        return replace(report, altitude_m=gga.get("alt"), accuracy_m=None if hdop is None else hdop * 5.0)

    def _rmc(self, f: tuple[str, ...]) -> tuple[float, Report] | None:
        if f[1] != "A":  # V = receiver warning, no valid fix
            self.counters["no_fix"] += 1
            return None
        tod = _time_of_day(f[0])
        date = f[8]
        lat = _coord(f[2], f[3], 2)
        lon = _coord(f[4], f[5], 3)
        if tod is None or len(date) != 6 or lat is None or lon is None:
            self.counters["no_fix"] += 1
            return None
        try:
            day = dt.datetime(_CENTURY + int(date[4:6]), int(date[2:4]), int(date[0:2]), tzinfo=dt.timezone.utc)
        except ValueError:
            raise Rejected("bad_field", f"date {date!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise Rejected("bad_position", f"lat={lat} lon={lon}")
        knots = _float(f[6])
        course = _float(f[7])
        if knots is None:
            knots = self._vtg.get("knots")
        if course is None:
            course = self._vtg.get("course")
        self.counters["fixes"] += 1
        return tod, Report(
            device=self.device,
            t=day.timestamp() + tod,
            lon=lon,
            lat=lat,
            speed_mps=None if knots is None else knots * KNOT_MPS,
            heading=course,
            protocol=self.protocol,
        )


def fixes_from_lines(lines: Iterable[str], device: str, errors: list[Rejected] | None = None) -> Iterator[Report]:
    """Parse NMEA lines (a log file, a stream) into fixes; ``#`` comments and blanks are skipped.

    Parameters
    ----------
    lines
        Text lines.
    device
        Device id for the fixes.
    errors
        When given, bad lines' :class:`Rejected` errors are appended to it
        instead of being silently skipped.
    """
    assembler = NmeaAssembler(device)
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            fix = assembler.feed(parse_sentence(text))
        except Rejected as exc:
            if errors is not None:
                errors.append(exc)
            continue
        if fix is not None:
            yield fix
    last = assembler.flush()
    if last is not None:
        yield last
