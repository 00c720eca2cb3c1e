"""Valve isolation for a broken pipe (Giswater's *mincut*).

Search outward from the pipe's two end nodes over a ``networkx.MultiGraph``
(nodes = network nodes, one edge per pipe keyed by pipe id) and stop at
operable valves. Where a valve sits decides what it cuts:

* ``node_id`` and ``pipe_id``: at that end of that pipe; closing it parts the
  pipe from the node.
* ``node_id`` only: an in-line valve on a node; closing it parts every pipe
  meeting there.
* ``pipe_id`` only: a valve along the pipe; closing it shuts that pipe.

Closed valves already bound the area (listed as ``already_closed``); broken and
inaccessible valves — and any the caller names — are passed through, so the
search goes on to the next valves out. Valves whose both sides end up inside
the isolated area (loops) are not listed: closing them changes nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

#: Valve states that can be closed (a closed one already is).
OPERABLE = frozenset({"open", "closed"})
#: User categories and place kinds whose loss of supply is a loud warning.
GUARDED_CATEGORIES = frozenset({"venue", "residence"})
GUARDED_KINDS = frozenset({"venue", "residence", "key_unit"})


@dataclass
class IsolationResult:
    """What to close for a pipe, and what goes dry.

    Attributes
    ----------
    pipe, pipe_id
        The broken pipe's code and id.
    valves
        Valves to close: ``id, code, node_id, pipe_id, status, already_closed``.
    isolated_pipes
        Codes of the pipes left without water (the broken pipe first).
    isolated_pipe_ids
        Their ids, same order.
    isolated_length_m
        Their total length.
    affected_users
        Important users on isolated pipes: ``id, code, name, category``.
    guarded_places_affected
        Venues, residences and key units losing supply: ``id, code, name, kind, via``.
    passed_valves
        Codes of broken/inaccessible/excluded valves the search went through.
    warnings
        Human-readable warnings (a venue or residence losing supply).
    """

    pipe: str
    pipe_id: int
    valves: list[dict] = field(default_factory=list)
    isolated_pipes: list[str] = field(default_factory=list)
    isolated_pipe_ids: list[int] = field(default_factory=list)
    isolated_length_m: float = 0.0
    affected_users: list[dict] = field(default_factory=list)
    guarded_places_affected: list[dict] = field(default_factory=list)
    passed_valves: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """The CLI's JSON object (the issue's keys first)."""
        d = asdict(self)
        return {k: d[k] for k in ("pipe", "valves", "isolated_pipes", "isolated_length_m", "affected_users",
                                  "guarded_places_affected", "pipe_id", "isolated_pipe_ids", "passed_valves",
                                  "warnings")}


class IsolationNetwork:
    """A pipe network prepared for repeated isolation queries.

    Parameters
    ----------
    pipes
        Columns ``id``, ``code``, ``from_node_id``, ``to_node_id``, ``length_m``;
        optional geometry (lines) for the guarded-place test and for lengths
        when ``length_m`` is 0 or missing.
    valves
        Columns ``id``, ``code``, ``node_id``, ``pipe_id``, ``status``.
    users
        Important users: ``id``, ``code``, ``name``, ``category``, ``pipe_id``,
        optional ``place_id``.
    places
        Guarded places (GeoDataFrame): ``id``, ``code``, ``name``, ``kind``, geometry.
    """

    def __init__(
        self,
        pipes: pd.DataFrame,
        valves: pd.DataFrame,
        users: pd.DataFrame | None = None,
        places: gpd.GeoDataFrame | None = None,
    ) -> None:
        self.pipes = pipes.set_index("id", drop=False) if pipes.index.name != "id" else pipes
        self.pipes.index.name = None
        self.valves = valves
        self.users = users if users is not None else pd.DataFrame(columns=["id", "code", "name", "category", "pipe_id"])
        self.places = places
        self.graph = nx.MultiGraph()
        ok = self.pipes["from_node_id"].notna() & self.pipes["to_node_id"].notna()
        self.graph.add_edges_from(
            (int(a), int(b), int(pid))
            for pid, a, b in self.pipes.loc[ok, ["id", "from_node_id", "to_node_id"]].itertuples(index=False)
        )
        self._end_valves: dict[tuple[int, int], list[int]] = {}
        self._node_valves: dict[int, list[int]] = {}
        self._mid_valves: dict[int, list[int]] = {}
        self._valve = {}
        for row in valves.itertuples(index=False):
            vid = int(row.id)
            node = None if pd.isna(row.node_id) else int(row.node_id)
            pipe = None if pd.isna(row.pipe_id) else int(row.pipe_id)
            self._valve[vid] = row
            if node is not None and pipe is not None:
                self._end_valves.setdefault((node, pipe), []).append(vid)
            elif node is not None:
                self._node_valves.setdefault(node, []).append(vid)
            elif pipe is not None:
                self._mid_valves.setdefault(pipe, []).append(vid)
        lengths = pd.to_numeric(self.pipes["length_m"], errors="coerce").fillna(0.0).to_numpy(float)
        if "geometry" in self.pipes.columns and isinstance(self.pipes, gpd.GeoDataFrame) and (lengths <= 0).any():
            metric = self.pipes.geometry.to_crs(self.pipes.geometry.estimate_utm_crs()).length.to_numpy()
            lengths = np.where(lengths > 0, lengths, metric)
        self._length = dict(zip(self.pipes["id"].astype(int).tolist(), lengths.tolist()))

    def find_pipe(self, ref: str | int) -> int:
        """A pipe id from its code or id.

        Raises
        ------
        KeyError
            When no pipe has that code or id.
        """
        text = str(ref).strip()
        hits = self.pipes.index[self.pipes["code"].astype(str) == text]
        if len(hits):
            return int(hits[0])
        if text.isdigit() and int(text) in self.pipes.index:
            return int(text)
        raise KeyError(f"no pipe with code or id {text!r}")

    def _usable(self, vids: Iterable[int], excluded: set[int], passed: set[int]) -> list[int]:
        out = []
        for vid in vids:
            if self._valve[vid].status in OPERABLE and vid not in excluded:
                out.append(vid)
            else:
                passed.add(vid)
        return out

    def isolate(self, pipe: str | int, unavailable: Iterable[int | str] = ()) -> IsolationResult:
        """The valves to close for ``pipe`` and what they cut off.

        Parameters
        ----------
        pipe
            Pipe code or id.
        unavailable
            Valve ids or codes to treat as inoperable (found broken on site).

        Raises
        ------
        KeyError
            For an unknown pipe or valve.
        """
        target = self.find_pipe(pipe) if not isinstance(pipe, (int, np.integer)) else int(pipe)
        if target not in self._length:
            raise KeyError(f"no pipe with id {target}")
        excluded = {self._valve_id(v) for v in unavailable}
        passed: set[int] = set()
        boundary: set[int] = set()
        isolated: dict[int, None] = {target: None}
        inside: set[int] = set()
        row = self.pipes.loc[target]
        queue: deque[tuple[int, tuple]] = deque([(target, (row["from_node_id"], row["to_node_id"]))])
        while queue:
            pid, ends = queue.popleft()
            for raw in ends:
                if pd.isna(raw):
                    continue
                node = int(raw)
                stop = self._usable(self._end_valves.get((node, pid), ()), excluded, passed)
                if stop:
                    boundary.update(stop)
                    continue
                if node in inside:
                    continue
                stop = self._usable(self._node_valves.get(node, ()), excluded, passed)
                if stop:
                    boundary.update(stop)
                    continue
                inside.add(node)
                for a, b, q in self.graph.edges(node, keys=True):
                    if q in isolated:
                        continue
                    stop = self._usable(self._end_valves.get((node, q), ()), excluded, passed)
                    stop += self._usable(self._mid_valves.get(q, ()), excluded, passed)
                    if stop:
                        boundary.update(stop)
                        continue
                    isolated[q] = None
                    queue.append((q, (a, b)))
        valves = [self._valve_dict(v) for v in sorted(boundary) if self._needed(v, isolated, inside)]
        ids = list(isolated)
        result = IsolationResult(
            pipe=str(row["code"]),
            pipe_id=target,
            valves=valves,
            isolated_pipes=[str(self.pipes.at[p, "code"]) for p in ids],
            isolated_pipe_ids=ids,
            isolated_length_m=round(float(sum(self._length[p] for p in ids)), 2),
            passed_valves=sorted(str(self._valve[v].code) for v in passed),
        )
        self._affected(result)
        return result

    def _valve_id(self, ref: int | str) -> int:
        if isinstance(ref, (int, np.integer)) and int(ref) in self._valve:
            return int(ref)
        for vid, row in self._valve.items():
            if str(row.code) == str(ref):
                return vid
        if str(ref).isdigit() and int(ref) in self._valve:
            return int(ref)
        raise KeyError(f"no valve with code or id {ref!r}")

    def _needed(self, vid: int, isolated: dict[int, None], inside: set[int]) -> bool:
        row = self._valve[vid]
        node = None if pd.isna(row.node_id) else int(row.node_id)
        pipe = None if pd.isna(row.pipe_id) else int(row.pipe_id)
        if node is not None and pipe is not None:
            return (pipe in isolated) != (node in inside)
        if node is not None:
            touching = {q for _, _, q in self.graph.edges(node, keys=True)}
            return bool(touching & isolated.keys()) and bool(touching - isolated.keys())
        return pipe not in isolated

    def _valve_dict(self, vid: int) -> dict:
        row = self._valve[vid]
        return {
            "id": vid,
            "code": str(row.code),
            "node_id": None if pd.isna(row.node_id) else int(row.node_id),
            "pipe_id": None if pd.isna(row.pipe_id) else int(row.pipe_id),
            "status": str(row.status),
            "already_closed": row.status == "closed",
        }

    def _affected(self, result: IsolationResult) -> None:
        users = self.users
        hit = users[users["pipe_id"].isin(result.isolated_pipe_ids)] if len(users) else users
        result.affected_users = [
            {"id": int(u.id), "code": str(u.code), "name": str(u.name), "category": str(u.category)}
            for u in hit.itertuples(index=False)
        ]
        places: dict[int, dict] = {}
        names = {}
        if self.places is not None and len(self.places):
            names = {int(p.id): p for p in self.places.itertuples(index=False)}
        for u in hit.itertuples(index=False):
            place_id = getattr(u, "place_id", None)
            if place_id is not None and not pd.isna(place_id) and int(place_id) in names:
                p = names[int(place_id)]
                places[int(p.id)] = {"id": int(p.id), "code": str(p.code), "name": str(p.name),
                                     "kind": str(p.kind), "via": f"user {u.code}"}
            elif str(u.category) in GUARDED_CATEGORIES:
                # A guarded user with no place record still counts, under its own name.
                places.setdefault(-int(u.id), {"id": None, "code": str(u.code), "name": str(u.name),
                                               "kind": str(u.category), "via": f"user {u.code}"})
        if names and isinstance(self.pipes, gpd.GeoDataFrame):
            lines = self.pipes.geometry.loc[result.isolated_pipe_ids].to_numpy()
            polys = self.places.geometry.to_numpy()
            tree = shapely.STRtree(polys)
            _, poly_idx = tree.query(lines, predicate="intersects")
            for i in sorted(set(poly_idx.tolist())):
                p = self.places.iloc[i]
                places.setdefault(int(p["id"]), {"id": int(p["id"]), "code": str(p["code"]), "name": str(p["name"]),
                                                 "kind": str(p["kind"]), "via": "pipe inside the perimeter"})
        result.guarded_places_affected = sorted(places.values(), key=lambda d: (d["kind"], d["code"]))
        for p in result.guarded_places_affected:
            if p["kind"] in GUARDED_KINDS:
                result.warnings.append(
                    f"WARNING: closing these valves cuts the water supply of {p['kind']} {p['name']} ({p['code']})"
                )

