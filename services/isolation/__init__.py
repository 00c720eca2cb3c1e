"""Valve isolation as a use case: read the network from the store, answer, record, notify.

:mod:`gis.isolation` does the graph analysis on frames; this package reads
the store (pipes, valves, sources, hydrants, important users, guarded places,
customers where stored), the stored rules (minimum service pressure, order of
closing) and the stored EPANET model for the pressure step. The desk and
``isolate`` call the same functions, so they give the same answer.
"""

from services.isolation.network import (
    ISOLATION_RULES_KEY,
    IsolationRules,
    isolation_rules,
    load_network,
)

__all__ = ["ISOLATION_RULES_KEY", "IsolationRules", "isolation_rules", "load_network"]
