"""What an import of network features does after writing them (same transaction)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from gis.messages import Message
from services.network.topology import connect_network, far_features

#: Kinds whose import (re)connects the network.
NETWORK_KINDS = ("pipes", "valves", "hydrants", "nodes", "sources")


def network_hooks(conn: Connection, kind: str, result, undo: dict | None = None) -> dict[str, Any]:
    """Name features far from the rest (as warnings), then snap the network's topology.

    Returns the extra report entries: ``far`` (list) and ``topology`` (counts).
    ``undo`` collects what the snapping changed in rows stored before (see
    ``services.network.topology.connect_network``).
    """
    extra: dict[str, Any] = {}
    far = far_features(result.frame)
    if far:
        extra["far"] = far
        for f in far[:10]:
            result.warnings.append(Message(
                "{feature} (row {row}) lies at {lon}, {lat}, {km} km from the others: a wrong CRS or a stray point?",
                feature=f["feature"], row=f["row"], lon=f"{f['lon']:.5f}", lat=f"{f['lat']:.5f}",
                km=f"{f['km_from_rest']:,.0f}"))
    if kind in NETWORK_KINDS:
        extra["topology"] = connect_network(conn, undo)
    return extra
