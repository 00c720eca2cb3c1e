"""The first (cold) build of a city's map cache, in a process of its own (:mod:`services.child_build`).

Building the map cache of 500,000 pipes (:func:`services.map.prepared.prepare_lean`:
reading, tiling, simplifying, rasterising) takes ~10 s of CPU and ~0.9 GB at its
peak. On a thread of the desk it held the interpreter lock for stretches of
~130 ms and the GUI thread waited for it. The child writes the cache beside the
store exactly as the thread did and the desk maps it. It runs niced below the
desk: the desk's start (its interface, the patrol day) goes first, and the pipes
reach the map when the cache is written. Killed (``kill -9``), it leaves no
cache, and its spill and temporary folders are removed by the next build.
"""

from __future__ import annotations

from pathlib import Path

from services.child_build import BuildCancelled, ChildBuildError, can_start, run_in_child

__all__ = ["BuildCancelled", "ChildBuildError", "build_in_child", "build_job", "can_start"]

#: The build's scheduling priority below the desk's (``nice``).
CHILD_NICE = 10


def build_in_child(url: str, name: str, local_crs: str, folder: Path, key: dict, n_classes: int) -> bool:
    """Build layer ``name``'s map cache into ``folder`` in a child process; True when written, False when the
    layer's attributes cannot be kept flat (nothing written).

    Raises OSError (the cache could not be written, or no child started), :class:`ChildBuildError`
    (the child failed, or was killed: what it left is removed) or :class:`BuildCancelled`.
    """
    job = {"url": url, "name": name, "crs": local_crs, "folder": str(folder), "key": key, "n_classes": n_classes}
    try:
        result = run_in_child("services.map.build_child:build_job", job, "map cache build", CHILD_NICE)
    except ChildBuildError:
        from services.map.prepared import clean_dead_builds

        clean_dead_builds(folder)  # what a killed child left: its spill and temporary folders
        raise
    return bool(result and result.get("written"))


def build_job(url: str, name: str, crs: str, folder: str, key: dict, n_classes: int) -> dict:
    """The child's side: :func:`services.map.prepared.prepare_lean` into ``folder`` (not opened here)."""
    from gis.coords import Projector
    from models.store import make_engine
    from services.map.prepared import prepare_lean

    engine = make_engine(url, role="viewer")
    try:
        got = prepare_lean(engine, name, Projector(crs), Path(folder), key, int(n_classes), reopen=False)
    finally:
        engine.dispose()
    return {"written": bool(got)}
