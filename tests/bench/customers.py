"""Customer-service benchmark: meters due and zero-volume users over 1,000,000 accounts.

Run on purpose (not part of the test suite)::

    .venv/bin/python tests/bench/customers.py [--accounts 1000000] [--repeat 5]

Builds one SQLite store with ``--accounts`` accounts, a meter each (80 % DN ≤ 25,
12 % DN 32–50, 8 % DN ≥ 80; first verifications over the last seven years, as on
a roll-out that replaces on time) and three reading periods (2 % of accounts at
zero in the last two), then times the two lists the desk and the command line
show. Every meter's due date is computed at insert time, vectorised, as an import
does (``due_at_insert_s``); a full recompute afterwards (``refresh_check_s``) must
change nothing (``refresh_changed`` = 0). Prints one JSON object: medians in seconds of ``meters_due_s`` (today),
``meters_due_12m_s`` (12 months ahead) and ``zero_volume_s``, the list lengths,
and ``build_s``. Target: each list under 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.customers import CustomerAccount, Meter, MeterRead  # noqa: E402
from models.store import open_store  # noqa: E402
from services.customers.meters import due_columns, meters_due, refresh_due_dates  # noqa: E402
from services.customers.rules import DEFAULT_METER_RULES  # noqa: E402
from services.customers.zero_volume import zero_volume  # noqa: E402

TODAY = dt.date(2026, 8, 1)


def build(store, n: int, seed: int = 0) -> float:
    """Write ``n`` accounts, meters (with their due dates, as an import computes them) and three periods of reads.

    Returns the seconds spent computing the due dates at insert time (vectorised, as the import does).
    """
    rng = np.random.default_rng(seed)
    kind = rng.choice(3, size=n, p=[0.8, 0.12, 0.08])
    dn = np.select([kind == 0, kind == 1], [rng.choice([15, 20, 25], n), rng.choice([32, 40, 50], n)],
                   rng.choice([80, 100, 150], n)).astype(float)
    base = np.datetime64("2019-08-01") + rng.integers(0, 7 * 365, n).astype("timedelta64[D]")
    first = base.astype(str)
    zero = rng.random(n) < 0.02
    q3 = np.where(kind == 0, 2.5, 40.0)
    t = time.perf_counter()
    due_on, due_rule, due_action = due_columns(dn, q3, base.astype(object), [None] * n, DEFAULT_METER_RULES)
    due_s = time.perf_counter() - t
    chunk = 100_000
    with store.engine.begin() as conn:
        for lo in range(0, n, chunk):
            hi = min(n, lo + chunk)
            conn.execute(CustomerAccount.__table__.insert(), [
                {"id": i + 1, "code": f"A{i:07d}", "name": "", "category": "household", "status": "active",
                 "lon": 9.5, "lat": 47.1} for i in range(lo, hi)])
            conn.execute(Meter.__table__.insert(), [
                {"id": i + 1, "account_id": i + 1, "code": f"M{i:07d}", "diameter_mm": dn[i],
                 "q3_m3h": 2.5 if kind[i] == 0 else 40.0, "status": "in_service",
                 "first_verified_on": dt.date.fromisoformat(first[i]),
                 "last_verified_on": None, "due_on": due_on[i], "due_rule": due_rule[i],
                 "due_action": due_action[i]} for i in range(lo, hi)])
            for p_i, period in enumerate(("2026-05", "2026-06", "2026-07")):
                conn.execute(MeterRead.__table__.insert(), [
                    {"account_id": i + 1, "period": period, "volume_m3": 0.0 if zero[i] and p_i else 12.0}
                    for i in range(lo, hi)])
    return due_s


def refresh(store) -> tuple[float, int]:
    """Seconds of a full recompute pass and the meters it changed (0: the insert-time dates were right)."""
    t = time.perf_counter()
    with store.engine.begin() as conn:
        changed = refresh_due_dates(conn)
    return time.perf_counter() - t, changed


def main() -> None:
    """Build, time, print JSON."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        t0 = time.perf_counter()
        due_at_insert_s = build(store, args.accounts)
        build_s = time.perf_counter() - t0
        refresh_s, refresh_changed = refresh(store)
        times: dict[str, list[float]] = {"meters_due_s": [], "meters_due_12m_s": [], "zero_volume_s": []}
        sizes = {}
        for _ in range(args.repeat):
            with store.session() as s:
                t = time.perf_counter()
                sizes["meters_due"] = len(meters_due(s, TODAY, 0))
                times["meters_due_s"].append(time.perf_counter() - t)
                t = time.perf_counter()
                sizes["meters_due_12m"] = len(meters_due(s, TODAY, 12))
                times["meters_due_12m_s"].append(time.perf_counter() - t)
                t = time.perf_counter()
                sizes["zero_volume"] = len(zero_volume(s).rows)
                times["zero_volume_s"].append(time.perf_counter() - t)
        store.dispose()
    out = {k: round(statistics.median(v), 3) for k, v in times.items()}
    out.update({"accounts": args.accounts, "repeat": args.repeat, "build_s": round(build_s, 1),
                "due_at_insert_s": round(due_at_insert_s, 2), "refresh_check_s": round(refresh_s, 1),
                "refresh_changed": refresh_changed,
                "rows": sizes, "target_s": 2.0})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
