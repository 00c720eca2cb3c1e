"""Valve isolation for a broken pipe that knows where the water comes from.

Giswater's *mincut*, plus supply: closing valves isolates the pipes between
them, and it can also leave other parts of the network with no path to any
source (works, reservoir, tank, bulk supply point). Those go dry too, and an
answer is only true when it counts both (DESIGN.md §1).

The network is modelled once as a graph whose vertices are the network nodes
and the two halves of every pipe (``from`` half, ``to`` half):

* the *body* edge joins a pipe's two halves: a valve along the pipe
  (``pipe_id`` only) sits on it;
* an *attach* edge joins a pipe half to its node: a valve at that end of that
  pipe (``node_id`` and ``pipe_id``) sits on it, and an in-line valve on a
  node (``node_id`` only) sits on every attach edge of that node.

The edges without a valve fall into connected *valve segments* (computed once
with :mod:`scipy.sparse.csgraph`); the edges with valves join segments into a
small segment graph. A query is a breadth-first search on the segment graph
from the broken pipe's segments, stopping at closable valves (broken,
inaccessible or named valves, and control valves unless allowed, are passed
through), then one connected-components call on the segment graph with the
chosen valves (and the valves already closed) removed: every segment whose
component holds no source is dry. Pipes dry before the isolation (behind
valves already closed) are not counted against it.

Everything here works on frames and arrays; no store access (see
:mod:`services.isolation` for reading the store).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

from gis.pipe_lines import PipeLines, find_code
from gis.segment_lines import Codes

#: Valve states that can be closed (a closed one already is).
OPERABLE = frozenset({"open", "closed"})
#: EPANET control valves: not shut-off valves (pressure reducing / sustaining, flow, throttle, …).
CONTROL_TYPES = frozenset({"prv", "psv", "pbv", "fcv", "tcv", "gpv"})
#: Water source kinds that supply the network (a pump lifts water, it does not make it).
SUPPLY_KINDS = frozenset({"source", "works", "reservoir", "tank", "bulk", "bulk_supply", "well", "well_field"})
#: User categories and place kinds whose loss of supply is a loud warning.
GUARDED_CATEGORIES = frozenset({"venue", "residence"})
GUARDED_KINDS = frozenset({"venue", "residence", "key_unit"})
ISOLATED, CUT_OFF = "isolated", "cut off"

#: A hydrant stored without its node hangs on the nearest pipe within this distance (m).
HYDRANT_SNAP_M = 50.0
#: A customer account located by lon/lat hangs on the nearest pipe within this distance (its service line, m).
CUSTOMER_SNAP_M = 60.0
#: A pipe's, a node's, a hydrant's or a customer's state in an isolation (index into :data:`_REASONS`).
FED, ISO_CODE, CUT_CODE = 0, 1, 2
_REASONS = np.array(["", "isolated", "cut off"], dtype=object)
#: Not hung on a pipe yet (located, waiting for an isolation near it).
_PENDING = -2

#: Result states.
OK, NO_SOURCE, NO_VALVES, NO_TOPOLOGY, UNBOUNDED = "ok", "no_source", "no_valves", "no_topology", "unbounded"


def _opt(value) -> str | None:
    """A text value, or None for a missing one (None, NaN)."""
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


@dataclass
class IsolationResult:
    """What to close for a pipe, and what goes dry.

    Attributes
    ----------
    pipe, pipe_id
        The broken pipe's code and id.
    status
        ``ok``; ``no_source`` (no source in the network: what goes dry cannot be
        told); ``no_valves`` / ``no_topology`` (nothing to isolate with:
        ``missing`` says what); ``unbounded`` (no valve bounds the break:
        ``sources_to_shut`` says which sources it would take).
    missing
        What data is missing (for ``no_source``, ``no_valves``, ``no_topology``).
    valves
        Valves to close: ``id, code, node_id, pipe_id, status, already_closed,
        valve_type, control, diameter_mm, lon, lat``.
    isolated_pipes, isolated_pipe_ids, isolated_length_m
        The pipes between the closed valves (the broken pipe first).
    cut_off_pipes, cut_off_pipe_ids, cut_off_length_m
        Pipes left with no path to any source (dry, but not between the valves).
    dry_length_m
        Isolated plus cut-off length.
    already_dry_pipes
        Pipes with no supply before the isolation (behind valves already closed).
    affected_users
        Important users out of water: ``id, code, name, category, reason``.
    guarded_places_affected
        Venues, residences and key units out of water: ``id, code, name, kind, via, reason``.
    hydrants, customers
        Out of water: ``id, code, reason`` (customers: also ``name``).
    customers_stored
        Whether the network carried customers at all (an empty list is then a true zero).
    passed_valves
        Codes of broken/inaccessible/excluded valves the search went through.
    control_valves_used, control_valves_passed
        Control valves (PRV, PSV, FCV …) closed because the user allowed it, or
        passed through because they are not shut-off valves.
    sources_to_shut
        For ``unbounded``: the sources that would have to be shut: ``id, code, name, kind``.
    warnings
        English warnings for logs (the desk and the CLI word their own).
    """

    pipe: str
    pipe_id: int
    status: str = OK
    missing: str = ""
    valves: list[dict] = field(default_factory=list)
    isolated_pipes: list[str] = field(default_factory=list)
    isolated_pipe_ids: list[int] = field(default_factory=list)
    isolated_length_m: float = 0.0
    cut_off_pipes: list[str] = field(default_factory=list)
    cut_off_pipe_ids: list[int] = field(default_factory=list)
    cut_off_length_m: float = 0.0
    dry_length_m: float = 0.0
    already_dry_pipes: int = 0
    affected_users: list[dict] = field(default_factory=list)
    guarded_places_affected: list[dict] = field(default_factory=list)
    hydrants: list[dict] = field(default_factory=list)
    customers: list[dict] = field(default_factory=list)
    customers_stored: bool = False
    passed_valves: list[str] = field(default_factory=list)
    #: The ids of :attr:`passed_valves`, in the same order (for the map; not in the JSON).
    passed_valve_ids: list[int] = field(default_factory=list, repr=False)
    control_valves_used: list[str] = field(default_factory=list)
    control_valves_passed: list[str] = field(default_factory=list)
    sources_to_shut: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        """True when the result says what to close and what goes dry."""
        return self.status in (OK, UNBOUNDED)

    @property
    def guarded_dry(self) -> bool:
        """A guarded place (venue, residence, key unit) goes dry, for either reason."""
        return any(p["kind"] in GUARDED_KINDS or p["kind"] in GUARDED_CATEGORIES for p in self.guarded_places_affected)

    @property
    def dry_pipe_ids(self) -> list[int]:
        """Isolated and cut-off pipe ids."""
        return self.isolated_pipe_ids + self.cut_off_pipe_ids

    def as_json(self) -> dict:
        """The CLI's JSON object."""
        d = asdict(self)
        d.pop("passed_valve_ids")
        d["guarded_dry"] = self.guarded_dry
        return d


def _positions_of(frame: pd.DataFrame, column: str, index: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Where each row's id in ``frame[column]`` sits in ``index`` (-1: none or unknown), and which rows give one."""
    n = len(frame)
    pos = np.full(n, -1, dtype=np.int64)
    given = np.zeros(n, dtype=bool)
    if column in frame.columns and n:
        ids = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)
        given = ~np.isnan(ids)
        pos[given] = index.get_indexer(ids[given].astype(np.int64))
    return pos, given


class IsolationNetwork:
    """A pipe network prepared for repeated isolation queries.

    Parameters
    ----------
    pipes
        Columns ``id``, ``code``, ``from_node_id``, ``to_node_id``, ``length_m``,
        optional ``diameter_mm``; optional line geometry (lon/lat) for the
        guarded-place test and for lengths when ``length_m`` is 0 or missing.
    valves
        Columns ``id``, ``code``, ``node_id``, ``pipe_id``, ``status``, optional
        ``valve_type``, ``diameter_mm``, ``lon``, ``lat``.
    users
        Important users: ``id``, ``code``, ``name``, ``category``, ``pipe_id``,
        optional ``place_id``, ``name_zh``, ``contact``, ``phone``.
    places
        Guarded places (GeoDataFrame): ``id``, ``code``, ``name``, ``kind``, geometry.
    sources
        Water sources: ``id``, ``code``, ``name``, ``kind``, ``node_id``. Kinds
        outside :data:`SUPPLY_KINDS` (pumps) do not supply.
    hydrants
        ``id``, ``code`` and ``node_id`` or ``pipe_id`` (the pipe it hangs on).
    customers
        Optional: ``id``, ``code``, ``name`` and ``pipe_id`` or ``node_id``; or
        ``lon``, ``lat`` (billing accounts): hung on the nearest pipe within
        :data:`CUSTOMER_SNAP_M`.
    lines
        Where the pipes lie (:class:`gis.pipe_lines.PipeLines`, one box per pipe
        in the order of ``pipes``, lines read on demand). Without it, a
        ``pipes`` GeoDataFrame's geometry is used; with neither, the
        guarded-place test and the snapping of hydrants and accounts are skipped.
    codes
        The pipe codes as :class:`gis.segment_lines.Codes` (a city's codes without
        a Python string each); ``pipes`` then needs no ``code`` column.

    Hydrants stored without a node (``node_id`` missing) and with ``lon``,
    ``lat`` hang on the nearest pipe within :data:`HYDRANT_SNAP_M`. Hydrants
    and accounts are hung when an isolation first needs them: only those near
    the pipes that go dry, and each one once.
    """

    def __init__(
        self,
        pipes: pd.DataFrame,
        valves: pd.DataFrame,
        users: pd.DataFrame | None = None,
        places: gpd.GeoDataFrame | None = None,
        sources: pd.DataFrame | None = None,
        hydrants: pd.DataFrame | None = None,
        customers: pd.DataFrame | None = None,
        lines: PipeLines | None = None,
        codes: Codes | None = None,
    ) -> None:
        if lines is None and isinstance(pipes, gpd.GeoDataFrame) and "geometry" in pipes.columns:
            lines = PipeLines.from_geoms(pipes.geometry.to_numpy())
        self.lines = lines
        self._codes = codes
        self.pipes = pipes.set_index("id", drop=False) if pipes.index.name != "id" else pipes
        self.pipes.index.name = None
        self.valves = valves.reset_index(drop=True)
        self.users = users if users is not None else pd.DataFrame(columns=["id", "code", "name", "category", "pipe_id"])
        self.places = places if places is not None and len(places) else None
        empty_src = pd.DataFrame(columns=["id", "code", "name", "kind", "node_id"])
        self.all_sources = sources if sources is not None else empty_src
        self.hydrants_frame = hydrants if hydrants is not None else pd.DataFrame(columns=["id", "code", "node_id"])
        self.customers_frame = customers
        self._graph = None
        self._dist = None
        self._node_csr = None
        self._vcols: dict[str, np.ndarray] | None = None
        self._valve_code_rows: pd.Index | None = None
        self._user_pos: np.ndarray | None = None
        self._place_hits: tuple[np.ndarray, np.ndarray] | None = None
        self._build()
        self._hang = {"hydrants": self._hanging(self.hydrants_frame, HYDRANT_SNAP_M, only_without_node=True),
                      "customers": self._hanging(customers, CUSTOMER_SNAP_M)}

    # -- precomputation -------------------------------------------------------------------------
    def _build(self) -> None:
        pipes = self.pipes
        P = len(pipes)
        self.pipe_ids = pipes["id"].astype(np.int64).to_numpy()
        self.pipe_codes = self._codes if self._codes is not None else pipes["code"].astype(str).to_numpy()
        self._pipe_pos = pd.Index(self.pipe_ids)
        lengths = pd.to_numeric(pipes["length_m"], errors="coerce").fillna(0.0).to_numpy(float)
        if isinstance(pipes, gpd.GeoDataFrame) and "geometry" in pipes.columns and (lengths <= 0).any() and P:
            metric = pipes.geometry.to_crs(pipes.geometry.estimate_utm_crs()).length.to_numpy()
            lengths = np.where(lengths > 0, lengths, metric)
        self.lengths = lengths
        fn = pd.to_numeric(pipes["from_node_id"], errors="coerce").to_numpy(float)
        tn = pd.to_numeric(pipes["to_node_id"], errors="coerce").to_numpy(float)
        vnode = pd.to_numeric(self.valves.get("node_id", pd.Series(dtype=float)), errors="coerce").to_numpy(float)
        src_node = pd.to_numeric(self.all_sources.get("node_id", pd.Series(dtype=float)), errors="coerce").to_numpy(float)
        hyd_node = pd.to_numeric(self.hydrants_frame.get("node_id", pd.Series(dtype=float)),
                                 errors="coerce").to_numpy(float)
        every = np.concatenate([fn, tn, vnode, src_node, hyd_node])
        node_ids = np.unique(every[~np.isnan(every)]).astype(np.int64)
        self.node_ids = node_ids
        self._node_pos = pd.Index(node_ids)
        N = len(node_ids)
        self.N = N

        def pos(a: np.ndarray) -> np.ndarray:
            out = np.full(len(a), -1, dtype=np.int64)
            ok = ~np.isnan(a)
            out[ok] = self._node_pos.get_indexer(a[ok].astype(np.int64))
            return out

        self.fa, self.ta = pos(fn), pos(tn)
        self.topology_share = float(((self.fa >= 0) & (self.ta >= 0)).mean()) if P else 0.0
        # Edges: body (one per pipe), then from-attach and to-attach where the node is known.
        half_a = N + 2 * np.arange(P, dtype=np.int64)
        half_b = half_a + 1
        has_f, has_t = self.fa >= 0, self.ta >= 0
        body = np.arange(P)
        fidx = np.nonzero(has_f)[0]
        tidx = np.nonzero(has_t)[0]
        eu = np.concatenate([half_a, self.fa[fidx], self.ta[tidx]])
        ev = np.concatenate([half_b, half_a[fidx], half_b[tidx]])
        E = len(eu)
        self.E = E
        from_edge = np.full(P, -1, dtype=np.int64)
        to_edge = np.full(P, -1, dtype=np.int64)
        from_edge[fidx] = P + np.arange(len(fidx))
        to_edge[tidx] = P + len(fidx) + np.arange(len(tidx))
        # Attach edges per node (for in-line node valves).
        att_nodes = np.concatenate([self.fa[fidx], self.ta[tidx]])
        att_edges = np.concatenate([from_edge[fidx], to_edge[tidx]])
        order = np.argsort(att_nodes, kind="stable")
        att_nodes, att_edges = att_nodes[order], att_edges[order]
        att_ptr = np.searchsorted(att_nodes, np.arange(N + 1))

        # Valves -> edges.
        V = len(self.valves)
        vals = self.valves
        self.valve_codes = vals["code"].astype(str).to_numpy() if V else np.array([], dtype=str)
        self.valve_id_arr = vals["id"].astype(np.int64).to_numpy() if V else np.array([], dtype=np.int64)
        self._valve_rows = pd.Index(self.valve_id_arr)
        status = vals["status"].astype(str).to_numpy() if V else np.array([], dtype=str)
        if "valve_type" in vals.columns and V:
            # Lower-cased per distinct type (a city's valves share a handful of strings).
            kinds = pd.Categorical(vals["valve_type"].fillna("isolation").astype(str))
            lowered = np.array([str(c).lower() for c in kinds.categories], dtype=object)
            vtype = lowered[kinds.codes] if len(lowered) else np.array(["isolation"] * V, dtype=object)
        else:
            vtype = np.array(["isolation"] * V, dtype=object)
        self.v_status = status
        self.v_type = vtype
        self.v_control = np.isin(vtype, list(CONTROL_TYPES))
        self.v_operable = np.isin(status, list(OPERABLE))
        self.v_closed = status == "closed"
        vpipe = pd.to_numeric(vals.get("pipe_id", pd.Series(dtype=float)), errors="coerce").to_numpy(float)
        vpipe_pos = np.full(V, -1, dtype=np.int64)
        okp = ~np.isnan(vpipe)
        vpipe_pos[okp] = self._pipe_pos.get_indexer(vpipe[okp].astype(np.int64))
        vnode_pos = pos(vnode) if V else np.array([], dtype=np.int64)
        self.v_pipe_pos, self.v_node_pos = vpipe_pos, vnode_pos
        self.v_has_pipe = vpipe_pos >= 0
        # (valve, edge) pairs: at a pipe's end (from, then to), along it, or every attach edge of its node.
        p, n = vpipe_pos, vnode_pos
        both = np.flatnonzero((p >= 0) & (n >= 0))
        at_from = both[self.fa[p[both]] == n[both]]
        at_to = both[self.ta[p[both]] == n[both]]
        stray = both[(self.fa[p[both]] != n[both]) & (self.ta[p[both]] != n[both])]  # a node the pipe does not touch
        along = np.flatnonzero((p >= 0) & (n < 0))
        on_node = np.flatnonzero((p < 0) & (n >= 0))
        cnt = att_ptr[n[on_node] + 1] - att_ptr[n[on_node]] if len(on_node) else np.zeros(0, np.int64)
        node_v = np.repeat(on_node, cnt)
        k = np.arange(int(cnt.sum()), dtype=np.int64) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        node_e = att_edges[att_ptr[n[node_v]] + k] if len(node_v) else np.zeros(0, np.int64)
        pv = np.concatenate([at_from, at_to, stray, along, node_v]).astype(np.int64)
        pe = np.concatenate([from_edge[p[at_from]], to_edge[p[at_to]], body[p[stray]], body[p[along]],
                             node_e]).astype(np.int64)
        o = np.argsort(pv, kind="stable")  # per valve: its edges in the order above
        v_edges = pe[o]
        self.v_ptr = np.searchsorted(pv[o], np.arange(V + 1))
        vedges = np.unique(pe)
        is_valve_edge = np.zeros(E, dtype=bool)
        is_valve_edge[vedges] = True
        # Per valve edge j (index into vedges): its valves, by valve position.
        o = np.lexsort((pv, pe))
        self.j_vals = pv[o]
        self.j_ptr = np.searchsorted(pe[o], vedges)
        self.j_ptr = np.append(self.j_ptr, len(pe)).astype(np.int64)
        self.v_js = np.searchsorted(vedges, v_edges)
        # Valve segments: components over the edges without a valve.
        nv = N + 2 * P
        plain = ~is_valve_edge
        g = coo_matrix((np.ones(int(plain.sum()), dtype=np.int8), (eu[plain], ev[plain])), shape=(nv, nv)).tocsr()
        n_seg, seg = connected_components(g, directed=False)
        self.n_seg, self.seg = n_seg, seg
        self.seg_a, self.seg_b = seg[half_a], seg[half_b]
        # Segment graph: one edge per valve edge (index j), with the valves on it.
        self.j_edge = vedges
        self.j_u = seg[eu[vedges]]
        self.j_v = seg[ev[vedges]]
        J = len(vedges)
        ends = np.concatenate([self.j_u, self.j_v])
        js = np.concatenate([np.arange(J), np.arange(J)])
        o = np.argsort(ends, kind="stable")
        self.adj_j = js[o]
        self.adj_ptr = np.searchsorted(ends[o], np.arange(n_seg + 1))
        closed_pairs = self.v_closed[self.j_vals] if len(self.j_vals) else np.zeros(0, bool)
        self.j_closed0 = (np.add.reduceat(closed_pairs.astype(np.int64), self.j_ptr[:-1]) > 0 if J
                          else np.zeros(0, dtype=bool))
        # Sources.
        src = self.all_sources
        kinds = src["kind"].astype(str).str.lower() if len(src) else pd.Series(dtype=str)
        self.sources = src[kinds.isin(SUPPLY_KINDS).to_numpy()].reset_index(drop=True) if len(src) else src
        sp = pos(pd.to_numeric(self.sources["node_id"], errors="coerce").to_numpy(float)) if len(self.sources) else \
            np.array([], dtype=np.int64)
        # A source on a node no pipe touches feeds nothing.
        touched = np.zeros(N, dtype=bool)
        touched[self.fa[self.fa >= 0]] = True
        touched[self.ta[self.ta >= 0]] = True
        sp = np.where((sp >= 0) & touched[np.maximum(sp, 0)], sp, -1) if len(sp) else sp
        self.source_node_pos = sp
        self.source_seg = np.where(sp >= 0, seg[np.maximum(sp, 0)], -1)
        self.sources_off_network = [str(c) for c, p in zip(self.sources.get("code", []), sp, strict=False) if p < 0]
        comp0 = self._components(self.j_closed0)
        self.wet0 = self._wet(comp0, shut=())

    def _components(self, closed_j: np.ndarray) -> np.ndarray:
        keep = ~closed_j
        g = coo_matrix((np.ones(int(keep.sum()), dtype=np.int8), (self.j_u[keep], self.j_v[keep])),
                       shape=(self.n_seg, self.n_seg)).tocsr()
        return connected_components(g, directed=False)[1]

    def _wet(self, comp: np.ndarray, shut: Iterable[int]) -> np.ndarray:
        """Per segment: True when its component holds a source that is not shut."""
        shut = set(shut)
        segs = [int(s) for i, s in enumerate(self.source_seg) if s >= 0 and i not in shut]
        wet_comp = np.zeros(comp.max() + 1 if len(comp) else 0, dtype=bool)
        if segs:
            wet_comp[comp[segs]] = True
        return wet_comp[comp]

    # -- lookups -----------------------------------------------------------------------------------
    @property
    def graph(self):
        """The network as a ``networkx.MultiGraph`` (nodes = node ids, one edge per pipe keyed by pipe id)."""
        if self._graph is None:
            import networkx as nx

            g = nx.MultiGraph()
            ok = (self.fa >= 0) & (self.ta >= 0)
            g.add_edges_from(zip(self.node_ids[self.fa[ok]].tolist(), self.node_ids[self.ta[ok]].tolist(),
                                 self.pipe_ids[ok].tolist(), strict=True))
            self._graph = g
        return self._graph

    def find_pipe(self, ref: str | int) -> int:
        """A pipe id from its code or id.

        Raises
        ------
        KeyError
            When no pipe has that code or id.
        """
        if isinstance(ref, (int, np.integer)) and int(ref) in self._pipe_pos:
            return int(ref)
        text = str(ref).strip()
        hit = find_code(self.pipe_codes, text)
        if hit >= 0:
            return int(self.pipe_ids[hit])
        if text.isdigit() and int(text) in self._pipe_pos:
            return int(text)
        raise KeyError(f"no pipe with code or id {text!r}")

    def _valve_pos(self, ref: int | str) -> int:
        if isinstance(ref, (int, np.integer)) and int(ref) in self._valve_rows:
            return int(self._valve_rows.get_loc(int(ref)))
        if self._valve_code_rows is None:  # built at the first lookup by code (options ask for a few each time)
            self._valve_code_rows = pd.Index(self.valve_codes)
        codes = self._valve_code_rows
        if codes.is_unique:
            hit = int(codes.get_loc(str(ref))) if str(ref) in codes else -1
        else:
            hit = find_code(self.valve_codes, str(ref))
        if hit >= 0:
            return hit
        if str(ref).isdigit() and int(ref) in self._valve_rows:
            return int(self._valve_rows.get_loc(int(ref)))
        raise KeyError(f"no valve with code or id {ref!r}")

    def valve_code(self, vid: int) -> str:
        """A valve's code from its id."""
        return str(self.valve_codes[int(self._valve_rows.get_loc(int(vid)))])

    # -- the query ---------------------------------------------------------------------------------
    def isolate(
        self,
        pipe: str | int,
        unavailable: Iterable[int | str] = (),
        allow_control_valves: bool = False,
    ) -> IsolationResult:
        """The valves to close for ``pipe`` and everything that goes dry.

        Parameters
        ----------
        pipe
            Pipe code or id.
        unavailable
            Valve ids or codes to treat as inoperable (found broken on site, or
            left open to keep a guarded place fed).
        allow_control_valves
            Whether control valves (PRV, PSV, FCV, TCV …) may be closed.

        Raises
        ------
        KeyError
            For an unknown pipe or valve.
        """
        target = self.find_pipe(pipe)
        i = int(self._pipe_pos.get_loc(target))
        result = IsolationResult(pipe=str(self.pipe_codes[i]), pipe_id=target)
        excluded = {self._valve_pos(v) for v in unavailable}
        if self.fa[i] < 0 or self.ta[i] < 0 or self.topology_share < 0.5:
            result.status = NO_TOPOLOGY
            share = round(100 * self.topology_share)
            result.missing = (f"pipe {result.pipe} has no from/to nodes" if self.fa[i] < 0 or self.ta[i] < 0
                              else f"only {share}% of the pipes have from/to nodes") + \
                " (the network's topology); import the network with its nodes (an EPANET file or pipes with node fields)"
            return result
        if not len(self.valves) or not self.v_operable.any():
            result.status = NO_VALVES
            result.missing = "the network has no closable valves stored; import the valves"
            return result
        if not allow_control_valves and not (self.v_operable & ~self.v_control).any():
            result.status = NO_VALVES
            result.control_valves_passed = sorted(str(c) for c in self.valve_codes[self.v_control])
            result.missing = ("the network has no shut-off valves stored, only control valves (" +
                              ", ".join(result.control_valves_passed[:10]) +
                              "); import the valves, or allow closing control valves")
            return result
        usable = self.v_operable & ~self.v_closed
        if not allow_control_valves:
            usable &= ~self.v_control
        if excluded:
            usable[list(excluded)] = False

        # Breadth-first search on the segment graph.
        start = {int(self.seg_a[i]), int(self.seg_b[i])}
        inside = set(start)
        queue = deque(start)
        passed: set[int] = set()
        control_passed: set[int] = set()
        while queue:
            s = queue.popleft()
            for j in self.adj_j[self.adj_ptr[s]:self.adj_ptr[s + 1]].tolist():
                if self.j_closed0[j]:
                    continue
                vs = self.j_vals[self.j_ptr[j]:self.j_ptr[j + 1]].tolist()
                if any(usable[v] for v in vs):
                    continue
                for v in vs:
                    (control_passed if self.v_control[v] and self.v_operable[v] and v not in excluded
                     else passed).add(v)
                o = int(self.j_v[j]) if int(self.j_u[j]) == s else int(self.j_u[j])
                if o not in inside:
                    inside.add(o)
                    queue.append(o)
        # Boundary: valve edges with exactly one end inside.
        chosen: dict[int, None] = {}
        for s in inside:
            for j in self.adj_j[self.adj_ptr[s]:self.adj_ptr[s + 1]].tolist():
                u, v = int(self.j_u[j]), int(self.j_v[j])
                if (u in inside) == (v in inside):
                    continue
                vs = self.j_vals[self.j_ptr[j]:self.j_ptr[j + 1]].tolist()
                closed = [x for x in vs if self.v_closed[x]]
                if closed:
                    chosen.setdefault(closed[0], None)
                    continue
                ok = [x for x in vs if usable[x]]
                # A valve at the pipe's end or along it before an in-line node valve (which closes more).
                ok.sort(key=lambda x: (not self.v_has_pipe[x], bool(self.v_control[x]), int(self.valve_id_arr[x])))
                chosen.setdefault(ok[0], None)
        inside_arr = np.zeros(self.n_seg, dtype=bool)
        inside_arr[list(inside)] = True
        passed_rows = sorted(passed, key=lambda v: str(self.valve_codes[v]))
        result.passed_valves = [str(self.valve_codes[v]) for v in passed_rows]
        result.passed_valve_ids = [int(self.valve_id_arr[v]) for v in passed_rows]
        result.control_valves_passed = sorted(str(self.valve_codes[v]) for v in control_passed)
        if not len(self.sources) or (self.source_seg < 0).all():
            result.status = NO_SOURCE
            result.missing = ("the network has no water source (works, reservoir, tank or bulk supply point) "
                              "on its nodes: what goes dry cannot be told; import sources")
            self._fill_valves(result, chosen)
            ids = self.pipe_ids[inside_arr[self.seg_a] & inside_arr[self.seg_b]]
            self._fill_isolated(result, i, ids)
            return result
        shut = [k for k, s in enumerate(self.source_seg) if s >= 0 and inside_arr[s]]
        closed_j = self.j_closed0.copy()
        for v in chosen:
            closed_j[self.v_js[self.v_ptr[v]:self.v_ptr[v + 1]]] = True
        comp = self._components(closed_j)
        wet = self._wet(comp, shut)
        if shut:
            result.status = UNBOUNDED
            result.sources_to_shut = [
                {"id": int(r.id), "code": str(r.code), "name": str(r.name), "kind": str(r.kind)}
                for r in self.sources.iloc[shut].itertuples(index=False)
            ]
        self._fill_valves(result, chosen)
        iso_mask = inside_arr[self.seg_a] & inside_arr[self.seg_b]
        dry_mask = ~wet[self.seg_a] & ~wet[self.seg_b]
        dry0_mask = ~self.wet0[self.seg_a] & ~self.wet0[self.seg_b]
        cut_mask = dry_mask & ~iso_mask & ~dry0_mask
        self._fill_isolated(result, i, self.pipe_ids[iso_mask])
        cut_ids = self.pipe_ids[cut_mask]
        result.cut_off_pipe_ids = cut_ids.tolist()
        result.cut_off_pipes = self.pipe_codes[cut_mask].tolist()
        result.cut_off_length_m = round(float(self.lengths[cut_mask].sum()), 2)
        result.dry_length_m = round(result.isolated_length_m + result.cut_off_length_m, 2)
        result.already_dry_pipes = int((dry0_mask & ~iso_mask).sum())
        node_state = np.zeros(self.N, dtype=np.int8)
        node_seg = self.seg[: self.N]
        node_dry = ~wet[node_seg] & self.wet0[node_seg]
        node_state[node_dry] = CUT_CODE
        node_state[inside_arr[node_seg]] = ISO_CODE
        self._affected(result, iso_mask, cut_mask, node_state)
        return result

    def _fill_valves(self, result: IsolationResult, chosen: dict[int, None]) -> None:
        if self._vcols is None:  # the valves' numbers as arrays, once (not a frame row per valve and query)
            n = len(self.valves)
            self._vcols = {c: (pd.to_numeric(self.valves[c], errors="coerce").to_numpy(float)
                               if c in self.valves.columns else np.full(n, np.nan))
                           for c in ("node_id", "pipe_id", "diameter_mm", "lon", "lat")}
        col = self._vcols

        def num(name: str, v: int, kind=float):
            x = col[name][v]
            return None if np.isnan(x) else kind(x)

        out = []
        for v in sorted(chosen, key=lambda x: str(self.valve_codes[x])):
            d = {
                "id": int(self.valve_id_arr[v]),
                "code": str(self.valve_codes[v]),
                "node_id": num("node_id", v, int),
                "pipe_id": num("pipe_id", v, int),
                "status": str(self.v_status[v]),
                "already_closed": bool(self.v_closed[v]),
                "valve_type": str(self.v_type[v]),
                "control": bool(self.v_control[v]),
                "diameter_mm": num("diameter_mm", v),
                "lon": num("lon", v),
                "lat": num("lat", v),
            }
            out.append(d)
        result.valves = out
        result.control_valves_used = [d["code"] for d in out if d["control"] and not d["already_closed"]]

    def _fill_isolated(self, result: IsolationResult, i: int, ids: np.ndarray) -> None:
        target = int(self.pipe_ids[i])
        rest = [int(p) for p in ids.tolist() if int(p) != target]
        order = [target, *rest]
        pos = self._pipe_pos.get_indexer(order)
        result.isolated_pipe_ids = order
        result.isolated_pipes = self.pipe_codes[pos].tolist()
        result.isolated_length_m = round(float(self.lengths[pos].sum()), 2)
        result.dry_length_m = result.isolated_length_m

    def _affected(self, result: IsolationResult, iso_mask: np.ndarray, cut_mask: np.ndarray,
                  node_state: np.ndarray) -> None:
        pipe_state = np.zeros(len(self.pipe_ids), dtype=np.int8)
        pipe_state[iso_mask] = ISO_CODE
        pipe_state[self._pipe_pos.get_loc(result.pipe_id)] = ISO_CODE
        pipe_state[cut_mask] = CUT_CODE
        users = self.users
        affected = []
        places: dict[int, dict] = {}
        names = {int(p.id): p for p in self.places.itertuples(index=False)} if self.places is not None else {}
        if self._user_pos is None:
            self._user_pos = _positions_of(users, "pipe_id", self._pipe_pos)[0]
        upos = self._user_pos
        hit_rows = np.nonzero((upos >= 0) & (pipe_state[np.maximum(upos, 0)] > 0))[0]
        for u, p_row in zip(users.iloc[hit_rows].itertuples(index=False), upos[hit_rows].tolist(), strict=True):
            reason = _REASONS[pipe_state[p_row]]
            d = {"id": int(u.id), "code": str(u.code), "name": str(u.name), "category": str(u.category),
                 "reason": reason}
            for extra in ("name_zh", "contact", "phone"):
                if hasattr(u, extra):
                    d[extra] = _opt(getattr(u, extra))
            affected.append(d)
            place_id = getattr(u, "place_id", None)
            if place_id is not None and not pd.isna(place_id) and int(place_id) in names:
                p = names[int(place_id)]
                places[int(p.id)] = {"id": int(p.id), "code": str(p.code), "name": str(p.name),
                                     "name_zh": _opt(getattr(p, "name_zh", None)),
                                     "kind": str(p.kind), "via": f"user {u.code}", "reason": reason}
            elif str(u.category) in GUARDED_CATEGORIES:
                places.setdefault(-int(u.id), {"id": None, "code": str(u.code), "name": str(u.name),
                                               "name_zh": _opt(getattr(u, "name_zh", None)),
                                               "kind": str(u.category), "via": f"user {u.code}", "reason": reason})
        result.affected_users = affected
        if names and self.lines is not None:
            rows, poly = self.place_hits()
            dry = pipe_state[rows] > 0
            found: dict[int, str] = {}
            for row, pi in zip(rows[dry].tolist(), poly[dry].tolist(), strict=True):
                if found.get(pi) != ISOLATED:
                    found[pi] = _REASONS[pipe_state[row]]
            for pi, reason in sorted(found.items()):
                p = self.places.iloc[pi]
                places.setdefault(int(p["id"]), {"id": int(p["id"]), "code": str(p["code"]), "name": str(p["name"]),
                                                 "name_zh": _opt(p.get("name_zh")),
                                                 "kind": str(p["kind"]), "via": "pipe inside the perimeter",
                                                 "reason": reason})
        result.guarded_places_affected = sorted(places.values(), key=lambda d: (d["kind"], d["code"]))
        for p in result.guarded_places_affected:
            if p["kind"] in GUARDED_KINDS or p["kind"] in GUARDED_CATEGORIES:
                result.warnings.append(
                    f"WARNING: closing these valves cuts the water supply of {p['kind']} {p['name']} "
                    f"({p['code']}): {p['reason']}"
                )
        hyd = self.hydrants_frame
        if len(hyd):
            state = self._state_of("hydrants", pipe_state, node_state)
            idx = np.flatnonzero(state)
            ids, codes = hyd["id"].to_numpy()[idx], hyd["code"].to_numpy()[idx]
            result.hydrants = [{"id": int(i), "code": str(c), "reason": _REASONS[r]}
                               for i, c, r in zip(ids.tolist(), codes.tolist(), state[idx].tolist(), strict=True)]
        cust = self.customers_frame
        result.customers_stored = cust is not None
        if cust is not None and len(cust):
            state = self._state_of("customers", pipe_state, node_state)
            idx = np.flatnonzero(state)
            names_ = cust["name"].to_numpy()[idx] if "name" in cust.columns else [""] * len(idx)
            result.customers = [{"id": int(i), "code": str(c), "name": str(n or ""), "reason": _REASONS[r]}
                                for i, c, n, r in zip(cust["id"].to_numpy()[idx].tolist(),
                                                      cust["code"].to_numpy()[idx].tolist(), list(names_),
                                                      state[idx].tolist(), strict=True)]

    def place_hits(self) -> tuple[np.ndarray, np.ndarray]:
        """``(pipe rows, place positions)`` of the pipes whose line runs inside a guarded place (found once)."""
        if self._place_hits is None:
            if self.places is None or self.lines is None:
                self._place_hits = (np.empty(0, np.int64), np.empty(0, np.int64))
            else:
                self._place_hits = self.lines.hits(self.places.geometry.to_numpy())
        return self._place_hits

    # -- hydrants and customers on pipes and nodes --------------------------------------------------
    def _hanging(self, frame: pd.DataFrame | None, max_m: float, only_without_node: bool = False) -> dict | None:
        """Where each row of ``frame`` hangs: its pipe row (given, or pending a snap), its node position."""
        if frame is None:
            return None
        n = len(frame)
        rows, given = _positions_of(frame, "pipe_id", self._pipe_pos)
        nodes, has_node = _positions_of(frame, "node_id", self._node_pos)
        xy = np.full((n, 2), np.nan)
        if {"lon", "lat"} <= set(frame.columns) and n:
            xy = np.column_stack([pd.to_numeric(frame["lon"], errors="coerce").to_numpy(float),
                                  pd.to_numeric(frame["lat"], errors="coerce").to_numpy(float)])
            pending = ~given & np.isfinite(xy).all(axis=1)
            if only_without_node:
                pending &= ~has_node
            if self.lines is not None:
                rows[pending] = _PENDING
        return {"rows": rows, "nodes": nodes, "has_node": "node_id" in frame.columns, "xy": xy, "max_m": max_m}

    def _hang_near(self, key: str, dry_rows: np.ndarray | None) -> np.ndarray:
        """Hang the pending rows of ``key`` that lie near the pipes ``dry_rows`` (all pending rows for None)."""
        h = self._hang[key]
        rows = h["rows"]
        pending = np.flatnonzero(rows == _PENDING)
        if not len(pending):
            return rows
        if dry_rows is not None:
            b = self.lines.boxes[dry_rows]
            b = b[np.isfinite(b).all(axis=1)]
            if not len(b):
                return rows
            lo, hi = b[:, :2].min(axis=0), b[:, 2:].max(axis=0)
            dlon, dlat = self.lines.margin_deg(h["max_m"], max(abs(lo[1]), abs(hi[1])))
            xy = h["xy"][pending]
            near = ((xy[:, 0] >= lo[0] - dlon) & (xy[:, 0] <= hi[0] + dlon) &
                    (xy[:, 1] >= lo[1] - dlat) & (xy[:, 1] <= hi[1] + dlat))
            pending = pending[near]
        if len(pending):
            rows[pending] = self.lines.nearest(h["xy"][pending], h["max_m"])
        return rows

    def hung_pipe_ids(self, key: str) -> np.ndarray:
        """The pipe id each row of the ``hydrants`` or ``customers`` frame hangs on (NaN: none), all hung now."""
        h = self._hang.get(key)
        if h is None:
            return np.empty(0)
        rows = self._hang_near(key, None)
        out = np.full(len(rows), np.nan)
        ok = rows >= 0
        out[ok] = self.pipe_ids[rows[ok]]
        return out

    def _state_of(self, key: str, pipe_state: np.ndarray, node_state: np.ndarray) -> np.ndarray:
        """Per row of the ``hydrants`` or ``customers`` frame: fed, isolated or cut off (a pipe first, else its node)."""
        h = self._hang[key]
        rows = h["rows"]
        if (rows == _PENDING).any():
            rows = self._hang_near(key, np.flatnonzero(pipe_state > 0))
        state = np.zeros(len(rows), dtype=np.int8)
        on = rows >= 0
        state[on] = pipe_state[rows[on]]
        if h["has_node"]:
            nodes = h["nodes"]
            by_node = np.where(nodes >= 0, node_state[np.maximum(nodes, 0)], FED) if len(node_state) else \
                np.zeros(len(nodes), np.int8)
            state = np.where(state > 0, state, by_node).astype(np.int8)
        return state

    # -- options -----------------------------------------------------------------------------------
    def options(
        self,
        pipe: str | int,
        unavailable: Iterable[int | str] = (),
        allow_control_valves: bool = False,
        max_evaluations: int = 40,
        keep: int = 5,
    ) -> list[dict]:
        """Alternative valve sets ranked by cost, when a guarded place would go dry.

        Each alternative leaves one or more of the chosen valves open so the
        search goes further out (a larger isolated area), or closes the
        control valves the search went through (only offered, the user must
        allow it). Options leaving more guarded places dry than the plain
        answer are dropped. Ranked by guarded places dry, then customers, then
        length out of water; the first option is the plain answer, and
        ``keeps_more_fed`` marks those that keep more guarded places fed. With
        shut-off valves alone the plain answer's isolated area is the least
        one, so a guarded place cut off by it stays dry in every larger one:
        then no option keeps it fed and it needs temporary supply.

        Returns
        -------
        list of dict
            ``rank, leave_open (codes), control_valves, valves (codes), result,
            guarded (codes), customers, important_users, dry_length_m,
            isolated_length_m, cut_off_length_m, keeps_more_fed``.
        """
        pipe = self.find_pipe(pipe)  # once: every evaluation below asks for the same pipe
        base_unavail = [self.valve_code(self.valve_id_arr[self._valve_pos(v)]) for v in unavailable]
        seen: dict[tuple, dict] = {}

        def evaluate(leave: tuple[str, ...], control: bool) -> dict | None:
            key = (frozenset(leave), control)
            if key in seen:
                return None
            r = self.isolate(pipe, unavailable=[*base_unavail, *leave], allow_control_valves=control)
            opt = {
                "leave_open": sorted(leave),
                "control_valves": control,
                "valves": [v["code"] for v in r.valves],
                "result": r,
                "guarded": [p["code"] for p in r.guarded_places_affected],
                "customers": len(r.customers),
                "important_users": len(r.affected_users),
                "dry_length_m": r.dry_length_m,
                "isolated_length_m": r.isolated_length_m,
                "cut_off_length_m": r.cut_off_length_m,
                "answered": r.status == OK,
            }
            seen[key] = opt
            return opt

        base = evaluate((), allow_control_valves)
        if base is None or not base["answered"]:
            return [] if base is None else [{**base, "rank": 0, "keeps_more_fed": False}]
        starts = [base]
        if not allow_control_valves and base["result"].control_valves_passed:
            # Closing the control valves the search went through is an option the user must allow.
            alt = evaluate((), True)
            if alt is not None:
                starts.append(alt)
        frontier = [o for o in starts if o["guarded"] and o["answered"]]
        evaluations = len(starts)
        while frontier and evaluations < max_evaluations:
            nxt = []
            for opt in frontier:
                for code in [v["code"] for v in opt["result"].valves if not v["already_closed"]]:
                    if evaluations >= max_evaluations:
                        break
                    child = evaluate(tuple(sorted({*opt["leave_open"], code})), opt["control_valves"])
                    if child is None:
                        continue
                    evaluations += 1
                    if child["answered"] and child["guarded"] and len(child["guarded"]) <= len(opt["guarded"]):
                        nxt.append(child)
            nxt.sort(key=lambda o: (len(o["guarded"]), o["dry_length_m"]))
            frontier = nxt[:4]
        limit = len(base["guarded"])
        unique: dict[tuple, dict] = {}
        for o in seen.values():
            if o["answered"] and len(o["guarded"]) <= limit:
                unique.setdefault((tuple(o["valves"]), o["control_valves"]), o)
        ranked = sorted(unique.values(), key=lambda o: (len(o["guarded"]), o["customers"], o["dry_length_m"],
                                                         len(o["leave_open"])))
        ranked = [o for o in ranked if o is not base]
        out = [base, *ranked[: keep - 1]]
        for n, o in enumerate(out):
            o["rank"] = n
            o["keeps_more_fed"] = len(o["guarded"]) < limit
        return out

    # -- isolation order ----------------------------------------------------------------------------
    def _node_graph(self):
        if self._node_csr is None:
            self._node_csr = self._build_node_graph()
        return self._node_csr

    def _build_node_graph(self):
        ok = (self.fa >= 0) & (self.ta >= 0)
        w = np.maximum(self.lengths[ok], 1e-3)
        a, b = np.minimum(self.fa[ok], self.ta[ok]), np.maximum(self.fa[ok], self.ta[ok])
        # Parallel pipes between two nodes: the shortest one (a sparse matrix would add them up).
        order = np.lexsort((w, b, a))
        a, b, w = a[order], b[order], w[order]
        first = np.ones(len(a), dtype=bool)
        first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
        return coo_matrix((w[first], (a[first], b[first])), shape=(self.N, self.N)).tocsr()

    def source_distances(self) -> np.ndarray:
        """Distance along the network (m) from each node to the nearest source (inf when none)."""
        if self._dist is None:
            src = self.source_node_pos[self.source_node_pos >= 0]
            if not len(src):
                self._dist = np.full(self.N, np.inf)
            else:
                self._dist = dijkstra(self._node_graph(), directed=False, indices=np.unique(src), min_only=True)
        return self._dist

    def _valve_node(self, d: dict) -> int:
        v = int(self._valve_rows.get_loc(d["id"]))
        n = int(self.v_node_pos[v])
        if n >= 0:
            return n
        p = int(self.v_pipe_pos[v])
        return int(self.fa[p]) if p >= 0 and self.fa[p] >= 0 else int(self.ta[p]) if p >= 0 else -1

    def order(self, result: IsolationResult, rule: str = "supply_side_first") -> list[dict]:
        """The valves of ``result`` in the order to close them, with the crew's route between them.

        Parameters
        ----------
        rule
            ``supply_side_first``: by distance along the network from the nearest
            source, nearest first (stop the inflow, then the rest);
            ``break_outward``: by distance from the broken pipe.

        Returns
        -------
        list of dict
            The valve dicts plus ``step``, ``from_source_m`` (None when no
            source reaches it), ``from_break_m`` and ``route_m`` (along the
            network from the previous valve; from the break for the first).
        """
        valves = [v for v in result.valves if not v["already_closed"]]
        if not valves:
            return []
        nodes = [self._valve_node(v) for v in valves]
        i = int(self._pipe_pos.get_loc(result.pipe_id))
        brk = [int(n) for n in (self.fa[i], self.ta[i]) if n >= 0]
        graph = self._node_graph()
        brk = sorted(set(brk))
        across = float(max(self.lengths[i], 1e-3))  # from one end of the broken pipe to the other
        need = np.array(sorted({n for n in nodes if n >= 0}), dtype=np.int64)

        def from_break_within(limit: float) -> np.ndarray:
            if not brk:
                return np.full(self.N, np.inf)
            return np.min(np.atleast_2d(dijkstra(graph, directed=False, indices=brk, limit=limit)), axis=0)

        # The valves lie around the break: search a ball around it, wider until it holds every valve (or the whole
        # network). Then a route between two valves, no longer than the way through the break, stays inside the
        # ball of three times the farthest valve: those routes are searched on that part of the network only.
        limit = max(4.0 * across, 200.0)
        while True:
            from_break = from_break_within(limit)
            if not len(need) or np.isfinite(from_break[need]).all() or not np.isfinite(limit):
                break
            limit = limit * 4.0 if limit < 1e7 else np.inf
        far = float(from_break[need].max()) if len(need) and np.isfinite(from_break[need]).all() else np.inf
        ball = 3.0 * far + across
        sub = sub_graph = None
        if np.isfinite(ball):
            ball = ball * (1 + 1e-9) + 1e-6
            near = from_break if ball <= limit else from_break_within(ball)
            sub = np.flatnonzero(np.isfinite(near) & (near <= ball))
            sub_graph = graph[sub][:, sub]
        src = self.source_distances()

        def route(a: int, b: int) -> float:
            """Along the network from node a to node b: a search no wider than the way through the break."""
            via = from_break[a] + across + from_break[b]
            limit = via * (1 + 1e-9) + 1e-6 if np.isfinite(via) else np.inf
            if sub is not None:
                ia, ib = np.searchsorted(sub, a), np.searchsorted(sub, b)
                if ia < len(sub) and ib < len(sub) and sub[ia] == a and sub[ib] == b:
                    return float(dijkstra(sub_graph, directed=False, indices=int(ia), limit=limit)[ib])
            return float(dijkstra(graph, directed=False, indices=a, limit=limit)[b])

        def fin(x: float) -> float | None:
            return None if not np.isfinite(x) else round(float(x), 1)

        items = []
        for v, n in zip(valves, nodes, strict=True):
            items.append({**v, "from_source_m": fin(src[n]) if n >= 0 else None,
                          "from_break_m": fin(from_break[n]) if n >= 0 else None, "_node": n})
        if rule == "break_outward":
            items.sort(key=lambda d: (d["from_break_m"] is None, d["from_break_m"] or 0.0, d["code"]))
        else:
            items.sort(key=lambda d: (d["from_source_m"] is None, d["from_source_m"] or 0.0, d["code"]))
        prev = None
        for k, d in enumerate(items, start=1):
            n = d.pop("_node")
            d["step"] = k
            if prev is None:
                d["route_m"] = d["from_break_m"]
            else:
                d["route_m"] = fin(route(prev, n)) if prev >= 0 and n >= 0 else None
            prev = n
        return items
