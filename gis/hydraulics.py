"""The pressure step of an isolation: a pressure-driven wntr simulation with links closed.

Runs the stored EPANET model twice, as it is and with the isolation's links
closed, with pressure-driven demand (demand falls off below the required
pressure, so a cut-off part does not make the solver fail), and lists the
junctions whose lowest pressure over the simulated period falls below the
minimum service pressure. No store access: the caller passes the .inp text.
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

#: Longest period simulated (s): one day is enough to meet the daily demand peak.
MAX_DURATION_S = 24 * 3600


class HydraulicError(RuntimeError):
    """The model cannot be read or simulated; the message says why."""


@dataclass
class PressureImpact:
    """Lowest pressures (m head) per junction before and with the links closed.

    Attributes
    ----------
    min_pressure_m
        The minimum service pressure compared against.
    before, after
        ``{junction: lowest pressure}`` over the period.
    closed_links
        The links closed; ``unknown_links`` those the model does not have.
    low
        Junctions that fall below the minimum with the links closed (and were
        at or above it before): ``node, before_m, after_m``, lowest first.
    already_low
        Junctions below the minimum even before (not the isolation's doing).
    duration_s
        Simulated period.
    """

    min_pressure_m: float
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)
    closed_links: list[str] = field(default_factory=list)
    unknown_links: list[str] = field(default_factory=list)
    low: list[dict] = field(default_factory=list)
    already_low: list[str] = field(default_factory=list)
    duration_s: int = 0
    notes: list[str] = field(default_factory=list)


def load_model(inp_text: str):
    """A wntr ``WaterNetworkModel`` from .inp text.

    Raises
    ------
    HydraulicError
        When wntr cannot read it.
    """
    import wntr

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.inp"
        path.write_text(inp_text, encoding="utf-8")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return wntr.network.WaterNetworkModel(str(path))
        except Exception as exc:  # noqa: BLE001 - wntr raises anything from its parser
            raise HydraulicError(f"the stored EPANET model cannot be read: {type(exc).__name__}: {exc}") from exc


def _lowest_pressures(wn, prefix: str) -> dict[str, float]:
    import wntr

    with tempfile.TemporaryDirectory() as tmp:
        sim = wntr.sim.EpanetSimulator(wn)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = sim.run_sim(file_prefix=str(Path(tmp) / prefix))
        except Exception as exc:  # noqa: BLE001 - the EPANET toolkit raises its own errors
            raise HydraulicError(f"the hydraulic simulation failed: {type(exc).__name__}: {exc}") from exc
    p = res.node["pressure"]
    junctions = [n for n in wn.junction_name_list if n in p.columns]
    low = p[junctions].min(axis=0)
    return {str(k): float(v) for k, v in low.items()}


def pressure_impact(inp_text: str, close_links: list[str], min_pressure_m: float = 14.0) -> PressureImpact:
    """Simulate before and with ``close_links`` closed and list the junctions that fall below the minimum.

    Parameters
    ----------
    inp_text
        The EPANET model.
    close_links
        Link names to close (pipes, valve and pump connectors).
    min_pressure_m
        Minimum service pressure (m head); also the pressure at which
        pressure-driven demand is fully met.

    Raises
    ------
    HydraulicError
        An unreadable model or a failed simulation.
    """
    from wntr.network import LinkStatus

    wn = load_model(inp_text)
    out = PressureImpact(min_pressure_m=float(min_pressure_m))
    duration = int(wn.options.time.duration or 0)
    if duration > MAX_DURATION_S:
        out.notes.append(f"the model runs {duration / 3600:.0f} h; the first 24 h are simulated")
        duration = MAX_DURATION_S
    wn.options.time.duration = duration
    wn.options.time.report_timestep = max(int(wn.options.time.hydraulic_timestep or 3600), 1)
    wn.options.hydraulic.demand_model = "PDD"
    wn.options.hydraulic.minimum_pressure = 0.0
    wn.options.hydraulic.required_pressure = max(float(min_pressure_m), 0.1)
    out.duration_s = duration
    out.before = _lowest_pressures(wn, "before")
    names = set(wn.link_name_list)
    for name in close_links:
        if name not in names:
            out.unknown_links.append(name)
            continue
        link = wn.get_link(name)
        link.initial_status = LinkStatus.Closed
        out.closed_links.append(name)
    # Controls may reopen a closed link; for the simulation the crews' closures hold.
    closed = set(out.closed_links)
    for cname in list(wn.control_name_list):
        ctl = wn.get_control(cname)
        if any(getattr(o, "name", None) in closed for o in ctl.requires()):
            wn.remove_control(cname)
    out.after = _lowest_pressures(wn, "after")
    m = float(min_pressure_m)
    rows = []
    for node, after in out.after.items():
        before = out.before.get(node, np.nan)
        if before < m:
            out.already_low.append(node)
        elif after < m:
            rows.append({"node": node, "before_m": round(before, 2), "after_m": round(after, 2)})
    out.low = sorted(rows, key=lambda r: (r["after_m"], r["node"]))
    return out
