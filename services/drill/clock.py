"""A drill's rows are judged by the drill's clock, not the wall clock.

A drill simulates a day of its own (by default the eve of the event), so on
the wall clock its vehicles look silent for hours and its repairs look hours
overdue. The runner writes how far its simulated clock has got into
``drill_runs.sim_until`` (every simulated minute, and where it stopped);
:func:`drill_clocks` tells, for the repairs and devices a drill wrote, that
clock, so the desk, the wall and the meeting judge them by it — and queue no
overrun messages about them to real people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.drill import DrillDevice, DrillRow, DrillRun


@dataclass
class DrillClocks:
    """The drill clock (unix seconds; None: the drill has not started its clock) of each drill row."""

    repairs: dict[int, float | None] = field(default_factory=dict)
    devices: dict[str, float | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.repairs or self.devices)

    def repair_now(self, repair_id: int, now: dt.datetime) -> dt.datetime | None:
        """The clock to judge repair ``repair_id`` by: ``now`` for a real repair, the drill's for a drill's
        (None while the drill has no clock yet: nothing to judge)."""
        if repair_id not in self.repairs:
            return now
        t = self.repairs[repair_id]
        return None if t is None else dt.datetime.fromtimestamp(t, dt.timezone.utc)

    def device_now(self, device: str, now: float) -> float:
        """The clock (unix seconds) to judge ``device``'s silence by."""
        t = self.devices.get(device, now)
        return now if t is None else t


def drill_clocks(session: Session) -> DrillClocks:
    """The clock of every unwiped drill's repairs and devices (empty when the store holds no drill)."""
    clocks = dict(session.execute(select(DrillRun.id, DrillRun.sim_until)).all())
    if not clocks:
        return DrillClocks()
    repairs = {int(row_id): clocks.get(run_id) for run_id, row_id in session.execute(
        select(DrillRow.run_id, DrillRow.row_id).where(DrillRow.table_name == "repairs"))}
    devices = {device: clocks.get(run_id) for run_id, device in session.execute(
        select(DrillDevice.run_id, DrillDevice.device))}
    return DrillClocks(repairs, devices)
