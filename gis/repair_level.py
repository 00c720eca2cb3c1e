"""Repair information levels and the guarded-zone raise.

Levels follow the Chinese convention: I is the most severe, V routine. A repair
at a venue, residence or key unit — or inside its guard buffer — is raised to
level IV or above (DESIGN.md §1), which widens who is told; the reason names
the place so the desk can see why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from models.vocabulary import REPAIR_LEVELS as LEVELS  # the one vocabulary

#: The least severe level a guarded-zone repair may have.
GUARDED_MIN_LEVEL = "IV"
DEFAULT_GUARD_BUFFER_M = 50.0

_KIND_NAMES = {
    "en": {"venue": "venue", "residence": "residence", "key_unit": "key unit"},
    "zh_CN": {"venue": "会场", "residence": "驻地", "key_unit": "重点单位"},
}


def severity(level: str) -> int:
    """0 for level I (most severe) … 4 for level V.

    Raises
    ------
    ValueError
        For a level that is not I–V.
    """
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"repair level must be one of {', '.join(LEVELS)}, not {level!r}") from None


def at_least(level: str, floor: str) -> str:
    """``level`` raised to ``floor`` when it is less severe."""
    return level if severity(level) <= severity(floor) else floor


@dataclass(frozen=True)
class GuardHit:
    """A guarded place a repair site lies in or near."""

    place_id: int
    code: str
    name: str
    kind: str
    distance_m: float
    buffer_m: float

    @property
    def inside(self) -> bool:
        """Within the perimeter itself (not only its buffer)."""
        return self.distance_m == 0.0


def guard_hits(
    site: BaseGeometry,
    places: gpd.GeoDataFrame,
    *,
    crs: str,
    default_buffer_m: float = DEFAULT_GUARD_BUFFER_M,
) -> list[GuardHit]:
    """The guarded places whose perimeter plus guard buffer contains (touches) ``site``.

    Parameters
    ----------
    site
        The repair's point (or the pipe's line), lon/lat WGS84.
    places
        Guarded places in EPSG:4326: ``id``, ``code``, ``name``, ``kind``,
        optional ``buffer_m`` (null → ``default_buffer_m``).
    crs
        The metric CRS to measure in (the event's ``local_crs``).
    default_buffer_m
        Guard buffer for places without their own.

    Returns
    -------
    list of GuardHit
        Nearest first.
    """
    if places is None or len(places) == 0 or site is None or site.is_empty:
        return []
    local = places.to_crs(crs)
    site_local = gpd.GeoSeries([site], crs="EPSG:4326").to_crs(crs).iloc[0]
    if "buffer_m" in local.columns:
        buffers = local["buffer_m"].astype(float).fillna(default_buffer_m).to_numpy()
    else:
        buffers = np.full(len(local), default_buffer_m)
    dist = shapely.distance(local.geometry.to_numpy(), site_local)
    hits = []
    for i in np.flatnonzero(dist <= buffers + 1e-9):
        row = local.iloc[i]
        hits.append(GuardHit(int(row["id"]), str(row["code"]), str(row["name"]), str(row["kind"]),
                             round(float(dist[i]), 2), float(buffers[i])))
    return sorted(hits, key=lambda h: (h.distance_m, h.code))


def reason_text(hits: Sequence[GuardHit], lang: str = "en") -> str:
    """Why a repair is in a guarded zone, naming the nearest place."""
    if not hits:
        return ""
    h = hits[0]
    zh = lang.startswith("zh")
    kind = _KIND_NAMES["zh_CN" if zh else "en"].get(h.kind, h.kind)
    more = len(hits) - 1
    if zh:
        where = f"位于{kind}{h.name}（{h.code}）范围内" if h.inside else \
            f"位于{kind}{h.name}（{h.code}）{h.buffer_m:g} 米保障缓冲区内（距 {h.distance_m:.0f} 米）"
        return where + (f"，另有 {more} 处保障场所" if more else "") + "：至少按 IV 级上报"
    where = f"at {kind} {h.name} ({h.code})" if h.inside else \
        f"within the {h.buffer_m:g} m guard buffer of {kind} {h.name} ({h.code}, {h.distance_m:.0f} m away)"
    return where + (f" and {more} more guarded place(s)" if more else "") + ": level IV or above"


def guarded_level(level: str, hits: Sequence[GuardHit], lang: str = "en") -> tuple[str, str | None]:
    """The level a repair must have given its guard hits, and the reason when it was raised.

    Returns
    -------
    (level, reason)
        ``reason`` is None when the level did not change.
    """
    severity(level)
    if not hits:
        return level, None
    raised = at_least(level, GUARDED_MIN_LEVEL)
    return raised, (reason_text(hits, lang) if raised != level else None)
