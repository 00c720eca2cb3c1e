"""Repair resources: taking spare fittings from stock, dispatching machinery centrally.

Stock never goes below zero: a take that asks for more than is on the shelf is
refused with a message naming the fitting, the location, what is left and the
repair. Every movement is a :class:`~models.resources.StockMovement` row
(negative = taken), so the shelf count can always be explained.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit_trail import record
from models.clock import as_utc
from models.repair import Repair
from models.resources import Machinery, SparePart, StockMovement

from models.vocabulary import CLOSED_REPAIR_STATES, MACHINERY_STATES  # noqa: F401 (re-exported)


class StockError(ValueError):
    """A stock or machinery change is refused; the message says which item and why."""


def part_label(part: SparePart) -> str:
    """A short human label of a fitting: ``kind DN200 @ location``."""
    dn = "" if part.diameter_mm is None else f" DN{part.diameter_mm:g}"
    where = f" @ {part.location}" if part.location else ""
    return f"{part.kind}{dn}{where}"


def _repair(session: Session, repair_id: int) -> Repair:
    repair = session.get(Repair, repair_id)
    if repair is None:
        raise StockError(f"No repair with id {repair_id}")
    return repair


def take_for_repair(
    session: Session, *, part_id: int, repair_id: int, quantity: int, user: str, now: dt.datetime
) -> StockMovement:
    """Take ``quantity`` fittings of one part from stock for a repair; audited.

    The decrement is done in SQL against the current row (``quantity >= n``
    in the WHERE clause), so two desks taking the last fitting at once cannot
    both succeed.

    Parameters
    ----------
    session
        The caller commits.
    part_id, repair_id
        What is taken, and for which repair.
    quantity
        How many (> 0).
    user, now
        Who takes them, and when.

    Returns
    -------
    StockMovement
        The movement (negative quantity).

    Raises
    ------
    StockError
        Unknown part or repair, a non-positive quantity, or not enough in stock.
    """
    part = session.get(SparePart, part_id)
    if part is None:
        raise StockError(f"No spare part with id {part_id}")
    repair = _repair(session, repair_id)
    if quantity <= 0:
        raise StockError(f"Take a positive number of {part_label(part)} (got {quantity})")
    result = session.execute(
        SparePart.__table__.update()
        .where(SparePart.id == part_id, SparePart.quantity >= quantity)
        .values(quantity=SparePart.quantity - quantity)
    )
    session.refresh(part)
    if result.rowcount != 1:
        raise StockError(
            f"Only {part.quantity} of {part_label(part)} in stock; cannot take {quantity} for repair {repair.code}"
        )
    move = StockMovement(part_id=part_id, repair_id=repair_id, quantity=-quantity, at_t=as_utc(now).timestamp())
    session.add(move)
    session.flush()
    record(session, user=user, action="take", table="spare_parts", row_id=part_id, now=now,
           detail={"part": part_label(part), "quantity": quantity, "repair": repair.code,
                   "left": part.quantity, "movement_id": move.id})
    return move


def return_to_stock(
    session: Session, *, part_id: int, quantity: int, user: str, now: dt.datetime, repair_id: int | None = None
) -> StockMovement:
    """Put ``quantity`` fittings back (unused after a repair, or undo of a take); audited.

    Returns
    -------
    StockMovement
        The movement (positive quantity).
    """
    part = session.get(SparePart, part_id)
    if part is None:
        raise StockError(f"No spare part with id {part_id}")
    if quantity <= 0:
        raise StockError(f"Return a positive number of {part_label(part)} (got {quantity})")
    session.execute(
        SparePart.__table__.update().where(SparePart.id == part_id).values(quantity=SparePart.quantity + quantity)
    )
    session.refresh(part)
    move = StockMovement(part_id=part_id, repair_id=repair_id, quantity=quantity, at_t=as_utc(now).timestamp())
    session.add(move)
    session.flush()
    record(session, user=user, action="return", table="spare_parts", row_id=part_id, now=now,
           detail={"part": part_label(part), "quantity": quantity, "repair_id": repair_id,
                   "left": part.quantity, "movement_id": move.id})
    return move


def movements(session: Session, part_id: int | None = None, repair_id: int | None = None) -> list[StockMovement]:
    """Stock movements, oldest first, optionally for one part or repair."""
    query = select(StockMovement).order_by(StockMovement.id)
    if part_id is not None:
        query = query.where(StockMovement.part_id == part_id)
    if repair_id is not None:
        query = query.where(StockMovement.repair_id == repair_id)
    return list(session.scalars(query))


def assign_machinery(
    session: Session, *, machinery_id: int, repair_id: int, user: str, now: dt.datetime
) -> Machinery:
    """Dispatch a machine to a repair (central dispatch); audited.

    Raises
    ------
    StockError
        Unknown machine or repair, or a machine that is not available
        (already at another repair, or in maintenance).
    """
    machine = session.get(Machinery, machinery_id)
    if machine is None:
        raise StockError(f"No machinery with id {machinery_id}")
    repair = _repair(session, repair_id)
    if machine.repair_id == repair_id:
        return machine
    if machine.status != "available" or machine.repair_id is not None:
        where = ""
        if machine.repair_id is not None:
            other = session.get(Repair, machine.repair_id)
            where = f" (at repair {other.code if other else machine.repair_id})"
        raise StockError(f"{machine.code} {machine.name} is {machine.status}{where}; release it first")
    machine.status = "assigned"
    machine.repair_id = repair_id
    session.flush()
    record(session, user=user, action="assign", table="machinery", row_id=machine.id, now=now,
           detail={"machine": machine.code, "repair": repair.code})
    return machine


def release_machinery(session: Session, *, machinery_id: int, user: str, now: dt.datetime) -> int | None:
    """Release a machine from its repair back to available; audited.

    Returns
    -------
    int or None
        The repair it was assigned to (for undo), None if it was free.
    """
    machine = session.get(Machinery, machinery_id)
    if machine is None:
        raise StockError(f"No machinery with id {machinery_id}")
    previous = machine.repair_id
    if previous is None and machine.status == "available":
        return None
    machine.status = "available"
    machine.repair_id = None
    session.flush()
    record(session, user=user, action="release", table="machinery", row_id=machine.id, now=now,
           detail={"machine": machine.code, "repair_id": previous})
    return previous


def resources_overview(session: Session) -> tuple[list[SparePart], list[Machinery], list[Repair], dict[int, str]]:
    """What the Resources dock lists: spare parts, machinery, the open repairs, and every repair's code by id."""
    parts = list(session.scalars(select(SparePart).order_by(SparePart.kind, SparePart.diameter_mm)))
    machines = list(session.scalars(select(Machinery).order_by(Machinery.code)))
    repairs = list(session.scalars(select(Repair).where(Repair.status.not_in(CLOSED_REPAIR_STATES))
                                   .order_by(Repair.code)))
    codes = {r.id: r.code for r in session.scalars(select(Repair))}
    return parts, machines, repairs, codes
