"""Benchmark: end nodes by snapping, and the network check, on a synthetic grid of bare pipes.

Prints one JSON object: pipes, seconds for end_nodes and check_network (median of 3).
Run: python tests/bench/topology.py [N_SIDE]  (N_SIDE² × 2 pipes; default 300 → 180,000 pipes)
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import numpy as np
import shapely

from gis.topology import NetworkInputs, check_network, end_nodes


def grid(n: int, jitter: float = 0.2, seed: int = 1) -> np.ndarray:
    """Horizontal and vertical 100 m pipes on an n × n grid, ends jittered under the tolerance."""
    rng = np.random.default_rng(seed)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    x, y = i.ravel() * 100.0, j.ravel() * 100.0
    a = np.column_stack([x, y])
    h = np.stack([a, a + [100.0, 0]], axis=1)
    v = np.stack([a, a + [0, 100.0]], axis=1)
    seg = np.concatenate([h, v]) + rng.uniform(-jitter / 2, jitter / 2, size=(2 * len(a), 2, 2))
    return shapely.linestrings(seg)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    lines = grid(n)
    t_nodes, t_check = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        ends = end_nodes(lines, 0.5)
        t_nodes.append(time.perf_counter() - t0)
        inp = NetworkInputs(
            pipe_codes=np.array([f"P{i}" for i in range(len(lines))], dtype=object), pipe_geoms=lines,
            pipe_from=ends.start, pipe_to=ends.end, pipe_diameter=np.full(len(lines), 200.0),
            node_ids=np.arange(len(ends.new_xy)), node_xy=ends.new_xy, valve_codes=np.empty(0, dtype=object),
            valve_xy=np.empty((0, 2)), valve_node=np.empty(0, np.int64), source_nodes=np.array([0]))
        t0 = time.perf_counter()
        findings = check_network(inp)
        t_check.append(time.perf_counter() - t0)
    print(json.dumps({"pipes": len(lines), "nodes": len(ends.new_xy), "findings": len(findings),
                      "end_nodes_s": round(statistics.median(t_nodes), 3),
                      "check_network_s": round(statistics.median(t_check), 3)}))


if __name__ == "__main__":
    main()
