"""The non-geometric half of the demo event: people, teams, vehicles, rules.

Everything here is data the desk edits later: the six patrol requirements of
DESIGN.md §1 with their default frequencies and tolerances, the patrol and
guard teams with their members, repair vehicles at depots, reporting units
for the zero report, spare fittings, machinery, contacts, duty rosters and the
planned motorcade passages. Times carry the host city's UTC offset
(Europe/Vaduz is UTC+01:00 in December) and the loader stores them as UTC.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd

EVENT_START = dt.date(2026, 12, 1)
EVENT_DAYS = 3
TZ_OFFSET = "+01:00"  # Europe/Vaduz in winter (CET)

#: The six patrol requirements of DESIGN.md §1, as rows.
REQUIREMENTS = (
    {"code": "VENUE_GUARD", "name": "Venue guard", "name_zh": "会场驻地保障", "rule": "venue_guard",
     "interval_h": 4.0, "rounds_per_day": 6.0, "buffer_m": 100.0, "round_the_clock": True,
     "eligible_team_kinds": "venue_guard"},
    {"code": "STATIONED_POST", "name": "Stationed post on exposed mains", "name_zh": "输水管线露明段驻守",
     "rule": "stationed_post", "interval_h": 24.0, "rounds_per_day": 1.0, "buffer_m": 0.0,
     "round_the_clock": True, "eligible_team_kinds": "stationed"},
    {"code": "KEY_PLACES", "name": "Venue, key road and key area patrol", "name_zh": "会场驻地、重点道路及区域巡检",
     "rule": "key_places", "interval_h": 12.0, "rounds_per_day": 2.0, "buffer_m": 50.0,
     "round_the_clock": False, "eligible_team_kinds": ""},
    {"code": "TRANSMISSION", "name": "Transmission main, site and route patrol", "name_zh": "输水干线、工地及路线巡检",
     "rule": "transmission", "interval_h": 24.0, "rounds_per_day": 1.0, "buffer_m": 30.0,
     "round_the_clock": False, "eligible_team_kinds": ""},
    {"code": "PATCH", "name": "Patch patrol", "name_zh": "管片巡检", "rule": "patch",
     "interval_h": 12.0, "rounds_per_day": 2.0, "buffer_m": 0.0, "round_the_clock": False,
     "eligible_team_kinds": "patrol"},
    {"code": "LEAK_SURVEY", "name": "Leak survey reading", "name_zh": "测漏数据采集", "rule": "leak_survey",
     "interval_h": 24.0, "rounds_per_day": 1.0, "buffer_m": 0.0, "round_the_clock": False,
     "eligible_team_kinds": ""},
)
#: Tolerances shared by every requirement (D, F, S of DESIGN.md §1).
TOLERANCES = {"tolerance_m": 30.0, "covered_fraction": 0.8, "min_dwell_s": 60.0}

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = (
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "国庆", "晓东", "红梅", "立新", "建国", "春生",
    "永红", "文斌", "志刚", "丽华", "宏伟", "玉兰", "德胜", "卫东", "金凤", "小龙", "振华", "雪梅", "长江",
)


def _names(count: int, start: int = 0) -> list[str]:
    """Distinct Chinese person names in a fixed order (deterministic, no randomness)."""
    out = []
    for i in range(start, start + count):
        out.append(_SURNAMES[(i * 7) % len(_SURNAMES)] + _GIVEN[(i * 11) % len(_GIVEN)])
    return out


def _phone(i: int) -> str:
    # Liechtenstein mobile numbering (+423 7xx xx xx); the numbers are made up.
    n = 7_800_000 + i * 137
    s = str(n)
    return f"+423 {s[:3]} {s[3:5]} {s[5:]}"


def _local(day: dt.date, hhmm: str) -> str:
    return f"{day.isoformat()}T{hhmm}:00{TZ_OFFSET}"


def _teams() -> list[dict]:
    specs = (
        [("venue_guard", f"Venue guard group {i}", f"会场保障{z}组", 6) for i, z in zip(range(1, 5), "一二三四")]
        + [("stationed", f"Bridge post {i}", f"桥梁露明段驻守{z}组", 3) for i, z in zip(range(1, 3), "一二")]
        + [("patrol", f"Patrol team {i}", f"管网巡检{z}组", 4) for i, z in zip(range(1, 7), "一二三四五六")]
    )
    teams, k = [], 0
    for i, (kind, name, name_zh, size) in enumerate(specs):
        people = _names(size, k)
        k += size
        teams.append({
            "code": f"T{i + 1:02d}", "name": name, "name_zh": name_zh, "kind": kind,
            "leader": people[0], "phone": _phone(k), "device_id": f"patrol-{i + 1:02d}",
            "members": [{"name": p, "phone": _phone(k + j + 1), "role": "leader" if j == 0 else "patroller",
                         "unit": "Network patrol division" if kind == "patrol" else "Event guarantee division"}
                        for j, p in enumerate(people)],
        })
    return teams


def _team_shifts(teams: list[dict]) -> list[dict]:
    """Double shifts (day 08:00–20:00, night 20:00–08:00) for every team on every event day."""
    out = []
    for d in range(EVENT_DAYS):
        day = EVENT_START + dt.timedelta(days=d)
        nxt = day + dt.timedelta(days=1)
        for t in teams:
            out.append({"team": t["code"], "name": "day", "starts_at": _local(day, "08:00"), "ends_at": _local(day, "20:00")})
            out.append({"team": t["code"], "name": "night", "starts_at": _local(day, "20:00"), "ends_at": _local(nxt, "08:00")})
    return out


def _vehicles(depots: list[dict]) -> list[dict]:
    kinds = ["repair"] * 12 + ["water_tanker", "command"]
    crews = _names(2 * len(kinds), 200)
    out = []
    for i, kind in enumerate(kinds):
        depot = depots[i % len(depots)]
        label = {"repair": "Repair truck", "water_tanker": "Water tanker", "command": "Command car"}[kind]
        label_zh = {"repair": "抢修车", "water_tanker": "送水车", "command": "指挥车"}[kind]
        out.append({
            "code": f"RV{i + 1:02d}", "name": f"{label} {i + 1:02d}", "name_zh": f"{label_zh}{i + 1:02d}",
            "device_id": f"rv-{i + 1:02d}", "kind": kind, "plate": f"FL {21400 + i * 17}",
            "crew": f"{crews[2 * i]}, {crews[2 * i + 1]}", "status": "available",
            "depot": depot["name"], "depot_lon": depot["lon"], "depot_lat": depot["lat"],
        })
    return out


def _reporting_units() -> list[dict]:
    units = (
        ("Command centre", "指挥中心"), ("Call centre", "客服热线中心"), ("Schaan water works", "沙恩水厂"),
        ("Vaduz network branch", "瓦杜兹管网分公司"), ("Schaan network branch", "沙恩管网分公司"),
        ("Triesen network branch", "特里森管网分公司"), ("Balzers network branch", "巴尔采斯管网分公司"),
        ("Repair company", "抢修公司"), ("Leak survey team", "测漏队"), ("Venue guard headquarters", "会场保障指挥部"),
    )
    contacts = _names(len(units), 300)
    return [{"code": f"RU{i + 1:02d}", "name": n, "name_zh": z, "contact": c, "phone": _phone(300 + i),
             "double_shift": True} for i, ((n, z), c) in enumerate(zip(units, contacts))]


def _spare_parts() -> list[dict]:
    out = []
    for dn in (100, 150, 200, 300, 400, 600, 700, 800, 1000):
        out.append({"kind": "repair clamp", "diameter_mm": dn, "quantity": 12 if dn <= 300 else 4,
                    "location": "Vaduz central store", "odd_shaped": False})
        out.append({"kind": "pipe section 6 m", "diameter_mm": dn, "quantity": 8 if dn <= 300 else 3,
                    "location": "Vaduz central store", "odd_shaped": False})
        out.append({"kind": "gate valve", "diameter_mm": dn, "quantity": 3 if dn <= 400 else 1,
                    "location": "Vaduz central store", "odd_shaped": False})
    for kind in ("elbow 45°", "elbow 90°", "tee", "reducer", "flange adaptor", "dismantling joint"):
        for dn in (300, 600, 800, 1000):
            out.append({"kind": kind, "diameter_mm": dn, "quantity": 2, "location": "Schaan water works store",
                        "odd_shaped": True})
    return out


def _machinery() -> list[dict]:
    items = (
        ("Excavator 8 t", "excavator", 3), ("Mini excavator", "excavator", 2), ("Dewatering pump", "pump", 4),
        ("Generator 60 kVA", "generator", 3), ("Welding unit", "welder", 2), ("Truck crane 25 t", "crane", 1),
        ("Road saw", "saw", 2), ("Lighting tower", "lighting", 3),
    )
    out, k = [], 0
    for name, kind, n in items:
        for j in range(n):
            k += 1
            out.append({"code": f"M{k:02d}", "name": f"{name} #{j + 1}", "kind": kind, "status": "available",
                        "location": "Vaduz central store" if k % 2 else "Schaan water works store"})
    return out


def _contacts() -> list[dict]:
    internal = _names(4, 400)
    return [
        {"name": internal[0], "group": "internal", "organisation": "Command centre (duty leader)",
         "phone": _phone(400), "email": "duty@waterguard.example", "min_level": "V", "language": "zh_CN"},
        {"name": internal[1], "group": "internal", "organisation": "Call centre", "phone": _phone(401),
         "email": "callcentre@waterguard.example", "min_level": "V", "language": "zh_CN"},
        {"name": internal[2], "group": "internal", "organisation": "Repair company", "phone": _phone(402),
         "email": "repair@waterguard.example", "min_level": "V", "language": "zh_CN"},
        {"name": internal[3], "group": "internal", "organisation": "General manager", "phone": _phone(403),
         "email": "gm@waterguard.example", "min_level": "III", "language": "zh_CN"},
        {"name": "Facilities desk", "group": "important_user", "organisation": "Liechtensteinisches Landesspital",
         "phone": "+423 235 44 11", "email": None, "min_level": "IV", "language": "en"},
        {"name": "Venue operations", "group": "important_user", "organisation": "Rheinpark Stadion",
         "phone": _phone(410), "email": "ops@venue.example", "min_level": "IV", "language": "en"},
        {"name": "Front office", "group": "important_user", "organisation": "Park-Hotel Sonnenhof",
         "phone": _phone(411), "email": None, "min_level": "IV", "language": "en"},
        {"name": "News desk", "group": "media", "organisation": "Liechtensteiner Vaterland",
         "phone": _phone(420), "email": "news@media.example", "min_level": "II", "language": "en"},
        {"name": "News desk", "group": "media", "organisation": "Liechtensteiner Volksblatt",
         "phone": _phone(421), "email": "news2@media.example", "min_level": "II", "language": "en"},
        {"name": "Duty officer", "group": "government", "organisation": "Office of Civil Protection",
         "phone": _phone(430), "email": "duty@gov.example", "min_level": "III", "language": "en"},
        {"name": "Summit secretariat", "group": "government", "organisation": "Government of the Principality",
         "phone": _phone(431), "email": "summit@gov.example", "min_level": "II", "language": "en"},
        {"name": "Fire brigade dispatch", "group": "government", "organisation": "Landespolizei / Feuerwehr",
         "phone": "+423 236 71 11", "email": None, "min_level": "IV", "language": "en"},
    ]


def _duty_shifts() -> list[dict]:
    leaders = _names(6, 500)
    out = []
    # The two days before the event are on the roster too: the desk is staffed for setup.
    for d in range(-2, EVENT_DAYS):
        day = EVENT_START + dt.timedelta(days=d)
        for s, shift in enumerate(("day", "night")):
            i = ((d + 2) * 2 + s) % len(leaders)
            out.append({"day": day.isoformat(), "shift": shift, "leader": leaders[i], "phone": _phone(500 + i),
                        "double_shift_units": "all units" if d >= 0 else None})
    return out


def _passages(routes: gpd.GeoDataFrame) -> list[dict]:
    out = []
    for d in range(EVENT_DAYS):
        day = EVENT_START + dt.timedelta(days=d)
        for _, r in routes.iterrows():
            if str(r["to_place"]).startswith("VEN"):
                out.append({"route": r["code"], "planned_at": _local(day, "08:30"), "duration_min": 15.0,
                            "note": "delegations to the venue"})
                out.append({"route": r["code"], "planned_at": _local(day, "18:30"), "duration_min": 15.0,
                            "note": "return to the residence"})
            elif d == 1:
                out.append({"route": r["code"], "planned_at": _local(day, "12:00"), "duration_min": 10.0,
                            "note": "heads of delegation to the government building"})
                out.append({"route": r["code"], "planned_at": _local(day, "15:00"), "duration_min": 10.0,
                            "note": "return to the venue"})
    return out


def event_data(routes: gpd.GeoDataFrame, depots: list[dict]) -> dict:
    """The demo event's non-geometric data as a JSON-ready dict.

    Parameters
    ----------
    routes
        The motorcade routes (``code``, ``to_place``) the passages refer to.
    depots
        Repair depots (``name, lon, lat``) the vehicles are based at.
    """
    end = EVENT_START + dt.timedelta(days=EVENT_DAYS)
    teams = _teams()
    return {
        "attribution": "© OpenStreetMap contributors (ODbL)",
        "event": {
            "name": "International Summit", "name_zh": "国际峰会",
            "starts_at": _local(EVENT_START, "00:00"), "ends_at": _local(end, "00:00"),
            "timezone": "Europe/Vaduz", "local_crs": "EPSG:32632", "city": "Vaduz",
            "notes": "Demo event. Streets and places: © OpenStreetMap contributors (ODbL); "
                     "the pipe network is derived from the streets, not real.",
        },
        "requirements": [{**r, **TOLERANCES} for r in REQUIREMENTS],
        "teams": teams,
        "team_shifts": _team_shifts(teams),
        "depots": depots,
        "vehicles": _vehicles(depots),
        "reporting_units": _reporting_units(),
        "spare_parts": _spare_parts(),
        "machinery": _machinery(),
        "contacts": _contacts(),
        "duty_shifts": _duty_shifts(),
        "route_passages": _passages(routes),
    }
