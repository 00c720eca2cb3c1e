"""NMEA 0183: the one sentence parser, for the live feed and for recorded logs.

:func:`parse_sentence` checks and splits one sentence; the field readers turn
the text of RMC, GGA, VTG and ZDA fields into numbers and dates. Both the live
feed (:mod:`gis.feeds.nmea`, raw NMEA over TCP) and the track import
(:mod:`gis.io.tracks`, log files) read sentences only through this module, so
a sentence means the same in both.

Every sentence must carry a valid ``*hh`` checksum: a sentence without one is
refused (over TCP and in a file alike we only trust checked data). The
sentence starts at its ``$`` (or ``!``): anything a logger put before it is
skipped. Two-digit years are 2000–2079, and 80–99 are 1980–1999 (GPS time
began in 1980; what to do with dates before the first GPS week rollover is
the caller's decision).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class NmeaError(ValueError):
    """A sentence or a field that cannot be read.

    Attributes
    ----------
    code
        A short counter key: ``garbage`` (not a sentence, or an unreadable
        checksum), ``no_checksum``, ``bad_checksum`` or ``bad_field``.
    message
        The reason, for people ("checksum mismatch (says 7B, computed 7A)").
    address
        The sentence's address (``GPRMC``) when it could be read, else "".
    """

    def __init__(self, code: str, message: str, address: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.address = address


@dataclass(frozen=True, slots=True)
class Sentence:
    """A checked NMEA sentence: talker (``GP``, ``GN`` …), type (``RMC``) and fields."""

    talker: str
    kind: str
    fields: tuple[str, ...]

    @property
    def address(self) -> str:
        """Talker and type as written (``GPRMC``)."""
        return self.talker + self.kind


def checksum(body: str) -> int:
    """XOR of the characters between ``$`` and ``*``."""
    value = 0
    for ch in body.encode("ascii", "replace"):
        value ^= ch
    return value


def _split_address(address: str) -> tuple[str, str]:
    # Proprietary sentences ($PUBX …) have a 'P' talker and a longer type.
    return (address[:1], address[1:]) if address.startswith("P") else (address[:2], address[2:])


def kind_of(address: str) -> str:
    """The sentence type of an address (``GPRMC`` → ``RMC``, ``PUBX`` → ``UBX``)."""
    return _split_address(address)[1] if len(address) >= 3 else address


def parse_sentence(line: str | bytes) -> Sentence:
    """Check and split one NMEA sentence.

    Raises
    ------
    NmeaError
        ``garbage`` (no ``$``, no address, an unreadable checksum),
        ``no_checksum`` or ``bad_checksum``; ``address`` is set when known,
        so a caller can tell which kind of sentence it refused.
    """
    if isinstance(line, bytes):
        line = line.decode("ascii", "replace")
    text = line.strip()
    start = min((i for i in (text.find("$"), text.find("!")) if i >= 0), default=-1)
    if start < 0 or len(text) - start < 2:
        raise NmeaError("garbage", f"not an NMEA sentence: {text[:60]!r}")
    body, star, given = text[start + 1:].partition("*")
    address = body.split(",", 1)[0]
    if len(address) < 3:
        raise NmeaError("garbage", f"no sentence address: {text[:60]!r}", address)
    if not star:
        raise NmeaError("no_checksum", "no checksum", address)
    try:
        expected = int(given[:2], 16)
    except ValueError:
        raise NmeaError("garbage", f"unreadable checksum {given!r}", address) from None
    computed = checksum(body)
    if computed != expected:
        raise NmeaError("bad_checksum", f"checksum mismatch (says {expected:02X}, computed {computed:02X})", address)
    talker, kind = _split_address(address)
    return Sentence(talker, kind, tuple(body.split(",")[1:]))


def _bad(what: str, value: str, why: str = "") -> NmeaError:
    return NmeaError("bad_field", f"{what} {value!r}" + (f": {why}" if why else ""))


def coordinate(value: str, hemi: str, degree_digits: int) -> float | None:
    """``ddmm.mmmm`` (``dddmm.mmmm`` with ``degree_digits=3``) and N/S/E/W → signed degrees; None when empty."""
    if not value or not hemi:
        return None
    try:
        degrees = int(value[:degree_digits])
        minutes = float(value[degree_digits:])
    except ValueError:
        raise _bad("coordinate", value) from None
    if not 0 <= minutes < 60:
        raise _bad("coordinate", value, f"minutes {minutes} not in 0–60")
    if hemi not in ("N", "S", "E", "W"):
        raise _bad("hemisphere", hemi)
    x = degrees + minutes / 60.0
    return -x if hemi in ("S", "W") else x


def number(value: str) -> float | None:
    """A numeric field; None when empty."""
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise _bad("number", value) from None


def time_of_day(value: str) -> float | None:
    """``hhmmss.ss`` → seconds since midnight; None when empty."""
    if not value:
        return None
    try:
        h, m, s = int(value[:2]), int(value[2:4]), float(value[4:])
    except ValueError:
        raise _bad("time", value) from None
    if len(value) < 6 or h > 23 or m > 59 or s >= 61:
        raise _bad("time", value)
    return h * 3600 + m * 60 + s


def rmc_date(value: str) -> dt.date | None:
    """RMC ``ddmmyy`` → date (years 00–79 are 2000s, 80–99 the 1980s–90s); None when empty."""
    if not value:
        return None
    try:
        day, month, yy = int(value[:2]), int(value[2:4]), int(value[4:6])
        if len(value) != 6:
            raise ValueError
        return dt.date(2000 + yy if yy < 80 else 1900 + yy, month, day)
    except ValueError:
        raise _bad("date", value) from None


def zda_date(fields: tuple[str, ...] | list[str]) -> dt.date | None:
    """The date of a ZDA sentence's fields (``hhmmss, dd, mm, yyyy, …``); None when not given."""
    if len(fields) < 4 or not (fields[1] and fields[2] and fields[3]):
        return None
    try:
        return dt.date(int(fields[3]), int(fields[2]), int(fields[1]))
    except ValueError:
        raise _bad("date", ",".join(fields[1:4])) from None


def gga_fix(fields: tuple[str, ...] | list[str]) -> dict | None:
    """A GGA sentence's fix: ``tod, lat, lon, quality, hdop, alt``; None when it has no fix (quality 0 or empty).

    Raises
    ------
    NmeaError
        Too few fields, or a field that cannot be read.
    """
    if len(fields) < 9:
        raise NmeaError("bad_field", "too few fields")
    if not fields[5] or fields[5] == "0":
        return None
    return {"tod": time_of_day(fields[0]), "lat": coordinate(fields[1], fields[2], 2),
            "lon": coordinate(fields[3], fields[4], 3), "quality": fields[5], "hdop": number(fields[7]),
            "alt": number(fields[8])}
