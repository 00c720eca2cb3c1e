"""Time limits overrun: the one check the meeting, the wall and the CLI share.

The rules are the repair desk's (:mod:`gis.time_limits`), laid over the
defaults from the stored setting ``repair_time_limits``; day or night is
decided in the event's time zone. :func:`overrun_check` reads the rules once
and returns the ``f(repair, now, tz)`` that
:func:`services.duty.desk.compile_status` and
:func:`services.wall.figures.wall_figures` take.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from gis.time_limits import SETTING_KEY, limit_states, merged_rules
from services.duty.desk import Overrun, OverrunCheck
from models.repair import Repair
from services.repairs.records import get_setting


def time_limit_rules(session: Session) -> dict[str, Any]:
    """The time-limit rules in force: the defaults with the stored setting laid over them.

    Parameters
    ----------
    session
        An open session.

    Returns
    -------
    dict
        Rules as :func:`gis.time_limits.merged_rules` returns them.
    """
    return merged_rules(get_setting(session, SETTING_KEY))


def repair_overruns(repair: Repair, now: dt.datetime, tz: dt.tzinfo | str,
                    rules: Mapping[str, Any]) -> list[Overrun]:
    """The limits ``repair`` has overrun (or is overrunning) at ``now``.

    A limit still running at a cancelled repair is not counted: nobody is on
    the clock any more.

    Parameters
    ----------
    repair
        The repair (its level, DN, guarded-zone flag and milestones).
    now
        The clock, aware.
    tz
        The event's time zone (day or night).
    rules
        :func:`time_limit_rules`.

    Returns
    -------
    list of Overrun
        In the order of the five limits.
    """
    out = []
    for state in limit_states(repair, rules, now, tz):
        if not state.overrun or state.started is None:
            continue
        if state.done is None and repair.status == "cancelled":
            continue
        end = state.done or (now if now.tzinfo else now.replace(tzinfo=dt.timezone.utc))
        elapsed = (end - state.started).total_seconds() / 60.0
        out.append(Overrun(repair.code, repair.level, state.name, float(state.target_min or 0.0),
                           round(elapsed, 1), state.done is None))
    return out


def overrun_check(session: Session) -> OverrunCheck:
    """The ``f(repair, now, tz) -> list[Overrun]`` with the stored rules, read once.

    Parameters
    ----------
    session
        An open session to read the rules with.

    Returns
    -------
    callable
        For ``overrun_check=`` of ``compile_status``, ``meeting_record`` and ``wall_figures``.
    """
    from services.drill.clock import drill_clocks

    rules = time_limit_rules(session)
    clocks = drill_clocks(session)  # a drill's repairs are judged by the drill's clock

    def check(repair: Repair, now: dt.datetime, tz: dt.tzinfo) -> list[Overrun]:
        at = clocks.repair_now(repair.id, now) if clocks else now
        return [] if at is None else repair_overruns(repair, at, tz, rules)

    return check
