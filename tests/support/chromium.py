"""Headless Chromium driven over the DevTools protocol, with the network off.

Tests open a page in real Chromium (Debian's ``chromium``), run JavaScript in it
and read the answers. Networking is cut by routing everything through a dead
proxy and resolving no host names, so a page that needs a CDN fails visibly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OfflineChromium:
    """One headless Chromium process; ``evaluate`` runs JS in the loaded page."""

    def __init__(self, width: int = 1400, height: int = 900, allow_loopback: bool = False) -> None:
        if CHROMIUM is None:
            raise RuntimeError("chromium is not installed (apt-get install chromium)")
        self.port = _free_port()
        self.profile = tempfile.mkdtemp(prefix="wg-chromium-")
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={self.profile}", f"--remote-debugging-port={self.port}",
             "--proxy-server=127.0.0.1:9",
             # allow_loopback: a listener on this machine (127.0.0.1) stays reachable, nothing else.
             "--host-resolver-rules=MAP * ~NOTFOUND" + (", EXCLUDE 127.0.0.1" if allow_loopback else ""),
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self._ids = itertools.count(1)
        self.ws_url = self._page_ws_url()
        self.failed_requests: list[str] = []

    def _page_ws_url(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=2) as r:
                    pages = [p for p in json.load(r) if p.get("type") == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("chromium's DevTools endpoint did not come up")

    async def _session(self, steps):
        async with websockets.connect(self.ws_url, max_size=64 * 2**20) as ws:
            async def call(method, **params):
                msg_id = next(self._ids)
                await ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
                while True:
                    reply = json.loads(await ws.recv())
                    if reply.get("method") == "Network.loadingFailed":
                        self.failed_requests.append(reply["params"].get("errorText", ""))
                    if reply.get("id") == msg_id:
                        if "error" in reply:
                            raise RuntimeError(reply["error"])
                        return reply["result"]
            return await steps(call)

    def open(self, path: Path, ready: str = "true", timeout_s: float = 30.0) -> None:
        """Load a local file and wait until it has loaded and the JS expression ``ready`` is true.

        ``ready`` names what the page must have done (e.g. drawn its layers); the
        wait ends there instead of after a fixed pause. When it never becomes true
        the wait ends at ``timeout_s`` and the test's own assertions say what is missing.
        """
        self.open_url(path.resolve().as_uri(), ready, timeout_s)

    def open_url(self, url: str, ready: str = "true", timeout_s: float = 30.0) -> None:
        """Like :meth:`open`, for a URL (a listener on this machine: loopback is reachable)."""
        async def steps(call):
            await call("Network.enable")
            await call("Page.enable")
            await call("Page.navigate", url=url)
            deadline = time.monotonic() + timeout_s
            expression = f"document.readyState === 'complete' && !!({ready})"
            while time.monotonic() < deadline:
                state = await call("Runtime.evaluate", expression=expression, returnByValue=True)
                if state["result"].get("value") is True:
                    break
                await asyncio.sleep(0.1)
        asyncio.run(self._session(steps))

    def set_files(self, selector: str, paths) -> None:
        """Choose files in the page's ``<input type=file>`` (as a user picking them; fires ``change``)."""
        async def steps(call):
            doc = await call("DOM.getDocument")
            node = await call("DOM.querySelector", nodeId=doc["root"]["nodeId"], selector=selector)
            await call("DOM.setFileInputFiles", files=[str(Path(p).resolve()) for p in paths], nodeId=node["nodeId"])
        asyncio.run(self._session(steps))

    def evaluate(self, expression: str):
        """Evaluate JS in the page and return its JSON-able value."""
        async def steps(call):
            reply = await call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
            if "exceptionDetails" in reply:
                raise RuntimeError(reply["exceptionDetails"])
            return reply["result"].get("value")
        return asyncio.run(self._session(steps))

    def screenshot(self, out: Path) -> Path:
        """Save a PNG of the viewport."""
        import base64

        async def steps(call):
            return await call("Page.captureScreenshot", format="png")
        out.write_bytes(base64.b64decode(asyncio.run(self._session(steps))["data"]))
        return out

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
