"""``python app.py export --out FILE``: the day's patrol picture for GIS tools, tables for spreadsheets.

The work is :func:`services.export.export` (the desk's File → Export… calls it too).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.context import CommandContext
from services.export import TABLES, ExportError, export

NAME = "export"
HELP = "export patches, segment requirements and coverage, repairs and tracks (GeoPackage), or tables (CSV/XLSX)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--out, --date, --table."""
    parser.add_argument("--out", required=True, type=Path, help="FILE.gpkg, FILE.xlsx or FILE.csv")
    parser.add_argument("--date", help="day of the coverage and tracks, YYYY-MM-DD (default: today, event time)")
    parser.add_argument("--table", choices=TABLES, help="the table a CSV holds (an XLSX holds both)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Write the GeoPackage or the tables."""
    tr = ctx.tr
    try:
        path, counts = export(ctx.store, args.out, args.date, args.table, tr)
    except ExportError as exc:
        return ctx.fail(str(exc))
    lines = [tr("Written {0}").format(path)] + [f"  {name}: {n}" for name, n in counts.items()]
    ctx.emit({"path": str(path), "layers": counts}, "\n".join(lines))
    return 0
