"""Live position feeds: protocol parsers, listeners, the batching sink, the simulator.

Everything here is Qt-free and runs off the GUI thread. Every protocol turns
its input into :class:`Report` values (or a rejection reason) and hands them to
a :class:`~services.feed.sink.PositionSink`, which validates, stores in batches and
keeps the latest report per device for the map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

#: Knots → metres per second (NMEA and the Traccar/OsmAnd ``speed`` are in knots).
KNOT_MPS = 0.514444


@dataclass(frozen=True, slots=True)
class Report:
    """One position report from one device.

    Attributes
    ----------
    device
        The id the device reports with (OsmAnd ``id``, a gpsd device path …).
    t
        Fix time, unix seconds UTC.
    lon, lat
        WGS84 degrees.
    speed_mps, heading, altitude_m, accuracy_m, battery
        Optional measurements (None when not reported).
    protocol
        ``osmand``, ``gpsd``, ``nmea`` or ``sim``.
    """

    device: str
    t: float
    lon: float
    lat: float
    speed_mps: float | None = None
    heading: float | None = None
    altitude_m: float | None = None
    accuracy_m: float | None = None
    battery: float | None = None
    protocol: str = "osmand"


class Rejected(ValueError):
    """Input that is not a valid report; ``reason`` is a short counter key."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def parse_host_port(text: str, default_port: int) -> tuple[str, int]:
    """Split ``HOST:PORT`` (or ``HOST`` alone, or ``:PORT``) into a host and a port.

    Raises
    ------
    ValueError
        When the port is not a number in 1–65535.
    """
    host, sep, port = text.rpartition(":")
    if not sep:
        host, port = text, str(default_port)
    host = host.strip("[]") or "127.0.0.1"
    try:
        number = int(port)
    except ValueError:
        raise ValueError(f"{text!r}: the port must be a number") from None
    if not 0 <= number <= 65535:
        raise ValueError(f"{text!r}: the port must be in 0–65535")
    return host, number


class ReportSink(Protocol):
    """Where listeners hand their reports (the store's batching
    :class:`~services.feed.sink.PositionSink`, or a router in front of it)."""

    clock: Callable[[], float]

    def submit(self, report: Report, received_t: float | None = None) -> str | None:
        """Validate and queue one report; the rejection reason, or None when accepted."""

    def reject(self, reason: str, detail: str = "") -> None:
        """Count a report the listener could not even parse."""
