"""``python app.py export --out FILE``: the day's patrol picture for GIS tools, tables for spreadsheets.

``FILE.gpkg``: patches, segment requirements, segment coverage of ``--date``,
repairs and patrol tracks (QGIS and ``ogrinfo`` open it). ``FILE.xlsx``:
repairs and action items, a worksheet each. ``FILE.csv``: one of them, picked
with ``--table`` (UTF-8 with BOM, so Excel shows the Chinese text right).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
from sqlalchemy import select

from cli.context import CommandContext
from services.coverage import compute_coverage
from services.patrol_data import PatrolDataError, day_anchor, parse_date
from gis.export import track_lines, write_geopackage, write_tables
from models.bulk import read_features, read_track_points
from models.patrol import PatrolRequirement, SegmentRequirement, Team
from models.queries import action_items_table, repairs_table

NAME = "export"
HELP = "export patches, segment requirements and coverage, repairs and tracks (GeoPackage), or tables (CSV/XLSX)"
TABLES = ("repairs", "action-items")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--out, --date, --table."""
    parser.add_argument("--out", required=True, type=Path, help="FILE.gpkg, FILE.xlsx or FILE.csv")
    parser.add_argument("--date", help="day of the coverage and tracks, YYYY-MM-DD (default: today, event time)")
    parser.add_argument("--table", choices=TABLES, help="the table a CSV holds (an XLSX holds both)")


def gpkg_layers(ctx: CommandContext, date_text: str | None) -> dict[str, gpd.GeoDataFrame]:
    """The GeoPackage's layers from the store.

    Raises
    ------
    PatrolDataError
        No event or no stored plan.
    """
    event = ctx.store.current_event()
    if event is None:
        raise PatrolDataError(ctx.tr("No event in the store: run 'python app.py demo' or import one first."))
    coverage = compute_coverage(ctx.store, date_text, with_segments=True, tr=ctx.tr)  # also checks that a plan exists
    anchor = day_anchor(event.timezone, parse_date(date_text, event.timezone))
    with ctx.store.engine.connect() as conn:
        patches = read_features(conn, "patches", ["code", "name", "workload_km"])
        teams = pd.DataFrame(conn.execute(select(Team.code, Team.patch_id).where(Team.patch_id.is_not(None))).all(),
                             columns=["team", "patch_id"])
        pipes = read_features(conn, "pipes", ["code", "diameter_mm", "material", "pipe_class", "street", "exposed"])
        sr, pr = SegmentRequirement.__table__, PatrolRequirement.__table__
        reqs = pd.DataFrame(conn.execute(
            select(sr.c.pipe_id, pr.c.code, pr.c.name, pr.c.rule, pr.c.rounds_per_day, sr.c.patch_id, sr.c.reason)
            .join(pr, pr.c.id == sr.c.requirement_id).order_by(sr.c.pipe_id, pr.c.id)).all(),
            columns=["pipe_id", "requirement", "requirement_name", "rule", "rounds_per_day", "patch_id", "reason"])
        repairs = repairs_table(conn)
        fixes = read_track_points(conn, anchor.timestamp(), (anchor + dt.timedelta(days=1)).timestamp())
    patches, pipes = (f.drop(columns=[c for c in ("id",) if c in f.columns]) for f in (patches, pipes))
    patch_code = patches["code"].to_dict()
    team_of = teams.groupby("patch_id")["team"].agg(", ".join)
    patches = patches.assign(teams=[team_of.get(i, "") for i in patches.index]).reset_index(names="patch_id")

    pipe_cols = pipes.reset_index(names="pipe_id").rename(columns={"code": "pipe"})
    reqs["patch"] = reqs["patch_id"].map(patch_code)
    seg_req = gpd.GeoDataFrame(reqs.drop(columns="patch_id").merge(pipe_cols, on="pipe_id"), crs=pipes.crs)
    cov = coverage["segments"].merge(pipe_cols, on="pipe_id")
    seg_cov = gpd.GeoDataFrame(cov.assign(date=coverage["date"]), geometry="geometry", crs=pipes.crs)

    located = repairs.dropna(subset=["lon", "lat"])
    repair_pts = gpd.GeoDataFrame(located, geometry=gpd.points_from_xy(located["lon"], located["lat"]),
                                  crs="EPSG:4326")
    return {"patches": patches, "segment_requirements": seg_req, "segment_coverage": seg_cov,
            "repairs": repair_pts, "tracks": track_lines(fixes, event.local_crs)}


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Write the GeoPackage or the tables."""
    tr = ctx.tr
    suffix = args.out.suffix.lower()
    try:
        if suffix == ".gpkg":
            layers = gpkg_layers(ctx, args.date)
            path = write_geopackage(args.out, layers)
            counts = {name: len(frame) for name, frame in layers.items()}
        elif suffix in (".csv", ".xlsx"):
            if suffix == ".csv" and not args.table:
                return ctx.fail(tr("export: a CSV file holds one table: give --table repairs or --table action-items"))
            with ctx.store.engine.connect() as conn:
                every = {"repairs": repairs_table(conn), "action-items": action_items_table(conn)}
            tables = {args.table: every[args.table]} if args.table else every
            path = write_tables(args.out, tables)
            counts = {name: len(frame) for name, frame in tables.items()}
        else:
            return ctx.fail(tr("export: --out must end in .gpkg, .xlsx or .csv, not {0}").format(args.out.name))
    except PatrolDataError as exc:
        return ctx.fail(str(exc))
    except (OSError, ValueError) as exc:
        return ctx.fail(tr("Cannot write {0}: {1}").format(args.out, exc))
    lines = [tr("Written {0}").format(path)] + [f"  {name}: {n}" for name, n in counts.items()]
    ctx.emit({"path": str(path), "layers": counts}, "\n".join(lines))
    return 0
