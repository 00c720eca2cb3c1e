"""A raw NMEA 0183 stream over TCP (a GPS bridge, a receiver's network port).

:class:`TcpLineClient` is the reconnecting line reader both this client and
the gpsd client share: one thread per connection, a blocking socket with a
timeout so :meth:`TcpLineClient.stop` is honoured within a second, and a
capped line length so a peer sending binary junk cannot grow memory.
"""

from __future__ import annotations

import logging
import socket
import threading

from gis.feeds import Rejected, ReportSink
from gis.feeds.nmea import NmeaAssembler, parse_sentence

log = logging.getLogger(__name__)

MAX_LINE = 4096


class TcpLineClient:
    """Connect to ``host:port``, read lines, hand each to :meth:`handle_line`; reconnect on loss.

    Parameters
    ----------
    host, port
        The peer.
    sink
        Where reports (and rejections) go.
    hello
        Bytes to send right after connecting (a gpsd ``?WATCH`` command, say).
    reconnect
        Reconnect after the peer closes (a live feed) or stop (a replay).
    """

    protocol = "nmea"

    def __init__(self, host: str, port: int, sink: ReportSink, *, hello: bytes = b"", reconnect: bool = True) -> None:
        self.host = host
        self.port = port
        self.sink = sink
        self.hello = hello
        self.reconnect = reconnect
        self.lines = 0
        self.connections = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    def start(self) -> TcpLineClient:
        """Start reading on a background thread; returns self."""
        self._thread = threading.Thread(target=self._run, name=f"{self.protocol}-{self.host}:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop reading and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the reader to end (the peer closed and ``reconnect`` is off); True when it has."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        delay = 1.0
        while not self._stop.is_set():
            try:
                with socket.create_connection((self.host, self.port), timeout=5.0) as sock:
                    sock.settimeout(1.0)
                    self.connections += 1
                    delay = 1.0
                    self.on_connect(sock)
                    self._read(sock)
            except OSError as exc:
                log.warning("%s feed %s:%s: %s", self.protocol, self.host, self.port, exc)
            self.on_disconnect()
            if not self.reconnect:
                break
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, 30.0)

    def _read(self, sock: socket.socket) -> None:
        buffer = b""
        while not self._stop.is_set():
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            if len(buffer) > MAX_LINE:
                self.sink.reject("garbage", f"{self.host}:{self.port}: line longer than {MAX_LINE} bytes")
                buffer = b""
            for raw in lines:
                line = raw.strip()
                if line:
                    self.lines += 1
                    self._safe_handle(line)

    def _safe_handle(self, line: bytes) -> None:
        try:
            self.handle_line(line)
        except Rejected as exc:
            self.sink.reject(exc.reason, f"{self.host}:{self.port}: {exc.detail}")
        except Exception as exc:  # noqa: BLE001 — a bad line must never end the feed
            self.sink.reject("garbage", f"{self.host}:{self.port}: {exc!r}")

    def on_connect(self, sock: socket.socket) -> None:
        """Called once per connection; sends :attr:`hello`."""
        if self.hello:
            sock.sendall(self.hello)

    def on_disconnect(self) -> None:
        """Called when a connection ends."""

    def handle_line(self, line: bytes) -> None:  # pragma: no cover - abstract
        """Handle one non-empty line."""
        raise NotImplementedError


class RawNmeaTcpClient(TcpLineClient):
    """Read NMEA sentences from a TCP stream and store a fix per RMC.

    Parameters
    ----------
    device
        The device id for the fixes (raw NMEA carries none).
    """

    protocol = "nmea"

    def __init__(self, host: str, port: int, sink: ReportSink, device: str, **kwargs) -> None:
        super().__init__(host, port, sink, **kwargs)
        self.device = device
        self.assembler = NmeaAssembler(device, protocol="nmea")

    def handle_line(self, line: bytes) -> None:  # noqa: D102
        if line.startswith(b"{"):  # gpsd's JSON next to its NMEA (?WATCH nmea mode)
            return
        fix = self.assembler.feed(parse_sentence(line))
        if fix is not None:
            self.sink.submit(fix)

    def on_disconnect(self) -> None:
        """Store the fix still waiting for its GGA."""
        fix = self.assembler.flush()
        if fix is not None:
            self.sink.submit(fix)
