"""Meter readers and their routes (抄表册): tenure, reading and collecting, rotation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.audit_trail import record
from models.base import utcnow
from models.customers import CustomerAccount, MeterReader, ReadingRoute, RouteAssignment
from services.customers.errors import CustomerError
from services.customers.rules import months_between, propose_rotation
from services.customers.settings import setting


@dataclass
class Rotation:
    """The readers' state on a day and a proposed rotation."""

    day: dt.date
    tenure_months: int
    #: One row per current reading assignment: route, reader, since, months, past_tenure, also_collects.
    current: pd.DataFrame
    past_tenure: list[str] = field(default_factory=list)
    self_collected: list[str] = field(default_factory=list)
    #: ``{route: new reader or None}`` for the flagged routes.
    proposal: dict[str, str | None] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-ready (``past_tenure``: reader codes, ``self_collected``: route codes, ``proposal``)."""
        return {
            "day": self.day.isoformat(), "tenure_months": self.tenure_months,
            "past_tenure": self.past_tenure, "self_collected": self.self_collected,
            "proposal": [{"route": r, "reader": p, "from": self._reader_of(r)} for r, p in self.proposal.items()],
            "current": [{"route": row["route"], "reader": row["reader"], "since": row["since"].isoformat(),
                         "months": int(row["months"]), "past_tenure": bool(row["past_tenure"]),
                         "also_collects": bool(row["also_collects"])} for row in self.current.to_dict("records")],
        }

    def _reader_of(self, route: str) -> str | None:
        hit = self.current[self.current["route"] == route]
        return None if hit.empty else str(hit["reader"].iloc[0])


def _assignments(session: Session) -> pd.DataFrame:
    a, r, p = RouteAssignment, ReadingRoute, MeterReader
    rows = session.execute(select(r.code, p.code, a.duty, a.starts_on, a.ends_on)
                           .join(r, r.id == a.route_id).join(p, p.id == a.reader_id)).all()
    return pd.DataFrame(rows, columns=["route", "reader", "duty", "starts_on", "ends_on"])


def rotation(session: Session, day: dt.date) -> Rotation:
    """Readers past the tenure limit, routes read and collected by one person, and a rotation.

    Tenure counts from the start of the reader's unbroken run on the route
    (assignments that follow each other within a day are one run). The
    proposal covers the flagged routes; no reader gets back a route held
    within its last two tenures.
    """
    limit = int(setting(session, "customers.tenure_months"))
    frame = _assignments(session)
    empty = pd.DataFrame(columns=["route", "reader", "since", "months", "past_tenure", "also_collects"])
    if frame.empty:
        return Rotation(day, limit, empty)
    live = (frame["starts_on"] <= day) & (frame["ends_on"].isna() | (frame["ends_on"].map(
        lambda d: d is not None and not pd.isna(d) and d >= day)))
    reads = frame[frame["duty"] == "read"].sort_values("starts_on")
    current = reads[live[reads.index]]
    collecting = set(map(tuple, frame.loc[live & (frame["duty"] == "collect"), ["route", "reader"]].to_numpy()))
    rows = []
    history: dict[str, list[str]] = {}
    for route, group in reads.groupby("route", sort=True):
        # Tenures of the route newest first (one per run of the same reader).
        history[route] = [run[0] for run in reversed(_runs_of(group)) if run[1] <= day]
    for rec in current.itertuples(index=False):
        since = rec.starts_on
        for reader, start, end in _runs_of(reads[reads["route"] == rec.route]):
            if reader == rec.reader and start <= rec.starts_on and (end is None or end >= rec.starts_on):
                since = start
        rows.append({"route": rec.route, "reader": rec.reader, "since": since,
                     "also_collects": (rec.route, rec.reader) in collecting})
    cur = pd.DataFrame(rows, columns=["route", "reader", "since", "also_collects"]) if rows else empty.copy()
    if len(cur):
        cur["months"] = months_between(np.array(cur["since"].tolist(), dtype="datetime64[D]"), day)
        cur["past_tenure"] = cur["months"] >= limit
    cur = cur[["route", "reader", "since", "months", "past_tenure", "also_collects"]]
    past = sorted(set(cur.loc[cur["past_tenure"].astype(bool), "reader"]))
    selfc = sorted(set(cur.loc[cur["also_collects"].astype(bool), "route"]))
    flagged = sorted(set(cur.loc[cur["past_tenure"].astype(bool) | cur["also_collects"].astype(bool), "route"]))
    readers = list(session.scalars(select(MeterReader.code).order_by(MeterReader.code)))
    cur_map = dict(zip(cur["route"], cur["reader"], strict=True))
    kept = cur[~cur["route"].isin(flagged)]["reader"].value_counts().to_dict()
    proposal = propose_rotation(flagged, history, readers, cur_map, kept)
    return Rotation(day, limit, cur.reset_index(drop=True), past, selfc, proposal)


def _runs_of(group: pd.DataFrame) -> list[tuple[str, dt.date, dt.date | None]]:
    runs: list[list] = []
    for rec in group.sort_values("starts_on").itertuples(index=False):
        end = None if rec.ends_on is None or pd.isna(rec.ends_on) else rec.ends_on
        if runs and runs[-1][0] == rec.reader and runs[-1][2] is not None and \
                rec.starts_on <= runs[-1][2] + dt.timedelta(days=1):
            runs[-1][2] = end
        else:
            runs.append([rec.reader, rec.starts_on, end])
    return [tuple(r) for r in runs]


def accept_rotation(session: Session, proposal: dict[str, str | None], day: dt.date, user: str = "desk") -> int:
    """Put a (possibly edited) rotation into effect on ``day``; audited. Returns the routes changed.

    The current reading assignment of each route ends the day before; the new
    reader's starts on ``day``. Collecting assignments are left to the
    supervisor (the rule only forbids one person doing both).
    """
    changed = 0
    for route_code, reader_code in proposal.items():
        if not reader_code:
            continue
        route = session.scalars(select(ReadingRoute).where(ReadingRoute.code == route_code)).first()
        reader = session.scalars(select(MeterReader).where(MeterReader.code == reader_code)).first()
        if route is None or reader is None:
            raise CustomerError("unknown_route_or_reader", route=route_code, reader=reader_code)
        for a in session.scalars(select(RouteAssignment).where(
                RouteAssignment.route_id == route.id, RouteAssignment.duty == "read",
                or_(RouteAssignment.ends_on.is_(None), RouteAssignment.ends_on >= day))):
            a.ends_on = day - dt.timedelta(days=1)
        new = RouteAssignment(route_id=route.id, reader_id=reader.id, duty="read", starts_on=day)
        session.add(new)
        session.flush()
        record(session, user=user, action="rotate", table="route_assignments", row_id=new.id, now=utcnow(),
               detail={"route": route_code, "reader": reader_code, "from": day.isoformat()})
        changed += 1
    return changed


def route_accounts(session: Session) -> pd.DataFrame:
    """Routes with their account counts."""
    from sqlalchemy import func

    rows = session.execute(select(ReadingRoute.code, ReadingRoute.name, func.count(CustomerAccount.id))
                           .outerjoin(CustomerAccount, CustomerAccount.route_id == ReadingRoute.id)
                           .group_by(ReadingRoute.id).order_by(ReadingRoute.code)).all()
    return pd.DataFrame(rows, columns=["route", "name", "accounts"])
