"""The figures the command-room wall shows, Qt-free.

:func:`wall_figures` reads everything the wall needs in one short session with
cheap queries (repairs, vehicles, zero reports, action items): the wall calls
it every few seconds from a worker thread. Patrol coverage is slow to compute
(track analysis), so the caller measures it on its own, less often, and
passes the ratios in.

Nothing here reads the clock: ``now`` is an argument, so tests move time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.clock import as_utc, event_timezone
from models.duty import ActionItem
from services.duty.desk import CLOSED_REPAIR_STATES, OverrunCheck, is_overdue
from models.network import Pipe
from models.patrol import PatrolRequirement
from models.repair import REPAIR_LEVELS, Repair, Vehicle
from services.duty.zero_reports import report_matrix
from services.leak_survey.survey import LeakDayStatus, day_status, last_day_status
from services.field.hazard_desk import HazardCounts, hazard_counts

#: A vehicle on duty whose last position is older than this is "lost".
LOST_AFTER_S = 120.0
#: Levels that widen the recipient list and raise the wall's banner: IV, III, II, I.
from models.vocabulary import SERIOUS_LEVELS  # noqa: F401 (re-exported)
#: A dispatched serious repair keeps its (steady) banner this long after it was reported.
BANNER_KEEP = dt.timedelta(minutes=15)

@dataclass(frozen=True)
class RequirementCoverage:
    """Patrol coverage of one requirement in its current window.

    ``ratio`` is None when there is nothing to measure yet (no stored plan,
    or coverage not computed): the wall shows "—".
    """

    code: str
    name: str
    name_zh: str | None
    ratio: float | None
    #: Counted requirements (the leak survey): points read and points due today; the wall shows "read/due".
    read: int | None = None
    due: int | None = None
    #: Counted requirements: points still unread when yesterday ended (None: no such day in the event).
    overdue: int | None = None


@dataclass(frozen=True)
class SeriousRepair:
    """The newest open repair at level IV or above (I most severe)."""

    id: int
    code: str
    level: str
    category: str
    address: str | None
    reported_at: dt.datetime
    dispatched: bool
    lon: float | None
    lat: float | None
    #: Where, when no address was given: the street of the repair's pipe.
    street: str | None = None
    #: Minutes past the most overdue running limit (None: none overrun), and that limit.
    overrun_min: float | None = None
    overrun_limit: str | None = None


@dataclass
class WallFigures:
    """What the wall shows, as of ``now``."""

    now: dt.datetime
    repairs_by_level: dict[str, int] = field(default_factory=dict)
    repairs_open: int = 0
    #: Open repairs that have overrun at least one of the five time limits.
    repairs_overrun: int = 0
    #: Open repairs that have overrun: repair id → the limits overrun (the desk's alarm strip).
    overruns: dict[int, tuple[str, ...]] = field(default_factory=dict)
    coverage: list[RequirementCoverage] = field(default_factory=list)
    vehicles_on_duty: int = 0
    vehicles_lost: int = 0
    reports_missing: int = 0
    reports_expected: int = 0
    items_open: int = 0
    items_overdue: int = 0
    newest_serious: SeriousRepair | None = None
    #: Ids of every open serious repair (the wall notices new ones).
    serious_ids: frozenset[int] = frozenset()
    #: Open repairs with a location: ``(id, level, lon, lat)`` for the map.
    repair_points: list[tuple[int, str, float, float]] = field(default_factory=list)
    #: The code of the drill the store holds (its rows not yet wiped), else None: the wall says "drill".
    drill: str | None = None
    #: Today's leak survey (points read / due; :func:`services.leak_survey.day_status`).
    leak_survey: LeakDayStatus | None = None
    #: The leak survey of yesterday (its overdue points; None before the event's second day).
    leak_survey_last_day: LeakDayStatus | None = None
    #: Hazards found by patrol today (:func:`services.field.hazard_desk.hazard_counts`); None: not read.
    hazards: HazardCounts | None = None

    @property
    def hazards_waiting(self) -> int:
        """Hazards still new at the desk, today's and earlier days'."""
        return 0 if self.hazards is None else self.hazards.new + self.hazards.new_earlier

    @property
    def repairs_serious(self) -> int:
        """Open repairs at level IV or above."""
        return sum(self.repairs_by_level.get(lv, 0) for lv in SERIOUS_LEVELS)


def coverage_placeholders(session: Session) -> list[RequirementCoverage]:
    """Every active requirement with no ratio (shown as "—" until coverage is measured).

    Returns
    -------
    list of RequirementCoverage
    """
    reqs = session.scalars(select(PatrolRequirement).where(PatrolRequirement.active.is_(True))
                           .order_by(PatrolRequirement.id))
    return [RequirementCoverage(r.code, r.name, r.name_zh, None) for r in reqs]


def merge_coverage(placeholders: Sequence[RequirementCoverage], ratios: dict[str, float | None] | None
                   ) -> list[RequirementCoverage]:
    """Fill measured ratios (by requirement code) into the placeholders.

    Parameters
    ----------
    placeholders
        From :func:`coverage_placeholders`.
    ratios
        Requirement code → ratio of the current window; None when no plan is stored.
    """
    if not ratios:
        return list(placeholders)
    return [RequirementCoverage(p.code, p.name, p.name_zh, ratios.get(p.code)) for p in placeholders]


def with_leak_survey(rows: Sequence[RequirementCoverage], leak: LeakDayStatus | None,
                     last_day: LeakDayStatus | None = None) -> list[RequirementCoverage]:
    """The leak-survey requirement's row as points read / points due (it has no pipe length to cover),
    with the points left overdue by the last day that ended (``last_day``)."""
    if leak is None or leak.requirement is None or not leak.points_due:
        return list(rows)
    overdue = None if last_day is None else len(last_day.overdue)
    return [RequirementCoverage(r.code, r.name, r.name_zh, leak.ratio, leak.points_read, leak.points_due, overdue)
            if r.code == leak.requirement else r for r in rows]


def current_window_ratios(requirements: Sequence[dict], now_ts: float) -> dict[str, float | None]:
    """Each requirement's ratio in the window containing ``now_ts`` (else its last started window).

    Parameters
    ----------
    requirements
        The ``requirements`` list of a coverage result (``code``, ``windows`` with
        ``start``/``end`` as unix seconds or ISO strings and ``ratio``).
    now_ts
        Unix seconds.
    """
    out: dict[str, float | None] = {}
    for req in requirements:
        best = None
        for w in req.get("windows", []):
            start = _ts(w["start"])
            if start <= now_ts:
                best = w
            if start <= now_ts < _ts(w["end"]):
                break
        out[req["code"]] = None if best is None else best.get("ratio")
    return out


def _ts(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    return dt.datetime.fromisoformat(str(value)).timestamp()


def wall_figures(
    session: Session,
    now: dt.datetime,
    *,
    coverage_ratios: dict[str, float | None] | None = None,
    overrun_check: OverrunCheck,
    lost_after_s: float = LOST_AFTER_S,
    tz: dt.tzinfo | None = None,
) -> WallFigures:
    """Compile the wall's figures from the store as of ``now``.

    Parameters
    ----------
    session
        An open session (the caller's thread owns it).
    now
        The clock, an aware datetime.
    coverage_ratios
        Requirement code → coverage ratio of the current window, measured by the
        caller (see :func:`current_window_ratios`); None shows every requirement as "—".
    overrun_check
        ``f(repair, now, tz) -> list[Overrun]``: ``services.repairs.overruns.overrun_check(session)``,
        the same check the meeting uses (the rules live in ``gis.time_limits``).
    lost_after_s
        A vehicle on duty is lost when its last position is older than this (or it
        never reported one).
    tz
        Local time zone for days and day/night rules (default the event's).

    Returns
    -------
    WallFigures
    """
    now = as_utc(now)
    tz = tz or event_timezone(session)
    check = overrun_check
    figs = WallFigures(now=now)

    repairs = [r for r in session.scalars(select(Repair).where(Repair.status.not_in(CLOSED_REPAIR_STATES)))
               if as_utc(r.reported_at) <= now]
    figs.repairs_open = len(repairs)
    figs.repairs_by_level = {lv: 0 for lv in REPAIR_LEVELS}
    for r in repairs:
        figs.repairs_by_level[r.level if r.level in REPAIR_LEVELS else "V"] += 1
    for r in repairs:
        limits = tuple(o.limit for o in check(r, now, tz))
        if limits:
            figs.overruns[r.id] = limits
    figs.repairs_overrun = len(figs.overruns)
    figs.repair_points = [(r.id, r.level, r.lon, r.lat) for r in repairs if r.lon is not None and r.lat is not None]
    serious = [r for r in repairs if r.level in SERIOUS_LEVELS]
    figs.serious_ids = frozenset(r.id for r in serious)
    if serious:
        r = max(serious, key=lambda r: (as_utc(r.reported_at), r.id))
        street = session.scalar(select(Pipe.street).where(Pipe.id == r.pipe_id)) if r.pipe_id is not None else None
        running = [o for o in check(r, now, tz) if o.running]
        worst = max(running, key=lambda o: o.elapsed_min - o.target_min, default=None)
        figs.newest_serious = SeriousRepair(
            r.id, r.code, r.level, r.category, r.address, as_utc(r.reported_at), r.dispatched_at is not None,
            r.lon, r.lat, street or None, None if worst is None else round(worst.elapsed_min - worst.target_min, 1),
            None if worst is None else worst.limit)

    figs.coverage = merge_coverage(coverage_placeholders(session), coverage_ratios)
    figs.leak_survey = day_status(session, now.astimezone(tz).date(), now)
    figs.leak_survey_last_day = last_day_status(session, now)
    figs.coverage = with_leak_survey(figs.coverage, figs.leak_survey, figs.leak_survey_last_day)

    from services.drill.clock import drill_clocks

    now_s = now.timestamp()
    clocks = drill_clocks(session)  # a drill's vehicles are judged by the drill's clock
    for status, last_t, device in session.execute(select(Vehicle.status, Vehicle.last_t, Vehicle.device_id)):
        if status == "off_duty":
            continue
        figs.vehicles_on_duty += 1
        at = clocks.device_now(device, now_s) if clocks else now_s
        if last_t is None or at - float(last_t) > lost_after_s:
            figs.vehicles_lost += 1

    matrix = report_matrix(session, now.astimezone(tz).date(), now, tz)
    figs.reports_missing = len(matrix.missing)
    figs.reports_expected = len(matrix.units) * len(matrix.slots)

    for item in session.scalars(select(ActionItem).where(ActionItem.status == "open")):
        figs.items_open += 1
        figs.items_overdue += is_overdue(item, now)
    from models.drill import DrillRun

    figs.hazards = hazard_counts(session, now.astimezone(tz).date(), tz, now)
    figs.drill = session.scalars(select(DrillRun.code).order_by(DrillRun.id.desc()).limit(1)).first()
    return figs


def banner_state(repair: SeriousRepair | None, now: dt.datetime, keep: dt.timedelta = BANNER_KEEP) -> str | None:
    """How the wall's alarm banner shows a serious repair at ``now``.

    ``"flash"`` while it is not yet dispatched (nobody has acted on it);
    ``"steady"`` once dispatched, until ``keep`` after it was reported;
    None afterwards (the figures and the map still show it).

    Parameters
    ----------
    repair
        :attr:`WallFigures.newest_serious`.
    now
        The clock.
    keep
        How long a dispatched repair keeps a steady banner.
    """
    if repair is None:
        return None
    if not repair.dispatched:
        return "flash"
    return "steady" if as_utc(now) - repair.reported_at < keep else None
