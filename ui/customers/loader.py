"""Customer lists computed off the GUI thread, delivered back as one batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from sqlalchemy import select

from models.customers import CustomerAccount, Meter


@dataclass
class CustomerLists:
    """Everything the dock and the map layers show, computed in one go."""

    day: dt.date
    months: int
    accounts: pd.DataFrame
    due: pd.DataFrame
    due_months: pd.DataFrame
    zero: Any
    rotation: Any
    routes: pd.DataFrame
    connections: pd.DataFrame
    tickets: pd.DataFrame
    counts: dict[str, int]
    total_accounts: int
    #: The same figures as :func:`services.customers.status.customer_counts`, for the meeting.
    meeting_counts: dict[str, int]


def load_lists(store, day: dt.date, now: dt.datetime, months: int) -> CustomerLists:
    """Compute every customer list on a session of its own (any thread)."""
    from services.customers.connections import connections
    from services.customers.meters import due_by_month, fetch_frame, meters_due
    from services.customers.readers import rotation, route_accounts
    from services.customers.tickets import tickets
    from services.customers.zero_volume import zero_volume

    with store.session() as s:
        a, m = CustomerAccount, Meter
        accounts = fetch_frame(s, select(a.code, a.name, a.address, a.category, m.code, m.diameter_mm, a.lon, a.lat)
                               .outerjoin(m, m.account_id == a.id).where(a.status == "active").order_by(a.code),
                               ["account", "name", "address", "category", "meter", "diameter_mm", "lon", "lat"])
        due = meters_due(s, day, months)
        zero = zero_volume(s)
        rot = rotation(s, day)
        conns = connections(s, day)
        tix = tickets(s, now)
        due_now = due[due["overdue"]] if len(due) else due
        counts = {
            "accounts": len(accounts),
            "meters_overdue": len(due_now),
            "meters_due": len(due) - len(due_now),
            "zero_volume": int((zero.rows["status"] != "closed").sum()) if len(zero.rows) else 0,
            "readers_past_tenure": len(rot.past_tenure),
            "routes_self_collected": len(rot.self_collected),
            "connections_overdue": int(conns["overdue_steps"].map(bool).sum()) if len(conns) else 0,
            "tickets_open": int(tix["status"].isin(["open", "responded"]).sum()) if len(tix) else 0,
            "tickets_overdue": int((tix["overdue"] & tix["status"].isin(["open"])).sum()) if len(tix) else 0,
        }
        from services.customers.status import customer_counts

        return CustomerLists(day, months, accounts, due, due_by_month(due, day), zero, rot, route_accounts(s), conns,
                             tix, counts, len(accounts), customer_counts(s, now, day))


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    def run(self) -> None:  # noqa: D102 (QRunnable)
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a traceback
            self.signals.failed.emit(str(exc))
            return
        self.signals.done.emit(result)


class Background(QObject):
    """Runs one function at a time on the global thread pool; results arrive on the GUI thread."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _Signals(self)
        self._signals.done.connect(self.done)
        self._signals.failed.connect(self.failed)

    def start(self, fn: Callable[[], Any]) -> None:
        """Run ``fn()`` off the GUI thread."""
        QThreadPool.globalInstance().start(_Task(fn, self._signals))
