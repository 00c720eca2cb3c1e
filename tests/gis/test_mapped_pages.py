"""Memory-mapped arrays give their pages back (RssFile drops, the data stays), and coverage measured on
memory-mapped samples, a stretch at a time, is the coverage measured on samples in memory."""

from __future__ import annotations

import mmap
import sys

import numpy as np
import pytest

import gis.coverage as coverage
from demo.patrol_sim import SimTeam, grid_streets, simulate_patrols
from gis.coverage import CoverageState, PreparedSamples, RequirementSpec, SampleGrid, prepare_samples
from gis.mapped_pages import mapped, release


def resident_file_kb() -> int | None:
    """The process's file-backed resident memory (``RssFile`` of ``/proc/self/status``, kB), None elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("RssFile:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(mmap, "MADV_DONTNEED") or resident_file_kb() is None,
    reason="RssFile and madvise(MADV_DONTNEED) are Linux's")
MB = 1024


@linux_only
def test_released_pages_leave_the_process_and_the_data_stays(tmp_path):
    values = np.arange(4_000_000, dtype=np.float64)  # 32 MB
    np.save(tmp_path / "a.npy", values)
    arr = np.load(tmp_path / "a.npy", mmap_mode="r")
    assert mapped(arr) and mapped(arr[10:]) and mapped(np.asarray(arr)[::-3])

    before = resident_file_kb()
    total = float(arr.sum())  # every page read: all of them resident now
    touched = resident_file_kb()
    assert touched - before > 28 * MB

    assert release(arr) >= arr.nbytes
    released = resident_file_kb()
    assert touched - released > 28 * MB  # given back to the page cache
    assert float(arr.sum()) == total and np.array_equal(arr[::9973], values[::9973])  # read again, unchanged
    assert resident_file_kb() - released > 28 * MB

    # A slice (here reversed) gives back its own pages, and the rest stays.
    half = len(arr) // 2
    assert release(arr[half:][::-1]) > 0
    after_half = resident_file_kb()
    assert 12 * MB < touched - after_half < 20 * MB
    assert float(arr[:half].sum()) == float(values[:half].sum())


def test_what_is_not_a_read_only_mapping_is_left_alone(tmp_path):
    np.save(tmp_path / "a.npy", np.arange(1000.0))
    plain = np.arange(1000.0)
    writable = np.load(tmp_path / "a.npy", mmap_mode="r+")
    private = np.load(tmp_path / "a.npy", mmap_mode="c")
    private[0] = -1.0  # a copy-on-write page the file does not hold: releasing it would lose the change
    assert not mapped(plain) and not mapped(writable) and not mapped(private)
    assert release(plain, writable, private, None, np.empty(0)) == 0
    assert private[0] == -1.0 and plain[5] == 5.0
    del writable, private


def _day(lines):
    teams = [SimTeam("a", np.arange(0, 70), 0, 5 * 3600.0, 1.4, 0.2),
             SimTeam("b", np.arange(50, len(lines)), 2 * 3600.0, 9 * 3600.0, 7.0)]
    return simulate_patrols(lines, teams, 1_750_000_000.0 - 1_750_000_000.0 % 86_400, "EPSG:32632", seed=5)


def test_coverage_on_mapped_samples_equals_coverage_in_memory(tmp_path, monkeypatch):
    lines = grid_streets(9, 9, 70.0, (500_000.0, 5_200_000.0))
    anchor = 1_750_000_000.0 - 1_750_000_000.0 % 86_400
    specs = [RequirementSpec(1, "venue_guard", 4 * 3600.0), RequirementSpec(2, "patch", 12 * 3600.0, 20.0, 0.9)]
    members = {1: np.arange(0, 90), 2: np.arange(len(lines))}
    rows = np.arange(len(lines))
    cell = coverage.grid_cell_m(specs)
    made = prepare_samples(lines, rows, 5.0, cell)
    g = made.grid
    for name, arr in {"xy": g.xy, "order": g.order, "ptr": g.ptr, "seg": made.sample_seg}.items():
        np.save(tmp_path / f"{name}.npy", arr)
    load = {n: np.load(tmp_path / f"{n}.npy", mmap_mode="r") for n in ("xy", "order", "ptr", "seg")}
    grid = SampleGrid.from_parts(load["xy"], load["order"], load["ptr"], g.origin, g.cell, g.nx, g.ny, g.tile)
    on_file = PreparedSamples(made.rows, made.counts, 5.0, cell, grid, load["seg"])
    # A few hundred positions a stretch: a batch goes in many stretches, pages given back after each.
    monkeypatch.setattr(coverage, "MAPPED_SPAN", 300)
    slices = []
    stretches = coverage._stretches
    monkeypatch.setattr(coverage, "_stretches", lambda *a: slices.append(stretches(*a)) or slices[-1])

    fixes = _day(lines).sort_values("t", kind="stable")
    in_memory = CoverageState(lines, specs, members, anchor, "EPSG:32632")
    mapped_state = CoverageState(lines, specs, members, anchor, "EPSG:32632", prepared=on_file)
    assert mapped_state._mapped_samples and not in_memory._mapped_samples
    for lo in range(0, len(fixes), 700):
        part = fixes.iloc[lo:lo + 700]
        assert np.array_equal(in_memory.add_fixes(part), mapped_state.add_fixes(part))
    assert slices and max(len(c) for c in slices) > 3  # batches went in several stretches
    for a, b in zip(in_memory.reqs, mapped_state.reqs):
        assert np.array_equal(a.covered, b.covered) and np.array_equal(a.frac, b.frac)
        assert np.array_equal(a.covered_m, b.covered_m)
    assert in_memory.requirement_summary() == mapped_state.requirement_summary()
    ratios = [w["ratio"] for s in in_memory.requirement_summary() for w in s["windows"]]
    assert any(0 < r < 1 for r in ratios) and 0.0 in ratios  # a day partly covered, not a trivial one
    for i in range(len(specs)):
        assert np.array_equal(in_memory.last_visits(i), mapped_state.last_visits(i))
    now = anchor + 10 * 3600.0
    assert {k: v.tolist() for k, v in in_memory.overdue(now).items()} == \
        {k: v.tolist() for k, v in mapped_state.overdue(now).items()}
