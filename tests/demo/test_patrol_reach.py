"""The patrol simulator on a city: each team plays what it can cover in its shift, on the streets around it."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from demo.patrol_reach import REACH_FACTOR, WHOLE_LINES, LinePoints, neighbourhood, reachable_lines
from demo.patrol_sim import SimTeam, grid_streets, simulate_patrols, street_graph
from gis.segment_lines import SegmentLines
from tests.gis.test_coverage import ANCHOR, CRS, H, X0, Y0

SPACING = 80.0
N = 160  # 160 × 160 crossings: 50,880 block sides, 4,070 km of streets over 12.7 × 12.7 km


@pytest.fixture(scope="module")
def city():
    lines = grid_streets(N, N, SPACING, (X0, Y0))
    assert len(lines) > WHOLE_LINES  # a city: not walked whole
    mid = shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.5, normalized=True))
    west = np.flatnonzero(mid[:, 0] < X0 + N * SPACING / 2)  # the west half is one patrol car's patch
    return lines, mid, west


def _near(lines: np.ndarray, xy: np.ndarray, d: float = 10.0) -> np.ndarray:
    """Per line: a fix within ``d`` of it."""
    _, hit = shapely.STRtree(lines).query(shapely.points(xy), predicate="dwithin", distance=d)
    out = np.zeros(len(lines), dtype=bool)
    out[hit] = True
    return out


def test_a_patrol_car_drives_a_compact_share_of_its_patch_on_a_small_graph(city):
    lines, mid, west = city
    car = SimTeam("car", west, 0, 2 * H, 6.0, fix_interval_s=(5.0, 8.0))
    reach = car.speed_mps * 2 * H * 1.05  # what the simulator lets it drive: ~45 km of its patch's ~2,000 km
    fx = simulate_patrols(SegmentLines.from_geoms(lines), [car], ANCHOR, CRS, seed=3)
    again = simulate_patrols(lines, [car], ANCHOR, CRS, seed=3)
    assert fx.equals(again) and fx.attrs == again.attrs  # deterministic, vertex arrays or geometries alike

    # Its graph: the streets around what it can reach, not the city's 50,880.
    assert fx.attrs["graph_lines"]["car"] < 0.06 * len(lines)
    # It stays on its patch (GPS noise aside) and in one compact part of it.
    xy = fx[["x", "y"]].to_numpy()
    assert xy[:, 0].max() < X0 + N * SPACING / 2 + 30.0
    assert np.ptp(xy, axis=0).max() < 3_000.0
    # It drives its lines, and covers about what a car covers in two hours (some of it twice or in between).
    near = _near(lines, xy)
    covered = shapely.length(lines[near]).sum()
    assert 0.5 * reach < covered < REACH_FACTOR * reach + 2 * SPACING
    assert np.isin(np.flatnonzero(near), west).mean() > 0.95


def test_the_reachable_cluster_and_its_neighbourhood_are_bounded_by_the_shift(city):
    lines, mid, west = city
    points = LinePoints(lines)
    reach = 6.0 * 2 * H * 1.05 * REACH_FACTOR
    cluster = reachable_lines(points, west, reach, 0.25, np.random.default_rng(1))
    length = shapely.length(lines[cluster]).sum()
    assert reach / 0.75 <= length < reach / 0.75 + SPACING  # grown until the skipped quarter leaves a full day
    assert np.isin(cluster, west).all() and np.all(np.diff(cluster) > 0)
    centre = mid[cluster].mean(axis=0)
    assert np.hypot(*(mid[cluster] - centre).T).max() < 2_500.0  # compact: a disc of ~2 km, not the patch
    rows = neighbourhood(points, cluster)
    assert np.isin(cluster, rows).all()
    assert len(cluster) < len(rows) < 4 * len(cluster)  # the streets within a few hundred metres
    # What a team can cover entirely is played entirely (a town's day, as before).
    few = west[:300]
    np.testing.assert_array_equal(reachable_lines(points, few, reach, 0.0, np.random.default_rng(1)), few)


def test_far_apart_posts_are_joined_by_streets_not_by_the_whole_city(city):
    lines, mid, west = city
    points = LinePoints(lines)
    # Three posts of a few streets each, kilometres apart (bridge guards along a main).
    posts = []
    for px, py in ((1_000.0, 1_000.0), (6_000.0, 2_500.0), (9_500.0, 9_000.0)):
        posts.append(np.flatnonzero(np.hypot(mid[:, 0] - X0 - px, mid[:, 1] - Y0 - py) < 100.0))
    targets = np.concatenate(posts)
    rows = neighbourhood(points, targets)
    assert len(rows) < 0.25 * len(lines)
    graph = street_graph(SegmentLines.from_geoms(lines).subset(rows), CRS)
    label = graph.components()
    local = np.searchsorted(rows, targets)
    assert len(set(label[graph.u[local]].tolist())) == 1  # one street network joins the posts
    # A walker there stays on the streets between them: every fix near a street of that graph.
    fx = simulate_patrols(lines, [SimTeam("guard", targets, 0, 8 * H, 1.3)], ANCHOR, CRS, seed=2)
    assert fx.attrs["graph_lines"]["guard"] == len(rows)
    d = shapely.distance(shapely.points(fx[["x", "y"]].to_numpy()), shapely.multilinestrings(lines[rows]))
    assert np.quantile(d, 0.99) < 25.0


def test_a_skipping_team_on_a_city_still_leaves_its_share_undone(city):
    lines, mid, west = city
    reach = 6.0 * 2 * H * 1.05 * REACH_FACTOR
    team = SimTeam("s", west, 0, 2 * H, 6.0, skip_fraction=0.35)
    fx = simulate_patrols(lines, [team], ANCHOR, CRS, seed=5)
    cluster = reachable_lines(LinePoints(lines), west, reach, 0.35, np.random.default_rng(5))  # its first draw
    visited = _near(lines[cluster], fx[["x", "y"]].to_numpy()).mean()
    assert 0.35 < visited < 0.8  # about a third of what it could reach is never visited


def _mapped_rss_kb(path) -> int:
    """Resident kB of this process's mappings of ``path`` (Linux /proc/self/smaps)."""
    total, mine = 0, False
    with open("/proc/self/smaps") as f:
        for line in f:
            head = line.split()
            if head and "-" in head[0] and not head[0].endswith(":"):
                mine = line.rstrip().endswith(str(path))
            elif mine and line.startswith("Rss:"):
                total += int(head[1])
    return total


def test_reading_mapped_vertices_hands_their_pages_back(city, tmp_path):
    """The city's vertices come memory-mapped from the patrol cache: placing and copying lines reads them
    piece by piece and gives each piece's pages back, so the simulator never holds them all."""
    lines, mid, west = city
    whole = SegmentLines.from_geoms(lines)
    np.save(tmp_path / "coords.npy", whole.coords)
    mapped = SegmentLines(np.load(tmp_path / "coords.npy", mmap_mode="r"), whole.offsets, whole.lengths)
    size_kb = whole.coords.nbytes // 1024
    assert size_kb > 1_000
    from demo.patrol_reach import subset_lines

    points = LinePoints(mapped)
    np.testing.assert_array_equal(points.xy, LinePoints(whole).xy)
    assert _mapped_rss_kb(tmp_path / "coords.npy") < 0.1 * size_kb
    rows = np.arange(0, len(lines), 7)
    sub = subset_lines(mapped, rows)
    ref = whole.subset(rows)
    np.testing.assert_array_equal(sub.coords, ref.coords)
    np.testing.assert_array_equal(sub.offsets, ref.offsets)
    np.testing.assert_array_equal(sub.lengths, ref.lengths)
    assert _mapped_rss_kb(tmp_path / "coords.npy") < 0.1 * size_kb
    # In-memory vertices are only read (never advised away).
    np.testing.assert_array_equal(subset_lines(whole, rows).coords, ref.coords)
    assert np.isfinite(whole.coords).all()
