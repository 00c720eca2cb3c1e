"""Stock: fittings taken for a repair decrement the shelf, never below zero; machinery dispatch."""

from __future__ import annotations

import pytest

from models.audit_trail import entries
from models.resources import Machinery, SparePart
from services.resources.stock import StockError, assign_machinery, movements, release_machinery, return_to_stock, take_for_repair
from tests.models.duty_helpers import add_repair, add_stock, at


def test_take_decrements_and_refuses_below_zero(store):
    with store.session() as s:
        part, _ = add_stock(s)
        repair = add_repair(s)
        move = take_for_repair(s, part_id=part.id, repair_id=repair.id, quantity=2, user="desk", now=at("10:00"))
        s.commit()
        assert move.quantity == -2 and move.repair_id == repair.id
    with store.session() as s:
        assert s.get(SparePart, part.id).quantity == 1
        with pytest.raises(StockError, match=r"Only 1 of tee DN200 @ Depot North in stock; cannot take 2 for repair R-001"):
            take_for_repair(s, part_id=part.id, repair_id=repair.id, quantity=2, user="desk", now=at("10:05"))
        s.rollback()
        assert s.get(SparePart, part.id).quantity == 1
        with pytest.raises(StockError, match="positive"):
            take_for_repair(s, part_id=part.id, repair_id=repair.id, quantity=0, user="desk", now=at("10:05"))
        return_to_stock(s, part_id=part.id, quantity=2, repair_id=repair.id, user="desk", now=at("11:00"))
        s.commit()
        assert s.get(SparePart, part.id).quantity == 3
        assert [m.quantity for m in movements(s, part_id=part.id)] == [-2, 2]
        assert [e.action for e in entries(s, "spare_parts")] == ["take", "return"]
        assert entries(s, "spare_parts")[0].user == "desk"


def test_machinery_assign_and_release(store):
    with store.session() as s:
        _, machine = add_stock(s)
        r1, r2 = add_repair(s, "R-001"), add_repair(s, "R-002")
        assign_machinery(s, machinery_id=machine.id, repair_id=r1.id, user="desk", now=at("10:00"))
        s.commit()
        with pytest.raises(StockError, match=r"EX-01 Excavator 1 is assigned \(at repair R-001\)"):
            assign_machinery(s, machinery_id=machine.id, repair_id=r2.id, user="desk", now=at("10:01"))
        assert release_machinery(s, machinery_id=machine.id, user="desk", now=at("12:00")) == r1.id
        s.commit()
        m = s.get(Machinery, machine.id)
        assert (m.status, m.repair_id) == ("available", None)
        assert [e.action for e in entries(s, "machinery")] == ["assign", "release"]
