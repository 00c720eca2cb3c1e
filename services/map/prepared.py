"""A city-sized pipes layer: drawn at once from prepared data kept beside the store.

Reading 500,000 pipes, projecting them and tiling them took the desk 15 s
before its first map, and holding them as shapely geometries, an STRtree and
a frame of Python strings cost ~550 MB. Here the layer is a
:class:`DeferredFeatureData` over the map cache beside the store
(:mod:`gis.map_cache`, memory-mapped, keyed by the store's change markers for
``pipes``, the row count and newest id, the local CRS):

* warm (the key is the store's now): tiles, overviews, extent, outliers, the
  hit-test index, the vertices, ids, classes and attribute columns are all in
  the cache (:mod:`gis.map_lean`): nothing is read from the store, nothing
  loads in the background, and the layer costs a few MB of anonymous memory
  (the file pages a view or a click touches are shared with the file cache);
* a few pipes changed since the cache was written (change markers that name
  their rows): only those rows are read, merged with the cached arrays and the
  cache is rewritten, on a background thread;
* cold (no cache, or changes that do not name their rows): the layer is read
  a chunk at a time into flat arrays and built into the cache, never holding
  every geometry as a shapely object; a city's layer is built by a child
  process (:mod:`services.map.build_child`: the desk does not share its
  interpreter lock or its memory with the build) and the desk maps what it
  wrote; the map draws the pipes when it is ready;
* a layer whose attributes cannot be kept flat, or a store without a folder
  (a server), loads the plain :class:`FeatureData` in the background as before.

Anything that needs the features before they are ready waits for them;
drawing never waits.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, Engine, select

from gis.coords import Projector
from gis.map_cache import load_line_levels, save_line_levels
from gis.map_lean import (
    GridIndex,
    LeanAttrs,
    LeanLineData,
    LineStore,
    build_line_levels_flat,
    lean_columns,
)
from gis.map_prep import (
    OVERVIEW_TOLERANCES,
    RASTER_CELLS,
    RASTER_MAX_CELLS,
    TILE_M,
    FeatureData,
    build_line_levels,
    robust_bounds,
)
from services.process_memory import release_freed_memory
from services.store_sidecar import pipes_identity, sidecar_folder

log = logging.getLogger(__name__)

#: Pipes layers with at least this many rows load in the background and use the map cache.
DEFER_MIN_ROWS = 50_000
#: Bump when what the cache holds changes meaning.
PREP_VERSION = 4


def cache_folder(engine: Engine, layer: str) -> Path | None:
    """Where a layer's prepared map data lives: ``<store file>.mapcache/<layer>`` (None for server stores)."""
    return sidecar_folder(engine, ".mapcache", layer)


def pipe_class_widths() -> list[float]:
    """The pipe classes' pixel widths the rasters are drawn with (the default style's; the map draws a class
    restyled wider as lines over them)."""
    from gis.map_styles import DEFAULT_STYLES

    return [float(c.get("width", 1.0)) for c in DEFAULT_STYLES["pipes"]["classes"]]


def pipes_key(conn: Connection, projector: Projector) -> dict:
    """The identity of the pipes as the map draws them: change markers, rows, newest id, CRS, preparation."""
    return {"layer": "pipes", **pipes_identity(conn), "crs": projector.local_crs,
            "prep": PREP_VERSION, "tile": TILE_M, "tolerances": list(OVERVIEW_TOLERANCES),
            "rasters": [*RASTER_CELLS, RASTER_MAX_CELLS, *pipe_class_widths()]}


class DeferredFeatureData(FeatureData):
    """A :class:`FeatureData` whose features arrive from a background load.

    Parameters
    ----------
    load
        Returns the layer's full :class:`FeatureData` (runs on the worker thread).
    n_rows
        How many features the load will bring.
    n_classes, label_field
        As :class:`FeatureData`.
    cached
        ``(levels, extra, info)`` from :func:`gis.map_cache.load_line_levels`, or None.
    save
        Called on the worker with the built levels, their bounds and the outlier
        info when there was no cache (writes it).
    """

    def __init__(self, load: Callable[[], FeatureData], n_rows: int, n_classes: int = 1,
                 label_field: str | None = None, cached=None, save: Callable | None = None,
                 start: bool = True, reopen: Callable[[], FeatureData | None] | None = None,
                 fallback: Callable[[], FeatureData] | None = None) -> None:
        self._cache = {}
        self._lock = threading.Lock()
        self._loaded: FeatureData | None = None
        self._done = threading.Event()
        self._levels_done = threading.Event()
        self._error: BaseException | None = None
        self._callbacks: list[Callable[[], None]] = []
        self._notified = False
        self.n_classes = n_classes
        self.label_field = label_field
        self.n_rows = n_rows
        self.from_cache = cached is not None
        self._load = load
        self._reopen = reopen
        self._fallback = fallback
        if cached is not None:
            levels, extra, info = cached
            lean = open_lean(levels, extra, info, n_classes, label_field)
            if lean is not None:  # everything the map needs is in the cache: no load at all
                self._loaded = lean
                self._done.set()
            b = info.get("bounds")
            self._keep_prepared(levels, tuple(float(v) for v in b) if b else None,
                                np.asarray(extra.get("outliers", np.empty(0, np.int64)), dtype=np.int64),
                                [str(n) for n in info.get("outlier_names", [])])
            self._levels_done.set()
        self._save = save
        self._thread = threading.Thread(target=self._run, name="pipes-load", daemon=True)
        self._start_lock = threading.Lock()
        if start:
            self.start()

    def start(self) -> None:
        """Start the background load (once; anything that needs the features starts it too)."""
        with self._start_lock:
            if self._thread.ident is None and not self._done.is_set():
                self._thread.start()

    # -- the worker --------------------------------------------------------------------------
    def _keep_prepared(self, levels, bounds, outliers: np.ndarray, names: list[str]) -> None:
        """Keep the drawing data, extent and outliers (answered without waiting for the features)."""
        with self._lock:
            self._cache["lines"] = levels
            self._cache["bounds"] = bounds
            self._cache["outliers"] = outliers
            self._cache["outlier_names"] = names

    def _failed(self, exc: BaseException) -> None:
        from services.map.build_child import BuildCancelled

        if isinstance(exc, BuildCancelled):
            log.info("pipes layer build ended: %s", exc)
        else:
            log.exception("loading the pipes layer failed")
        self._error = exc
        self._done.set()
        self._levels_done.set()
        self._notify()

    def _run(self) -> None:
        try:
            data = self._load()
        except BaseException as exc:  # noqa: BLE001 (reported to whoever waits)
            self._failed(exc)
            return
        if data is None and self._fallback is not None:  # the flat build could not keep this layer: the plain one
            try:
                data = self._fallback()
            except BaseException as exc:  # noqa: BLE001
                self._failed(exc)
                return
        self._loaded = data
        self._done.set()
        if isinstance(data, LeanLineData) and not self._levels_done.is_set():
            release_freed_memory()  # the build's temporaries (hundreds of MB at 500k pipes) back to the system
            # Built flat and written to the cache: drawing data, extent, outliers and hit index are in it.
            self._keep_prepared(data.line_levels(), data.bounds(), data.outlier_rows(),
                                list(getattr(data, "outlier_names", [])))
            self._levels_done.set()
            self._notify()
            return
        try:
            if not self._levels_done.is_set():
                levels = build_line_levels(data.geoms, data.codes, self.n_classes)
                boxes = shapely.bounds(data.geoms) if len(data.geoms) else np.empty((0, 4))
                bounds, outlier = robust_bounds(boxes)
                rows = np.flatnonzero(outlier)
                names = outlier_names(data, rows)
                self._keep_prepared(levels, bounds, rows, names)
                self._levels_done.set()
                self._notify()
                saved = False
                if self._save is not None:
                    try:
                        self._save(levels, bounds, rows, names, data)
                        saved = True
                    except OSError as exc:
                        log.warning("map cache not written: %s", exc)
                del levels
                lean = self._reopen() if saved and self._reopen is not None else None
                if lean is not None:
                    # The flat arrays just written, memory-mapped, stand in for the
                    # shapely geometries and the frame read from the store.
                    with self._lock:
                        self._cache["lines"] = lean.line_levels()
                    self._loaded = data = lean
                    return
            data.tree()  # the hit-test index, before the first click
        except BaseException:  # noqa: BLE001
            log.exception("preparing the pipes layer failed")
            self._levels_done.set()

    def _notify(self) -> None:
        with self._start_lock:
            self._notified = True
            callbacks = list(self._callbacks)
        for fn in callbacks:
            try:
                fn()
            except Exception:  # noqa: BLE001
                log.exception("pipes-ready callback failed")

    # -- waiting -----------------------------------------------------------------------------
    def when_ready(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` (on the worker thread) when drawing data is built here, or the load fails.

        Not called when the data came from the cache (it was ready from the start);
        called at once when that has already happened.
        """
        with self._start_lock:
            self._callbacks.append(fn)
            late = self._notified
        if late:
            fn()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker is done: features loaded, drawing data ready (and cached), hit index built."""
        self.start()
        if self._thread.ident is None:
            return True  # opened from the cache: nothing to wait for
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def is_loaded(self) -> bool:
        return self._done.is_set() and self._loaded is not None

    def _data(self) -> FeatureData:
        self.start()
        self._done.wait()
        if self._loaded is None:
            raise RuntimeError(f"the pipes layer could not be loaded: {self._error}")
        return self._loaded

    # -- FeatureData ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._loaded.geoms) if self._loaded is not None else self.n_rows

    def levels_ready(self) -> bool:
        # After an edit cleared the prepared data, the loaded features build it like any layer's.
        return self._levels_done.is_set() and ("lines" in self._cache or self._loaded is not None)

    @property
    def error(self) -> str | None:
        """Why the background load failed (None while loading or when it worked)."""
        return None if self._error is None else str(self._error)

    def line_levels(self):
        if not self._levels_done.is_set():
            self.start()
        self._levels_done.wait()
        with self._lock:
            if "lines" in self._cache:
                return self._cache["lines"]
        # The build failed: build here (the caller is a render worker).
        return self._cached("lines", lambda: build_line_levels(self.geoms, self.codes, self.n_classes))

    def with_codes(self, codes: np.ndarray, n_classes: int) -> FeatureData:
        """The same features drawn in other classes (the patrol colours), sharing geometries and hit-test index."""
        data = self._data()
        if isinstance(data, LeanLineData):
            return data.with_codes(codes, n_classes)
        out = FeatureData(data.geoms, data.ids, data.attrs, codes, n_classes, data.label_field)
        out._cache["tree"] = data.tree()
        return out

    def bounds(self):
        if "bounds" in self._cache:
            return self._cache["bounds"]
        return self._data().bounds()

    def bounds_ready(self) -> bool:
        """Whether :meth:`bounds` answers without waiting for the load."""
        return "bounds" in self._cache

    def outlier_rows(self) -> np.ndarray:
        if "outliers" in self._cache:
            return self._cache["outliers"]
        return self._data().outlier_rows()

    def tree(self):
        return self._data().tree()

    def points(self):
        return self._data().points()

    def labels(self):
        return self._data().labels()

    def append(self, geom, fid: int, attrs: dict, code: int = 0) -> None:
        data = self._data()
        if isinstance(data, LeanLineData):
            data = self._loaded = data.to_feature_data()
        data.append(geom, fid, attrs, code)
        with self._lock:
            self._cache.clear()
        self._levels_done.set()

    def __repr__(self) -> str:
        return f"DeferredFeatureData(rows={self.n_rows}, loaded={self.is_loaded()}, cached={self.from_cache})"


def _field(name: str):
    def get(self):
        return getattr(self._data(), name)

    def put(self, value):
        setattr(self._data(), name, value)
        with self._lock:
            self._cache.clear()
    return property(get, put)


for _name in ("geoms", "ids", "attrs", "codes"):
    setattr(DeferredFeatureData, _name, _field(_name))


def deferred_pipes(conn: Connection, projector: Projector, make: Callable[[Connection], FeatureData],
                   n_classes: int, min_rows: int | None = None) -> DeferredFeatureData | None:
    """The pipes layer as a :class:`DeferredFeatureData`, or None when it is small (load it as usual).

    Parameters
    ----------
    conn
        An open connection (for the key; the load opens its own on the worker).
    projector
        Local CRS conversions.
    make
        ``make(conn)`` reads the layer's full :class:`FeatureData`.
    n_classes
        Style classes of the pipes.
    min_rows
        Smaller layers return None (default :data:`DEFER_MIN_ROWS`).
    """
    key = pipes_key(conn, projector)
    if key["rows"] < (DEFER_MIN_ROWS if min_rows is None else min_rows):
        return None
    engine = conn.engine
    folder = cache_folder(engine, "pipes")
    cached = load_line_levels(folder, key) if folder is not None else None
    if cached is not None and cached[2].get("lean") and open_lean(*cached, n_classes) is None:
        cached = None  # its flat arrays are damaged: build the cache again

    def load() -> FeatureData:
        with engine.connect() as c:
            data = make(c)
        data.attrs = compact_attrs(data.attrs)
        return data

    def save(levels, bounds, outliers, names, data: FeatureData | None = None) -> None:
        extra = {"outliers": np.asarray(outliers, dtype=np.int64)}
        info = {"bounds": list(bounds) if bounds else None, "outlier_names": names}
        if data is not None:
            lean = lean_arrays(data, bounds)
            if lean is not None:
                extra.update(lean[0])
                info["lean"] = lean[1]
        save_line_levels(folder, key, levels, extra, info)

    def reopen() -> FeatureData | None:
        again = load_line_levels(folder, key)
        return open_lean(*again, n_classes) if again is not None else None

    def flat() -> FeatureData | None:
        from services.map.build_child import BuildCancelled
        from services.map.build_child import can_start as can_start_child

        try:
            if BUILD_IN_CHILD and key["rows"] >= CHILD_MIN_ROWS and can_start_child():
                return prepare_lean_in_child(engine, "pipes", projector, folder, key, n_classes)
            return prepare_lean(engine, "pipes", projector, folder, key, n_classes)
        except BuildCancelled:  # the desk is exiting: no fallback load
            raise
        except OSError as exc:  # a full disk, a read-only folder: the plain layer, drawn without a cache
            log.warning("map cache not written: %s", exc)
            return None
        except Exception:  # noqa: BLE001 (anything else in the flat build: the plain layer still draws)
            log.exception("building the map cache failed; loading the layer as it is")
            return None

    # With prepared data the map needs nothing more to draw: with the lean arrays
    # nothing is loaded at all; else the desk starts the load once its first map is
    # up (or when anything needs the features). Without a cache the layer is built
    # flat, in bounded memory, straight into the cache (the plain load if it cannot be).
    if folder is not None and cached is None:
        return DeferredFeatureData(flat, key["rows"], n_classes, None, None, save, fallback=load)
    return DeferredFeatureData(load, key["rows"], n_classes, None, cached, save if folder is not None else None,
                               start=cached is None, reopen=reopen if folder is not None else None)


#: Build the map cache in a child process (:mod:`services.map.build_child`); off: on the layer's worker thread.
BUILD_IN_CHILD = os.environ.get("WG_MAP_BUILD_IN_PROCESS", "") != "1"
#: ... for layers of at least this many rows (a smaller build is over sooner than a process starts, ~0.6 s).
CHILD_MIN_ROWS = 50_000


def prepare_lean_in_child(engine: Engine, name: str, projector: Projector, folder: Path, key: dict, n_classes: int
                          ) -> LeanLineData | None:
    """:func:`prepare_lean` run in a child process (:func:`services.map.build_child.build_in_child`); the cache
    it wrote opened here, memory-mapped. None when the layer cannot be kept flat.

    Raises OSError (the cache could not be written) or
    :class:`services.map.build_child.ChildBuildError` (the child failed: its message).
    A child that cannot be started builds here instead.
    """
    from services.map.build_child import ChildBuildError, build_in_child

    url = engine.url.render_as_string(hide_password=False)
    try:
        written = build_in_child(url, name, projector.local_crs, folder, key, n_classes)
    except ChildBuildError as exc:
        if exc.details:
            log.error("map cache build process: %s", exc.details.rstrip())
        raise
    except OSError as exc:
        if getattr(exc, "filename", None) != sys.executable:
            raise
        log.warning("map cache build process not started (%s): building here", exc)
        return prepare_lean(engine, name, projector, folder, key, n_classes)
    if not written:
        return None
    again = load_line_levels(folder, key)
    if again is None:
        raise OSError(f"the map cache written to {folder} could not be read back")
    return open_lean(*again, n_classes)


#: An update re-reads at most this many changed pipes (more: the whole layer is read again).
UPDATE_MAX_ROWS = 20_000


def _updatable(engine: Engine, folder: Path, key: dict, n_classes: int):
    """``(lean layer, changed ids)`` when the cache in ``folder`` is an older state of these pipes, else None.

    Usable when everything but the change marker, row count and newest id is
    the same, and every change since its marker names its rows (a marker
    without rows means "the whole table").
    """
    from models.audit import StoreChange

    old = load_line_levels(folder, None)
    if old is None or not old[2].get("lean"):
        return None
    old_key = old[2]["key"]
    same = ("layer", "crs", "prep", "tile", "tolerances", "rasters")
    if any(old_key.get(k) != json.loads(json.dumps(key.get(k))) for k in same) or old_key.get("marker") is None \
            or key.get("marker") is None or old_key["marker"] > key["marker"]:
        return None
    changes = StoreChange.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(changes.c.row_id).where(
            changes.c.table_name == "pipes", changes.c.id > old_key["marker"],
            changes.c.id <= key["marker"]).limit(UPDATE_MAX_ROWS + 1)).scalars().all()
    if not rows or any(r is None for r in rows) or len(rows) > UPDATE_MAX_ROWS:
        return None
    lean = open_lean(*old, n_classes)
    if lean is None:
        return None
    return lean, np.unique(np.asarray(rows, dtype=np.int64))


def _attr_names(name: str) -> list[str]:
    """A store layer's attribute columns (all but the geometry), in table order."""
    from models.kinds import FEATURE_KINDS

    return [c.name for c in FEATURE_KINDS[name].table.columns if c.name != "geom"]


def _local_chunks(conn: Connection, name: str, names: list[str], projector: Projector, chunk_rows: int,
                  ids=None):
    """A layer's rows a chunk at a time (:func:`models.bulk.iter_features`): ``(attribute frame, local geometries)``.

    Rows without a geometry (missing or empty) are left out; the coordinates
    are projected to the local CRS in place.
    """
    from models.bulk import iter_features

    for frame, g in iter_features(conn, name, [n for n in names if n != "id"], ids=ids, chunk=chunk_rows):
        ok = ~(shapely.is_missing(g) | shapely.is_empty(g))
        if not ok.all():
            g, frame = g[ok], frame[ok]
        xy = shapely.get_coordinates(g)
        if len(xy):
            x, y = projector.to_local(xy[:, 0], xy[:, 1])
            g = shapely.set_coordinates(g, np.column_stack([x, y]))
        del xy
        yield frame, g
        del g, frame  # only one chunk of shapely objects alive at a time


def read_layer_flat(conn: Connection, name: str, projector: Projector, chunk_rows: int = 20_000,
                    ids=None) -> tuple[LineStore, pd.DataFrame]:
    """A line layer's vertices (:class:`gis.map_lean.LineStore`, local CRS) and attribute frame, a chunk at a time.

    Like :func:`read_layer_lean` (same rows, same coordinates), but no shapely
    geometry outlives its chunk.
    """
    names = _attr_names(name)
    parts: list[pd.DataFrame] = []
    stores: list[LineStore] = []
    for frame, g in _local_chunks(conn, name, names, projector, chunk_rows, ids):
        stores.append(LineStore.from_geoms(g))
        del g
        parts.append(frame)
    attrs = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({n: pd.Series(dtype=object) for n in names})
    del parts
    store = LineStore.concat(stores)
    del stores
    return store, compact_attrs(attrs)


def prepare_lean(engine: Engine, name: str, projector: Projector, folder: Path, key: dict, n_classes: int,
                 reopen: bool = True) -> LeanLineData | bool | None:
    """Build a line layer's map data flat (:func:`read_layer_flat`), write it to ``folder`` and open it from there.

    None when its attributes cannot be kept as flat arrays (the caller loads the
    plain layer). Raises OSError when the cache cannot be written. With
    ``reopen`` False (the build's own process, :mod:`services.map.build_child`)
    True once written, not opened.
    """
    from gis.map_prep import robust_bounds
    from gis.map_styles import feature_codes

    old = _updatable(engine, folder, key, n_classes)
    prev = None
    if old is not None:
        lean, changed = old
        prev = lean
        with engine.connect() as conn:
            fresh, fresh_attrs = read_layer_flat(conn, name, projector, ids=changed)
        keep = np.flatnonzero(~np.isin(np.asarray(lean.ids), changed))
        log.info("map cache %s: %d changed pipes re-read, %d kept", folder, len(changed), len(keep))
        attrs = pd.concat([lean.attrs.frame(keep), fresh_attrs], ignore_index=True)
        ids = attrs["id"].to_numpy(dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        store = LineStore.concat([lean.store.select(keep), fresh]).select(order)
        attrs = compact_attrs(attrs.iloc[order].reset_index(drop=True))
        del lean, fresh, fresh_attrs, keep, ids, order, old
    else:
        with engine.connect() as conn:
            store, attrs = read_layer_flat(conn, name, projector)
    cols = lean_columns(attrs)
    if cols is None:
        return None
    specs, arrays = cols
    ids = attrs["id"].to_numpy(dtype=np.int64)
    codes = np.asarray(feature_codes(name, attrs))
    if prev is not None and _same_drawing(prev, store, ids, codes):
        # Only attributes changed (no pipe moved, came, went or changed class): the drawing data,
        # extent and hit-test index are the cached ones.
        log.info("map cache %s: drawing data unchanged, kept", folder)
        bounds, rows = prev.bounds(), np.asarray(prev.outlier_rows(), dtype=np.int64)
        levels, grid = prev.line_levels(), prev.tree()
    else:
        bounds, outlier = robust_bounds(store.boxes) if len(store) else (None, np.zeros(0, bool))
        rows = np.flatnonzero(outlier)
        levels = build_line_levels_flat(store, codes, n_classes, outlier, spill=_Spill(folder),
                                        widths=pipe_class_widths())
        grid = GridIndex.build(store, bounds)
    names = _outlier_names(attrs, ids, rows)
    del attrs
    flat, lean_info = _lean_parts(store, grid, specs, arrays, ids, codes)
    extra = {"outliers": rows.astype(np.int64), **flat}
    info = {"bounds": list(bounds) if bounds else None, "outlier_names": names, "lean": lean_info}
    try:
        save_line_levels(folder, key, levels, extra, info)
    finally:
        del levels, grid, store, extra, flat, arrays, prev
        clean_dead_builds(folder)
    if not reopen:
        return True
    again = load_line_levels(folder, key)
    return open_lean(*again, n_classes) if again is not None else None


class _Spill:
    """Writes finished arrays of a build beside the cache and maps them back (:func:`gis.map_lean.build_line_levels_flat`).

    The cache write then links these files into place (:func:`gis.map_cache.save_line_levels`).
    """

    def __init__(self, folder: Path) -> None:
        self.dir = folder.parent / f".{folder.name}.spill.{os.getpid()}.{threading.get_ident()}"
        self.n = 0

    def __call__(self, arr: np.ndarray) -> np.ndarray:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            path = self.dir / f"{self.n}.npy"
            self.n += 1
            np.save(path, np.ascontiguousarray(arr))
            return np.load(path, mmap_mode="r")
        except OSError as exc:  # a full disk: keep it in memory (the cache write will say so)
            log.warning("map build kept in memory: %s", exc)
            return arr

    @staticmethod
    def clean(folder: Path) -> None:
        """Remove this build's spill folder, and any left by a build whose process is gone (killed)
        or that is over an hour old."""
        import shutil
        import time

        from services.store_sidecar import process_alive

        mine = folder.parent / f".{folder.name}.spill.{os.getpid()}.{threading.get_ident()}"
        for d in folder.parent.glob(f".{folder.name}.spill.*"):
            try:
                if d == mine or not process_alive(d.name.split(".")[-2]) or time.time() - d.stat().st_mtime > 3600:
                    shutil.rmtree(d, ignore_errors=True)
            except OSError:
                pass


def clean_dead_builds(folder: Path) -> None:
    """Remove the spill and temporary folders a killed build of ``folder`` left (its process is gone)."""
    from services.store_sidecar import remove_dead_temporaries

    _Spill.clean(folder)
    remove_dead_temporaries(folder)


def _same_drawing(prev: LeanLineData, store: LineStore, ids: np.ndarray, codes: np.ndarray) -> bool:
    """Whether ``store``/``ids``/``codes`` draw exactly as ``prev`` (same rows, vertices and classes)."""
    if len(ids) != len(prev.ids) or not np.array_equal(ids, np.asarray(prev.ids)) \
            or not np.array_equal(np.asarray(codes), np.asarray(prev.codes)):
        return False
    return all(np.array_equal(np.asarray(getattr(store, k)), np.asarray(getattr(prev.store, k)))
               for k in ("part_starts", "feat_parts", "multi", "coords"))


def lean_arrays(data: FeatureData, bounds) -> tuple[dict[str, np.ndarray], dict] | None:
    """A line layer as the flat arrays kept in the map cache (:mod:`gis.map_lean`), or None when its attributes cannot be."""
    cols = lean_columns(data.attrs)
    if cols is None:
        return None
    specs, arrays = cols
    store = LineStore.from_geoms(data.geoms)
    return _lean_parts(store, GridIndex.build(store, bounds), specs, arrays, data.ids, data.codes)


def _lean_parts(store: LineStore, grid: GridIndex, specs: list[dict], arrays: dict[str, np.ndarray], ids, codes
                ) -> tuple[dict[str, np.ndarray], dict]:
    """The lean arrays as the map cache keeps them, and their description (:func:`open_lean` reads both)."""
    codes = np.asarray(codes)
    out = {**{f"g_{k}": v for k, v in store.arrays().items()}, **grid.arrays(), **arrays,
           "ids": np.asarray(ids, dtype=np.int64),
           "codes": codes.astype(np.uint8) if len(codes) == 0 or codes.max() < 256 else codes.astype(np.int32)}
    return out, {"columns": specs, "grid": grid.info(), "rows": len(store)}


def open_lean(levels, extra: dict, info: dict, n_classes: int, label_field: str | None = None
              ) -> LeanLineData | None:
    """The layer of a map cache holding the lean arrays (:func:`lean_arrays`), or None (an older cache, or damaged)."""
    lean = info.get("lean")
    if not lean:
        return None
    try:
        store = LineStore(*(extra[f"g_{k}"] for k in ("coords", "part_starts", "feat_parts", "multi", "boxes")))
        n = int(lean["rows"])
        g = lean["grid"]
        grid = GridIndex(extra["grid_keys"], extra["grid_starts"], extra["grid_rows"], extra["grid_big"],
                         extra["grid_boxes"], float(g["x0"]), float(g["y0"]), float(g["cell"]), int(g["ncols"]), int(g["nrows"]))
        attrs = LeanAttrs(lean["columns"], extra, n)
        ids, codes = extra["ids"], extra["codes"]
        if not (len(store) == n == len(ids) == len(codes) == len(store.boxes) == len(store.multi)) \
                or store.coords.ndim != 2 or len(store.part_starts) != int(store.feat_parts[-1]) + 1 \
                or int(store.part_starts[-1]) != len(store.coords) or len(grid.starts) != len(grid.keys) + 1 \
                or grid.boxes.shape != (len(grid.rows), 4):
            raise ValueError("lean arrays do not fit together")
        for s in lean["columns"]:
            t = s["tag"]
            names = {"num": ["values"], "cat": ["codes"], "str": ["offsets", "null"]}[s["kind"]]
            for part in names:
                if len(extra[f"{t}_{part}"]) != n + (part == "offsets"):
                    raise ValueError(f"column {s['name']}: {part} does not fit")
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        log.warning("map cache lean arrays unusable, loading the layer: %s", exc)
        return None
    b = info.get("bounds")
    bounds = tuple(float(v) for v in b) if b else None
    outliers = np.asarray(extra.get("outliers", np.empty(0, np.int64)), dtype=np.int64)
    lean = LeanLineData(store, ids, attrs, codes, n_classes, levels, grid, bounds, outliers, label_field)
    lean.outlier_names = [str(n) for n in info.get("outlier_names", [])]
    return lean


def compact_attrs(attrs: pd.DataFrame, max_share: float = 0.2) -> pd.DataFrame:
    """Text columns with few distinct values as categoricals (a city's pipes: ~100 MB less).

    Values read back the same (``attrs.iloc[row]``, ``== "PE"``, ``astype(str)``).
    """
    out = {}
    for name in attrs.columns:
        col = attrs[name]
        if col.dtype == object and len(col) and col.nunique(dropna=True) <= max_share * len(col):
            out[name] = col.astype("category")
    return attrs.assign(**out) if out else attrs


def outlier_names(data: FeatureData, rows: np.ndarray, limit: int = 5) -> list[str]:
    """Codes (else ``#id``) of the first ``limit`` features of ``rows``."""
    return _outlier_names(data.attrs, data.ids, rows, limit)


def _outlier_names(attrs, ids, rows: np.ndarray, limit: int = 5) -> list[str]:
    names: list[str] = []
    for r in np.asarray(rows, dtype=np.int64)[:limit]:
        code = attrs["code"].iloc[r] if "code" in attrs else None
        names.append(str(code) if isinstance(code, str) and code else f"#{int(ids[r])}")
    return names


def layer_outliers(data: FeatureData, limit: int = 5) -> tuple[int, list[str]]:
    """How many features of a layer lie far outside the rest, and the codes (or ids) of the first few."""
    rows = np.asarray(data.outlier_rows(), dtype=np.int64)
    if len(rows) == 0:
        return 0, []
    if isinstance(data, DeferredFeatureData) and "outlier_names" in data._cache:
        return len(rows), list(data._cache["outlier_names"])[:limit]
    return len(rows), outlier_names(data, rows, limit)


def read_layer_lean(conn: Connection, name: str, projector: Projector, chunk_rows: int = 5_000) -> FeatureData:
    """A store layer's :class:`FeatureData` read a chunk at a time, with one copy of its geometries.

    The general path (:func:`services.map.data.store_layer_data`) makes a
    GeoDataFrame, filters and reprojects it: three copies of 500,000
    geometries alive at once. Here each chunk's WKB becomes shapely
    geometries (vectorised), whose coordinates are projected in place; the
    attributes stay one frame. Small bites also keep the GIL free for the GUI
    thread.
    """
    from gis.map_styles import DEFAULT_STYLES, feature_codes

    names = _attr_names(name)
    parts: list[pd.DataFrame] = []
    geoms: list[np.ndarray] = []
    for frame, g in _local_chunks(conn, name, names, projector, chunk_rows):
        geoms.append(g)
        parts.append(frame)
    attrs = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({n: pd.Series(dtype=object) for n in names})
    del parts
    geometry = np.concatenate(geoms) if geoms else np.empty(0, dtype=object)
    attrs = compact_attrs(attrs)
    ids = attrs["id"].to_numpy(dtype=np.int64)
    n_classes = len(DEFAULT_STYLES.get(name, {}).get("classes", [None]))
    return FeatureData(geometry, ids, attrs, feature_codes(name, attrs), n_classes, None)
