"""One isolation answer for the desk and ``isolate``: supply, options, order, pressure step."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from gis.hydraulics import HydraulicError, pressure_impact
from gis.isolation import OK, IsolationNetwork, IsolationResult
from models.isolation import HydraulicModel
from services.isolation.network import IsolationRules, isolation_rules

#: Why there is no pressure step (machine-readable reasons; the CLI and desk word them).
NO_HYDRAULIC_DATA = "no_hydraulic_data"
NOT_ANSWERED = "not_answered"
FAILED = "failed"

#: What the crew's route between the valves rests on (like dispatch's ``eta_basis``).
STREETS, PIPE_NETWORK = "streets", "pipe_network"


@dataclass
class IsolationAnswer:
    """An isolation result with what the duty leader needs around it.

    Attributes
    ----------
    result
        The chosen (or plain) :class:`~gis.isolation.IsolationResult`.
    order
        The valves to close, in order (see :meth:`gis.isolation.IsolationNetwork.order`).
    options
        Ranked alternatives when a guarded place would go dry (first = the plain answer).
    pressure
        The pressure step as JSON-ready data, or None when not asked for.
    rules
        The stored rules used.
    """

    result: IsolationResult
    order: list[dict] = field(default_factory=list)
    options: list[dict] = field(default_factory=list)
    pressure: dict | None = None
    rules: IsolationRules = field(default_factory=IsolationRules)
    route_basis: str = PIPE_NETWORK

    def as_json(self) -> dict:
        """The result's JSON plus ``order``, ``options`` and (when asked) the pressure step."""
        d = self.result.as_json()
        d["order"] = self.order
        d["order_rule"] = self.rules.order
        d["route_basis"] = self.route_basis
        d["options"] = [option_json(o) for o in self.options]
        if self.pressure is not None:
            d["pressure"] = self.pressure
            d["low_pressure_nodes"] = self.pressure.get("low_pressure_nodes", [])
            d["low_pressure_customers"] = self.pressure.get("low_pressure_customers", [])
        return d


def option_json(o: dict) -> dict:
    """An option without its full result."""
    return {k: v for k, v in o.items() if k != "result"}


def closed_links(net: IsolationNetwork, result: IsolationResult) -> list[str]:
    """The network links (pipe codes) a hydraulic model closes for ``result``.

    The isolated pipes, the pipe of every valve at a pipe's end or along it, and
    for an in-line valve on a node every pipe meeting there.
    """
    out = dict.fromkeys(result.isolated_pipes)
    for v in result.valves:
        if v["pipe_id"] is not None:
            out.setdefault(str(net.pipe_codes[int(net._pipe_pos.get_loc(v["pipe_id"]))]), None)
        elif v["node_id"] is not None:
            n = int(net._node_pos.get_loc(v["node_id"]))
            touching = (net.fa == n) | (net.ta == n)
            out.update(dict.fromkeys(net.pipe_codes[touching].tolist()))
    return list(out)


def hydraulic_model(conn: Connection) -> HydraulicModel | None:
    """The newest stored EPANET model, if any."""
    t = HydraulicModel.__table__
    row = conn.execute(select(t.c.id, t.c.name, t.c.inp_text).order_by(t.c.id.desc()).limit(1)).first()
    return None if row is None else HydraulicModel(id=row.id, name=row.name, inp_text=row.inp_text)


def pressure_step(conn: Connection, net: IsolationNetwork, result: IsolationResult,
                  rules: IsolationRules, model: HydraulicModel | None = None) -> dict:
    """Run the pressure step for ``result`` on the stored EPANET model, or say why not.

    Returns
    -------
    dict
        ``available`` and either ``reason`` (``no_hydraulic_data``,
        ``not_answered``, ``failed`` with ``detail``) or ``min_pressure_m``,
        ``model``, ``low_pressure_nodes`` (node, before_m, after_m),
        ``low_pressure_customers``, ``low_pressure_users``, ``already_low``,
        ``closed_links``, ``unknown_links``.
    """
    if not result.answered:
        return {"available": False, "reason": NOT_ANSWERED, "min_pressure_m": rules.min_pressure_m}
    model = model or hydraulic_model(conn)
    if model is None:
        return {"available": False, "reason": NO_HYDRAULIC_DATA, "min_pressure_m": rules.min_pressure_m}
    links = closed_links(net, result)
    try:
        impact = pressure_impact(model.inp_text, links, rules.min_pressure_m)
    except HydraulicError as exc:
        return {"available": False, "reason": FAILED, "detail": str(exc), "min_pressure_m": rules.min_pressure_m}
    low = {r["node"]: r for r in impact.low}
    node_code = dict(zip(net.node_ids.tolist(), [None] * len(net.node_ids), strict=True))
    users, customers = [], []
    codes_by_id = _node_codes(conn)
    node_code.update(codes_by_id)

    def worst(pipe_id) -> dict | None:
        if pipe_id is None or pipe_id != pipe_id:  # none, or NaN: an account with no pipe near it
            return None
        try:
            i = int(net._pipe_pos.get_loc(int(pipe_id)))
        except KeyError:
            return None
        hits = [low[c] for c in (node_code.get(int(net.node_ids[n])) for n in (net.fa[i], net.ta[i]) if n >= 0)
                if c in low]
        return min(hits, key=lambda r: r["after_m"]) if hits else None

    for u in net.users.itertuples(index=False):
        hit = worst(getattr(u, "pipe_id", None))
        if hit:
            users.append({"code": str(u.code), "name": str(u.name), "node": hit["node"], "after_m": hit["after_m"]})
    if net.customers_frame is not None:
        frame = net.customers_frame
        if {"lon", "lat"} <= set(frame.columns):
            frame = frame.assign(pipe_id=net.hung_pipe_ids("customers"))  # accounts by lon/lat: on their pipe
        for c in frame.itertuples(index=False):
            hit = None
            if getattr(c, "node_id", None) is not None and node_code.get(int(c.node_id)) in low:
                hit = low[node_code[int(c.node_id)]]
            elif getattr(c, "pipe_id", None) is not None:
                hit = worst(c.pipe_id)
            if hit:
                customers.append({"code": str(c.code), "name": str(getattr(c, "name", "") or ""),
                                  "node": hit["node"], "after_m": hit["after_m"]})
    return {
        "available": True,
        "model": model.name,
        "min_pressure_m": rules.min_pressure_m,
        "duration_h": round(impact.duration_s / 3600, 2),
        "low_pressure_nodes": impact.low,
        "low_pressure_users": users,
        "low_pressure_customers": customers,
        "customers_stored": net.customers_frame is not None,
        "already_low": len(impact.already_low),
        "closed_links": impact.closed_links,
        "unknown_links": impact.unknown_links,
        "notes": impact.notes,
    }


def _node_codes(conn: Connection) -> dict[int, str]:
    from models.network import Node

    t = Node.__table__
    return {int(i): str(c) for i, c in conn.execute(select(t.c.id, t.c.code))}


def answer(
    conn: Connection,
    net: IsolationNetwork,
    pipe: str | int,
    unavailable: list[str | int] = (),
    allow_control_valves: bool = False,
    leave_open: list[str] = (),
    with_options: bool = True,
    with_pressure: bool = False,
    streets=None,
) -> IsolationAnswer:
    """The isolation of ``pipe`` with its order, options and (on request) pressure step.

    Parameters
    ----------
    leave_open
        Valves left open on purpose (a chosen option): the search goes further out.
    streets
        The store's :class:`~gis.streets.StreetGraph` (see
        :func:`services.streets.store_street_graph`): the crew's route between
        the valves goes along the streets (``route_basis = "streets"``); without
        it, along the pipe network (``"pipe_network"``).

    Raises
    ------
    KeyError
        For an unknown pipe or valve.
    """
    rules = isolation_rules(conn)
    result = net.isolate(pipe, unavailable=[*unavailable, *leave_open], allow_control_valves=allow_control_valves)
    ans = IsolationAnswer(result=result, rules=rules)
    if result.answered:
        ans.order = net.order(result, rules.order)
        if streets is not None:
            route_along_streets(ans, net, streets)
    if with_options and result.status == OK and result.guarded_dry and not leave_open:
        ans.options = net.options(pipe, unavailable=unavailable, allow_control_valves=allow_control_valves)
    if with_pressure:
        ans.pressure = pressure_step(conn, net, result, rules)
    return ans


def break_point(net: IsolationNetwork, result: IsolationResult) -> tuple[float, float] | None:
    """Lon/lat of the middle of the broken pipe (None without pipe geometry)."""
    if net.lines is None:
        return None
    g = net.lines.take([int(net._pipe_pos.get_loc(result.pipe_id))])[0]
    if g is None or g.is_empty:
        return None
    import shapely

    mid = shapely.line_interpolate_point(g, 0.5, normalized=True)
    return float(mid.x), float(mid.y)


def route_along_streets(ans: IsolationAnswer, net: IsolationNetwork, graph) -> None:
    """Give ``ans.order`` the crew's route along the streets (from the break, then valve to valve).

    Each step's ``route_m`` becomes the street distance (plus the walk to the
    valve), ``route_s`` the travel time and ``route_pipe_m`` keeps the distance
    along the pipe network; ``ans.route_basis`` becomes ``"streets"``. A step
    whose valve has no position, or that no street reaches, keeps
    ``route_m = None`` (``route_note``).
    """
    from gis.isolation_route import street_legs

    points = [break_point(net, ans.result)] + [
        (v["lon"], v["lat"]) if v.get("lon") is not None and v.get("lat") is not None else None for v in ans.order]
    legs = street_legs(graph, points)
    for v, leg in zip(ans.order, legs, strict=True):
        v["route_pipe_m"] = v.get("route_m")
        if leg is None:
            v["route_m"] = v["route_s"] = None
            v["route_note"] = "no street route (position unknown or no street reaches it)"
        else:
            v["route_m"], v["route_s"] = leg["distance_m"], leg["travel_s"]
            v["route_off_street_m"] = leg["off_street_m"]
    ans.route_basis = STREETS
