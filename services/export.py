"""Export the day's patrol picture (GeoPackage) or the desk's tables (CSV/XLSX): one use case for
``python app.py export`` and the desk's File → Export….

``FILE.gpkg``: patches, segment requirements, segment coverage of the day,
repairs and patrol tracks (QGIS and ``ogrinfo`` open it). ``FILE.xlsx``:
repairs and action items, a worksheet each. ``FILE.csv``: one of them
(UTF-8 with BOM, so Excel shows the Chinese text right).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import select

from gis.export import track_lines, write_geopackage, write_tables
from models.bulk import iter_features, read_features, read_track_points
from models.patrol import PatrolRequirement, SegmentRequirement, Team
from models.queries import action_items_table, repairs_table
from models.store import Store
from services import no_translation
from services.patrol.coverage import compute_coverage
from services.patrol.data import PatrolDataError, day_anchor, parse_date

Translate = Callable[[str], str]
TABLES = ("repairs", "action-items")


class ExportError(ValueError):
    """The export cannot be written; the message says why (already translated)."""


#: The pipes' columns in the segment layers.
PIPE_COLUMNS = ["code", "diameter_mm", "material", "pipe_class", "street", "exposed"]
#: Pipes per chunk of the segment layers: a city's half a million pipes (and their requirement
#: rows) are never held whole (written whole, the export of a 500,000-pipe city peaked at 1.1 GB).
CHUNK_PIPES = 50_000
_REQ_COLUMNS = ["pipe_id", "requirement", "requirement_name", "rule", "rounds_per_day", "patch_id", "reason"]


def _pipe_chunks(store: Store):
    """The pipes a chunk at a time, as ``pipe_id, pipe, diameter_mm, …, geometry`` (WGS84), by id."""
    with store.engine.connect() as conn:
        for frame, geoms in iter_features(conn, "pipes", PIPE_COLUMNS, chunk=CHUNK_PIPES):
            yield gpd.GeoDataFrame(frame.rename(columns={"id": "pipe_id", "code": "pipe"}), geometry=geoms,
                                   crs="EPSG:4326")


def _empty_pipes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in ["pipe_id", "pipe", *PIPE_COLUMNS[1:]]},
                            geometry=np.empty(0, dtype=object), crs="EPSG:4326")


def _with_pipes(store: Store, rows_of, empty: pd.DataFrame, **assign):
    """A segment layer a chunk of pipes at a time: ``rows_of(pipes)`` (rows keyed by ``pipe_id``) joined to
    those pipes, then ``assign``; with no pipes at all, one empty chunk (``empty``'s columns) so the layer
    is still written."""
    wrote = False
    for pipes in _pipe_chunks(store):
        wrote = True
        yield gpd.GeoDataFrame(rows_of(pipes).merge(pipes, on="pipe_id").assign(**assign), geometry="geometry",
                               crs=pipes.crs)
    if not wrote:
        yield gpd.GeoDataFrame(empty.merge(_empty_pipes(), on="pipe_id").assign(**assign), geometry="geometry",
                               crs="EPSG:4326")


def _requirement_chunks(store: Store, patch_code: dict):
    """``segment_requirements``: a pipe per requirement it falls under, a chunk of pipes at a time."""
    sr, pr = SegmentRequirement.__table__, PatrolRequirement.__table__
    query = (select(sr.c.pipe_id, pr.c.code, pr.c.name, pr.c.rule, pr.c.rounds_per_day, sr.c.patch_id, sr.c.reason)
             .join(pr, pr.c.id == sr.c.requirement_id))
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in _REQ_COLUMNS if c != "patch_id"}).assign(patch=None)
    with store.engine.connect() as conn:
        def rows_of(pipes: gpd.GeoDataFrame) -> pd.DataFrame:
            ids = pipes["pipe_id"].to_numpy()
            lo, hi = int(ids.min()), int(ids.max())
            reqs = pd.DataFrame(conn.execute(query.where(sr.c.pipe_id.between(lo, hi))
                                             .order_by(sr.c.pipe_id, pr.c.id)).all(), columns=_REQ_COLUMNS)
            reqs["patch"] = reqs["patch_id"].map(patch_code)
            return reqs.drop(columns="patch_id")

        yield from _with_pipes(store, rows_of, empty)


def _coverage_chunks(store: Store, segments: pd.DataFrame, date: str):
    """``segment_coverage``: the day's coverage of a pipe per requirement, a chunk of pipes at a time."""
    segments = segments.sort_values("pipe_id", kind="stable").reset_index(drop=True)
    at = segments["pipe_id"].to_numpy()

    def rows_of(pipes: gpd.GeoDataFrame) -> pd.DataFrame:
        ids = pipes["pipe_id"].to_numpy()
        return segments.iloc[np.searchsorted(at, ids.min(), "left"):np.searchsorted(at, ids.max(), "right")]

    return _with_pipes(store, rows_of, segments.iloc[:0], date=date)


def gpkg_layers(store: Store, date_text: str | None, tr: Translate = no_translation) -> dict:
    """The GeoPackage's layers from the store (the segment layers as chunks: see :func:`gis.export.write_geopackage`).

    Raises
    ------
    PatrolDataError
        No event or no stored plan.
    """
    event = store.current_event()
    if event is None:
        raise PatrolDataError(tr("No event in the store: run 'python app.py demo' or import one first."))
    coverage = compute_coverage(store, date_text, with_segments=True, tr=tr)  # also checks that a plan exists
    anchor = day_anchor(event.timezone, parse_date(date_text, event.timezone))
    with store.engine.connect() as conn:
        patches = read_features(conn, "patches", ["code", "name", "workload_km"])
        teams = pd.DataFrame(conn.execute(select(Team.code, Team.patch_id).where(Team.patch_id.is_not(None))).all(),
                             columns=["team", "patch_id"])
        repairs = repairs_table(conn)
        fixes = read_track_points(conn, anchor.timestamp(), (anchor + dt.timedelta(days=1)).timestamp())
    patches = patches.drop(columns=[c for c in ("id",) if c in patches.columns])
    patch_code = patches["code"].to_dict()
    team_of = teams.groupby("patch_id")["team"].agg(", ".join)
    patches = patches.assign(teams=[team_of.get(i, "") for i in patches.index]).reset_index(names="patch_id")

    located = repairs.dropna(subset=["lon", "lat"])
    repair_pts = gpd.GeoDataFrame(located, geometry=gpd.points_from_xy(located["lon"], located["lat"]),
                                  crs="EPSG:4326")
    return {"patches": patches, "segment_requirements": _requirement_chunks(store, patch_code),
            "segment_coverage": _coverage_chunks(store, coverage.pop("segments"), coverage["date"]),
            "repairs": repair_pts, "tracks": track_lines(fixes, event.local_crs)}


def export(store: Store, out: Path, date_text: str | None = None, table: str | None = None,
           tr: Translate = no_translation) -> tuple[Path, dict[str, int]]:
    """Write ``out`` (.gpkg, .xlsx or .csv); the path written and the row count per layer or table.

    Raises
    ------
    ExportError
        Unknown suffix, CSV without ``table``, no event or plan, or the file cannot be written.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    try:
        if suffix == ".gpkg":
            counts = write_geopackage(out, gpkg_layers(store, date_text, tr))
            return out, counts
        if suffix in (".csv", ".xlsx"):
            if suffix == ".csv" and not table:
                raise ExportError(tr("export: a CSV file holds one table: give --table repairs or --table action-items"))
            with store.engine.connect() as conn:
                every = {"repairs": repairs_table(conn), "action-items": action_items_table(conn)}
            tables = {table: every[table]} if table else every
            path = write_tables(out, tables)
            return path, {name: len(frame) for name, frame in tables.items()}
        raise ExportError(tr("export: --out must end in .gpkg, .xlsx or .csv, not {0}").format(out.name))
    except PatrolDataError as exc:
        raise ExportError(str(exc)) from exc
    except (OSError, ValueError) as exc:
        if isinstance(exc, ExportError):
            raise
        raise ExportError(tr("Cannot write {0}: {1}").format(out, exc)) from exc
