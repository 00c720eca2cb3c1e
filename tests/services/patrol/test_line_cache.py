"""The patrol day's pipes kept beside the store: the same lines as the store gives, never stale after an edit."""

from __future__ import annotations

import json

import numpy as np
import shapely
from pyproj import Transformer

from models.network import Pipe
from services.patrol import line_cache
from services.patrol.data import load_patrol_session, read_metric_lines, read_pipe_lines
from tests.cli.test_plan_coverage import ANCHOR, CRS, DAY, X0, Y0, _seed
from tests.services.patrol.test_midnight import _guard_walk, _planned

H = 3600.0


def _mapped(a) -> bool:
    """Whether the array's memory is a mapped file (a view of a memmap counts)."""
    while a is not None:
        if isinstance(a, np.memmap):
            return True
        a = a.base
    return False


def _read(store):
    with store.engine.connect() as conn:
        return read_pipe_lines(store.engine, conn, CRS)


def test_cache_gives_the_stores_lines_and_follows_an_edit(store, store_url, capsys, monkeypatch):
    import services.patrol.data as data

    reads = []
    real = data.read_metric_lines
    monkeypatch.setattr(data, "read_metric_lines", lambda *a, **k: reads.append(1) or real(*a, **k))
    _seed(store)
    with store.engine.connect() as conn:
        frame, lines = read_metric_lines(conn, "pipes", CRS, ["code"])
    folder = line_cache.cache_folder(store.engine)
    assert folder is not None and not folder.exists()

    ids, codes, first = _read(store)  # read from the store, written beside it (and mapped back)
    assert (folder / "meta.json").exists() and len(reads) == 1
    ids2, codes2, cached = _read(store)  # memory-mapped from the cache, no read of the store's pipes
    assert _mapped(cached.coords) and len(reads) == 1
    for got_ids, got_codes, got in ((ids, codes, first), (ids2, codes2, cached)):
        assert np.array_equal(got_ids, frame["id"].to_numpy())
        assert list(got_codes) == frame["code"].tolist()
        assert np.array_equal(got.coords, lines.coords) and np.array_equal(got.lengths, lines.lengths)
        assert np.array_equal(got.offsets, lines.offsets)

    # Another desk moves a pipe: the next day reads the store again, not the old lines.
    pid = int(ids[5])
    moved = shapely.LineString([(X0 + 1000.0, Y0 + 1000.0), (X0 + 1300.0, Y0 + 1000.0)])
    lonlat = shapely.transform(moved, lambda xy: np.column_stack(
        Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(xy[:, 0], xy[:, 1])))
    with store.session() as s:
        s.get(Pipe, pid).geom = shapely.to_wkb(lonlat)
        s.commit()
    ids3, _, after = _read(store)
    row = int(np.flatnonzero(ids3 == pid)[0])
    assert len(reads) == 2  # read anew
    assert np.isclose(after.lengths[row], 300.0, atol=0.01) and not np.isclose(lines.lengths[row], 300.0)
    assert np.isclose(_read(store)[2].lengths[row], 300.0, atol=0.01)  # and the cache holds the new lines

    # The store file replaced by another with as many pipes and markers (here: a pipe changed behind
    # the store's back, no marker): the sampled geometries differ, the pipes are read anew.
    from sqlalchemy import text

    with store.engine.begin() as conn:
        conn.execute(text("UPDATE pipes SET geom = :g WHERE id = :i"),
                     {"g": shapely.to_wkb(lonlat), "i": int(ids[0])})
    latest = _read(store)[2]
    assert len(reads) == 3 and np.isclose(latest.lengths[0], 300.0, atol=0.01)
    expected = np.array(latest.lengths)
    del latest  # its arrays map the files damaged below (a cut file under a mapping is a bus error)

    # A damaged cache is read anew, never a crash.
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "coords.npy").write_bytes(b"garbage")
    assert line_cache.load(folder, meta["key"]) is None
    assert np.array_equal(_read(store)[2].lengths, expected)


def test_session_from_the_cache_measures_like_the_store(store, store_url, capsys):
    _planned(store, store_url, capsys)
    _guard_walk(store, ANCHOR + 9 * H)
    now = ANCHOR + 11 * H
    fresh = load_patrol_session(store, DAY)  # writes the cache
    warm = load_patrol_session(store, DAY)  # reads it
    assert _mapped(warm.geoms.coords) and _mapped(warm.state.grid.xy)  # the pipes and the plan's samples
    assert np.array_equal(warm.state.grid.xy, fresh.state.grid.xy)
    assert warm.requirement_figures(now) == fresh.requirement_figures(now)
    assert np.array_equal(warm.segment_states(now), fresh.segment_states(now))
    pos = int(warm.state.reqs[0].members[0])
    assert warm.inspect(pos, now) == fresh.inspect(pos, now)
    assert warm.inspect(pos, now)["requirements"][0]["reason"]  # the plan's reason, read for the pipe


def test_a_killed_writers_temporary_folder_is_removed_by_the_next_save_not_a_running_ones(tmp_path):
    """A build child killed while it wrote (ended with the desk) leaves ``.pipes.<pid>.<random>.tmp``."""
    from tests.support.build_children import dead_and_alive_temporaries

    folder = tmp_path / "store.sqlite.patrolcache" / "pipes"
    folder.parent.mkdir()
    dead, alive = dead_and_alive_temporaries(folder.parent, "pipes", "ids.npy")
    line_cache._save_arrays(folder, {"k": 1}, {"ids": np.arange(3)}, {})
    assert not dead.exists() and alive.exists()
    got = line_cache._load_arrays(folder, {"k": 1}, ["ids"])
    assert got is not None and list(got[0]["ids"]) == [0, 1, 2]
