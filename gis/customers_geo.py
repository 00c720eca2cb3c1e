"""Customer locations: addresses matched to the streets and places of the store, and who lies near an area.

Pure functions: every input is an argument (the services read the store).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely


def _named_points(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """One representative point per distinct name (lon/lat), longest names first."""
    if frame is None or frame.empty:
        return pd.DataFrame({"name": [], "lon": [], "lat": []})
    f = frame[frame["name"].notna() & frame.geometry.notna()].copy()
    f["name"] = f["name"].astype(str).str.strip()
    f = f[f["name"].str.len() >= 2]
    if f.empty:
        return pd.DataFrame({"name": [], "lon": [], "lat": []})
    # A street is many pipe/road pieces: its point is on the piece nearest the pieces' centroid.
    rows = []
    for name, group in f.groupby("name", sort=False):
        geoms = group.geometry.to_numpy()
        centre = shapely.union_all(geoms).centroid
        dist = shapely.distance(geoms, centre)
        best = geoms[int(np.argmin(dist))]
        pt = shapely.line_interpolate_point(best, 0.5, normalized=True) if best.geom_type.endswith(
            "LineString") else best.representative_point()
        rows.append((name, pt.x, pt.y))
    out = pd.DataFrame(rows, columns=["name", "lon", "lat"])
    return out.iloc[out["name"].str.len().sort_values(ascending=False, kind="stable").index].reset_index(drop=True)


def geocode(addresses: pd.Series, streets: gpd.GeoDataFrame, places: gpd.GeoDataFrame) -> pd.DataFrame:
    """Locate addresses by the names of places and streets they contain.

    A place (a venue, a hotel, an important user) named in the address wins
    over a street; the longest matching name wins among each. The point is the
    place's, or a point on the street (the house number is not placed).

    Parameters
    ----------
    addresses
        Address texts.
    streets
        Street pieces with ``name`` (EPSG:4326): pipe streets, key roads.
    places
        Named places with ``name`` (EPSG:4326).

    Returns
    -------
    pandas.DataFrame
        Same index: ``lon``, ``lat`` (NaN unmatched), ``located_by`` (``place``,
        ``street`` or None), ``matched`` (the name).
    """
    text = addresses.astype("string").str.casefold().fillna("")
    out = pd.DataFrame({"lon": np.nan, "lat": np.nan, "located_by": None, "matched": None}, index=addresses.index)
    todo = text != ""
    for kind, frame in (("place", places), ("street", streets)):
        for name, lon, lat in _named_points(frame).itertuples(index=False):
            if not todo.any():
                return out
            hit = todo & text.str.contains(name.casefold(), regex=False)
            if hit.any():
                out.loc[hit, ["lon", "lat"]] = (lon, lat)
                out.loc[hit, "located_by"] = kind
                out.loc[hit, "matched"] = name
                todo &= ~hit
    return out


def within_distance(lon: np.ndarray, lat: np.ndarray, area: shapely.Geometry, crs: str,
                    distance_m: float) -> np.ndarray:
    """Which points lie within ``distance_m`` metres of ``area`` (all lon/lat; measured in ``crs``)."""
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    ok = ~(np.isnan(lon) | np.isnan(lat))
    out = np.zeros(lon.shape, dtype=bool)
    if not ok.any() or area is None or area.is_empty:
        return out
    pts = gpd.GeoSeries(shapely.points(lon[ok], lat[ok]), crs="EPSG:4326").to_crs(crs)
    zone = gpd.GeoSeries([area], crs="EPSG:4326").to_crs(crs).iloc[0].buffer(distance_m)
    out[ok] = shapely.intersects(zone, pts.to_numpy())
    return out
