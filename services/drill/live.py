"""A drill's patrollers as the desk follows them: the newest stored fix of each, read incrementally.

The drill (``python app.py drill``, another process) posts its patrollers'
reports through the feed like real devices; the feed stores them as track
points. A desk following the drill reads, about once a second on a worker
thread, only the track points stored since its last read (``id >`` the last
one seen) and keeps the newest per device, so each read costs one second of
the drill's reports, not the whole day.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from models.drill import DrillDevice
from models.patrol import TrackPoint


def drill_patroller_fixes(conn: Connection, since_id: int = 0) -> dict[str, np.ndarray]:
    """The newest track point of each drill device stored after row ``since_id``.

    Returns
    -------
    dict
        ``device`` (object), ``t``, ``lon``, ``lat`` (float64) arrays, one entry per device with a
        newer fix, and ``last_id``: the newest row read (pass it as ``since_id`` next time; equal to
        ``since_id`` when nothing is new).
    """
    tp = TrackPoint.__table__
    newest = (select(tp.c.device, func.max(tp.c.id).label("mid"))
              .where(tp.c.id > int(since_id), tp.c.device.in_(select(DrillDevice.__table__.c.device)))
              .group_by(tp.c.device).subquery())
    rows = conn.execute(select(tp.c.id, tp.c.device, tp.c.t, tp.c.lon, tp.c.lat)
                        .join(newest, tp.c.id == newest.c.mid)).all()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return {"device": np.array([r[1] for r in rows], dtype=object),
            "t": np.array([r[2] for r in rows], dtype="float64"),
            "lon": np.array([r[3] for r in rows], dtype="float64"),
            "lat": np.array([r[4] for r in rows], dtype="float64"),
            "last_id": int(ids.max()) if len(ids) else int(since_id)}


__all__ = ["drill_patroller_fixes"]
