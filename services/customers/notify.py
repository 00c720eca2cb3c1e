"""Large and important users to notify when an isolation (or any outage) affects them."""

from __future__ import annotations

import pandas as pd
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.customers_geo import within_distance
from models.customers import CustomerAccount
from models.event import Event

COLUMNS = ["account", "name", "category", "address", "emergency_contact", "emergency_phone", "lon", "lat"]


def users_to_notify(session: Session, account_ids: list[int] | None = None,
                    area: shapely.Geometry | None = None, distance_m: float = 30.0) -> pd.DataFrame:
    """Large and important users among the affected, with their emergency contact.

    Parameters
    ----------
    session
        An open session.
    account_ids
        Accounts known to be affected.
    area
        Affected pipes or zone (lon/lat); users within ``distance_m`` of it are affected too.
    distance_m
        Service-connection reach around ``area``, metres.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`, important users first. A user without an emergency
        contact is listed with an empty contact, so the gap is seen.
    """
    a = CustomerAccount
    q = select(a.id, a.code, a.name, a.category, a.address, a.emergency_contact, a.emergency_phone, a.lon, a.lat) \
        .where(a.category.in_(("large", "important")), a.status != "closed")
    frame = pd.DataFrame(session.execute(q).all(), columns=["id", *COLUMNS])
    hit = frame["id"].isin(account_ids or [])
    if area is not None and len(frame):
        event = session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).first()
        crs = event.local_crs if event is not None else "EPSG:3857"
        hit |= within_distance(frame["lon"].to_numpy(dtype="float64"), frame["lat"].to_numpy(dtype="float64"),
                               area, crs, distance_m)
    out = frame[hit.to_numpy()]
    out = out.assign(_o=(out["category"] != "important")).sort_values(["_o", "account"])
    return out[COLUMNS].reset_index(drop=True)
