"""A generated city of customers with answers known by construction.

Written as real CSV files (UTF-8) and imported through the service, so the
tests exercise the importer too. The expected answers are computed here with
plain per-row date arithmetic, independently of the numpy rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

TODAY = dt.date(2026, 8, 1)
PERIODS = ["2026-05", "2026-06", "2026-07"]
STREETS = ["Landstrasse", "Austrasse", "Feldkircher Strasse", "Zollstrasse", "Kirchstrasse"]


def plus_years(d: dt.date, years: int) -> dt.date:
    """``d`` plus whole years, 29 February → 28 February (the stored rule's convention)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def plus_months(d: dt.date, months: int) -> dt.date:
    """``d`` plus whole months, the day clipped."""
    y, m = divmod(d.month - 1 + months, 12)
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(d.year + y, m + 1, day)
        except ValueError:
            continue
    raise AssertionError


@dataclass
class City:
    """Files written and the answers expected."""

    accounts_csv: Path
    reads_csv: Path
    routes_csv: Path
    connections_csv: Path
    n: int
    due: dict[int, set[str]] = field(default_factory=dict)
    overdue_today: set[str] = field(default_factory=set)
    action: dict[str, str] = field(default_factory=dict)
    zero: dict[str, str] = field(default_factory=dict)
    past_tenure: set[str] = field(default_factory=set)
    self_collected: set[str] = field(default_factory=set)
    barred: dict[str, set[str]] = field(default_factory=dict)
    refused_job: str = "BZ-0001"


def build_city(folder: Path, n: int = 50_000, seed: int = 17) -> City:
    """Write the city's files into ``folder`` and return them with the expected answers."""
    rng = np.random.default_rng(seed)
    codes = [f"A{i:06d}" for i in range(n)]
    kind = rng.choice(["small", "medium", "large", "medium_q3"], size=n, p=[0.8, 0.12, 0.06, 0.02])
    dn = np.select([kind == "small", kind == "medium", kind == "large", kind == "medium_q3"],
                   [rng.choice([15, 20, 25], n), rng.choice([32, 40, 50], n), rng.choice([80, 100, 150], n),
                    np.full(n, 40)])
    q3 = np.where(kind == "medium_q3", 25.0, np.where(kind == "large", 63.0, np.where(kind == "small", 2.5, 10.0)))
    first = [dt.date(2016, 1, 1) + dt.timedelta(days=int(x)) for x in rng.integers(0, 3650, n)]
    # Some large meters were verified again since; the rest count from the first verification.
    reverified = (kind == "large") & (rng.random(n) < 0.5)
    last = [plus_years(f, 2) if r else None for f, r in zip(first, reverified, strict=True)]
    category = np.where(kind == "large", "大用户", np.where(rng.random(n) < 0.1, "非居民", "居民"))
    category = category.astype(object)
    category[:3] = "重要用户"
    route = [f"B{(i % 40) + 1:02d}" for i in range(n)]
    street = [STREETS[i % len(STREETS)] for i in range(n)]
    connected = [""] * n
    status = ["正常"] * n
    new = list(range(n - 25, n))  # new connections, never read
    for i in new:
        connected[i] = "2026-07-10"
    closed = list(range(100, 110))
    for i in closed:
        status[i] = "销户"
    accounts = pd.DataFrame({
        "户号": codes, "户名": [f"用户{i}" for i in range(n)], "地址": [f"{s} {i % 90 + 1}" for i, s in enumerate(street)],
        "用户类别": category, "用户状态": status, "抄表册": route, "接水日期": connected,
        "表号": [f"M{i:07d}" for i in range(n)], "口径": [f"DN{d}" for d in dn], "常用流量": q3,
        "安装日期": [f.isoformat() for f in first], "检定日期": [f.isoformat() for f in first],
        "最近检定日期": [d.isoformat() if d else "" for d in last],
        "应急联系人": ["值班室" if c in ("大用户", "重要用户") else "" for c in category],
        "应急电话": ["0423-1000" if c in ("大用户", "重要用户") else "" for c in category],
    })
    city = City(folder / "accounts.csv", folder / "reads.csv", folder / "routes.csv", folder / "connections.csv", n)
    accounts.to_csv(city.accounts_csv, index=False, encoding="utf-8")

    # Expected meters due, by rule, for months 0, 1, 3, 12.
    due_on = {}
    for i in range(n):
        if i in closed:
            continue
        if kind[i] in ("large", "medium_q3"):
            due_on[codes[i]] = (plus_years(last[i] or first[i], 2), "verify")
        elif dn[i] <= 25:
            due_on[codes[i]] = (plus_years(first[i], 6), "replace")
        else:
            due_on[codes[i]] = (plus_years(first[i], 4), "replace")
    for months in (0, 1, 3, 12):
        horizon = plus_months(TODAY, months)
        city.due[months] = {c for c, (d, _a) in due_on.items() if d <= horizon}
    city.overdue_today = {c for c, (d, _a) in due_on.items() if d < TODAY}
    city.action = {c: a for c, (_d, a) in due_on.items()}

    # Reads: three periods; known zero-volume users.
    vol = rng.integers(1, 40, size=(n, 3)).astype(float)
    zero_two = set(range(1000, 1400))       # zero in the last two periods → listed
    zero_one = set(range(2000, 2300))       # zero only in the last period → not listed
    not_read = set(range(3000, 3050))       # no reads in the last two periods → listed
    for i in zero_two:
        vol[i, 1:] = 0
    for i in zero_one:
        vol[i, 2] = 0
    rows = []
    for p_i, period in enumerate(PERIODS):
        keep = np.array([i not in new and not (i in not_read and p_i >= 1) for i in range(n)])
        idx = np.flatnonzero(keep)
        rows.append(pd.DataFrame({"户号": [codes[i] for i in idx], "账期": period.replace("-", ""),
                                  "用水量": vol[idx, p_i]}))
    pd.concat(rows).to_csv(city.reads_csv, index=False, encoding="utf-8")
    for i in zero_two:
        city.zero[codes[i]] = "zero_reads"
    for i in not_read:
        city.zero[codes[i]] = "no_reads"
    for i in new:
        city.zero[codes[i]] = "new_connection"
    for i in closed:
        city.zero.pop(codes[i], None)

    # Readers: 40 routes, 44 readers. R01 on B01 since January (past a 6-month tenure), after R07;
    # R02 on B02 since mid-March (not yet); R05 reads and collects B05.
    assign = []
    for r in range(1, 41):
        assign.append((f"B{r:02d}", f"R{r:02d}", "read", "2026-05-01", ""))
    assign[0] = ("B01", "R01", "read", "2026-01-01", "")
    assign.append(("B01", "R07", "read", "2025-06-01", "2025-12-31"))
    assign.append(("B01", "R03", "read", "2025-01-01", "2025-05-31"))
    assign[1] = ("B02", "R02", "read", "2026-03-15", "")
    # R09 read B09 from 2025-11-01 to 2026-02-28 then again without a break from 2026-03-01: one run of 9 months.
    assign[8] = ("B09", "R09", "read", "2026-03-01", "")
    assign.append(("B09", "R09", "read", "2025-11-01", "2026-02-28"))
    for r in range(41, 45):
        assign.append((f"B{r - 40:02d}", f"R{r:02d}", "collect", "2026-05-01", ""))
    assign.append(("B05", "R05", "collect", "2026-06-01", ""))
    pd.DataFrame(assign, columns=["抄表册", "抄表员编号", "职责", "开始日期", "结束日期"]).assign(
        抄表员=lambda f: "抄表员" + f["抄表员编号"]).to_csv(city.routes_csv, index=False, encoding="utf-8")
    city.past_tenure = {"R01", "R09"}
    city.self_collected = {"B05"}
    city.barred = {"B01": {"R01", "R07"}, "B09": {"R09"}, "B05": {"R05"}}

    conns = pd.DataFrame([
        ("BZ-0001", "新华书店", "Landstrasse 5", "勘察设计", "张三", "2026-06-01", "2026-06-03"),
        ("BZ-0001", "新华书店", "Landstrasse 5", "施工", "李四", "2026-06-10", "2026-06-20"),
        ("BZ-0001", "新华书店", "Landstrasse 5", "验收", "张三", "2026-06-21", "2026-06-22"),
        ("BZ-0002", "邮政所", "Austrasse 9", "勘察设计", "张三", "2026-06-01", "2026-06-02"),
        ("BZ-0002", "邮政所", "Austrasse 9", "施工", "李四", "2026-06-05", "2026-06-09"),
        ("BZ-0002", "邮政所", "Austrasse 9", "验收", "王五", "2026-06-10", "2026-06-10"),
        ("BZ-0003", "面包房", "Zollstrasse 2", "勘察设计", "赵六", "2026-06-01", ""),
    ], columns=["申请编号", "申请人", "地址", "环节", "经办人", "开始日期", "完成日期"])
    conns.to_csv(city.connections_csv, index=False, encoding="utf-8")
    return city
