"""The pipe network: nodes, pipes, valves, hydrants and water sources.

A pipe runs between two nodes (``from_node_id`` → ``to_node_id``); valves sit
on a node and may name the pipe they close, which is what valve isolation
(Giswater's *mincut*) walks. Pipes are bulk data: see :mod:`models.bulk`.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, geom_column

#: Pipe classes, from the most to the least important for patrol planning.
PIPE_CLASSES = ("transmission", "distribution", "service")
#: Valve states; broken and inaccessible valves are skipped by isolation.
from models.vocabulary import VALVE_STATES  # noqa: F401 (re-exported)
NODE_KINDS = ("junction", "reservoir", "tank", "source", "pump", "end")


class Node(Base):
    """A network node: a junction, an end, or where a source, tank or pump sits."""

    __tablename__ = "nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="junction")
    elevation_m: Mapped[float | None] = mapped_column(Float)
    geom: Mapped[bytes] = geom_column()


class Pipe(Base):
    """A pipe segment between two nodes."""

    __tablename__ = "pipes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    diameter_mm: Mapped[float | None] = mapped_column(Float)
    material: Mapped[str | None] = mapped_column(String(32))
    pipe_class: Mapped[str] = mapped_column(String(16), default="distribution")
    length_m: Mapped[float] = mapped_column(Float, default=0.0)
    #: An exposed segment of a transmission main (输水管线露明段), e.g. on a bridge.
    exposed: Mapped[bool] = mapped_column(Boolean, default=False)
    from_node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)
    to_node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)
    street: Mapped[str | None] = mapped_column(String(128))
    source: Mapped[str | None] = mapped_column(String(255))
    geom: Mapped[bytes] = geom_column()


class Valve(Base):
    """An isolation (or control) valve on a node, optionally on a given pipe."""

    __tablename__ = "valves"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    diameter_mm: Mapped[float | None] = mapped_column(Float)
    valve_type: Mapped[str] = mapped_column(String(16), default="isolation")
    status: Mapped[str] = mapped_column(String(16), default="open")
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)
    pipe_id: Mapped[int | None] = mapped_column(ForeignKey("pipes.id"), index=True)
    geom: Mapped[bytes] = geom_column()


class Hydrant(Base):
    """A fire hydrant."""

    __tablename__ = "hydrants"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    diameter_mm: Mapped[float | None] = mapped_column(Float)
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"))
    geom: Mapped[bytes] = geom_column()


class WaterSource(Base):
    """Where water enters the network: a reservoir, tank, well field or pump."""

    __tablename__ = "water_sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(128))
    name_zh: Mapped[str | None] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16), default="reservoir")
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"))
    capacity_m3: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    geom: Mapped[bytes] = geom_column()


class ImportMapping(Base):
    """A remembered field mapping for one source file and feature kind."""

    __tablename__ = "import_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    #: JSON object: target field → source field.
    mapping_json: Mapped[str] = mapped_column(Text, default="{}")
    crs: Mapped[str | None] = mapped_column(String(64))
    uses: Mapped[int] = mapped_column(Integer, default=1)
