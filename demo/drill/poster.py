"""Send a drill's reports over HTTP to an OsmAnd/Traccar listener, as the devices would.

:class:`Poster` keeps a few keep-alive connections to the listener and writes
each simulated second's reports as one burst of pipelined ``GET /?id=…``
requests per connection (the listener answers them in order, each once its
report has committed). A reader thread per connection counts the answers, so
the drill does not wait a commit per report; :meth:`Poster.drain` waits until
every request sent so far has been answered (the drill calls it before it looks
at which devices are lost, and at the end).
"""

from __future__ import annotations

import socket
import threading
import time

#: Requests in flight on one connection before the sender waits for answers.
MAX_IN_FLIGHT = 20_000


class PosterError(RuntimeError):
    """The listener closed a connection or could not be reached."""


class _Connection:
    def __init__(self, host: str, port: int, timeout_s: float) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout_s)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.settimeout(None)
        self.sent = 0
        self.answered = 0
        self.ok = 0
        self.rejected: list[str] = []
        self.error: str | None = None
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, name="drill-poster", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        buf = bytearray()
        try:
            while True:
                data = self.sock.recv(262_144)
                if not data:
                    if self.answered < self.sent:
                        self.error = "the listener closed the connection"
                    break
                buf += data
                ok = answered = 0
                rejected = []
                while True:
                    end = buf.find(b"\r\n\r\n")
                    if end < 0:
                        break
                    head = bytes(buf[:end]).decode("latin-1")
                    length = 0
                    for line in head.split("\r\n")[1:]:
                        name, _, value = line.partition(":")
                        if name.strip().lower() == "content-length":
                            length = int(value.strip())
                    if len(buf) < end + 4 + length:
                        break
                    status = head.split(" ", 2)[1]
                    if status == "200":
                        ok += 1
                    else:
                        rejected.append(f"{status} {bytes(buf[end + 4:end + 4 + length]).decode('utf-8', 'replace')}")
                    answered += 1
                    del buf[:end + 4 + length]
                if answered:
                    with self.cond:
                        self.answered += answered
                        self.ok += ok
                        self.rejected.extend(rejected[-20:])
                        del self.rejected[:-20]
                        self.cond.notify_all()
        except OSError as exc:
            self.error = f"connection to the listener failed: {exc}"
        with self.cond:
            if self.error is None and self.answered < self.sent:
                self.error = "the listener closed the connection"
            self.cond.notify_all()

    def send(self, payload: bytes, n: int) -> None:
        with self.cond:
            while self.sent - self.answered > MAX_IN_FLIGHT and self.error is None:
                self.cond.wait(1.0)
            if self.error is not None:
                raise PosterError(self.error)
            self.sent += n
        try:
            self.sock.sendall(payload)
        except OSError as exc:
            raise PosterError(f"sending to the listener failed: {exc}") from None

    def drain(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        with self.cond:
            while self.answered < self.sent and self.error is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PosterError(f"{self.sent - self.answered} reports not answered within {timeout_s:.0f} s")
                self.cond.wait(left)
            if self.error is not None:
                raise PosterError(self.error)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(5.0)


class Poster:
    """Pipelined OsmAnd ``GET`` requests over ``connections`` keep-alive connections.

    Parameters
    ----------
    host, port
        The listener.
    connections
        How many connections the devices' reports are spread over (by device).
    """

    def __init__(self, host: str, port: int, connections: int = 4, timeout_s: float = 10.0) -> None:
        self.host, self.port = host, port
        self._conns = [_Connection(host, port, timeout_s) for _ in range(max(1, connections))]
        self._pending: list[list[bytes]] = [[] for _ in self._conns]
        self._slot: dict[str, int] = {}
        self._head = f" HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode("ascii")

    def add(self, device: str, target: str) -> None:
        """Queue one request (``/?id=…``) for the next :meth:`send`."""
        slot = self._slot.get(device)
        if slot is None:
            slot = self._slot[device] = len(self._slot) % len(self._conns)
        self._pending[slot].append(b"GET " + target.encode("ascii") + self._head)

    def send(self) -> int:
        """Write the queued requests, one burst per connection; returns how many."""
        total = 0
        for conn, pending in zip(self._conns, self._pending):
            if pending:
                conn.send(b"".join(pending), len(pending))
                total += len(pending)
                pending.clear()
        return total

    def drain(self, timeout_s: float = 60.0) -> None:
        """Wait until every request sent has been answered (raises :class:`PosterError` if not)."""
        for conn in self._conns:
            conn.drain(timeout_s)

    @property
    def sent(self) -> int:
        """Requests written so far."""
        return sum(c.sent for c in self._conns)

    @property
    def ok(self) -> int:
        """Requests answered 200 (stored)."""
        return sum(c.ok for c in self._conns)

    @property
    def rejected(self) -> list[str]:
        """The last few non-200 answers (status and reason)."""
        return [r for c in self._conns for r in c.rejected]

    def close(self) -> None:
        """Close the connections."""
        for conn in self._conns:
            conn.close()
