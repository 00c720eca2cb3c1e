"""End nodes by snapping, valves onto pipes, and the network check, on small hand-made networks."""

from __future__ import annotations

import numpy as np
import shapely

from gis.topology import NetworkInputs, check_network, end_nodes, far_outliers, snap_points, split_line


def L(*xy):
    return shapely.LineString(xy)


def test_end_nodes_snap_within_tolerance_only():
    lines = np.array([L((0, 0), (100, 0)), L((100.3, 0.2), (200, 0)), L((200.9, 0), (300, 0))])
    ends = end_nodes(lines, 0.5)
    assert ends.end[0] == ends.start[1]  # 0.36 m apart: one node
    assert ends.end[1] != ends.start[2]  # 0.9 m apart: two nodes
    assert len(ends.new_xy) == 5
    # Existing nodes are reused.
    again = end_nodes(np.array([L((300.2, 0), (400, 0))]), 0.5, existing_xy=ends.new_xy)
    assert again.start[0] < len(ends.new_xy) and again.end[0] == len(ends.new_xy)


def test_valves_take_a_node_or_split_the_pipe():
    pipes = np.array([L((0, 0), (100, 0))])
    nodes = np.array([[0.0, 0.0], [100.0, 0.0]])
    snap = snap_points(np.array([shapely.Point(0.3, 0.1), shapely.Point(40, 0.2), shapely.Point(50, 9)]),
                       nodes, pipes, 0.5)
    assert snap.node.tolist() == [0, -1, -1]
    assert snap.pipe.tolist() == [-1, 0, -1] and abs(snap.split_at[1] - 40) < 1e-9
    assert snap.distance[2] == 9.0  # off the network, with how far
    pieces = split_line(pipes[0], np.array([40.0, 70.0]))
    assert [round(p.length, 6) for p in pieces] == [40.0, 30.0, 30.0]


def test_check_names_each_kind_of_problem():
    lines = np.array([
        L((0, 0), (100, 0)), L((100, 0), (200, 0)),       # joined
        L((200, 3), (300, 3)),                             # 3 m from the end of pipe 1: near miss
        L((0, 0), (100, 0)),                               # duplicate of pipe 0
        L((500, 500), (500, 500.001)),                     # zero length
        L((1000, 0), (1100, 0)),                           # an island with no source
    ])
    fr = np.array([1, 2, 4, 1, 6, 8])
    to = np.array([2, 3, 5, 2, 7, 9])
    node_xy = {1: (0, 0), 2: (100, 0), 3: (200, 0), 4: (200, 3), 5: (300, 3), 6: (500, 500), 7: (500, 500.001),
               8: (1000, 0), 9: (1100, 0)}
    inp = NetworkInputs(
        pipe_codes=np.array(["A", "B", "C", "D", "E", "F"], dtype=object), pipe_geoms=lines, pipe_from=fr, pipe_to=to,
        pipe_diameter=np.array([100, 100, np.nan, 100, 100, 100], float),
        node_ids=np.array(list(node_xy)), node_xy=np.array(list(node_xy.values()), float),
        valve_codes=np.array(["V1", "V2"], dtype=object), valve_xy=np.array([[50, 0], [50, 40]], float),
        valve_node=np.array([2, -1]), source_nodes=np.array([1]), tolerance=0.5, near_m=5.0)
    found = check_network(inp)
    by = {}
    for f in found:
        by.setdefault(f.check, []).append(f)
    assert [f.codes for f in by["near_miss"]] == [["C", "B"]] and by["near_miss"][0].value == 3.0
    assert [f.codes for f in by["duplicate_pipe"]] == [["D", "A"]]
    assert [f.codes[0] for f in by["zero_length"]] == ["E"]
    assert [f.codes[0] for f in by["valve_off_network"]] == ["V2"]
    assert [f.codes[0] for f in by["no_diameter"]] == ["C"]
    islands = sorted(tuple(sorted(f.codes)) for f in by["no_source"])
    assert ("F",) in islands and ("C",) in islands
    assert all(f.codes[0] != "A" for f in by.get("dangling_end", []) if f.x == 0)


def test_far_outliers_names_a_stray_zero_zero():
    xy = np.column_stack([7.42 + np.linspace(0, 0.01, 50), 43.73 + np.linspace(0, 0.01, 50)])
    xy = np.vstack([xy, [[0.0, 0.0]]])
    assert far_outliers(xy).tolist() == [50]
    assert far_outliers(xy[:-1]).tolist() == []
