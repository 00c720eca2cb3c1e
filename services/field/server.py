"""The field listener: the phone page (``GET /field``) and its HTTP API.

A small threaded HTTP server (one thread per request, off the GUI thread, one
store session per request) that serves the mobile page from
``resources/field/`` and takes what phones send:

``GET  /api/me?token=T``
    who the token belongs to, and (for a reporting unit) today's zero-report slots.
``POST /api/hazards``
    multipart form: token, category, note, lat, lon, accuracy, client_id,
    reported_at (optional, ISO 8601 or unix ms), photo (0–3 files).
``POST /api/zero-reports``
    form: token, slot, status (``safe`` | ``incident``), note, client_id.
``GET  /api/map-snippet?token=T&lat=&lon=&radius=``
    the street lines around a point, for the page's pin map.
``GET  /api/leak-points?token=T&lat=&lon=&limit=``
    the leak-survey points due today, nearest first.
``POST /api/leak-readings``
    form: token, point, noise_db, verdict, note, client_id, taken_at, lat, lon.

Answers are JSON. 201: stored (committed before the answer), 200: a repeat of
the same ``client_id`` (stored once), otherwise 4xx ``{"code", "message"}``:
400 malformed, 401 bad token, 404, 405, 411 no length, 413 too large, 415 not
an image, 422 refused by the store's rules, 429 rate limited (``Retry-After``),
503 busy. No request, however broken, stops the
listener: every handler's failure becomes an answer or a closed connection.

Safety: loopback unless an address is given; a token bucket per token and one
per client address (stricter for wrong tokens, so tokens cannot be guessed);
bodies larger than the cap are refused from their Content-Length without being
read; photos are checked by content and re-encoded without metadata
(:mod:`gis.io.photos`); the page shows user text with ``textContent`` only and
the answers carry ``nosniff`` and a strict Content-Security-Policy.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import math
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from gis.io.photos import MAX_PHOTO_BYTES, HEIC_SUPPORTED, PhotoRefused, check_photo
from models.clock import event_timezone
from models.field import HAZARD_CATEGORIES, Hazard
from models.paths import RESOURCES
from models.store import Store
from services.field import leak_adapter
from services.field.map_snippet import StreetIndex
from services.field.hazards import MAX_PHOTOS, FieldRefusal, HazardReport, record_hazard
from services.field.tokens import Holder, resolve_token, token_hash
from services.field.zero_reports import record_from_phone, slots_for_unit

log = logging.getLogger(__name__)

DEFAULT_PORT = 8088
#: One request's body at most (three photos at the cap plus the fields).
MAX_REQUEST_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024
#: A request without photos (zero report, reading) at most.
MAX_FORM_BYTES = 64 * 1024
#: Seconds a connection may stay silent (slow senders are cut off).
SOCKET_TIMEOUT_S = 30.0
#: Requests handled at once; more wait for nobody and get 503.
MAX_IN_FLIGHT = 32
#: A too-large body up to this size is read and dropped before the 413 (larger: the connection closes).
DRAIN_LIMIT = 64 * 1024 * 1024
PAGE_FOLDER = RESOURCES / "field"
STATIC = {"field.js": "text/javascript; charset=utf-8", "field.css": "text/css; charset=utf-8",
          "icon.svg": "image/svg+xml"}
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class ApiError(Exception):
    """An answer other than success: HTTP status, stable code, English message."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


@dataclass
class RateLimits:
    """Token buckets: ``burst`` requests at once, then one every ``1/rate`` seconds."""

    #: Per token: accepted requests.
    token_burst: float = 30.0
    token_rate: float = 0.5
    #: Per client address: all requests.
    address_burst: float = 120.0
    address_rate: float = 4.0
    #: Per client address: requests with a wrong token (guessing).
    bad_token_burst: float = 10.0
    bad_token_rate: float = 0.05


class TokenBuckets:
    """Thread-safe token buckets keyed by a string."""

    def __init__(self, burst: float, rate: float, clock=time.monotonic, max_keys: int = 10_000):
        self.burst, self.rate, self.clock, self.max_keys = burst, rate, clock, max_keys
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str) -> float:
        """Take one; 0.0 when allowed, else the seconds until one is there."""
        now = self.clock()
        with self._lock:
            level, at = self._buckets.get(key, (self.burst, now))
            level = min(self.burst, level + (now - at) * self.rate)
            if level >= 1.0:
                self._buckets[key] = (level - 1.0, now)
                return 0.0
            self._buckets[key] = (level, now)
            if len(self._buckets) > self.max_keys:  # forget the fullest (idle) buckets
                for k in [k for k, (lv, _t) in self._buckets.items() if lv >= self.burst - 1][: self.max_keys // 2]:
                    del self._buckets[k]
            return (1.0 - level) / self.rate if self.rate > 0 else 3600.0

    def peek(self, key: str) -> bool:
        """Whether one could be taken now (without taking it)."""
        now = self.clock()
        with self._lock:
            level, at = self._buckets.get(key, (self.burst, now))
            return min(self.burst, level + (now - at) * self.rate) >= 1.0


# -- request body parsing ----------------------------------------------------------------------------
@dataclass
class UploadedFile:
    field: str
    filename: str
    content_type: str
    data: bytes


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    parts = value.split(";")
    params = {}
    for part in parts[1:]:
        key, sep, val = part.strip().partition("=")
        if sep:
            val = val.strip()
            if len(val) >= 2 and val[0] == val[-1] == '"':
                val = val[1:-1].replace('\\"', '"')
            params[key.strip().lower()] = val
    return parts[0].strip().lower(), params


def parse_multipart(body: bytes, boundary: str) -> tuple[dict[str, str], list[UploadedFile]]:
    """Fields and files of a ``multipart/form-data`` body.

    Raises
    ------
    ApiError
        400 when the body is not well-formed multipart.
    """
    if not boundary or len(boundary) > 200:
        raise ApiError(400, "bad_request", "multipart body without a boundary")
    delim = b"--" + boundary.encode("latin-1")
    chunks = body.split(delim)
    if len(chunks) < 3:
        raise ApiError(400, "bad_request", "the multipart body has no parts")
    fields: dict[str, str] = {}
    files: list[UploadedFile] = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        head, sep, data = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise ApiError(400, "bad_request", "a multipart part has no header end")
        if data.endswith(b"\r\n"):
            data = data[:-2]
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, colon, value = line.partition(":")
            if colon:
                headers[key.strip().lower()] = value.strip()
        _disp, params = _header_params(headers.get("content-disposition", ""))
        name = params.get("name")
        if not name:
            raise ApiError(400, "bad_request", "a multipart part has no name")
        if "filename" in params:
            files.append(UploadedFile(name, params["filename"], headers.get("content-type", ""), data))
        else:
            try:
                fields[name] = data.decode("utf-8")
            except UnicodeDecodeError:
                raise ApiError(400, "bad_request", f"field {name!r} is not UTF-8 text") from None
    return fields, files


def _number(fields: dict[str, str], name: str) -> float | None:
    value = (fields.get(name) or "").strip()
    if not value:
        return None
    try:
        x = float(value)
    except ValueError:
        raise ApiError(422, "bad_field", f"{name}={value[:40]!r} is not a number") from None
    if not math.isfinite(x):
        raise ApiError(422, "bad_field", f"{name}={value[:40]!r} is not a number")
    return x


def _instant(fields: dict[str, str], name: str) -> dt.datetime | None:
    value = (fields.get(name) or "").strip()
    if not value:
        return None
    try:
        x = float(value)
    except ValueError:
        pass
    else:
        if not math.isfinite(x) or x < 0:
            raise ApiError(422, "bad_time", f"{name}={value[:40]!r} is not a time")
        try:
            return dt.datetime.fromtimestamp(x / 1000.0 if x > 1e11 else x, dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise ApiError(422, "bad_time", f"{name}={value[:40]!r} is not a time") from None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(422, "bad_time", f"{name}={value[:40]!r} is not an ISO 8601 time") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def _zone_name(zone: dt.tzinfo) -> str:
    return getattr(zone, "key", None) or "UTC"


def _position(fields: dict[str, str]) -> tuple[float | None, float | None]:
    lon, lat = _number(fields, "lon"), _number(fields, "lat")
    if (lon is None) != (lat is None):
        raise ApiError(422, "bad_position", "lon and lat come together")
    return lon, lat


# -- the server --------------------------------------------------------------------------------------
class FieldServer:
    """The field page and API on ``host:port`` (port 0: any free port), in its own threads.

    Parameters
    ----------
    store
        The store; every request opens its own session.
    host, port
        Where to listen; ``127.0.0.1`` unless phones on the network should reach it.
    clock
        Returns the current instant (aware UTC); tests move it.
    limits
        Rate limits (:class:`RateLimits`).
    """

    def __init__(self, store: Store, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *,
                 clock=None, limits: RateLimits | None = None, max_request_bytes: int = MAX_REQUEST_BYTES,
                 max_photo_bytes: int = MAX_PHOTO_BYTES) -> None:
        self.store = store
        self.host = host
        self.requested_port = port
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.limits = limits or RateLimits()
        self.max_request_bytes = max_request_bytes
        self.max_photo_bytes = max_photo_bytes
        self.token_buckets = TokenBuckets(self.limits.token_burst, self.limits.token_rate)
        self.address_buckets = TokenBuckets(self.limits.address_burst, self.limits.address_rate)
        self.bad_token_buckets = TokenBuckets(self.limits.bad_token_burst, self.limits.bad_token_rate)
        self.in_flight = threading.BoundedSemaphore(MAX_IN_FLIGHT)
        self.stats: dict[str, int] = {}
        self._stats_lock = threading.Lock()
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        self.streets = StreetIndex(store)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1] if self.httpd is not None else self.requested_port

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/field"

    def count(self, key: str) -> None:
        with self._stats_lock:
            self.stats[key] = self.stats.get(key, 0) + 1

    def start(self) -> FieldServer:
        """Bind and serve in a background thread; raises OSError when the address is taken."""
        server = self

        class Handler(_Handler):
            field_server = server

        httpd_class = _Listener
        if ":" in self.host:
            class V6(_Listener):
                address_family = socket.AF_INET6

            httpd_class = V6
        self.httpd = httpd_class((self.host, self.requested_port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                       name=f"field-http:{self.port}", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop listening (requests being answered finish on their threads)."""
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd.close_connections()
            self.httpd = None
        if self.thread is not None:
            self.thread.join(5.0)
            self.thread = None

    # -- use cases behind the routes ---------------------------------------------------------------
    def holder(self, token: str | None, address: str, spend: bool = True) -> Holder:
        """The token's holder, or 401/429 (wrong tokens are rate limited per address).

        ``spend``: count the request against the token's bucket (reports do; the page's
        reads — who am I, the map, the survey points — are held by the address's bucket only)."""
        if not self.bad_token_buckets.peek(address):
            raise ApiError(429, "rate_limited", "too many wrong tokens from this address; wait",
                           {"Retry-After": str(int(1 / max(self.limits.bad_token_rate, 1e-3)))})
        token = (token or "").strip()
        holder = self.store.run(lambda s: resolve_token(s, token)) if token else None
        if holder is None:
            self.bad_token_buckets.take(address)
            raise ApiError(401, "bad_token", "this phone's token is not valid (ask the desk for a new QR code)")
        wait = self.token_buckets.take(token_hash(token)) if spend else 0.0
        if wait:
            raise ApiError(429, "rate_limited", f"too many requests from this phone; try again in {math.ceil(wait)} s",
                           {"Retry-After": str(math.ceil(wait))})
        return holder

    @staticmethod
    def _tz(session) -> str:
        """The event's time zone name (the zero-report use cases take a name)."""
        return _zone_name(event_timezone(session))

    def me(self, holder: Holder) -> dict:
        now = self.clock()

        def read(session):
            zone = event_timezone(session)
            day = now.astimezone(zone).date()
            slots = (slots_for_unit(session, holder, day=day, now=now, tz=_zone_name(zone))
                     if holder.kind == "unit" else [])
            return {"name": holder.label, "kind": holder.kind, "team": holder.team_code, "day": day.isoformat(),
                    "slots": [{"slot": s.slot, "state": s.state} for s in slots],
                    "categories": list(HAZARD_CATEGORIES), "max_photos": MAX_PHOTOS,
                    "heic": HEIC_SUPPORTED, "leak_survey": True}
        return self.store.run(read)

    def hazard(self, holder: Holder, fields: dict[str, str], files: list[UploadedFile]) -> tuple[int, dict]:
        client_id = (fields.get("client_id") or "").strip()
        photo_files = [f for f in files if f.field == "photo"]
        if len(photo_files) > MAX_PHOTOS:
            raise ApiError(422, "too_many_photos", f"{len(photo_files)} photos, at most {MAX_PHOTOS}")

        def known(session):
            row = session.scalars(select(Hazard).where(Hazard.client_id == client_id)).first() if client_id else None
            if row is None:
                return None
            if row.token_id != holder.token_id:
                raise FieldRefusal("client_id_taken", "that client_id belongs to another phone's report")
            return _hazard_json(row, "repeat")

        repeat = self.store.run(known)
        if repeat is not None:  # answered before the photos are looked at: a resend costs nothing
            return 200, repeat
        photos = []
        for n, upload in enumerate(photo_files, start=1):
            if not upload.data and not upload.filename:
                continue  # an empty file input
            try:
                checked = check_photo(upload.data, max_bytes=self.max_photo_bytes)
            except PhotoRefused as exc:
                status = 413 if exc.code in ("too_large", "too_many_pixels") else 415
                raise ApiError(status, exc.code, f"photo {n} ({upload.filename[:60]}): {exc.detail}") from None
            photos.append(checked)
        lon, lat = _position(fields)
        report = HazardReport(client_id=client_id, category=(fields.get("category") or "").strip(),
                              note=fields.get("note") or "", lon=lon, lat=lat,
                              accuracy_m=_number(fields, "accuracy"), reported_at=_instant(fields, "reported_at"),
                              photos=photos)
        if report.lon is None:  # no position from the phone: the camera's, when a photo carries one
            exif = next(((p.exif_lon, p.exif_lat) for p in photos if p.exif_lon is not None), None)
            if exif is not None:
                report.lon, report.lat = exif
        now = self.clock()

        def store(session):
            hazard, created = record_hazard(session, holder, report, now=now)
            session.commit()
            return (201 if created else 200), _hazard_json(hazard, "stored" if created else "repeat")

        return self._write(store)

    def zero_report(self, holder: Holder, fields: dict[str, str]) -> tuple[int, dict]:
        status = (fields.get("status") or "").strip()
        if status not in ("safe", "incident"):
            raise ApiError(422, "bad_status", f"status={status[:20]!r}: safe or incident")
        now = self.clock()

        def store(session):
            report, created = record_from_phone(session, holder, slot=(fields.get("slot") or "").strip(),
                                                safe=status == "safe", note=(fields.get("note") or "").strip(),
                                                client_id=fields.get("client_id") or "", tz=self._tz(session),
                                                now=now)
            session.commit()
            return (201 if created else 200), {
                "status": "stored" if created else "repeat", "client_id": report.client_id,
                "day": report.day.isoformat(),
                "slot": report.slot, "safe": bool(report.safe)}

        return self._write(store)

    def leak_points(self, holder: Holder, query: dict[str, str]) -> dict:
        lon, lat = _position(query)
        limit = int(min(max(_number(query, "limit") or 20, 1), 100))
        now = self.clock()

        def read(session):
            day = now.astimezone(event_timezone(session)).date()
            near = (lon, lat) if lon is not None else None
            return {"day": day.isoformat(), "points": leak_adapter.due_points(session, day, near, limit)}
        return self.store.run(read)

    def leak_reading(self, holder: Holder, fields: dict[str, str]) -> tuple[int, dict]:
        lon, lat = _position(fields)
        now = self.clock()
        taken = _instant(fields, "taken_at") or now
        if len(fields.get("note") or "") > 2000:
            raise ApiError(422, "note_too_long", "the note has more than 2000 characters")

        def store(session):
            status, payload = leak_adapter.record_reading(
                session, holder, point_code=(fields.get("point") or "").strip() or None, taken_at=taken,
                noise_db=_number(fields, "noise_db"), verdict=(fields.get("verdict") or "").strip() or None,
                note=(fields.get("note") or "").strip(), client_id=(fields.get("client_id") or "").strip(),
                at=(lon, lat) if lon is not None else None, now=now)
            if status >= 400:
                session.rollback()
                raise ApiError(status, payload.get("reason_code") or "refused", str(payload.get("reason") or ""))
            session.commit()
            return status, payload

        return self._write(store)

    def _write(self, fn) -> tuple[int, dict]:
        try:
            return self.store.run(fn)
        except IntegrityError:
            # Two sends of one client_id raced: the other one committed; answer as a repeat.
            return self.store.run(fn)
        except OperationalError as exc:
            log.warning("field report not stored: %s", exc)
            raise ApiError(503, "busy", "the store is busy; the phone will send again") from None


@functools.lru_cache(maxsize=None)
def _page_file(name: str) -> bytes | None:
    """A file of the page (one of a fixed few), read once per process; None when it is missing."""
    try:
        return (PAGE_FOLDER / name).read_bytes()
    except OSError:
        return None


class _Listener(ThreadingHTTPServer):
    """A threaded HTTP server that can also close its kept-alive connections when stopped."""

    daemon_threads = True

    def __init__(self, *args, **kw):
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(*args, **kw)

    def process_request(self, request, client_address):
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._open_lock:
            sockets, self._open = list(self._open), set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _hazard_json(hazard: Hazard, status: str) -> dict:
    return {"status": status, "code": hazard.code, "client_id": hazard.client_id, "category": hazard.category,
            "reported_at": hazard.reported_at.isoformat() if hazard.reported_at else None,
            "lon": hazard.lon, "lat": hazard.lat, "photos": len(hazard.photos)}


class _Handler(BaseHTTPRequestHandler):
    field_server: FieldServer
    server_version = "WaterGuard-field"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_S

    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        log.debug("field %s - %s", self.address_string(), format % args)

    # -- answers ----------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None,
              close: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: dict, headers: dict | None = None, close: bool = False) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", headers, close)

    def _error(self, exc: ApiError, close: bool = False) -> None:
        self.field_server.count(f"http.{exc.status}")
        self._json(exc.status, {"code": exc.code, "message": exc.message}, exc.headers, close)

    def send_error(self, code, message=None, explain=None):  # http.server's own refusals, as JSON
        try:
            self.close_connection = True
            self._json(code, {"code": "bad_request" if code < 500 else "error", "message": message or ""},
                       close=True)
        except OSError:
            pass

    # -- dispatch ---------------------------------------------------------------------------------
    def do_GET(self):  # noqa: N802 - http.server's naming
        self._dispatch("GET")

    def do_HEAD(self):  # noqa: N802
        self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        self._dispatch("POST")

    def do_PUT(self):  # noqa: N802
        self._dispatch("PUT")

    def do_DELETE(self):  # noqa: N802
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        srv = self.field_server
        address = self.client_address[0] if self.client_address else "?"
        if not srv.in_flight.acquire(blocking=False):
            self._error(ApiError(503, "busy", "too many requests at once; try again"), close=True)
            return
        try:
            wait = srv.address_buckets.take(address)
            if wait:
                raise ApiError(429, "rate_limited", "too many requests from this address",
                               {"Retry-After": str(math.ceil(wait))})
            self._route(method, address)
        except FieldRefusal as exc:  # the store's rules refused it: 422 with the rule's stable code
            self._error(ApiError(422, exc.code, exc.detail or str(exc)), close=self.close_connection)
        except ApiError as exc:
            self._error(exc, close=exc.status in (400, 411, 413) or self.close_connection)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:  # noqa: BLE001 - a bug answers 500 and the listener goes on
            log.exception("field request %s %s failed", method, self.path[:200])
            try:
                self._error(ApiError(500, "error", "the desk could not handle this request"), close=True)
            except OSError:
                self.close_connection = True
        finally:
            srv.in_flight.release()

    def _route(self, method: str, address: str) -> None:
        srv = self.field_server
        split = urlsplit(self.path)
        path = split.path.rstrip("/") or "/"
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        if path in ("/", "/field", "/field/index.html"):
            self._need(method, "GET")
            if path == "/":
                self._send(302, b"", "text/plain", {"Location": "/field"})
                return
            self._static("index.html", "text/html; charset=utf-8")
            return
        if path.startswith("/field/"):
            self._need(method, "GET")
            name = path[len("/field/"):]
            if name not in STATIC:
                raise ApiError(404, "not_found", "no such file")
            self._static(name, STATIC[name])
            return
        if path == "/api/me":
            self._need(method, "GET")
            holder = srv.holder(query.get("token") or self.headers.get("X-Field-Token"), address, spend=False)
            self._json(200, srv.me(holder))
            return
        if path == "/api/map-snippet":
            self._need(method, "GET")
            srv.holder(query.get("token") or self.headers.get("X-Field-Token"), address, spend=False)
            lon, lat = _position(query)
            self._json(200, srv.streets.snippet(lon, lat, _number(query, "radius") or 300.0))
            return
        if path == "/api/leak-points":
            self._need(method, "GET")
            holder = srv.holder(query.get("token") or self.headers.get("X-Field-Token"), address, spend=False)
            self._json(200, srv.leak_points(holder, query))
            return
        forms = {"/api/zero-reports": srv.zero_report, "/api/leak-readings": srv.leak_reading}
        if path == "/api/hazards" or path in forms:
            self._need(method, "POST")
            photos = path == "/api/hazards"
            fields, files = self._form(srv.max_request_bytes if photos else MAX_FORM_BYTES)
            if files and not photos:
                raise ApiError(400, "bad_request", "this route takes no files")
            holder = srv.holder(fields.get("token") or self.headers.get("X-Field-Token"), address)
            status, payload = srv.hazard(holder, fields, files) if photos else forms[path](holder, fields)
            srv.count(f"http.{status}")
            self._json(status, payload)
            return
        raise ApiError(404, "not_found", f"no route {path[:80]}")

    def _need(self, method: str, wanted: str) -> None:
        if method != wanted:
            raise ApiError(405, "method_not_allowed", f"{method} is not allowed here; use {wanted}",
                           {"Allow": wanted})

    def _static(self, name: str, content_type: str) -> None:
        body = _page_file(name)
        if body is None:
            raise ApiError(404, "not_found", f"{name} is missing from this installation")
        self._send(200, body, content_type, {"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-cache"})

    def _form(self, cap: int) -> tuple[dict[str, str], list[UploadedFile]]:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise ApiError(411, "length_required", "send a Content-Length (no chunked bodies)")
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            raise ApiError(411, "length_required", "send a Content-Length")
        try:
            length = int(raw_length)
        except ValueError:
            raise ApiError(400, "bad_request", "Content-Length is not a number") from None
        if length < 0:
            raise ApiError(400, "bad_request", "Content-Length is negative")
        if length > cap:
            if length <= DRAIN_LIMIT:  # read and drop it, so the sender sees the answer, not a reset
                left = length
                while left > 0:
                    chunk = self.rfile.read(min(left, 65536))
                    if not chunk:
                        break
                    left -= len(chunk)
            raise ApiError(413, "too_large", f"the request has {length} bytes, at most {cap}")
        body = self.rfile.read(length)
        if len(body) < length:
            raise ConnectionError("the body ended early")
        ctype, params = _header_params(self.headers.get("Content-Type") or "")
        if ctype == "multipart/form-data":
            return parse_multipart(body, params.get("boundary", ""))
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "bad_request", "the body is not UTF-8") from None
        if ctype == "application/json":
            try:
                data = json.loads(text or "{}")
            except ValueError:
                raise ApiError(400, "bad_request", "the body is not JSON") from None
            if not isinstance(data, dict):
                raise ApiError(400, "bad_request", "the JSON body is not an object")
            return {str(k): "" if v is None else str(v) for k, v in data.items()}, []
        if ctype in ("application/x-www-form-urlencoded", ""):
            return dict(parse_qsl(text, keep_blank_values=True)), []
        raise ApiError(415, "unsupported_body", f"{ctype[:60]} is not a form; send multipart/form-data")


def guess_base_url(port: int = DEFAULT_PORT) -> str:
    """``http://ADDRESS:PORT`` with this machine's address on its local network (no packet is sent),
    or 127.0.0.1 when it has none: what a phone on the same network types or scans."""
    address = "127.0.0.1"
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # UDP connect: only picks the outgoing interface
            address = probe.getsockname()[0]
    except OSError:
        pass
    return f"http://{address}:{port}"
