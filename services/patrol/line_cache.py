"""The pipes as the patrol day reads them, kept beside the store: no SQL, WKB or projection at a warm start.

A city's 500,000 pipes take seconds to read from SQL, parse from WKB and project
(:func:`services.patrol.data.read_metric_lines`), and the result only changes when
the pipes do. So the metric vertex arrays, the lengths, the ids and the codes are
written once to ``<store file>.patrolcache/pipes/`` (one ``.npy`` per array and a
``meta.json``) and memory-mapped at the next start.

The cache's key is the pipes' identity in the store: the newest change marker of the
``pipes`` table (every write leaves one, :mod:`models.changes`), the row count, the
newest id and the metric CRS. The key is read before the pipes, so a cache never
holds pipes older than its key: a pipe edit changes the key and the next load reads
the store again. A folder with another key, another format or damaged files is not
used (the pipes are read from the store and the cache written anew); a store that
cannot be written beside (read-only, a server) just goes without the cache.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from pathlib import Path

import numpy as np
import shapely
from sqlalchemy import Connection, Engine, select

from gis.segment_lines import Codes, SegmentLines
from services.store_sidecar import pipes_identity, remove_dead_temporaries, sidecar_folder

log = logging.getLogger(__name__)

#: Bump when the layout or meaning of the saved arrays changes.
FORMAT = 3
#: The same for the plan's samples (4: the samples and their segments in the grid's order, cells tile by tile).
SAMPLES_FORMAT = 4
_ARRAYS = ("ids", "coords", "offsets", "lengths", "code_blob", "code_offsets", "code_missing",
           "other_rows", "other_wkb", "other_offsets")


def cache_folder(engine: Engine, name: str = "pipes") -> Path | None:
    """``<store file>.patrolcache/<name>`` (None for server and in-memory stores)."""
    return sidecar_folder(engine, ".patrolcache", name)


def pipes_key(conn: Connection, crs: str) -> dict:
    """The identity of the stored pipes in ``crs``: newest change marker, rows, newest id."""
    from models.kinds import FEATURE_KINDS

    identity = pipes_identity(conn)
    return {"layer": "patrol_pipes", **identity, "crs": crs,
            "sample": _sample_digest(conn, FEATURE_KINDS["pipes"].table, identity["newest"])}


def _sample_digest(conn: Connection, table, newest) -> str:
    """A digest of a few pipes' stored geometries (ids spread over the table; a few primary-key
    lookups): a store file replaced by another one with as many pipes and markers (a demo built
    again, a backup put back) does not pass for the cached one."""
    import hashlib

    if not newest:
        return ""
    ids = sorted({int(v) for v in np.linspace(1, int(newest), 33)})
    rows = conn.execute(select(table.c.id, table.c.geom).where(table.c.id.in_(ids)).order_by(table.c.id)).all()
    h = hashlib.blake2b(digest_size=16)
    for pid, geom in rows:
        h.update(str(pid).encode())
        h.update(bytes(geom or b""))
    return h.hexdigest()


def holds(folder: Path | None, key: dict) -> bool:
    """Whether ``folder`` was written for ``key`` (its ``meta.json`` only: :func:`load` checks the arrays)."""
    return _meta_for(folder, key, FORMAT) is not None


def load(folder: Path | None, key: dict) -> tuple[np.ndarray, Codes, SegmentLines] | None:
    """``(ids, codes, lines)`` from ``folder`` when its key is ``key`` (memory-mapped), else None."""
    got = _load_arrays(folder, key, _ARRAYS)
    if got is None:
        return None
    a, _ = got
    try:
        n = len(a["ids"])
        if (n != key["rows"] or a["coords"].ndim != 2 or len(a["offsets"]) != n + 1 or len(a["lengths"]) != n
                or len(a["code_offsets"]) != n + 1 or int(a["offsets"][-1]) != len(a["coords"])
                or int(a["code_offsets"][-1]) != len(a["code_blob"])):
            raise ValueError("arrays do not fit together")
        wkb = np.asarray(a["other_wkb"]).tobytes()
        cuts = np.asarray(a["other_offsets"])
        other = {int(r): shapely.from_wkb(wkb[cuts[k]:cuts[k + 1]]) for k, r in enumerate(a["other_rows"])}
        missing = np.asarray(a["code_missing"]) if len(a["code_missing"]) else None
        lines = SegmentLines(a["coords"], a["offsets"], a["lengths"], other)
        return a["ids"], Codes(a["code_blob"], a["code_offsets"], missing), lines
    except (ValueError, KeyError, TypeError, shapely.errors.ShapelyError) as exc:
        log.warning("patrol pipes cache %s unusable, reading the store: %s", folder, exc)
        return None


def save(folder: Path | None, key: dict, ids: np.ndarray, codes: Codes, lines: SegmentLines) -> None:
    """Write the pipes to ``folder`` (replacing it); a failure is logged, never raised."""
    other_rows = np.array(sorted(lines.other), dtype=np.int64)
    blobs = [shapely.to_wkb(lines.other[int(r)]) for r in other_rows]
    _save_arrays(folder, key, {
        "ids": np.asarray(ids, dtype=np.int64), "coords": lines.coords, "offsets": lines.offsets,
        "lengths": lines.lengths, "code_blob": codes.blob, "code_offsets": codes.offsets,
        "code_missing": codes.missing if codes.missing is not None else np.zeros(0, bool),
        "other_rows": other_rows, "other_wkb": np.frombuffer(b"".join(blobs), dtype=np.uint8),
        "other_offsets": np.concatenate([[0], np.cumsum([len(b) for b in blobs])]).astype(np.int64),
    }, {})


# -- the plan's coverage samples ------------------------------------------------------------------
#: The saved arrays of :class:`gis.coverage.PreparedSamples` (its grid's too).
_SAMPLE_ARRAYS = ("rows", "counts", "xy", "order", "ptr", "sample_seg")


def samples_key(pipes: dict, rows: np.ndarray, step_m: float, cell_m: float) -> dict:
    """The identity of a plan's samples: the pipes' key, which segments are sampled, how."""
    import hashlib

    digest = hashlib.blake2b(np.ascontiguousarray(rows, dtype=np.int64).tobytes(), digest_size=16).hexdigest()
    return {**pipes, "layer": "patrol_samples", "rows": int(len(rows)), "rows_digest": digest,
            "step_m": float(step_m), "cell_m": float(cell_m), "pipes_rows": pipes.get("rows")}


def load_samples(folder: Path | None, key: dict):
    """:class:`gis.coverage.PreparedSamples` from ``folder`` when its key is ``key`` (memory-mapped), else None."""
    from gis.coverage import PreparedSamples, SampleGrid

    got = _load_arrays(folder, key, _SAMPLE_ARRAYS, SAMPLES_FORMAT)
    if got is None:
        return None
    a, info = got
    try:
        grid = SampleGrid.from_parts(a["xy"], a["order"], a["ptr"], np.array(info["origin"], dtype=np.float64),
                                     info["cell"], info["nx"], info["ny"], info["tile"])
        if (a["xy"].ndim != 2 or len(a["order"]) != len(a["xy"]) or len(a["ptr"]) != grid.n_keys + 1
                or int(np.sum(a["counts"])) != len(a["xy"]) or len(a["rows"]) != key["rows"]
                or len(a["sample_seg"]) != len(a["xy"])):
            raise ValueError("arrays do not fit together")
        return PreparedSamples(a["rows"], a["counts"], key["step_m"], key["cell_m"], grid, a["sample_seg"])
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("patrol samples cache %s unusable, sampling again: %s", folder, exc)
        return None


def save_samples(folder: Path | None, key: dict, prepared) -> None:
    """Write ``prepared`` to ``folder`` (replacing it); a failure is logged, never raised."""
    g = prepared.grid
    _save_arrays(folder, key, {"rows": prepared.rows, "counts": prepared.counts, "xy": g.xy, "order": g.order,
                               "ptr": g.ptr, "sample_seg": prepared.sample_seg},
                 {"origin": [float(v) for v in g.origin], "cell": float(g.cell), "nx": int(g.nx), "ny": int(g.ny),
                  "tile": int(g.tile)},
                 SAMPLES_FORMAT)


def _meta_for(folder: Path | None, key: dict, fmt: int) -> dict | None:
    """``folder``'s ``meta.json`` when it was written in format ``fmt`` for ``key``, else None."""
    if folder is None:
        return None
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("format") != fmt or meta.get("key") != json.loads(json.dumps(key)):
        return None
    return meta


def _load_arrays(folder: Path | None, key: dict, names, fmt: int = FORMAT) -> tuple[dict, dict] | None:
    meta = _meta_for(folder, key, fmt)
    if meta is None:
        return None
    try:
        for name, size in meta["sizes"].items():
            if (folder / name).stat().st_size != size:
                raise ValueError(f"{name}: {size} bytes written, other size now")
        return {n: np.load(folder / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in names}, meta["info"]
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        log.warning("patrol cache %s unusable: %s", folder, exc)
        return None


def _save_arrays(folder: Path | None, key: dict, arrays: dict, info: dict, fmt: int = FORMAT) -> None:
    if folder is None:
        return
    # The writer's pid in the name: what a killed writer (a build child ended with the desk) left is removed here.
    tmp = folder.parent / f".{folder.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        remove_dead_temporaries(folder)
        tmp.mkdir()
        sizes = {}
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
            sizes[f"{name}.npy"] = (tmp / f"{name}.npy").stat().st_size
        (tmp / "meta.json").write_text(json.dumps({"format": fmt, "key": key, "sizes": sizes, "info": info}),
                                       encoding="utf-8")
        old = folder.parent / f".{folder.name}.{uuid.uuid4().hex[:8]}.old"
        if folder.exists():
            folder.rename(old)
        try:
            tmp.rename(folder)
        finally:  # another desk's new folder may have come first: theirs stays, ours goes
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        log.warning("patrol cache %s not written: %s", folder, exc)
        shutil.rmtree(tmp, ignore_errors=True)
