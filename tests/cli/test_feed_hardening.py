"""The feed as a real process under abuse: kill -9 under load, 1,100 idle connections, a closed pipe.

Each test runs ``python app.py feed`` (or ``isolate``) as a subprocess and
talks to it from other processes, as devices and shells would.
"""

from __future__ import annotations

import http.client
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from models.bulk import read_positions
from models.repair import Vehicle

ROOT = Path(__file__).resolve().parents[2]
RUN = [sys.executable, str(ROOT / "app.py")]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
LOADGEN = ROOT / "tests" / "gis" / "feeds" / "acked_load.py"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.communicate())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("feed did not start listening")


def _fleet(store, n: int, prefix: str = "dev") -> None:
    with store.session() as s:
        for i in range(n):
            s.add(Vehicle(code=f"V{i:04d}", name=f"V{i}", device_id=f"{prefix}{i:04d}"))
        s.commit()


def _count_lines(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(1 for _ in fh)
    except FileNotFoundError:
        return 0


def test_kill_9_under_load_loses_no_acknowledged_report(store, store_url, tmp_path):
    _fleet(store, 20)
    port = _free_port()
    feed = subprocess.Popen([*RUN, "--store", store_url, "--lang", "en", "feed", "--osmand-listen", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    acked_file = tmp_path / "acked.txt"
    load = None
    try:
        _wait_port(port, feed)
        load = subprocess.Popen([sys.executable, str(LOADGEN), "--port", str(port), "--out", str(acked_file),
                                 "--devices", "20", "--depth", "4", "--duration", "60"],
                                stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while _count_lines(acked_file) < 3000 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(feed.pid, signal.SIGKILL)  # mid-stream: reports are queued and commits under way
        feed.communicate(timeout=30)
        load.communicate(timeout=60)
    finally:
        for proc in (feed, load):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.communicate()
    acked = set()
    for line in acked_file.read_text().splitlines():
        device, t = line.split()
        acked.add((device, round(float(t), 2)))
    assert len(acked) >= 3000
    with store.engine.connect() as c:
        frame = read_positions(c)
    stored = {(d, round(t, 2)) for d, t in zip(frame["device"], frame["t"], strict=True)}
    lost = acked - stored
    assert not lost, f"{len(lost)} of {len(acked)} acknowledged reports lost, e.g. {sorted(lost)[:5]}"


def _lower_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))


def test_1100_idle_connections_do_not_stall_the_feed(store, store_url):
    _fleet(store, 1)
    port = _free_port()
    feed = subprocess.Popen([*RUN, "--store", store_url, "--lang", "en", "feed", "--osmand-listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, preexec_fn=_lower_nofile)
    idle: list[socket.socket] = []
    statuses = []
    try:
        _wait_port(port, feed)
        for i in range(1100):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            if i % 2:
                try:
                    s.send(b"GET /?id=dev0000&lat=47")  # half a request, never finished
                except OSError:
                    pass
            idle.append(s)
        time.sleep(1.0)
        t0 = int(time.time()) - 600
        for i in range(20):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            conn.request("GET", f"/?id=dev0000&timestamp={t0 + i}&lat=47.1&lon=9.5")
            resp = conn.getresponse()
            resp.read()
            statuses.append(resp.status)
            conn.close()
    finally:
        for s in idle:
            s.close()
        feed.send_signal(signal.SIGTERM)
        try:
            _, err = feed.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            feed.kill()
            _, err = feed.communicate()
    assert statuses == [200] * 20
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text
    # One line per kind of trouble per minute, not a line per connection.
    assert len(text.splitlines()) < 20, text[-2000:]
    with store.engine.connect() as c:
        assert len(read_positions(c)) == 20


def test_isolate_json_into_a_closed_pipe_prints_no_traceback(store_url, tmp_path, demo_template):
    from models.network import Pipe
    from tests.support.stores import open_copy

    store = open_copy(demo_template, store_url)  # what ``python app.py demo`` writes (tests/cli/test_demo_cmd.py)
    with store.engine.connect() as c:
        code = c.execute(Pipe.__table__.select().limit(1)).first().code
    store.dispose()
    shell = subprocess.run(
        f"{sys.executable} {ROOT / 'app.py'} --store {store_url} --lang en isolate --json {code} | head -c 10",
        shell=True, env=ENV, capture_output=True, text=True, timeout=300,
    )
    assert len(shell.stdout) == 10
    assert "Traceback" not in shell.stderr and "BrokenPipe" not in shell.stderr, shell.stderr


def test_bare_port_listens_on_loopback(store, store_url):
    port = _free_port()
    feed = subprocess.Popen([*RUN, "--store", store_url, "--lang", "en", "feed", "--osmand-listen", str(port),
                             "--duration", "30"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=True)
    try:
        _wait_port(port, feed)
    finally:
        feed.send_signal(signal.SIGTERM)
        _, err = feed.communicate(timeout=60)
    assert f"http://127.0.0.1:{port}/" in err
