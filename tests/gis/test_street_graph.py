"""The one street graph: built from line arrays, used by dispatch, the simulators and the demo city alike."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from demo.patrol_sim import grid_streets, street_graph
from gis.streets import NoPath, StreetGraph


def test_grid_paths_times_and_nearest_nodes():
    lines = grid_streets(4, 3, 100.0, (500_000.0, 5_200_000.0))  # 4×3 junctions, 100 m blocks
    g = StreetGraph(lines, "EPSG:32632", speed_mps=np.full(len(lines), 10.0))
    assert (g.n_nodes, g.n_edges) == (12, len(lines))
    a, _ = g.nearest_nodes_xy(500_000.0, 5_200_000.0)
    b, gap = g.nearest_nodes_xy(500_302.0, 5_200_199.0)
    assert gap[0] == pytest.approx(np.hypot(2.0, 1.0))
    nodes, edges = g.shortest_path(int(a[0]), int(b[0]), "length")
    assert g.length_m[edges].sum() == pytest.approx(500.0)  # 3 blocks east, 2 north
    assert g.costs_from(int(a[0]), "time")[b[0]] == pytest.approx(50.0)
    coords = g.path_coords(nodes, edges)
    assert tuple(coords[0]) == g.node_xy(int(a[0])) and tuple(coords[-1]) == g.node_xy(int(b[0]))
    assert shapely.LineString(coords).length == pytest.approx(500.0)
    # lon/lat round trip in the graph's metric CRS
    lon, lat = g.to_wgs84(*g.node_xy(int(b[0])))
    assert g.nearest_nodes(lon, lat)[0][0] == b[0]


def test_islands_components_and_no_path():
    lines = np.concatenate([grid_streets(3, 3, 50.0, (0.0, 0.0)), grid_streets(2, 2, 50.0, (1_000.0, 0.0))])
    g = StreetGraph(lines)
    keep = g.largest_component()
    assert keep.sum() == 12 and not keep[12:].any()
    with pytest.raises(NoPath):
        g.shortest_path(0, int(g.u[12]))
    assert not np.isfinite(g.costs_from(0)[g.u[12]])


def test_given_end_ids_and_parallel_lines_keep_the_cheaper():
    short = shapely.LineString([(0, 0), (100, 0)])
    long = shapely.LineString([(0, 0), (50, 40), (100, 0)])
    g = StreetGraph(np.array([long, short], dtype=object), ends=(np.array([7, 7]), np.array([9, 9])))
    assert list(g.node_ids) == [7, 9]
    assert g.shortest_path(0, 1, "length") == ([0, 1], [1])
    assert g.graph.number_of_edges() == 1  # the networkx view: one (the fastest) line per pair


def test_patrol_graph_is_the_same_class():
    lines = grid_streets(3, 2, 80.0, (0.0, 0.0))
    g = street_graph(lines)
    assert isinstance(g, StreetGraph)
    e = 0
    assert np.allclose(g.line_coords(e, int(g.v[e]))[0], g.xy[g.v[e]])


def test_node_links_are_the_lines_at_each_node_in_edge_order_loops_twice():
    """The flat adjacency (issue 19: 200 MB of tuples on a city) gives what the list per node gave."""
    import numpy as np
    import shapely

    from gis.streets import StreetGraph

    lines = np.array([shapely.LineString(c) for c in (
        [(0, 0), (1, 0)], [(1, 0), (1, 1)], [(1, 1), (0, 0)], [(1, 0), (2, 0)],
        [(2, 0), (2.5, 0.5), (2, 0)], [(5, 5), (6, 6)])])  # a loop at (2, 0), an island
    graph = StreetGraph(lines)
    expected = [[] for _ in range(graph.n_nodes)]
    for e, (a, b) in enumerate(zip(graph.u.tolist(), graph.v.tolist())):
        expected[a].append((e, b))
        expected[b].append((e, a))
    assert len(graph.adj) == graph.n_nodes
    assert [graph.adj[n] for n in range(graph.n_nodes)] == expected
    loop_node = int(graph.u[4])
    assert graph.adj[loop_node].count((4, loop_node)) == 2
    assert np.allclose(graph.midpoints[0], (0.5, 0.0))


def test_line_ends_are_numbered_as_np_unique_numbers_rows():
    """The graph's node numbering (the rank of each snapped end among the distinct ones) is np.unique's."""
    import numpy as np

    from gis.streets import _row_ids

    rng = np.random.default_rng(4)
    keys = rng.integers(-50, 50, size=(5_000, 2)).astype(np.int64)
    keys[::7, 1] = np.iinfo(np.int64).max - rng.integers(0, 3, size=len(keys[::7]))
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    n, ids = _row_ids(keys)
    assert n == len(uniq)
    np.testing.assert_array_equal(ids, inverse.reshape(-1))
    assert _row_ids(np.empty((0, 2), np.int64))[0] == 0


def test_midpoints_of_some_lines_are_those_of_all():
    import numpy as np

    from demo.patrol_sim import grid_streets, street_graph
    from gis.segment_lines import SegmentLines

    lines = grid_streets(7, 5, 60.0, (530_000.0, 5_211_000.0))
    rows = np.array([3, 0, 17, 17, len(lines) - 1])
    for made in (lines, SegmentLines.from_geoms(lines)):
        g = street_graph(made, "EPSG:32632")
        some = g.midpoints_of(rows)
        assert "midpoints" not in g.__dict__  # only those lines' points were made
        np.testing.assert_array_equal(some, g.midpoints[rows])
        np.testing.assert_array_equal(g.midpoints_of(rows), some)  # and from the kept ones alike
