"""Play a drill's day into the store: units, positions through the feed, incidents through the desk's services.

:class:`DrillRunner` sets up the drill's own squads, posts, patch patrollers and
vehicles (every row ledgered, see :mod:`services.drill.ledger`), then runs the
simulated clock from the scenario's start to its end (or ``until``), ``speed``
times faster than real time (0: as fast as the machine goes):

- every device reports as an OsmAnd/Traccar client would, over HTTP: the drill
  starts a real :class:`gis.feeds.osmand.OsmAndListener` on a free localhost
  port, feeding the desk's :class:`~services.feed.routing.RoutingSink` (vehicles →
  positions, patrollers → track points with their team), and posts each
  simulated second's reports to it as pipelined keep-alive requests over a few
  connections (:class:`demo.drill.poster.Poster`); the listener's and the sink's
  clock is the drill's, and a report counts as sent once answered 200 (stored);
- the scripted incidents go through the services the desk uses: a burst is
  opened with :func:`services.repairs.open_repair` (level raised near a guarded
  place), dispatched to the vehicle with the shortest street travel time
  (:func:`gis.dispatch.nearest_vehicles`), driven there by the vehicle
  simulator, isolated with :mod:`gis.isolation`; zero reports are recorded with
  :func:`services.duty.zero_reports.record_report` (one left out); a construction site
  digging near a main raises an action item at the day's meeting.

Nothing here imports Qt: the command line and the desk (on a worker thread) run
the same code.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

import numpy as np
import shapely
from sqlalchemy import func, select

from demo.drill.movers import Departure, Movers, MoverSpec
from demo.drill.scenario import Incident, Scale, Scenario, hhmm_minutes
from gis.feeds import KNOT_MPS
from gis.feeds.osmand import OsmAndListener
from demo.drill.poster import Poster
from services.feed.routing import RoutingSink
from models.drill import DrillDevice, DrillRun
from models.patrol import Person, Shift, Team, TrackPoint
from models.repair import Position, Repair, Vehicle
from services.drill import ledger
from services import no_translation
from services.drill.ledger import DrillError

log = logging.getLogger(__name__)

USER = "drill"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢佳阳"


def person_name(i: int) -> str:
    """A distinct Chinese name for the ``i``-th drill person (deterministic)."""
    return _SURNAMES[(i * 7) % len(_SURNAMES)] + _GIVEN[(i * 11) % len(_GIVEN)] + _GIVEN[(i * 5 + 3) % len(_GIVEN)]


@dataclass
class DrillOptions:
    """How to run a scenario.

    Attributes
    ----------
    day
        The day to simulate (default: the scenario's date, else the eve of the event).
    speed
        Simulated seconds per wall second (0: as fast as possible).
    until
        Stop at this local time (``HH:MM``) instead of the scenario's end.
    start
        Start at this local time instead of the scenario's start (tests run short windows).
    scale
        Override the scenario's scale (tests run small days).
    seed
        Random seed: the same seed gives the same day.
    lang
        Language of the texts the drill writes (repair reasons, action items).
    connections
        Keep-alive connections the devices' reports are spread over.
    """

    day: dt.date | None = None
    speed: float = 10.0
    until: str | None = None
    start: str | None = None
    scale: Scale | None = None
    seed: int = 0
    lang: str = "zh_CN"
    connections: int = 4
    #: Translates the messages of :class:`DrillError` (the caller's translator; identity by default).
    tr: Callable[[str], str] = no_translation


@dataclass
class TimelineEntry:
    """One line of the drill's own log (what only the drill knows: a tracker falling silent)."""

    t: float
    kind: str
    text: str
    text_zh: str

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"t": self.t, "kind": self.kind, "text": self.text, "text_zh": self.text_zh}


@dataclass
class _Units:
    devices_patrol: dict[str, int] = field(default_factory=dict)   # device → team id
    vehicles: list[tuple[str, int, float, float]] = field(default_factory=list)  # device, id, lon, lat
    posts: list[tuple[str, int]] = field(default_factory=list)   # device, pipe position
    specs: list[MoverSpec] = field(default_factory=list)
    people: int = 0
    crew: int = 0
    squads: int = 0


class DrillRunner:
    """Set up and play one drill.

    Parameters
    ----------
    store
        The event's store (the drill's rows are ledgered and wiped with ``drill --wipe``).
    scenario
        A checked scenario.
    options
        Day, speed, window, scale, seed.
    progress
        Called now and then (from the running thread) with a dict: ``t``,
        ``local`` (HH:MM), ``positions``, ``devices``, ``run``.
    """

    def __init__(self, store, scenario: Scenario, options: DrillOptions | None = None, *,
                 progress: Callable[[dict], None] | None = None) -> None:
        self.store = store
        self.scenario = scenario
        self.options = options or DrillOptions()
        self.scale = self.options.scale or scenario.scale
        self.progress = progress
        self._stop = threading.Event()
        self.run_id: int | None = None
        self.code = ""
        self.timeline: list[TimelineEntry] = []
        self.now = 0.0
        self.sink: RoutingSink | None = None
        self.listener: OsmAndListener | None = None
        self.poster: Poster | None = None
        self.sim = None
        self.movers: Movers | None = None
        self._events: list[tuple[float, int, Callable[[float], None]]] = []
        self._seq = 0
        self._silent: dict[str, tuple[float, float]] = {}
        self._lost: set[str] = set()
        self._vehicle_changes: list[tuple[str, str, float, object]] = []
        self.repair_ids: list[int] = []
        self.positions_sent = 0

    # -- set-up ------------------------------------------------------------------------------
    def stop(self) -> None:
        """Ask a running drill to stop at its next step (it records what it did)."""
        self._stop.set()

    def prepare(self) -> dict:
        """Check the store and the day, create the run and its units; returns what was created.

        Raises
        ------
        DrillError
            No event, no plan, a day that holds real positions, or a scenario
            naming a place, post, patch, unit, vehicle or site the store lacks.
        """
        from services.patrol.data import PatrolDataError, load_patrol_session

        event = self.store.current_event()
        if event is None:
            raise DrillError(self.options.tr("No event in the store: run 'python app.py demo' or import one first."))
        self.event = event
        self.tz = ZoneInfo(event.timezone or "UTC")
        self.crs = event.local_crs
        first_day = event.starts_at.astimezone(self.tz).date()
        self.day = self.options.day or self.scenario.date or (first_day - dt.timedelta(days=1))
        self.anchor_dt = dt.datetime.combine(self.day, dt.time(0, 0), tzinfo=self.tz)
        self.anchor = self.anchor_dt.timestamp()
        start = self.options.start or self.scenario.start
        end = self.options.until or self.scenario.end
        self.t0 = self.anchor + hhmm_minutes(start) * 60.0
        self.t1 = self.anchor + hhmm_minutes(end) * 60.0
        if self.t1 <= self.t0:
            raise DrillError(self.options.tr("The drill would end ({0}) before it starts ({1}).").format(end, start))
        self._check_day_is_free()
        try:
            self.patrol = load_patrol_session(self.store, self.day, with_fixes=False)
        except PatrolDataError as exc:
            raise DrillError(str(exc)) from None
        from demo.fleet_sim import load_street_graph

        self.streets = load_street_graph(self.store)
        self._check_scenario()
        units = self._create_units()
        self.units = units
        self.movers = Movers(self.patrol.geoms, units.specs, self.anchor, self.crs, seed=self.options.seed,
                             departures=self._departures())
        from demo.vehicle_sim import Simulator

        self.sim = Simulator(self.streets, [(d, lon, lat) for d, _, lon, lat in units.vehicles],
                             seed=self.options.seed, roam=True,
                             on_status=lambda d, st, t, r: self._vehicle_changes.append((d, st, t, r)))
        self.sink = RoutingSink(self.store.engine, units.devices_patrol, clock=lambda: self.now,
                                flush_interval=0.2, lost_after_s=120.0)
        self._schedule_incidents()
        return {"run": self.code, "day": self.day.isoformat(), "devices": len(units.devices_patrol) + len(units.vehicles),
                "patrol_devices": len(units.devices_patrol), "vehicles": len(units.vehicles), "people": units.people,
                "crew": units.crew, "squads": units.squads, "posts": len(units.posts)}

    def _check_day_is_free(self) -> None:
        end = self.anchor + 86_400.0
        with self.store.session() as s:
            mine = select(DrillDevice.device)
            real_fixes = s.scalar(select(func.count()).select_from(TrackPoint).where(
                TrackPoint.t >= self.anchor, TrackPoint.t < end, TrackPoint.device.not_in(mine)))
            real_positions = s.scalar(select(func.count()).select_from(Position).where(
                Position.t >= self.anchor, Position.t < end, Position.device.not_in(mine)))
            earlier = ledger.run_of_day(s, self.day)
        if real_fixes or real_positions:
            raise DrillError(self.options.tr(
                "{0} already holds {1} patrol fixes and {2} vehicle positions of the real event; a drill "
                "simulates a day of its own: choose another --date.").format(self.day.isoformat(), real_fixes,
                                                                            real_positions))
        if earlier is not None:
            raise DrillError(self.options.tr(
                "Drill {0} already simulated {1}: wipe it first (python app.py drill --wipe) or choose another "
                "--date.").format(earlier.code, self.day.isoformat()))

    def _check_scenario(self) -> None:
        from models.duty import ReportingUnit
        from models.event import ConstructionSite, GuardedPlace

        with self.store.session() as s:
            places = set(s.scalars(select(GuardedPlace.code)))
            units = set(s.scalars(select(ReportingUnit.code)))
            sites = set(s.scalars(select(ConstructionSite.code)))
        patches = set(self.patrol.patches["code"]) if len(self.patrol.patches) else set()
        problems = []
        for inc in self.scenario.incidents:
            f = inc.fields
            if inc.kind == "burst" and f["place"] not in places:
                problems.append(f"burst at {inc.at}: no guarded place {f['place']!r}")
            elif inc.kind == "patch_skip" and f["patch"] not in patches:
                problems.append(f"patch_skip at {inc.at}: no patch {f['patch']!r} (run 'python app.py plan')")
            elif inc.kind == "missing_zero_report" and f["unit"] not in units:
                problems.append(f"missing_zero_report at {inc.at}: no reporting unit {f['unit']!r}")
            elif inc.kind == "construction_dig" and f["site"] not in sites:
                problems.append(f"construction_dig at {inc.at}: no construction site {f['site']!r}")
            elif inc.kind == "post_departure" and not 1 <= int(f["post"]) <= self.scale.stationed:
                problems.append(f"post_departure at {inc.at}: post {f['post']} is not one of 1–{self.scale.stationed}")
            elif inc.kind == "vehicle_silent" and not 1 <= int(f["vehicle"]) <= self.scale.vehicles:
                problems.append(f"vehicle_silent at {inc.at}: vehicle {f['vehicle']} is not one of 1–{self.scale.vehicles}")
        if problems:
            raise DrillError(f"{self.scenario.source}: " + "; ".join(problems))

    def _rule_positions(self, rule: str) -> np.ndarray:
        plan = self.patrol.plan
        reqs = [k for k, info in self.patrol.infos.items() if info.rule == rule]
        return np.unique(plan["pos"].to_numpy()[plan["requirement_id"].isin(reqs).to_numpy()]).astype(np.int64)

    def _create_units(self) -> _Units:
        from models.duty import DutyShift
        from services.duty.desk import open_meeting

        sc = self.scale
        rng = np.random.default_rng(self.options.seed)
        units = _Units()
        mid = self.patrol.geoms
        with self.store.session() as s:
            ledger.write_lock(s)
            code = ledger.next_code(s)
            run = DrillRun(code=code, scenario=self.scenario.name[:255], day=self.day.isoformat(),
                           speed=float(self.options.speed), status="running")
            s.add(run)
            s.flush()
            self.run_id, self.code = run.id, code
            ledger.track(s, run.id)
            change = hhmm_minutes(sc.shift_change)
            change_dt = self.anchor_dt + dt.timedelta(minutes=change)
            shifts = (("day", self.anchor_dt + dt.timedelta(hours=8), change_dt),
                      ("night", change_dt, self.anchor_dt + dt.timedelta(days=1, hours=8)))
            person = 0

            def team(tcode: str, name: str, name_zh: str, kind: str, patch_id=None) -> Team:
                t = Team(code=tcode, name=name, name_zh=name_zh, kind=kind, patch_id=patch_id,
                         leader=person_name(person), phone=f"+423 790 {person:04d}")
                s.add(t)
                s.flush()
                for sname, a, b in shifts:
                    s.add(Shift(team_id=t.id, name=sname, starts_at=a, ends_at=b))
                return t

            def members(t: Team, device: str, unit: str) -> None:
                nonlocal person
                for sname, _, _ in shifts:  # double shifts: one person per device per shift
                    s.add(Person(name=person_name(person), phone=f"+423 791 {person:04d}",
                                 role=f"{sname} shift · {device}", unit=unit, team_id=t.id))
                    person += 1
                    units.people += 1

            start_s, end_s = self.t0 - self.anchor, 86_400.0
            # Venue squads: the venue guard segments, split around their centre into one sector per squad.
            vg = self._rule_positions("venue_guard")
            n_squad_guards = sc.guards - sc.stationed - sc.patch_patrollers
            if len(vg) and sc.venue_squads:
                xy = shapely.get_coordinates(shapely.line_interpolate_point(mid[vg], 0.5, normalized=True))
                angle = np.arctan2(*(xy - xy.mean(axis=0)).T[::-1])
                sectors = np.array_split(vg[np.argsort(angle)], sc.venue_squads)
                g = 0
                for k, lines in enumerate(sectors, start=1):
                    t = team(f"{code}-VG{k}", f"Drill venue squad {k}", f"演练会场保障{k}组", "venue_guard")
                    units.squads += 1
                    size = n_squad_guards // sc.venue_squads + (1 if k <= n_squad_guards % sc.venue_squads else 0)
                    for _ in range(size):
                        g += 1
                        device = f"{code}-g{g:03d}"
                        members(t, device, "Venue guard squads")
                        units.devices_patrol[device] = t.id
                        units.specs.append(MoverSpec(device, lines, start_s, end_s, speed_mps=1.3))
            # Stationed posts: one guard standing at each exposed segment.
            posts = self._rule_positions("stationed_post")
            codes = self.patrol.pipe_codes[posts] if len(posts) else []
            posts = posts[np.argsort(codes)] if len(posts) else posts
            if sc.stationed:
                t = team(f"{code}-ST", "Drill stationed posts", "演练露明段驻守组", "stationed")
                for k in range(sc.stationed):
                    if not len(posts):
                        break
                    device = f"{code}-p{k + 1:02d}"
                    pipe = int(posts[k % len(posts)])
                    members(t, device, "Stationed posts")
                    units.devices_patrol[device] = t.id
                    units.posts.append((device, pipe))
                    units.specs.append(MoverSpec(device, np.array([pipe]), start_s, end_s, speed_mps=0.0))
            # Patch patrollers, spread over the patches; a scripted team skips one cluster all day.
            patches = list(self.patrol.patches.itertuples())
            skips = {i.fields["patch"]: float(i.fields["fraction"]) for i in self.scenario.of_kind("patch_skip")}
            if patches and sc.patch_patrollers:
                per = np.array_split(np.arange(sc.patch_patrollers), len(patches))
                for p, idx in zip(patches, per):
                    if not len(idx):
                        continue
                    lines = np.flatnonzero(self.patrol.pipe_patch == int(p.id))
                    t = team(f"{code}-{p.code}", f"Drill patrol {p.code}", f"演练管片巡检{p.code}", "patrol",
                             patch_id=int(p.id))
                    avoid = (Movers.skip_cluster(self.movers_midpoints(), lines, skips[p.code], rng)
                             if p.code in skips else None)
                    for j in idx:
                        device = f"{code}-r{int(j) + 1:02d}"
                        members(t, device, "Network patrol division")
                        units.devices_patrol[device] = t.id
                        units.specs.append(MoverSpec(device, lines, start_s, end_s, speed_mps=6.0, avoid=avoid))
            # Repair vehicles at the depots of the event's vehicles, 52 with their crews.
            depots = [(lon, lat) for lon, lat in s.execute(
                select(Vehicle.depot_lon, Vehicle.depot_lat).where(Vehicle.depot_lon.is_not(None))
                .order_by(Vehicle.id)).all()]
            if not depots:
                x, y = self.streets.node_xy(next(iter(self.streets.graph.nodes)))
                depots = [tuple(map(float, self.streets.to_wgs84(x, y)))]
            for k in range(sc.vehicles):
                lon, lat = depots[k % len(depots)]
                crew = [person_name(10_000 + k * sc.crew_per_vehicle + j) for j in range(sc.crew_per_vehicle)]
                v = Vehicle(code=f"{code}-V{k + 1:02d}", name=f"Drill repair truck {k + 1:02d}",
                            name_zh=f"演练抢修车{k + 1:02d}", device_id=f"{code}-v{k + 1:02d}", kind="repair",
                            plate=f"FL D{k + 1:03d}", crew=", ".join(crew), status="available",
                            depot_lon=float(lon), depot_lat=float(lat), version=1)
                s.add(v)
                s.flush()
                units.crew += len(crew)
                units.vehicles.append((v.device_id, v.id, float(lon), float(lat)))
            # The duty roster of the drill's day (double shifts) and its meeting.
            if not s.scalars(select(DutyShift).where(DutyShift.day == self.day)).first():
                for sname in ("day", "night"):
                    s.add(DutyShift(day=self.day, shift=sname, leader=person_name(20_000 + (sname == "night")),
                                    phone="+423 792 0000", double_shift_units="all units (drill)"))
            s.flush()
            now = dt.datetime.fromtimestamp(self.t0, dt.timezone.utc)
            self.meeting_id = open_meeting(s, self.day, user=USER, now=now, tz=self.tz).id
            ledger.add_devices(s, run.id, list(units.devices_patrol) + [v[0] for v in units.vehicles])
            s.commit()
        return units

    def movers_midpoints(self) -> np.ndarray:
        """Midpoints of the plan's lines (metric), for picking skipped clusters."""
        if not hasattr(self, "_mid"):
            self._mid = shapely.get_coordinates(shapely.line_interpolate_point(self.patrol.geoms, 0.5, normalized=True))
        return self._mid

    def _departures(self) -> list[Departure]:
        out = []
        for inc in self.scenario.of_kind("post_departure"):
            k = int(inc.fields["post"]) - 1
            if k < len(self.units.posts):
                out.append(Departure(self.units.posts[k][0], inc.minutes() * 60.0,
                                     float(inc.fields["minutes"]) * 60.0, float(inc.fields["distance_m"])))
        return out

    # -- the scripted day ---------------------------------------------------------------------
    def _at(self, t: float, action: Callable[[float], None]) -> None:
        self._seq += 1
        heapq.heappush(self._events, (t, self._seq, action))

    def _log(self, t: float, kind: str, text: str, text_zh: str) -> None:
        self.timeline.append(TimelineEntry(t, kind, text, text_zh))
        log.info("drill %s %s: %s", self.code, dt.datetime.fromtimestamp(t, self.tz).strftime("%H:%M:%S"), text)

    def _schedule_incidents(self) -> None:
        for inc in self.scenario.incidents:
            t = self.anchor + inc.minutes() * 60.0
            if inc.kind != "patch_skip" and not self.t0 <= t <= self.t1:
                continue  # outside the window played (a short drill plays part of the day)
            if inc.kind == "burst":
                self._at(t, lambda now, inc=inc: self._burst(now, inc))
            elif inc.kind == "vehicle_silent":
                device = self.units.vehicles[int(inc.fields["vehicle"]) - 1][0]
                self._silent[device] = (t, t + float(inc.fields["minutes"]) * 60.0)
            elif inc.kind == "construction_dig":
                self._at(t, lambda now, inc=inc: self._dig(now, inc))
            elif inc.kind == "post_departure":
                device = self.units.posts[int(inc.fields["post"]) - 1][0] if self.units.posts else "?"
                self._at(t, lambda now, d=device, inc=inc: self._log(
                    now, "post_departure", f"The guard of post {inc.fields['post']} ({d}) leaves his post",
                    f"{inc.fields['post']}号驻守点人员（{d}）离岗"))
            elif inc.kind == "patch_skip":
                self._at(max(t, self.t0), lambda now, inc=inc: self._log(
                    now, "patch_skip", f"The patrol of {inc.fields['patch']} skips "
                    f"{inc.fields['fraction']:.0%} of its patch",
                    f"{inc.fields['patch']}管片巡检漏巡约{inc.fields['fraction']:.0%}"))
        # Zero reports: every unit at every slot inside the window, except the scripted missing ones.
        from services.duty.zero_reports import grace_minutes, report_slots

        with self.store.session() as s:
            slots = report_slots(s)
            grace = grace_minutes(s)
        missing = {(i.fields["unit"], i.at) for i in self.scenario.of_kind("missing_zero_report")}
        for slot in slots:
            t = self.anchor + hhmm_minutes(slot) * 60.0
            if self.t0 <= t <= self.t1:  # units report in the ten minutes before the slot (or from the start)
                self._at(max(self.t0, t - 600.0), lambda now, slot=slot, t=t: self._zero_reports(now, slot, missing, t))
            deadline = t + grace * 60.0
            if self.t0 <= deadline <= self.t1:
                self._at(deadline, lambda now, slot=slot: self._check_alarms(now, slot))

    def _session(self):
        """A ledgered session that takes the write lock first.

        On SQLite a transaction that reads and then writes fails at once
        ("database is locked") when the feed's writer committed in between; a
        write as the first statement waits for the lock instead (busy timeout).
        """
        s = self.store.session()
        ledger.track(s, self.run_id)
        ledger.write_lock(s)
        return s

    def _dt(self, t: float) -> dt.datetime:
        return dt.datetime.fromtimestamp(t, dt.timezone.utc)

    def _zero_reports(self, now: float, slot: str, missing: set[tuple[str, str]], slot_t: float) -> None:
        from models.duty import ReportingUnit
        from services.duty.zero_reports import record_report

        rng = np.random.default_rng(int(now))
        with self._session() as s:
            for unit in s.scalars(select(ReportingUnit).order_by(ReportingUnit.code)):
                if (unit.code, slot) in missing:
                    continue
                at = now + float(rng.uniform(0, max(0.0, min(540.0, slot_t - now))))
                record_report(s, unit_id=unit.id, day=self.day, slot=slot, safe=True, reported_by=unit.contact,
                              received_at=self._dt(at), user=USER, now=self._dt(at))
            s.commit()

    def _check_alarms(self, now: float, slot: str) -> None:
        from services.duty.zero_reports import alarms

        with self.store.session() as s:
            cells = [c for c in alarms(s, self.day, self._dt(now), self.tz) if c.slot == slot]
        for c in cells:
            self._log(now, "zero_report_missing", f"Zero report of {c.unit_code} for {slot} missing: alarm",
                      f"{c.unit_name}{slot}零报告未报：告警")

    def _dig(self, now: float, inc: Incident) -> None:
        from services.duty.desk import close_item, raise_item
        from services.patrol.data import read_metric

        with self.store.engine.connect() as conn:
            sites = read_metric(conn, "sites", self.crs, ["code", "name"])
            pipes = read_metric(conn, "pipes", self.crs, ["code", "diameter_mm"])
        site = sites[sites["code"] == inc.fields["site"]]
        geom = site.geometry.iloc[0]
        d = shapely.distance(pipes.geometry.to_numpy(), geom)
        mains = (pipes["diameter_mm"].fillna(0).to_numpy() >= 150)
        pick = np.flatnonzero(mains) if mains.any() else np.arange(len(pipes))
        j = int(pick[np.argmin(d[pick])])
        pipe_code, dn, dist = pipes["code"].iloc[j], pipes["diameter_mm"].iloc[j], float(d[j])
        name = site["name"].iloc[0]
        zh = self.options.lang.startswith("zh")
        problem = (f"施工工地“{name}”在主管{pipe_code}（DN{dn:.0f}）{dist:.0f}米处开挖" if zh else
                   f"Construction site {name} digging {dist:.0f} m from main {pipe_code} (DN{dn:.0f})")
        plan = ("停止开挖，标出管位，派人现场监护" if zh else
                "Stop digging, mark the main, a guard on site")
        close_at = now + float(inc.fields["close_after_min"]) * 60.0
        with self._session() as s:
            item = raise_item(s, meeting_id=self.meeting_id, category="safety", problem=problem, plan=plan,
                              owner=str(inc.fields.get("owner") or ""), deadline=self._dt(close_at),
                              user=USER, now=self._dt(now))
            s.commit()
            item_id = item.id
        self._log(now, "construction_dig", problem, problem if zh else problem)

        def close(t: float) -> None:
            with self._session() as s:
                close_item(s, item_id=item_id, text="已标出管位，现场监护到位" if zh else "Main marked, guard on site",
                           meeting_id=self.meeting_id, user=USER, now=self._dt(t))
                s.commit()
            self._log(t, "action_closed", f"Action item on {name} closed", f"{name}督办事项已关闭")

        if close_at <= self.t1:
            self._at(close_at, close)

    def _burst(self, now: float, inc: Incident) -> None:
        from models.event import GuardedPlace
        from services.patrol.data import read_metric
        from services.repairs.opening import open_repair

        f = inc.fields
        with self.store.session() as s:
            place = s.scalars(select(GuardedPlace).where(GuardedPlace.code == f["place"])).first()
            place_name = place.name
        with self.store.engine.connect() as conn:
            pipes = read_metric(conn, "pipes", self.crs, ["code", "diameter_mm"])
        import geopandas as gpd

        with self.store.session() as s:
            from services.repairs.opening import guarded_places

            gp = guarded_places(s)
        gp = gp[gp["code"] == f["place"]].to_crs(self.crs) if len(gp) else gp
        geom = gp.geometry.iloc[0]
        d = shapely.distance(pipes.geometry.to_numpy(), geom)
        ok = (pipes["diameter_mm"].fillna(0).to_numpy() >= float(f["diameter_min_mm"])) & (d <= float(f["search_m"]))
        pick = np.flatnonzero(ok) if ok.any() else np.argsort(d)[:1]
        j = int(pick[np.argmin(d[pick])])
        point = shapely.line_interpolate_point(pipes.geometry.iloc[j], 0.5, normalized=True)
        ll = gpd.GeoSeries([point], crs=self.crs).to_crs("EPSG:4326").iloc[0]
        with self._session() as s:
            opened = open_repair(s, lon=float(ll.x), lat=float(ll.y), level="V", category="burst",
                                 caller=str(f.get("caller") or "") or None,
                                 address=place_name, description=str(f.get("description") or "") or None,
                                 reported_at=self._dt(now), lang=self.options.lang, user=USER)
            s.commit()
            repair_id, rcode, level = opened.repair.id, opened.repair.code, opened.repair.level
            reason = opened.repair.level_reason or ""
        self.repair_ids.append(repair_id)
        self._log(now, "burst", f"Main burst near {place_name}: repair {rcode}, level {level} ({reason})",
                  f"{place_name}附近主管爆裂：抢修单{rcode}，{level}级（{reason}）")
        self._at(now + float(f["call_to_dispatch_min"]) * 60.0, lambda t: self._dispatch(t, repair_id, f))

    def _dispatch(self, now: float, repair_id: int, f: dict) -> None:
        import pandas as pd

        from gis.dispatch import nearest_vehicles
        from services.repairs.records import assign_vehicle

        devices = {d: (vid, lon, lat) for d, vid, lon, lat in self.units.vehicles}
        rows = []
        for device, v in self.sim.vehicles.items():
            if v.status != "available" or device not in devices:
                continue
            lon, lat = self.streets.to_wgs84(v.x, v.y)
            rows.append((devices[device][0], device, "available", float(lon), float(lat)))
        frame = pd.DataFrame(rows, columns=["id", "code", "status", "lon", "lat"])
        with self.store.session() as s:
            r = s.get(Repair, repair_id)
            rlon, rlat = r.lon, r.lat
        best = nearest_vehicles(self.streets, frame, rlon, rlat, k=1, now=self._dt(now))
        if not best:
            self._log(now, "dispatch_failed", "No vehicle can reach the burst", "无车辆可到达爆管现场")
            return
        choice = best[0]
        vid = int(choice.vehicle_id)
        device = next(d for d, (i, _, _) in devices.items() if i == vid)
        with self._session() as s:
            repair, vehicle = s.get(Repair, repair_id), s.get(Vehicle, vid)
            assign_vehicle(s, repair, vehicle, self._dt(now), USER)
            s.commit()
            vcode = vehicle.code
        # The crew turns out first (the truck stops where it is), then drives the street graph's route:
        # a truck passing by the site arrives after the turnout, not seconds after the call.
        turnout = float(f.get("turnout_min", 2.0))
        drive = self.sim.dispatch(device, rlon, rlat, now, on_site_s=10 * 86_400.0, repair=repair_id,
                                  turnout_s=turnout * 60.0)
        self._burst_plan = (repair_id, f)
        dist = choice.distance_m if np.isfinite(choice.distance_m) else float("nan")
        self._log(now, "dispatch", f"{vcode} dispatched (fastest by street travel time: {dist:.0f} m, "
                  f"{turnout:g} min turnout + {drive / 60:.1f} min drive)",
                  f"派{vcode}（街道行驶时间最短：{dist:.0f}米，出车准备{turnout:g}分钟+行驶{drive / 60:.1f}分钟）")

    def _arrived(self, now: float, repair_id: int) -> None:
        from services.repairs.records import set_milestone

        with self._session() as s:
            repair = s.get(Repair, repair_id)
            if repair.arrived_at is None:
                set_milestone(s, repair, "arrived", self._dt(now), USER)
            s.commit()
            code = repair.code
        self._log(now, "arrived", f"Crew on site at {code}", f"抢修人员到达{code}现场")
        f = self._burst_plan[1]
        t_iso = now + float(f["isolate_after_min"]) * 60.0
        t_rep = t_iso + float(f["repair_after_min"]) * 60.0
        t_res = t_rep + float(f["restore_after_min"]) * 60.0
        self._at(t_iso, lambda t: self._milestone(t, repair_id, "isolated"))
        self._at(t_rep, lambda t: self._milestone(t, repair_id, "repaired"))
        self._at(t_res, lambda t: self._milestone(t, repair_id, "restored"))

    def _milestone(self, now: float, repair_id: int, milestone: str) -> None:
        from services.repairs.records import set_milestone

        detail, detail_zh = "", ""
        if milestone == "isolated":
            detail, detail_zh = self._isolation(repair_id)
        with self._session() as s:
            repair = s.get(Repair, repair_id)
            set_milestone(s, repair, milestone, self._dt(now), USER)
            s.commit()
            code = repair.code
        names = {"isolated": ("valves closed", "关阀止水"), "repaired": ("pipe repaired", "管道修复"),
                 "restored": ("supply and road restored", "恢复供水和路面")}
        en, zh = names[milestone]
        self._log(now, milestone, f"{code}: {en}{detail}", f"{code}：{zh}{detail_zh}")

    def _isolation(self, repair_id: int) -> tuple[str, str]:
        from services.isolation import load_network

        with self.store.session() as s:
            pipe_id = s.get(Repair, repair_id).pipe_id
        if pipe_id is None:
            return "", ""
        try:
            with self.store.engine.connect() as conn:
                result = load_network(conn).isolate(int(pipe_id))
        except Exception as exc:  # noqa: BLE001 — the drill goes on; the log says why
            return f" (isolation not computed: {exc})", f"（未能计算关阀方案：{exc}）"
        n, m = len(result.valves), result.isolated_length_m
        return (f" ({n} valves, {m:.0f} m without water)", f"（关阀{n}个，停水管长{m:.0f}米）")

    # -- the clock ---------------------------------------------------------------------------
    def _ingest(self, device: str, t: float, lon: float, lat: float, speed_mps: float | None,
                heading: float | None, accuracy: float | None) -> None:
        """One report the way a Traccar Client sends it: a ``GET /?id=…`` queued for this second's burst."""
        target = f"/?id={device}&lat={lat:.7f}&lon={lon:.7f}&timestamp={t:.0f}"
        if speed_mps is not None:
            target += f"&speed={speed_mps / KNOT_MPS:.2f}"
        if heading is not None and math.isfinite(heading):
            target += f"&bearing={heading:.1f}"
        if accuracy is not None:
            target += f"&accuracy={accuracy:.1f}"
        self.poster.add(device, target)

    def _sync_vehicles(self, now: float) -> None:
        if not self._vehicle_changes:
            return
        from services.repairs.records import set_vehicle_status

        changes, self._vehicle_changes = self._vehicle_changes, []
        arrivals = []
        with self._session() as s:
            by_device = {v.device_id: v for v in s.scalars(select(Vehicle).where(
                Vehicle.device_id.in_({c[0] for c in changes})))}
            for device, status, t, repair in changes:
                v = by_device.get(device)
                if v is not None and v.status != status:
                    set_vehicle_status(s, v, status, user=USER)
                if status == "on_site" and repair is not None:
                    arrivals.append((t, int(repair)))
            s.commit()
        for t, repair in arrivals:
            self._arrived(t, repair)

    def _tell_clock(self, now: float) -> None:
        """Store how far the drill's clock has got: the desk and the wall judge the drill's rows by it."""
        from sqlalchemy import update

        with self.store.session() as s:
            s.execute(update(DrillRun).where(DrillRun.id == self.run_id).values(sim_until=now))
            s.commit()

    def _check_lost(self, now: float) -> None:
        lost = set(self.sink.lost_devices(now))
        for device in sorted(lost - self._lost):
            self._log(now, "vehicle_lost", f"{device} silent for 2 minutes: lost", f"{device}两分钟无定位：失联")
        for device in sorted(self._lost - lost):
            self._log(now, "vehicle_back", f"{device} reporting again", f"{device}恢复定位")
        self._lost = lost

    def run(self, sleep: Callable[[float], None] = time.sleep,
            monotonic: Callable[[], float] = time.monotonic) -> dict:
        """Play the day (call :meth:`prepare` first); returns the summary stored with the run.

        Positions are handed to the sink once per simulated second; with
        ``speed`` > 0 the loop waits so that simulated time runs ``speed``
        times as fast as the wall clock.
        """
        if self.sink is None:
            self.prepare()
        sc = self.scale
        self.sink.start()
        self.listener = OsmAndListener(self.sink, "127.0.0.1", 0, clock=lambda: self.now).start()
        self.poster = Poster("127.0.0.1", self.listener.port, connections=self.options.connections)
        status = "finished"
        wall0, step = monotonic(), 1.0
        self.now = t = self.t0
        self._tell_clock(t)
        next_patrol = next_vehicle = t
        last_progress = 0.0
        try:
            while t <= self.t1 and not self._stop.is_set():
                self.now = t
                while self._events and self._events[0][0] <= t:
                    when, _, action = heapq.heappop(self._events)
                    action(max(when, self.t0))
                if t >= next_patrol:
                    devices, lon, lat, acc = self.movers.sample(t)
                    for k, device in enumerate(devices):
                        self._ingest(device, t, float(lon[k]), float(lat[k]), None, None, float(acc[k]))
                    next_patrol += sc.fix_interval_s
                if t >= next_vehicle:
                    for r in self.sim.step(sc.vehicle_interval_s, t):
                        window = self._silent.get(r.device)
                        if window is not None and window[0] <= t < window[1]:
                            continue
                        self._ingest(r.device, t, r.lon, r.lat, r.speed_mps, r.heading, 8.0)
                    next_vehicle += sc.vehicle_interval_s
                self.poster.send()
                if int(t) % 10 == 0:
                    self.poster.drain()  # what the lost check and the progress see is stored
                    self.positions_sent = self.poster.ok
                    if int(t) % 60 == 0:
                        self._tell_clock(t)
                    self._sync_vehicles(t)
                    self._check_lost(t)
                if self.progress is not None and monotonic() - last_progress > 0.5:
                    last_progress = monotonic()
                    self.progress(self.state())
                if self.options.speed > 0:
                    ahead = (t - self.t0) / self.options.speed - (monotonic() - wall0)
                    if ahead > 0:
                        sleep(ahead)
                t += step
            if self._stop.is_set():
                status = "stopped"
        except Exception:
            status = "failed"
            raise
        finally:
            try:
                self.poster.send()
                self.poster.drain()
            finally:
                self.positions_sent = self.poster.ok
                self.poster.close()
                self.listener.stop()
                self.sink.stop()
            self._sync_vehicles(self.now)
            summary = self.summary(status, monotonic() - wall0)
            with self.store.session() as s:
                ledger.write_lock(s)
                run = s.get(DrillRun, self.run_id)
                ledger.finish(s, run, status, self.now, summary)
                s.commit()
        return summary

    def state(self) -> dict:
        """Where the drill is (for progress displays)."""
        return {"run": self.code, "t": self.now,
                "local": dt.datetime.fromtimestamp(self.now, self.tz).strftime("%H:%M:%S"),
                "positions": self.positions_sent, "devices": len(self.units.devices_patrol) + len(self.units.vehicles)}

    def summary(self, status: str, wall_s: float) -> dict:
        """What the drill did: counts, the sink's counters and its own log."""
        stats = self.sink.stats() if self.sink is not None else {}
        return {"run": self.code, "status": status, "scenario": self.scenario.name,
                "scenario_zh": self.scenario.name_zh, "day": self.day.isoformat(),
                "from": dt.datetime.fromtimestamp(self.t0, self.tz).isoformat(),
                "to": dt.datetime.fromtimestamp(self.now, self.tz).isoformat(),
                "simulated_hours": round((self.now - self.t0) / 3600.0, 3), "wall_s": round(wall_s, 2),
                "devices": len(self.units.devices_patrol) + len(self.units.vehicles),
                "patrol_devices": len(self.units.devices_patrol), "vehicles": len(self.units.vehicles),
                "people": self.units.people, "crew": self.units.crew, "squads": self.units.squads,
                "positions_sent": self.positions_sent,
                "positions_stored": int(stats.get("stored", 0)) + int(stats.get("track_points", 0)),
                "rejected": int(stats.get("rejected", 0)),
                "listener": {"host": "127.0.0.1", "port": self.listener.port if self.listener else None,
                             "connections": self.options.connections,
                             "answers_not_200": self.poster.rejected[-5:] if self.poster else []},
                "repairs": list(self.repair_ids),
                "timeline": [e.as_dict() for e in self.timeline]}


def with_scale(scenario: Scenario, **changes) -> Scenario:
    """The scenario with some scale fields changed (tests run small days)."""
    return replace(scenario, scale=replace(scenario.scale, **changes))
