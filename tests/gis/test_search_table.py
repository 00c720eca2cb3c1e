"""The columnar search (a layer as a SearchTable) ranks exactly as the search over entries does."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from gis.search import feature_table, search, street_table


def _layer(n: int, rng):
    streets = np.array(["Landstrasse", "Äulestraße", "Herrengasse", "", "长安街"], dtype=object)
    codes = [f"P{int(i):05d}" for i in rng.integers(0, 3000, n)]  # repeats: ties on code
    attrs = pd.DataFrame({"code": codes, "name": rng.choice(["", "Rhein main", "Vaduz Süd", "阀门井"], n),
                          "name_zh": rng.choice(["", "供水干管", "阀门"], n), "street": rng.choice(streets, n)})
    x = rng.uniform(0, 1000, n)
    geoms = shapely.linestrings(np.stack([np.c_[x, x], np.c_[x + 5, x + 3]], axis=1))
    return np.arange(1, n + 1), geoms, attrs


def test_tables_rank_and_order_as_the_entries_do():
    rng = np.random.default_rng(4)
    ids, geoms, attrs = _layer(4000, rng)
    table = feature_table("pipe", "pipes", ids, geoms, attrs, "code", "name", "name_zh", "street")
    entries = table.entries()
    assert len(entries) == 4000 and entries[0].fid == 1 and entries[0].detail == attrs["street"].iloc[0]
    for q in ("P00012", "p0001", "1", "rhein", "strasse", "STRASSE", "äule", "süd", "阀", "供水", "长安", "zz", " "):
        want = search(entries, q, limit=30)
        got = search([table], q, limit=30)
        assert got == want, q
    assert search([table], "strasse")  # "Äulestraße" folds to "äulestrasse"


def test_streets_and_layers_without_names_or_geometry():
    names = np.array(["Landstrasse", "Landstrasse", "", None], dtype=object)
    geoms = np.array([shapely.LineString([(0, 0), (10, 0)]), shapely.LineString([(20, 5), (30, 5)]),
                      shapely.LineString([(0, 0), (1, 1)]), None], dtype=object)
    table = street_table(names, geoms)
    assert [(e.name, e.bounds) for e in table.entries()] == [("Landstrasse", (0.0, 0.0, 30.0, 5.0))]
    empty = feature_table("valve", "valves", np.array([7]), np.array([None], dtype=object),
                          pd.DataFrame({"code": ["V7"]}))
    assert len(empty) == 0 and search([empty], "v7") == []
