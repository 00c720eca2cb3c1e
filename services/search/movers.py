"""The store's teams and vehicles as search rows (the map layers hold everything else)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.patrol import Team
from models.repair import Vehicle


def vehicle_rows(session: Session) -> list[dict]:
    """Every vehicle: code, names, plate, kind and where it is (last position, else its depot; None unknown)."""
    out = []
    for v in session.scalars(select(Vehicle).order_by(Vehicle.code)):
        lon, lat = (v.last_lon, v.last_lat) if v.last_lon is not None else (v.depot_lon, v.depot_lat)
        out.append({"code": v.code, "name": v.name, "name_zh": v.name_zh or "", "plate": v.plate or "",
                    "kind": v.kind, "device_id": v.device_id, "lon": lon, "lat": lat})
    return out


def team_rows(session: Session) -> list[dict]:
    """Every team: code, names, leader, its patch id and device (where its last fix is kept)."""
    return [{"code": t.code, "name": t.name, "name_zh": t.name_zh or "", "leader": t.leader or "",
             "patch_id": t.patch_id, "device_id": t.device_id}
            for t in session.scalars(select(Team).order_by(Team.code))]

