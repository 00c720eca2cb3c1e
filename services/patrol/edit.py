"""Edits of the patrol plan made on the map: moving pipes between patches, new patch outlines.

Plain SQLAlchemy Core on the caller's session or connection, so an edit and
its outlines are one transaction (the desk's :meth:`ui.common.desk.DeskContext.run`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import shapely
from sqlalchemy import select, update

from models.patrol import PatrolPatch, SegmentRequirement


def pipe_patches(conn, pipe_ids: Sequence[int]) -> dict[int, int | None]:
    """The stored patch of each pipe (the patch of its first plan row; None when unplanned).

    Parameters
    ----------
    conn
        A session or connection.
    pipe_ids
        Store ids of pipes.
    """
    sr = SegmentRequirement.__table__
    out: dict[int, int | None] = {int(p): None for p in pipe_ids}
    rows = conn.execute(select(sr.c.pipe_id, sr.c.patch_id).where(sr.c.pipe_id.in_([int(p) for p in pipe_ids]))
                        .order_by(sr.c.id))
    seen = set()
    for pid, patch in rows:
        if pid not in seen:
            out[int(pid)] = None if patch is None else int(patch)
            seen.add(pid)
    return out


def set_pipe_patches(conn, assignment: Mapping[int, int | None]) -> int:
    """Put pipes into patches: every plan row of each pipe gets the new patch.

    Parameters
    ----------
    conn
        A session or connection inside the caller's transaction.
    assignment
        Pipe id → patch id (None: no patch).

    Returns
    -------
    int
        Plan rows changed.

    Raises
    ------
    ValueError
        A patch id that is not stored (names it).
    """
    known = set(conn.execute(select(PatrolPatch.__table__.c.id)).scalars())
    sr = SegmentRequirement.__table__
    by_patch: dict[int | None, list[int]] = {}
    for pipe, patch in assignment.items():
        if patch is not None and int(patch) not in known:
            raise ValueError(f"patrol patch id {patch} does not exist (pipe {pipe})")
        by_patch.setdefault(None if patch is None else int(patch), []).append(int(pipe))
    n = 0
    for patch, pipes in by_patch.items():
        for s in range(0, len(pipes), 500):  # keeps IN lists under SQLite's variable limit
            n += conn.execute(update(sr).where(sr.c.pipe_id.in_(pipes[s:s + 500])).values(patch_id=patch)).rowcount
    return n


def set_patch_outlines(conn, outlines: Mapping[int, object], workload_km: Mapping[int, float] | None = None) -> None:
    """Store new outlines (shapely geometries in lon/lat) and workloads of patches."""
    pp = PatrolPatch.__table__
    for pid, geom in outlines.items():
        values = {"geom": shapely.to_wkb(geom)}
        if workload_km is not None and pid in workload_km:
            values["workload_km"] = float(np.round(workload_km[pid], 3))
        conn.execute(update(pp).where(pp.c.id == int(pid)).values(**values))
