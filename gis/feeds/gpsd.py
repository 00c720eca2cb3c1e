"""A gpsd client: ``?WATCH`` in JSON mode, TPV reports → positions.

gpsd greets with a ``VERSION`` object; after ``?WATCH={"enable":true,"json":true}``
it sends ``DEVICES``, ``WATCH``, then ``TPV``/``SKY`` objects per fix. A TPV
with ``mode`` 2 or 3 has a fix; its ``time`` is ISO 8601 UTC and ``speed`` is
already in m/s.
"""

from __future__ import annotations

import json
import socket
from dataclasses import replace

from gis.feeds import Rejected, Report, ReportSink
from gis.feeds.osmand import parse_timestamp
from gis.feeds.raw_nmea_tcp import RawNmeaTcpClient, TcpLineClient

DEFAULT_PORT = 2947
WATCH = b'?WATCH={"enable":true,"json":true}\n'
#: The GPS week counter's period: a receiver (or gpsd's guess) may be 1024 weeks off.
ROLLOVER_S = 1024 * 7 * 86400.0


def undo_rollover(t: float, now: float, tolerance_s: float = 86400.0) -> float:
    """Step a fix time 1024 GPS weeks back when that turns an impossible future time into a past one.

    gpsd assumes a date before its own build date is a GPS week rollover and
    adds 1024 weeks; a replayed 2009 log then reads as 2029. A fix more than a
    day ahead of the clock whose date 1024 weeks earlier is in the past is such
    a case. Anything else is returned as it is (and the sink judges it).
    """
    if t > now + tolerance_s and t - ROLLOVER_S <= now:
        return t - ROLLOVER_S
    return t


def parse_tpv(obj: dict, device: str | None = None) -> Report | None:
    """A gpsd TPV object as a report (None when it has no 2D/3D fix).

    Parameters
    ----------
    obj
        The decoded JSON object.
    device
        Device id to use; defaults to the TPV's ``device`` (the receiver's path).

    Raises
    ------
    Rejected
        ``bad_field`` / ``bad_position`` / ``bad_timestamp`` for a malformed fix.
    """
    if obj.get("class") != "TPV" or int(obj.get("mode") or 0) < 2:
        return None
    lat, lon, stamp = obj.get("lat"), obj.get("lon"), obj.get("time")
    if lat is None or lon is None or not stamp:
        return None
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        raise Rejected("bad_field", f"lat={lat!r} lon={lon!r}")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Rejected("bad_position", f"lat={lat} lon={lon}")
    alt = obj.get("altMSL", obj.get("alt"))
    eph = obj.get("eph")
    if eph is None and obj.get("epx") is not None and obj.get("epy") is not None:
        eph = max(obj["epx"], obj["epy"])
    return Report(
        device=device or str(obj.get("device") or "gpsd"),
        t=parse_timestamp(str(stamp)),
        lon=float(lon),
        lat=float(lat),
        speed_mps=obj.get("speed"),
        heading=obj.get("track"),
        altitude_m=alt,
        accuracy_m=eph,
        protocol="gpsd",
    )


class GpsdClient(TcpLineClient):
    """Watch a gpsd daemon and store its TPV fixes.

    Parameters
    ----------
    device
        Device id for every fix; None keeps gpsd's device path.
    """

    protocol = "gpsd"

    def __init__(self, host: str, port: int, sink: ReportSink, device: str | None = None, **kwargs) -> None:
        super().__init__(host, port, sink, hello=WATCH, **kwargs)
        self.device = device
        self.version: dict | None = None
        self.rollovers = 0
        # gpsd sends several TPVs per epoch (2D first, then 3D with altitude):
        # keep the last of an epoch and store it when the next epoch begins.
        self._pending: Report | None = None

    def handle_line(self, line: bytes) -> None:  # noqa: D102
        try:
            obj = json.loads(line)
        except ValueError:
            raise Rejected("garbage", repr(line[:60])) from None
        if not isinstance(obj, dict):
            raise Rejected("garbage", repr(line[:60]))
        if obj.get("class") == "VERSION":
            self.version = obj
            return
        report = parse_tpv(obj, self.device)
        if report is None:
            return
        t = undo_rollover(report.t, self.sink.clock())
        if t != report.t:
            self.rollovers += 1
            report = replace(report, t=t)
        pending = self._pending
        self._pending = report
        if pending is not None and pending.t != report.t:
            self.sink.submit(pending)

    def on_disconnect(self) -> None:
        """Store the last epoch's fix."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self.sink.submit(pending)


def probe(host: str, port: int, timeout: float = 2.0) -> str:
    """Tell a gpsd daemon from a raw NMEA stream by its first line: ``"gpsd"`` or ``"raw"``.

    Raises
    ------
    OSError
        When the peer cannot be reached.
    """
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        try:
            first = sock.recv(512)
        except TimeoutError:
            return "raw"  # a quiet NMEA source; gpsd always greets at once
    return "gpsd" if first.lstrip().startswith(b'{"class":"VERSION"') else "raw"


def nmea_tcp_client(
    host: str, port: int, sink: ReportSink, device: str | None = None, mode: str = "auto", **kwargs
) -> TcpLineClient:
    """A client for ``--nmea-tcp HOST:PORT``: gpsd JSON or raw NMEA (``mode="auto"`` probes the peer).

    Parameters
    ----------
    device
        Device id for the fixes (raw NMEA needs one; defaults to ``HOST:PORT``).
    mode
        ``auto``, ``gpsd`` or ``raw``.
    """
    if mode == "auto":
        mode = probe(host, port)
    if mode == "gpsd":
        return GpsdClient(host, port, sink, device=device, **kwargs)
    if mode == "raw":
        return RawNmeaTcpClient(host, port, sink, device=device or f"{host}:{port}", **kwargs)
    raise ValueError(f"unknown NMEA TCP mode {mode!r} (auto, gpsd or raw)")
