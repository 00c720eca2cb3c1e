"""One overrun check for the meeting and the wall: the repair desk's rules, the event's time zone."""

from __future__ import annotations

import datetime as dt

from services.duty.desk import compile_status
from models.event import Event
from services.repairs.records import set_setting
from services.wall.figures import wall_figures
from services.repairs.overruns import overrun_check
from tests.models.duty_helpers import add_repair

VADUZ = dt.timezone(dt.timedelta(hours=2))  # Europe/Vaduz in August (CEST)
DAY = dt.date(2026, 8, 10)


def local(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), tzinfo=VADUZ)


def _event(s) -> None:
    s.add(Event(name="Summit", starts_at=local("00:00"), ends_at=local("00:00", DAY + dt.timedelta(days=3)),
                timezone="Europe/Vaduz"))
    s.flush()


def test_arrival_limit_across_the_night_boundary_in_the_meeting(store):
    """Dispatched 19:50 local: day target 45 min; 20:10 local: night target 90 min (event time zone)."""
    with store.session() as s:
        _event(s)
        add_repair(s, "R-DAY", reported_at=local("19:45"), dispatched_at=local("19:50"))
        add_repair(s, "R-NIGHT", reported_at=local("20:05"), dispatched_at=local("20:10"))
        s.commit()
        # 21:00 local: R-DAY on the road 70 min (> 45), R-NIGHT 50 min (< 90).
        status = compile_status(s, DAY, local("21:00"), overrun_check=overrun_check(s))
        assert [(o.repair_code, o.limit, o.target_min, o.running) for o in status.overruns] == [
            ("R-DAY", "arrival", 45.0, True)]
        assert status.overruns[0].elapsed_min == 70.0
        # 21:45 local: R-NIGHT has been on the road 95 min (> 90).
        later = compile_status(s, DAY, local("21:45"), overrun_check=overrun_check(s))
        assert [(o.repair_code, o.target_min) for o in later.overruns] == [("R-DAY", 45.0), ("R-NIGHT", 90.0)]
        # The wall counts the same repairs with the same check.
        figs = wall_figures(s, local("21:00"), overrun_check=overrun_check(s))
        assert figs.repairs_overrun == 1


def test_stored_rules_apply(store):
    """The repair desk's stored setting replaces the default targets for the meeting too."""
    with store.session() as s:
        _event(s)
        add_repair(s, "R-1", reported_at=local("10:00"), dispatched_at=local("10:05"))
        set_setting(s, "repair_time_limits", {"limits": {"arrival": {"day_minutes": 20}}})
        s.commit()
        status = compile_status(s, DAY, local("10:30"), overrun_check=overrun_check(s))
        assert [(o.limit, o.target_min) for o in status.overruns] == [("arrival", 20.0)]


def test_cancelled_repair_stops_the_clock(store):
    with store.session() as s:
        _event(s)
        add_repair(s, "R-C", status="cancelled", reported_at=local("10:00"))
        s.commit()
        assert compile_status(s, DAY, local("12:00"), overrun_check=overrun_check(s)).overruns == []
