"""Raster tile sources (XYZ, WMTS, MBTiles) with a disk cache, fetched off the GUI thread.

The render thread only ever asks :meth:`TileManager.get` for tiles already in
memory; a missing tile is queued for the fetch threads and drawn on a later
render, after :attr:`TileManager.tiles_arrived` fires. A slow or dead server
costs nothing but blank tiles: no thread that paints ever waits on a socket.
"""

from __future__ import annotations

import hashlib
import queue
import sqlite3
import threading
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage


@dataclass(frozen=True)
class TileSource:
    """Where tiles come from.

    ``template`` is an XYZ URL (``{z}/{x}/{y}``, optional ``{s}`` subdomain and
    ``{key}``), a WMTS KVP/REST URL (``{TileMatrix}``, ``{TileRow}``, ``{TileCol}``),
    or a path to an ``.mbtiles`` file. ``gcj02`` marks sources drawn in the GCJ-02
    datum (Chinese web maps), whose tiles the view shifts back onto WGS84.
    """

    name: str
    template: str
    gcj02: bool = False
    max_zoom: int = 19
    key: str = ""
    subdomains: str = "abc"
    attribution: str = ""
    tile_size: int = 256

    @property
    def is_mbtiles(self) -> bool:
        return self.template.lower().endswith(".mbtiles")

    def url(self, z: int, x: int, y: int) -> str:
        """The URL of tile ``z/x/y``."""
        s = self.subdomains[(x + y) % len(self.subdomains)] if self.subdomains else ""
        return (self.template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
                .replace("{TileMatrix}", str(z)).replace("{TileCol}", str(x)).replace("{TileRow}", str(y))
                .replace("{s}", s).replace("{key}", self.key))


#: Ready-made sources. Tianditu needs a key (``tk``); it serves WGS84-datum tiles in
#: Web Mercator (``_w`` layers), so no GCJ-02 shift.
PRESET_SOURCES = {
    "osm": TileSource("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                      attribution="© OpenStreetMap contributors", subdomains=""),
    "tianditu_vec": TileSource(
        "Tianditu", "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={TileMatrix}&TILEROW={TileRow}"
        "&TILECOL={TileCol}&tk={key}", subdomains="01234567", max_zoom=18),
}


class TileManager(QObject):
    """Memory + disk cache in front of worker threads that fetch tiles.

    Parameters
    ----------
    source
        The tile source.
    cache_dir
        Disk cache folder (one per source); None disables it.
    timeout_s
        Per-request network timeout; a dead server only delays its own tiles.
    """

    tiles_arrived = Signal()
    #: A tile failed (url, reason); the map keeps going.
    tile_failed = Signal(str, str)

    def __init__(self, source: TileSource, cache_dir: str | Path | None = None, timeout_s: float = 5.0,
                 workers: int = 2, memory_tiles: int = 512, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.timeout_s = timeout_s
        self._memory: OrderedDict[tuple[int, int, int], QImage] = OrderedDict()
        self._memory_max = memory_tiles
        self._lock = threading.Lock()
        self._pending: set[tuple[int, int, int]] = set()
        self._failed: set[tuple[int, int, int]] = set()
        self._queue: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        # Workers never emit Qt signals: they post to this queue, and a GUI-thread
        # timer drains it in batches (one refresh for many tiles).
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._drain = QTimer(self, interval=100)
        self._drain.timeout.connect(self._drain_events)
        self._drain.start()
        self._threads = [threading.Thread(target=self._work, name=f"tiles-{i}", daemon=True) for i in range(workers)]
        for t in self._threads:
            t.start()

    # -- render-thread side -------------------------------------------------------------
    def get(self, z: int, x: int, y: int) -> QImage | None:
        """The tile if it is in memory; otherwise queue it and return None (never blocks)."""
        key = (z, x, y)
        with self._lock:
            img = self._memory.get(key)
            if img is not None:
                self._memory.move_to_end(key)
                return img
            if key in self._pending or key in self._failed:
                return None
            self._pending.add(key)
        self._queue.put(key)
        return None

    def is_pending(self) -> bool:
        """Whether tiles are still on their way."""
        with self._lock:
            return bool(self._pending)

    def cache_path(self, z: int, x: int, y: int) -> Path | None:
        """Where tile ``z/x/y`` is (or would be) cached on disk."""
        if self.cache_dir is None:
            return None
        return self.cache_dir / str(z) / str(x) / f"{y}.png"

    # -- fetch threads ----------------------------------------------------------------
    def _work(self) -> None:
        mb: sqlite3.Connection | None = None
        while not self._stop.is_set():
            try:
                key = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            z, x, y = key
            data, error = None, ""
            try:
                if self.source.is_mbtiles:
                    if mb is None:  # one connection per thread (sqlite3 objects are per-thread)
                        mb = sqlite3.connect(f"file:{self.source.template}?mode=ro", uri=True)
                    row = mb.execute("SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? "
                                     "AND tile_row=?", (z, x, (1 << z) - 1 - y)).fetchone()
                    data = row[0] if row else None
                    error = "" if row else "not in the MBTiles file"
                else:
                    data = self._from_disk(z, x, y)
                    if data is None:
                        data = self._download(z, x, y)
                        self._to_disk(z, x, y, data)
            except Exception as exc:  # network errors of every kind: the tile stays blank
                error = str(exc) or type(exc).__name__
            img = QImage.fromData(data) if data else QImage()
            with self._lock:
                self._pending.discard(key)
                if img.isNull():
                    self._failed.add(key)
                else:
                    self._memory[key] = img
                    while len(self._memory) > self._memory_max:
                        self._memory.popitem(last=False)
            self._events.put((self.source.url(z, x, y), None if not img.isNull() else (error or "not an image")))

    def _drain_events(self) -> None:
        arrived = False
        while True:
            try:
                url, error = self._events.get_nowait()
            except queue.Empty:
                break
            if error is None:
                arrived = True
            else:
                self.tile_failed.emit(url, error)
        if arrived:
            self.tiles_arrived.emit()

    def _from_disk(self, z: int, x: int, y: int) -> bytes | None:
        path = self.cache_path(z, x, y)
        if path is not None and path.exists():
            return path.read_bytes()
        return None

    def _to_disk(self, z: int, x: int, y: int, data: bytes) -> None:
        path = self.cache_path(z, x, y)
        if path is None or not data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a crash never leaves half a tile in the cache

    def _download(self, z: int, x: int, y: int) -> bytes:
        req = urllib.request.Request(self.source.url(z, x, y), headers={"User-Agent": "WaterGuard/0.1"})
        with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
            return resp.read()

    def retry_failed(self) -> None:
        """Forget failures so the tiles are asked for again (e.g. the server is back)."""
        with self._lock:
            self._failed.clear()

    def close(self) -> None:
        """Stop the fetch threads (they finish the request in hand)."""
        self._stop.set()
        self._drain.stop()
        for t in self._threads:
            t.join(timeout=0.1)


def default_cache_dir(source: TileSource) -> Path:
    """Per-source cache folder under the user's cache directory."""
    from platformdirs import user_cache_dir

    digest = hashlib.sha1(source.template.encode()).hexdigest()[:12]
    return Path(user_cache_dir("WaterGuard")) / "tiles" / digest
