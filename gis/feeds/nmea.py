"""NMEA 0183 for the live feed: RMC/GGA/VTG sentences → fixes.

Sentences and fields are read by the one parser, :mod:`gis.nmea` (the track
import reads log files with it too); this module assembles a receiver's
sentences into fixes and refuses bad input as :class:`~gis.feeds.Rejected`
with a counter key.

A receiver repeats a cycle of sentences per fix (bt451.log: RMC, VTG, GGA, GSA,
GSV, GLL, ZDA). Only RMC carries the date, so a fix is emitted per valid RMC;
the GGA of the same time of day adds altitude and HDOP, and VTG stands in for a
missing RMC speed or course.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from gis import nmea
from gis.feeds import KNOT_MPS, Rejected, Report
from gis.nmea import Sentence, checksum  # noqa: F401 (the one parser's, re-exported)

#: The parser's codes as the feed counts them: a sentence without ``*hh`` is garbage over TCP.
_FEED_CODES = {"no_checksum": "garbage"}


@contextmanager
def _rejected():
    """Refuse what the one parser cannot read as :class:`Rejected` with the feed's counter key."""
    try:
        yield
    except nmea.NmeaError as exc:
        raise Rejected(_FEED_CODES.get(exc.code, exc.code), exc.message) from None


def parse_sentence(line: str | bytes) -> Sentence:
    """Check and split one NMEA sentence (:func:`gis.nmea.parse_sentence`).

    Raises
    ------
    Rejected
        ``garbage`` (not a sentence, no ``*hh``) or ``bad_checksum``.
    """
    with _rejected():
        return nmea.parse_sentence(line)


def _coord(value: str, hemi: str, degree_digits: int) -> float | None:
    with _rejected():
        return nmea.coordinate(value, hemi, degree_digits)


def _float(value: str) -> float | None:
    with _rejected():
        return nmea.number(value)


def _time_of_day(value: str) -> float | None:
    with _rejected():
        return nmea.time_of_day(value)


def _date(value: str) -> dt.datetime | None:
    with _rejected():
        day = nmea.rmc_date(value)
    return None if day is None else dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


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
        day = _date(f[8])
        lat = _coord(f[2], f[3], 2)
        lon = _coord(f[4], f[5], 3)
        if tod is None or day is None or lat is None or lon is None:
            self.counters["no_fix"] += 1
            return None
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
