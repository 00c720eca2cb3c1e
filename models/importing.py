"""Write imported frames into the store, and remember field mappings per source.

The readers in ``gis.io`` produce frames; these functions write them through
:mod:`models.bulk` on a connection the caller opened with ``engine.begin()``,
so a whole import is one transaction: if anything fails, nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from models.bulk import write_features, write_track_points
from models.event import Event
from models.kinds import FEATURE_KINDS, FeatureKind
from models.isolation import HydraulicModel
from models.network import ImportMapping


def current_event_id(conn: Connection) -> int | None:
    """The id of the store's event (the newest), or None in a store without one."""
    return conn.execute(select(Event.id).order_by(Event.id.desc()).limit(1)).scalar()


def recall_mapping(conn: Connection, source: str, kind: str) -> tuple[dict[str, str], str | None] | None:
    """The field mapping and CRS last used for ``source`` and ``kind``, if any.

    Parameters
    ----------
    conn
        An open connection.
    source
        The source's name (the file name, plus ``|layer`` for a chosen layer).
    kind
        The import kind (``pipes``, ``valves`` …).
    """
    t = ImportMapping.__table__
    row = conn.execute(
        select(t.c.mapping_json, t.c.crs).where(t.c.source == source, t.c.kind == kind).order_by(t.c.id.desc())
    ).first()
    if row is None:
        return None
    try:
        mapping = json.loads(row.mapping_json or "{}")
    except json.JSONDecodeError:
        mapping = {}
    return {str(k): str(v) for k, v in mapping.items()}, row.crs


def remember_mapping(conn: Connection, source: str, kind: str, mapping: Mapping[str, str], crs: str | None) -> None:
    """Store (or update) the mapping used for ``source`` and ``kind``; counts its uses."""
    t = ImportMapping.__table__
    text = json.dumps(dict(mapping), ensure_ascii=False, sort_keys=True)
    row = conn.execute(select(t.c.id, t.c.uses).where(t.c.source == source, t.c.kind == kind)).first()
    if row is None:
        conn.execute(t.insert().values(source=source, kind=kind, mapping_json=text, crs=crs, uses=1))
    else:
        conn.execute(t.update().where(t.c.id == row.id).values(mapping_json=text, crs=crs, uses=row.uses + 1))


def store_features(conn: Connection, kind: FeatureKind | str, gdf: gpd.GeoDataFrame) -> np.ndarray:
    """Append imported features of one kind; event tables get the store's current event.

    Returns
    -------
    numpy.ndarray
        The new rows' ids, in the order of ``gdf``.
    """
    fk = FEATURE_KINDS[kind] if isinstance(kind, str) else kind
    if "event_id" in fk.table.c and "event_id" not in gdf:
        gdf = gdf.assign(event_id=current_event_id(conn))
    return write_features(conn, fk, gdf)


def _ids(codes: pd.Series, index: Mapping[str, int]) -> list[int | None]:
    return [index.get(c) if isinstance(c, str) else None for c in codes]


def store_network(
    conn: Connection,
    nodes: gpd.GeoDataFrame,
    pipes: gpd.GeoDataFrame,
    valves: gpd.GeoDataFrame,
    sources: gpd.GeoDataFrame,
    inp_text: str | None = None,
    name: str = "",
) -> dict[str, int]:
    """Write a network whose links name their nodes by code (an EPANET import).

    Parameters
    ----------
    conn
        A connection inside the import's transaction.
    nodes
        ``code, kind, elevation_m, geometry``.
    pipes
        ``code, …, from_code, to_code, geometry``.
    valves
        ``code, …, node_code, pipe_code, geometry``.
    sources
        ``code, name, kind, node_code, capacity_m3, geometry``.
    inp_text, name
        The EPANET model's text and file name, kept for the pressure step.

    Returns
    -------
    dict
        Rows written per table kind.
    """
    # Positions, not codes, tie file ids to store ids: the store may have
    # renamed a clashing code (J-1 → J-1-2) on a second import of a network.
    node_ids = dict(zip(nodes["code"], store_features(conn, "nodes", nodes).tolist(), strict=True))
    pipes = pipes.assign(from_node_id=_ids(pipes["from_code"], node_ids), to_node_id=_ids(pipes["to_code"], node_ids))
    pipe_ids = dict(zip(pipes["code"], store_features(conn, "pipes", pipes).tolist(), strict=True))
    valves = valves.assign(node_id=_ids(valves["node_code"], node_ids), pipe_id=_ids(valves["pipe_code"], pipe_ids))
    store_features(conn, "valves", valves)
    sources = sources.assign(node_id=_ids(sources["node_code"], node_ids))
    store_features(conn, "sources", sources)
    if inp_text:
        conn.execute(HydraulicModel.__table__.insert().values(name=name or "model.inp", inp_text=inp_text))
    return {"nodes": len(nodes), "pipes": len(pipes), "valves": len(valves), "sources": len(sources)}


def store_tracks(conn: Connection, frame: pd.DataFrame) -> int:
    """Append track points (``device, t, lon, lat`` and optional columns); returns the count."""
    return write_track_points(conn, frame)
