"""The desk's patrol day and ``python app.py coverage`` measure a day alike (one pipeline, one set of inputs)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from services.patrol.coverage import compute_coverage
from services.patrol.data import load_patrol_session
from tests.cli.test_plan_coverage import ANCHOR, DAY, X0, Y0
from tests.services.patrol.test_midnight import _guard_walk, _planned, _walk

H = 3600.0


def test_desk_session_and_cli_give_the_same_ratios(store, store_url, capsys):
    _planned(store, store_url, capsys)
    # The guard (g1) walks a street near the venue, a patroller (p1) the far street, in the 08:00–12:00 window.
    _guard_walk(store, ANCHOR + 9 * H)
    _walk(store, "p1", [ANCHOR + 9.5 * H + k * 40.0 for k in range(9)], [X0 + 160.0 + k * 60.0 for k in range(9)],
          [Y0 + 640.0] * 9)
    now = ANCHOR + 11 * H

    cli = compute_coverage(store, DAY.isoformat(), dt.datetime.fromtimestamp(now, dt.timezone.utc).isoformat())
    desk = load_patrol_session(store, DAY).requirement_figures(now)
    by_code = {r["code"]: r for r in cli["requirements"]}
    seen = 0
    for fig in desk:
        window = by_code[fig["code"]]["windows"][fig["window"]]
        assert np.isclose(fig["required_m"], window["required_m"], atol=0.05)
        assert np.isclose(fig["covered_m"], window["covered_m"], atol=0.05), (fig["code"], fig, window)
        seen += fig["covered_m"] > 0
    assert seen >= 2  # the guard's and the patroller's requirements both measured
