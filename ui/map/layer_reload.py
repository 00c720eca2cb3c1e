"""Another desk changed the store: the map layers drawn from the changed tables reload on a worker thread.

Reading a layer (and, for a city's pipes, preparing its map data) takes from
milliseconds to many seconds; the GUI thread only swaps the finished data in.
Until then the map keeps drawing the layer it has. Changes arriving while a
reload runs are gathered and reloaded once after it, only the layers of the
tables that changed.
"""

from __future__ import annotations

import logging
import queue
import threading

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


def read_layers(store, projector, names: list[str]) -> dict:
    """The fresh data of each layer of ``names`` (runs on the worker; waits for a city layer's preparation).

    A city-sized pipes layer comes from the map cache beside the store when its
    prepared data is still the store's (only its key is read), else it is
    prepared again (on that layer's own background thread, waited for here).
    """
    from services.map.data import layer_data

    with store.engine.connect() as conn:
        out = {name: layer_data(conn, name, projector, defer=True) for name in names}
    for name, data in out.items():
        wait = getattr(data, "wait", None)
        if wait is not None:
            wait(None)
    return out


class LayerReloader(QObject):
    """Reloads map layers off the GUI thread and swaps the results in on it.

    Signals
    -------
    reloaded(list)
        Names of the layers just swapped in (on the GUI thread).
    """

    reloaded = Signal(list)
    _done = Signal(object)

    def __init__(self, map_ui, store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.map_ui = map_ui
        self.store = store
        self._queue: queue.Queue = queue.Queue()
        self._pending: set[str] = set()
        self._busy = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._done.connect(self._swap)

    def request(self, names: list[str]) -> list[str]:
        """Reload ``names`` (returns at once; the layers are swapped in when read)."""
        names = [n for n in names if self.map_ui.layers.get(n) is not None]
        if not names:
            return []
        with self._lock:
            self._pending.update(names)
            if self._busy:
                return names  # read after the running reload, with anything else asked meanwhile
            self._busy = True
            batch, self._pending = sorted(self._pending), set()
        self._start(batch)
        return names

    def _start(self, batch: list[str]) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="map-layer-reload", daemon=True)
            self._thread.start()
        self._queue.put(batch)

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            try:
                result = read_layers(self.store, self.map_ui.projector, batch)
            except Exception:  # noqa: BLE001 (a failed read keeps the layer drawn as it was)
                log.exception("reloading map layers %s failed", batch)
                result = {}
            with self._lock:
                follow = sorted(self._pending)
                self._pending = set()
                if follow:
                    self._queue.put(follow)
                else:
                    self._busy = False
            try:
                self._done.emit(result)
            except RuntimeError:  # the desk closed meanwhile
                return

    def _swap(self, result: dict) -> None:
        names = []
        for name, data in result.items():
            layer = self.map_ui.layers.get(name)
            if layer is not None:
                layer.data = data
                names.append(name)
        if names:
            self.reloaded.emit(names)

    def idle(self) -> bool:
        """Whether no reload is running or waiting."""
        with self._lock:
            return not self._busy
