"""Prepared map data kept on disk: a line layer's tiles and overviews as memory-mapped numpy arrays.

A 500,000-pipe network takes seconds to tile, simplify and rasterise; the
result only changes when the pipes do. So it is written once beside the store
(one ``.npy`` file per array plus ``meta.json``) and opened again with
``np.load(mmap_mode="r")``: nothing is read until a view touches it, the pages
are shared with the file cache, and a desk opens its map at once.

``meta.json`` carries the caller's ``key`` (the store's change markers, row
count, CRS …) and the format version; a folder whose key or format differs, or
whose files are cut short or unreadable, is not used (:func:`load_line_levels`
returns None and the caller rebuilds). Writes go to a temporary folder that is
renamed into place, so a reader never sees half a cache.

Pure numpy (no Qt, no store).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from pathlib import Path

import numpy as np

from gis.map_prep import ClassRaster, LineLevels, SegmentTiles

log = logging.getLogger(__name__)

#: Bump when the layout of the saved arrays changes.
FORMAT = 4  # 2: rasters carry coverage shades; 3: and their classes' widths; 4: coverage first
_TILE_ARRAYS = ("seg", "keys", "starts", "class_tiles")
_TILE_SCALARS = ("x0", "y0", "tile", "ncols", "nrows", "tolerance")


def save_line_levels(folder: str | Path, key: dict, levels: LineLevels,
                     extra: dict[str, np.ndarray] | None = None, info: dict | None = None) -> Path:
    """Write ``levels`` (and ``extra`` arrays) to ``folder``, replacing what was there.

    Parameters
    ----------
    folder
        The cache folder of one layer (created; its parent must be writable).
    key
        JSON-serialisable identity of the data (compared on load).
    levels
        The prepared line layer.
    extra
        More arrays to keep (e.g. feature bounds), loaded back by name.
    info
        JSON-serialisable notes returned with the arrays (e.g. the outliers found).
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    # The writer's pid in the name: what a killed writer left is told from one being written.
    tmp = folder.parent / f".{folder.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    tmp.mkdir()
    try:
        meta = {"format": FORMAT, "key": key, "levels": [], "rasters": [], "extra": [], "info": info or {}}
        for i, lvl in enumerate(levels.levels):
            for name in _TILE_ARRAYS:
                _put(tmp / f"l{i}_{name}.npy", getattr(lvl, name))
            meta["levels"].append({k: getattr(lvl, k) for k in _TILE_SCALARS})
        for i, r in enumerate(levels.rasters):
            _put(tmp / f"r{i}_grid.npy", r.grid)
            meta["rasters"].append({"xmin": r.xmin, "ymax": r.ymax, "cell": r.cell, "shades": r.shades,
                                    "widths": list(r.widths)})
        for name, arr in (extra or {}).items():
            _put(tmp / f"x_{name}.npy", arr)
            meta["extra"].append(name)
        sizes = {p.name: p.stat().st_size for p in tmp.iterdir()}
        meta["sizes"] = sizes
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        old = None
        if folder.exists():
            old = folder.parent / f".{folder.name}.{uuid.uuid4().hex[:8]}.old"
            os.replace(folder, old)
        os.replace(tmp, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)  # a reader's open maps stay valid (POSIX)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def _put(path: Path, arr: np.ndarray) -> None:
    """Write ``arr`` as ``.npy``; an array that is a whole ``.npy`` file mapped from an earlier cache is linked
    (or copied) file to file, never read through its map (which would count its pages to the process)."""
    if isinstance(arr, np.memmap) and arr.filename and arr.flags.c_contiguous:
        src = Path(arr.filename)
        try:
            whole = src.suffix == ".npy" and src.stat().st_size == arr.offset + arr.nbytes
            if whole:  # and the file's header says what the array is (not a view of it as another dtype)
                with open(src, "rb") as f:
                    major, _minor = np.lib.format.read_magic(f)
                    read = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
                    shape, fortran, dtype = read(f)
                whole = f"{shape}" == f"{arr.shape}" and dtype == arr.dtype and not fortran
        except (OSError, ValueError):
            whole = False
        if whole:
            try:
                os.link(src, path)
                return
            except OSError:
                try:
                    shutil.copyfile(src, path)
                    return
                except OSError:
                    pass
    np.save(path, np.ascontiguousarray(arr))


def read_meta(folder: str | Path) -> dict | None:
    """The folder's ``meta.json``, or None when missing or unreadable."""
    try:
        return json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_line_levels(folder: str | Path, key: dict | None) -> tuple[LineLevels, dict[str, np.ndarray], dict] | None:
    """The cached levels, extra arrays and info of ``folder`` when its key is ``key``, else None.

    Arrays are memory-mapped read-only. Any damage (a file missing, cut short,
    of another size than written, or not an array) makes it None: the caller
    rebuilds, it never crashes on a cache. With ``key`` None any key will do
    (the info then carries it as ``info["key"]``: what an update starts from).
    """
    folder = Path(folder)
    meta = read_meta(folder)
    if meta is None or meta.get("format") != FORMAT or not isinstance(meta.get("key"), dict) \
            or (key is not None and meta.get("key") != json.loads(json.dumps(key))):
        return None
    try:
        for name, size in meta["sizes"].items():
            if (folder / name).stat().st_size != size:
                raise ValueError(f"{name}: {size} bytes written, other size now")

        def arr(name: str) -> np.ndarray:
            return np.load(folder / name, mmap_mode="r", allow_pickle=False)

        levels = []
        for i, scal in enumerate(meta["levels"]):
            a = {n: arr(f"l{i}_{n}.npy") for n in _TILE_ARRAYS}
            if a["seg"].ndim != 2 or a["seg"].shape[1] != 4 or len(a["starts"]) != len(a["keys"]) + 1:
                raise ValueError(f"level {i}: arrays do not fit together")
            levels.append(SegmentTiles(a["seg"], a["keys"], a["starts"], a["class_tiles"],
                                       float(scal["x0"]), float(scal["y0"]), float(scal["tile"]),
                                       int(scal["ncols"]), int(scal["nrows"]), float(scal["tolerance"])))
        if not levels:
            raise ValueError("no levels")
        rasters = [ClassRaster(arr(f"r{i}_grid.npy"), float(r["xmin"]), float(r["ymax"]), float(r["cell"]),
                               int(r["shades"]), tuple(float(w) for w in r["widths"]))
                   for i, r in enumerate(meta["rasters"])]
        extra = {name: arr(f"x_{name}.npy") for name in meta["extra"]}
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        log.warning("map cache %s unusable, rebuilding: %s", folder, exc)
        return None
    info = dict(meta.get("info") or {})
    if key is None:
        info["key"] = meta["key"]
    return LineLevels(levels, rasters), extra, info
