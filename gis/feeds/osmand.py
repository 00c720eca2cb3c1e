"""The OsmAnd / Traccar Client HTTP protocol: parse requests, and a listener.

A device sends ``GET /?id=123&lat=47.1&lon=9.5&timestamp=1700000000&speed=12``
(or a POST with the same fields in the query string or a form body). Traccar's
decoder reads ``speed`` in knots, and so does Traccar Client, so we do too.
Newer Traccar Client versions POST a JSON body instead (``Content-Type:
application/json``)::

    {"device_id": "123", "location": {"timestamp": "2025-06-15T13:45:12.862Z",
     "coords": {"latitude": 47.1, "longitude": 9.5, "speed": 3.2, "heading": 90,
                "accuracy": 5, "altitude": 455},
     "battery": {"level": 0.8, "is_charging": false}, ...}}

where ``speed`` is in m/s, ``-1`` means "not known" and the battery level is
0–1 (read as Traccar's decoder reads it); ``location`` may also be a list.

A device is answered 200 only once its report has committed to the store
(the sink calls back after the commit): a device told 200 never sends that
fix again, so it must survive a kill -9 of this process. Answers on one
connection keep the order of its requests (pipelining).

The listener guards itself: a connection that sends nothing for
``idle_timeout_s``, or starts a request and does not finish its header within
``header_timeout_s``, is closed (a half request gets a 400 first); bytes that
cannot be an HTTP request line get a 400 at once; at most ``max_connections``
are open (by default below the process's open-file limit), the oldest idle
ones are dropped to make room; running out of file descriptors drops idle
connections instead of looping on tracebacks; each kind of trouble is logged
at most once a minute.

The listener is a small HTTP/1.1 server on an asyncio loop in its own thread:
one ``asyncio.Protocol`` per connection parses requests straight from the
socket buffer (keep-alive, pipelining), so a phone's or tracker's report costs a
few tens of microseconds and no thread. ``http.server`` spends more than that on
the ``email`` header parser alone, and a thread per device would be 500 threads.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import errno
import json
import logging
import math
import re
import threading
import time
from collections import deque
from collections.abc import Mapping
from urllib.parse import parse_qsl

from gis.feeds import LOG_EVERY_S, KNOT_MPS, Rejected, Report, ReportSink, device_id_problem

log = logging.getLogger(__name__)

DEFAULT_PORT = 5055
MAX_REQUEST_BYTES = 65_536

_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
_OK_CLOSE = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_STATUS_TEXT = {400: b"Bad Request", 404: b"Not Found", 405: b"Method Not Allowed", 413: b"Payload Too Large",
                503: b"Service Unavailable"}
#: What may start a request line: a method token, then a space (checked before the header ends).
_REQUEST_START = re.compile(rb"[A-Z]{1,16}(?: |\Z)")
IDLE_TIMEOUT_S = 60.0
HEADER_TIMEOUT_S = 10.0


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
    problem = device_id_problem(device)
    if problem is not None:
        raise Rejected("bad_id", f"{problem}: {device[:20]!r}")
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


def _json_number(obj: Mapping, name: str, negative_unknown: bool = False) -> float | None:
    value = obj.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Rejected("bad_field", f"{name}={value!r} is not a number")
    x = float(value)
    if not math.isfinite(x):
        raise Rejected("bad_field", f"{name}={value!r} is not finite")
    return None if negative_unknown and x < 0 else x


def parse_json_body(body: bytes, received_t: float | None = None) -> list[Report]:
    """Traccar Client's JSON body (``device_id`` and ``location`` with ``coords``) as reports.

    Raises
    ------
    Rejected
        ``bad_request`` (not JSON, no ``location``), or the reasons of :func:`parse_params`.
    """
    try:
        root = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected("bad_request", f"JSON body does not parse: {exc}") from None
    if not isinstance(root, dict) or "location" not in root:
        raise Rejected("bad_request", "JSON body has no 'location'")
    device = root.get("device_id", root.get("id"))
    if not isinstance(device, (str, int)) or isinstance(device, bool):
        raise Rejected("missing_id", "JSON body has no device_id")
    locations = root["location"]
    if isinstance(locations, dict):
        locations = [locations]
    if not isinstance(locations, list) or not locations:
        raise Rejected("bad_request", "JSON 'location' is neither an object nor a list of them")
    reports = []
    for loc in locations:
        if not isinstance(loc, dict) or not isinstance(loc.get("coords"), dict):
            raise Rejected("missing_position", f"device {device}: location without coords")
        coords = loc["coords"]
        params: dict[str, str] = {"id": str(device)}
        lat, lon = _json_number(coords, "latitude"), _json_number(coords, "longitude")
        if lat is not None and lon is not None:
            params["lat"], params["lon"] = repr(lat), repr(lon)
        stamp = loc.get("timestamp")
        if stamp is not None:
            params["timestamp"] = str(stamp)
        report = parse_params(params, received_t)
        speed = _json_number(coords, "speed", negative_unknown=True)  # m/s here
        heading = _json_number(coords, "heading", negative_unknown=True)
        battery = loc.get("battery")
        level = _json_number(battery, "level", negative_unknown=True) if isinstance(battery, dict) else None
        reports.append(Report(
            device=report.device, t=report.t, lon=report.lon, lat=report.lat,
            speed_mps=speed, heading=None if heading is None else heading % 360.0,
            altitude_m=_json_number(coords, "altitude"), accuracy_m=_json_number(coords, "accuracy"),
            battery=None if level is None else level * 100.0, protocol="osmand",
        ))
    return reports


def parse_request_all(method: str, target: str, body: bytes, received_t: float | None = None,
                      content_type: str = "") -> list[Report]:
    """Parse one OsmAnd/Traccar HTTP request into its reports (a JSON body may carry several).

    Raises
    ------
    Rejected
        As :func:`parse_params` and :func:`parse_json_body`, or ``bad_request`` for an undecodable body.
    """
    _, _, query = target.partition("?")
    if method == "POST" and body and (
        content_type.lower().startswith("application/json") or body.lstrip()[:1] == b"{"
    ):
        return parse_json_body(body, received_t)
    fields = dict(parse_qsl(query, keep_blank_values=True))
    if method == "POST" and body:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Rejected("bad_request", "body is not UTF-8") from None
        # A form body (some trackers); older Traccar Client sends fields in the query string.
        fields.update(parse_qsl(text.strip(), keep_blank_values=True))
    return [parse_params(fields, received_t)]


def parse_request(method: str, target: str, body: bytes, received_t: float | None = None,
                  content_type: str = "") -> Report:
    """Parse one OsmAnd HTTP request (method, request target, body) into a report (the last, for a JSON list).

    Raises
    ------
    Rejected
        As :func:`parse_request_all`.
    """
    return parse_request_all(method, target, body, received_t, content_type)[-1]


class _HttpProtocol(asyncio.Protocol):
    """One client connection: parse requests as bytes arrive; answer each once its reports are stored."""

    __slots__ = ("listener", "transport", "buffer", "answers", "last_active", "partial_since", "closing")

    def __init__(self, listener: OsmAndListener) -> None:
        self.listener = listener
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        #: Answers in request order: [bytes or None while waiting for the commit, close after it].
        self.answers: deque[list] = deque()
        self.last_active = 0.0
        self.partial_since: float | None = None
        self.closing = False

    def connection_made(self, transport) -> None:  # noqa: D102
        self.transport = transport
        self.last_active = time.monotonic()
        self.listener._opened(self)

    @property
    def idle(self) -> bool:
        """Nothing half-received and nothing waiting to be answered."""
        return not self.buffer and not self.answers

    def data_received(self, data: bytes) -> None:  # noqa: D102
        now = time.monotonic()
        self.last_active = now
        if self.closing:
            return
        self.buffer += data
        while self.transport is not None and not self.closing and self.buffer:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_REQUEST_BYTES:
                    self._error(413, "bad_request", "headers too large", close=True)
                elif not _REQUEST_START.match(bytes(self.buffer[:17])):
                    self._error(400, "garbage", f"not an HTTP request: {bytes(self.buffer[:24])!r}", close=True)
                elif self.partial_since is None:
                    self.partial_since = now
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
            content_type = ""
            for line in lines[1:]:
                name, _, value = line.partition(":")
                key = name.strip().lower()
                if key == "content-length":
                    try:
                        length = int(value.strip())
                    except ValueError:
                        self._error(400, "bad_request", "bad Content-Length", close=True)
                        return
                elif key == "content-type":
                    content_type = value.strip()
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
                if self.partial_since is None:
                    self.partial_since = now
                return  # wait for the rest of the body
            body = bytes(self.buffer[end + 4:total])
            del self.buffer[:total]
            self.partial_since = None if not self.buffer else now
            self._handle(method, target, body, close, content_type)

    def _handle(self, method: str, target: str, body: bytes, close: bool, content_type: str) -> None:
        listener = self.listener
        if method not in ("GET", "POST"):
            self._error(405, "bad_request", f"method {method}", close)
            return
        now = listener.clock()
        try:
            reports = parse_request_all(method, target, body, now, content_type)
        except Rejected as exc:
            self._error(400, exc.reason, f"{exc.detail} ({target[:120]})", close)
            return
        slot = [None, close]
        self.answers.append(slot)
        if close:
            self.closing = True
        sink = listener.sink
        done = listener._stored_callback(self, slot)
        last_reason = None
        accepted = 0
        for report in reports:
            reason = sink.submit(report, now)
            if reason is None:
                accepted += 1
            elif reason != "duplicate":
                last_reason = reason
        if last_reason is not None:
            slot[0] = self._status(400, close, f"{last_reason}: {sink.explain(last_reason)}")
            self._write_ready()
            return
        # Accepted reports and re-sends of stored ones (a duplicate: the client missed
        # our answer; 200, or Traccar Client would retry it forever) alike: answer
        # after the next commit, which holds everything queued before it.
        sink.when_stored(done)

    def stored(self, slot: list) -> None:
        """The reports of ``slot``'s request are in the store: answer (loop thread)."""
        slot[0] = _OK_CLOSE if slot[1] else _OK
        self._write_ready()

    def _write_ready(self) -> None:
        while self.answers and self.answers[0][0] is not None and self.transport is not None:
            data, close = self.answers.popleft()
            self.transport.write(data)
            if close:
                self.transport.close()
                self.transport = None
                self.answers.clear()
        if not self.answers:
            self.last_active = time.monotonic()

    def _error(self, status: int, reason: str, detail: str, close: bool) -> None:
        self.listener.sink.reject(reason, detail)
        self.answers.append([self._status(status, close, f"{reason}: {detail}"), close])
        if close:
            self.closing = True
            self.buffer.clear()
        self._write_ready()

    @staticmethod
    def _status(status: int, close: bool, text: str = "") -> bytes:
        body = text.encode("utf-8", "replace")[:1000]
        head = b"HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n" % (
            status, _STATUS_TEXT.get(status, b"Error"), len(body))
        return head + (b"Connection: close\r\n\r\n" if close else b"\r\n") + body

    def drop(self, status: int | None = None, text: str = "") -> None:
        """Close the connection (after a final answer when ``status`` is given)."""
        if self.transport is None:
            return
        if status is not None:
            self.transport.write(self._status(status, True, text))
            self.transport.close()
        else:
            self.transport.abort()
        self.transport = None

    def connection_lost(self, exc) -> None:  # noqa: D102
        self.transport = None
        self.answers.clear()
        self.listener._connections.discard(self)


def default_max_connections() -> int:
    """Open connections allowed: the open-file limit less a reserve for the store and the program."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return 1000
    if soft == resource.RLIM_INFINITY:
        return 10_000
    return max(16, min(10_000, soft - 96))


class OsmAndListener:
    """An OsmAnd/Traccar HTTP listener on its own thread, handing reports to a sink.

    Parameters
    ----------
    sink
        Where accepted reports go; it must be started (its writer thread
        acknowledges the reports once stored).
    host, port
        Where to listen; loopback by default (port 0 picks a free one, see :attr:`port`).
    idle_timeout_s
        A connection silent this long with nothing pending is closed.
    header_timeout_s
        A request started and not finished within this is answered 400 and closed.
    max_connections
        Open connections allowed (default: below the open-file limit); the
        oldest idle are dropped to make room for new ones.
    clock
        The receive time stamped on each request (default the wall clock).
    """

    def __init__(self, sink: ReportSink, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *,
                 idle_timeout_s: float = IDLE_TIMEOUT_S, header_timeout_s: float = HEADER_TIMEOUT_S,
                 max_connections: int | None = None, clock=time.time) -> None:
        self.sink = sink
        #: The receive time of a request (unix seconds); a drill passes its simulated clock.
        self.clock = clock
        self.host = host
        self.port = port
        self.idle_timeout_s = idle_timeout_s
        self.header_timeout_s = header_timeout_s
        self.max_connections = max_connections or default_max_connections()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._connections: set[_HttpProtocol] = set()
        self._done_lock = threading.Lock()
        self._done: list[tuple[_HttpProtocol, list]] = []
        self._done_scheduled = False
        self._trouble_logged: dict[str, float] = {}
        self._last_fd_drop = 0.0
        self._trouble_count: dict[str, int] = {}
        self.counters = {"dropped_idle": 0, "timed_out": 0, "dropped_for_room": 0, "fd_exhausted": 0}

    # -- acknowledgements (the sink's writer thread → the loop) ----------------------------------
    def _stored_callback(self, protocol: _HttpProtocol, slot: list):
        def done() -> None:
            with self._done_lock:
                self._done.append((protocol, slot))
                schedule = not self._done_scheduled
                self._done_scheduled = True
            if schedule and self._loop is not None:
                try:
                    self._loop.call_soon_threadsafe(self._answer_stored)
                except RuntimeError:  # the loop has closed: the listener stopped
                    pass
        return done

    def _answer_stored(self) -> None:
        with self._done_lock:
            done, self._done = self._done, []
            self._done_scheduled = False
        for protocol, slot in done:
            protocol.stored(slot)

    # -- guarding the connections ---------------------------------------------------------------
    def _trouble(self, kind: str, message: str) -> None:
        """Log one line per kind of trouble per minute, with the count left out."""
        now = time.monotonic()
        self._trouble_count[kind] = self._trouble_count.get(kind, 0) + 1
        if now - self._trouble_logged.get(kind, -1e18) >= LOG_EVERY_S:
            count = self._trouble_count.pop(kind)
            self._trouble_logged[kind] = now
            log.warning("OsmAnd listener: %s%s", message, f" ({count} times in the last minute)" if count > 1 else "")

    def _opened(self, protocol: _HttpProtocol) -> None:
        self._connections.add(protocol)
        if len(self._connections) > self.max_connections:
            dropped = self._drop_oldest_idle(len(self._connections) - self.max_connections, keep=protocol)
            self.counters["dropped_for_room"] += dropped
            self._trouble("cap", f"{len(self._connections) + dropped} connections open (limit "
                                 f"{self.max_connections}); dropped the {dropped} oldest idle")
            if len(self._connections) > self.max_connections:
                protocol.drop(503, "too many connections")

    def _drop_oldest_idle(self, n: int, keep: _HttpProtocol | None = None) -> int:
        idle = sorted((p for p in self._connections if p is not keep and p.idle), key=lambda p: p.last_active)
        for p in idle[:n]:
            p.drop()
            self._connections.discard(p)
        return min(n, len(idle))

    def _sweep(self) -> None:
        """Close idle and stalled connections (every second, on the loop)."""
        now = time.monotonic()
        for p in list(self._connections):
            if p.transport is None:
                self._connections.discard(p)
            elif p.partial_since is not None and p.buffer and now - p.partial_since > self.header_timeout_s:
                self.counters["timed_out"] += 1
                self._trouble("timeout", f"a request not finished within {self.header_timeout_s:.0f} s; answered 400")
                p.drop(400, f"request not finished within {self.header_timeout_s:.0f} s")
                self._connections.discard(p)
            elif p.idle and now - p.last_active > self.idle_timeout_s:
                self.counters["dropped_idle"] += 1
                p.drop()
                self._connections.discard(p)
        if self._loop is not None and self._loop.is_running():
            self._loop.call_later(1.0, self._sweep)

    def _exception_handler(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
            # Mostly a burst of accepts not yet set up (the cap trims them as they are); asyncio
            # retries accept() in a second. In case the rest of the program holds more descriptors
            # than the cap allows for, free a few idle ones, at most once a second.
            self.counters["fd_exhausted"] += 1
            now = time.monotonic()
            if now - self._last_fd_drop >= 1.0:
                self._last_fd_drop = now
                self.counters["dropped_for_room"] += self._drop_oldest_idle(8)
            self._trouble("fd", f"out of file descriptors ({exc.strerror}) with {len(self._connections)} "
                                f"connections open (limit {self.max_connections}); dropping the oldest idle")
            return
        message = context.get("message", "error")
        kind = type(exc).__name__ if exc is not None else message
        self._trouble(kind, f"{message}: {exc!r}" if exc is not None else message)

    # -- life cycle -------------------------------------------------------------------------------
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
        loop.set_exception_handler(self._exception_handler)
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
        loop.call_later(1.0, self._sweep)
        try:
            loop.run_forever()
        finally:
            self._server.close()
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

    def open_connections(self) -> int:
        """How many connections are open now."""
        return len(self._connections)

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
