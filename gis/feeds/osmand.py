"""The OsmAnd / Traccar Client HTTP protocol: parse requests, and a listener.

A device sends ``GET /?id=123&lat=47.1&lon=9.5&timestamp=1700000000&speed=12``
(or a POST with the same fields in the query string or a form body). Traccar's
decoder reads ``speed`` in knots, and so does Traccar Client, so we do too.

The listener is a small HTTP/1.1 server on an asyncio loop in its own thread:
one ``asyncio.Protocol`` per connection parses requests straight from the
socket buffer (keep-alive, pipelining), so a phone's or tracker's report costs a
few tens of microseconds and no thread. ``http.server`` spends more than that on
the ``email`` header parser alone, and a thread per device would be 500 threads.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
import threading
import time
from collections.abc import Mapping
from urllib.parse import parse_qsl

from gis.feeds import KNOT_MPS, Rejected, Report, ReportSink

log = logging.getLogger(__name__)

DEFAULT_PORT = 5055
MAX_REQUEST_BYTES = 65_536

_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
_OK_CLOSE = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_STATUS_TEXT = {400: b"Bad Request", 404: b"Not Found", 405: b"Method Not Allowed", 413: b"Payload Too Large"}


def _number(params: Mapping[str, str], *names: str) -> float | None:
    for name in names:
        value = params.get(name)
        if value not in (None, ""):
            try:
                x = float(value)
            except ValueError:
                raise Rejected("bad_field", f"{name}={value!r} is not a number") from None
            if not math.isfinite(x):
                raise Rejected("bad_field", f"{name}={value!r} is not finite")
            return x
    return None


def parse_timestamp(value: str) -> float:
    """A report time as unix seconds: unix seconds, milliseconds, or ISO 8601.

    Raises
    ------
    Rejected
        ``bad_timestamp`` when the value is none of these.
    """
    text = value.strip()
    try:
        x = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(x) or x < 0:
            raise Rejected("bad_timestamp", repr(value))
        # Traccar accepts milliseconds too: anything past year 2286 in seconds is ms.
        return x / 1000.0 if x > 1e10 else x
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        raise Rejected("bad_timestamp", repr(value)) from None
    if stamp.tzinfo is None:  # the protocol's times are UTC
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.timestamp()


def parse_params(params: Mapping[str, str], received_t: float | None = None) -> Report:
    """Turn one request's fields into a validated :class:`~gis.feeds.Report`.

    Parameters
    ----------
    params
        The query/form fields (``id`` or ``deviceid``, ``lat``, ``lon`` or
        ``location=lat,lon``, ``timestamp``, ``speed`` in knots, ``bearing`` or
        ``heading``, ``altitude``, ``accuracy``, ``batt``).
    received_t
        When the request arrived; stands in for a missing ``timestamp``.

    Raises
    ------
    Rejected
        With the reason: ``missing_id``, ``missing_position``, ``bad_field``,
        ``bad_position``, ``bad_timestamp``.
    """
    device = (params.get("id") or params.get("deviceid") or "").strip()
    if not device:
        raise Rejected("missing_id", "no id or deviceid")
    if len(device) > 64:
        raise Rejected("bad_field", f"device id longer than 64 characters: {device[:20]}…")
    lat = _number(params, "lat")
    lon = _number(params, "lon")
    if (lat is None or lon is None) and params.get("location"):
        parts = params["location"].split(",")
        if len(parts) != 2:
            raise Rejected("bad_position", f"location={params['location']!r}")
        lat, lon = _number({"lat": parts[0]}, "lat"), _number({"lon": parts[1]}, "lon")
    if lat is None or lon is None:
        raise Rejected("missing_position", f"device {device}: lat/lon missing")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise Rejected("bad_position", f"device {device}: lat={lat} lon={lon}")
    stamp = params.get("timestamp")
    if stamp:
        t = parse_timestamp(stamp)
    else:
        t = time.time() if received_t is None else received_t
    speed = _number(params, "speed")
    heading = _number(params, "bearing", "heading")
    return Report(
        device=device,
        t=t,
        lon=lon,
        lat=lat,
        speed_mps=None if speed is None else speed * KNOT_MPS,
        heading=None if heading is None else heading % 360.0,
        altitude_m=_number(params, "altitude"),
        accuracy_m=_number(params, "accuracy", "hdop"),
        battery=_number(params, "batt", "battery"),
        protocol="osmand",
    )


def parse_request(method: str, target: str, body: bytes, received_t: float | None = None) -> Report:
    """Parse one OsmAnd HTTP request (method, request target, body) into a report.

    Raises
    ------
    Rejected
        As :func:`parse_params`, or ``bad_request`` for an undecodable body.
    """
    _, _, query = target.partition("?")
    fields = dict(parse_qsl(query, keep_blank_values=True))
    if method == "POST" and body:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Rejected("bad_request", "body is not UTF-8") from None
        # A form body (some trackers); Traccar Client sends fields in the query string.
        fields.update(parse_qsl(text.strip(), keep_blank_values=True))
    return parse_params(fields, received_t)


class _HttpProtocol(asyncio.Protocol):
    """One client connection: parse requests as bytes arrive, answer each at once."""

    __slots__ = ("listener", "transport", "buffer")

    def __init__(self, listener: OsmAndListener) -> None:
        self.listener = listener
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()

    def connection_made(self, transport) -> None:  # noqa: D102
        self.transport = transport
        self.listener._connections.add(self)

    def data_received(self, data: bytes) -> None:  # noqa: D102
        self.buffer += data
        while self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_REQUEST_BYTES:
                    self._error(413, "bad_request", "headers too large", close=True)
                return
            head = bytes(self.buffer[:end]).decode("latin-1")
            lines = head.split("\r\n")
            parts = lines[0].split(" ")
            if len(parts) != 3 or not parts[2].startswith("HTTP/"):
                self._error(400, "bad_request", repr(lines[0][:80]), close=True)
                return
            method, target, version = parts
            length = 0
            close = version == "HTTP/1.0"
            for line in lines[1:]:
                name, _, value = line.partition(":")
                key = name.strip().lower()
                if key == "content-length":
                    try:
                        length = int(value.strip())
                    except ValueError:
                        self._error(400, "bad_request", "bad Content-Length", close=True)
                        return
                elif key == "connection":
                    v = value.strip().lower()
                    close = v == "close" or (close and v != "keep-alive")
                elif key == "transfer-encoding":
                    self._error(400, "bad_request", "chunked bodies are not accepted", close=True)
                    return
            if length < 0 or length > MAX_REQUEST_BYTES:
                self._error(413, "bad_request", "body too large", close=True)
                return
            total = end + 4 + length
            if len(self.buffer) < total:
                return  # wait for the rest of the body
            body = bytes(self.buffer[end + 4:total])
            del self.buffer[:total]
            self._handle(method, target, body, close)

    def _handle(self, method: str, target: str, body: bytes, close: bool) -> None:
        listener = self.listener
        if method not in ("GET", "POST"):
            self._error(405, "bad_request", f"method {method}", close)
            return
        now = time.time()
        try:
            report = parse_request(method, target, body, now)
        except Rejected as exc:
            self._error(400, exc.reason, f"{exc.detail} ({target[:120]})", close)
            return
        reason = listener.sink.submit(report, now)
        # A duplicate is a re-send of a report already stored (the client missed our
        # answer): 200, or Traccar Client would retry it forever.
        if reason is None or reason == "duplicate":
            self.transport.write(_OK_CLOSE if close else _OK)
            if close:
                self.transport.close()
        else:
            self._answer(400, close)

    def _error(self, status: int, reason: str, detail: str, close: bool) -> None:
        self.listener.sink.reject(reason, detail)
        self._answer(status, close)

    def _answer(self, status: int, close: bool) -> None:
        text = _STATUS_TEXT.get(status, b"Error")
        head = b"HTTP/1.1 %d %s\r\nContent-Length: 0\r\n" % (status, text)
        self.transport.write(head + (b"Connection: close\r\n\r\n" if close else b"\r\n"))
        if close:
            self.transport.close()
            self.transport = None

    def connection_lost(self, exc) -> None:  # noqa: D102
        self.transport = None
        self.listener._connections.discard(self)


class OsmAndListener:
    """An OsmAnd/Traccar HTTP listener on its own thread, handing reports to a sink.

    Parameters
    ----------
    sink
        Where accepted reports go.
    host, port
        Where to listen; loopback by default (port 0 picks a free one, see :attr:`port`).
    """

    def __init__(self, sink: ReportSink, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
        self.sink = sink
        self.host = host
        self.port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._connections: set[_HttpProtocol] = set()

    def start(self) -> OsmAndListener:
        """Bind and serve on a background thread; returns once listening (raises OSError if it cannot bind)."""
        self._thread = threading.Thread(target=self._run, name="osmand-listener", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        try:
            self._server = loop.run_until_complete(
                loop.create_server(lambda: _HttpProtocol(self), self.host, self.port, backlog=1024)
            )
            self.port = self._server.sockets[0].getsockname()[1]
        except BaseException as exc:  # noqa: BLE001 — handed to start()'s caller
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        log.info("OsmAnd listener on %s:%s", self.host, self.port)
        try:
            loop.run_forever()
        finally:
            self._server.close()
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

    def stop(self) -> None:
        """Stop listening (open connections are dropped); the sink is left to its owner."""
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._shutdown)
            self._thread.join()
        self._thread = None

    def _shutdown(self) -> None:
        assert self._server is not None and self._loop is not None
        self._server.close()
        # Drop lingering keep-alive connections so wait_closed() returns.
        for protocol in list(self._connections):
            if protocol.transport is not None:
                protocol.transport.close()
        self._loop.stop()
