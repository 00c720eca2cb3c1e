"""What isolation keeps: the hydraulic model of an EPANET import, and the valve set chosen for a repair.

An EPANET import stores its network as nodes, pipes and valves; the file's
hydraulic data (demands, patterns, reservoir heads, pumps, tanks, controls)
is kept whole as the ``.inp`` text so the pressure step can run the same
model. A repair's isolation decision records the option the duty leader
picked (the valves, the ones left open, what goes dry) and why.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class HydraulicModel(Base):
    """An imported EPANET model (the .inp text as parsed), for pressure simulation."""

    __tablename__ = "hydraulic_models"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    inp_text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RepairIsolation(Base):
    """The isolation chosen for a repair: which option, which valves, and why."""

    __tablename__ = "repair_isolations"
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repairs.id"), index=True)
    pipe_id: Mapped[int | None] = mapped_column(ForeignKey("pipes.id"))
    option_rank: Mapped[int] = mapped_column(Integer, default=0)
    #: JSON lists of valve codes: to close, and left open on purpose.
    valves_json: Mapped[str] = mapped_column(Text, default="[]")
    left_open_json: Mapped[str] = mapped_column(Text, default="[]")
    #: JSON list of the guarded places that still go dry with this option.
    guarded_json: Mapped[str] = mapped_column(Text, default="[]")
    dry_length_m: Mapped[float] = mapped_column(Float, default=0.0)
    cut_off_pipes: Mapped[int] = mapped_column(Integer, default=0)
    customers: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    chosen_by: Mapped[str] = mapped_column(String(64), default="desk")
    chosen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
