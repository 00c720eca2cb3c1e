"""``python app.py import KIND FILE``: bring utility data into the store.

:func:`import_file` is the whole import (read, map, write in one transaction,
remember the mapping) and uses no Qt, so the GUI's import dialog can run it
on a worker thread with its own store connection.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from gis.io import ImportFailed, ImportResult, read_epanet, read_tracks, read_vector
from gis.io.fields import parse_map_options
from gis.messages import Message, localise
from models.changes import recording_changes
from models.importing import recall_mapping, remember_mapping, store_features, store_network, store_tracks
from models.kinds import FEATURE_KINDS
from services.imports.repeat import (
    ON_REPEAT,
    content_key,
    find_repeat,
    ids_since,
    max_id,
    record_import,
    remove_import,
)
from services.network.hooks import NETWORK_KINDS, network_hooks
from services.sheets import SHEET_KINDS, import_sheet
from services.streets import import_streets

if TYPE_CHECKING:
    from cli.context import CommandContext
    from models.store import Store

NAME = "import"
HELP = "import pipes, places, an EPANET network or GPS tracks from a file"

#: Kinds on the command line (hyphenated) → store kinds; plus epanet and tracks.
KINDS: dict[str, str] = {name.replace("_", "-"): name for name in FEATURE_KINDS}
#: Spreadsheet kinds (CSV/XLSX) and street lines, handled by services.sheets / services.streets.
SHEET_KIND_NAMES = list(SHEET_KINDS)
ALL_KINDS = [*KINDS, "epanet", "tracks", "streets", *SHEET_KIND_NAMES]
#: Errors listed in the human output (all of them go into --json).
SHOWN_ERRORS = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """KIND FILE and the import options."""
    parser.add_argument("kind", metavar="KIND", choices=ALL_KINDS, help="one of: " + ", ".join(ALL_KINDS))
    parser.add_argument("file", metavar="FILE", help="GeoPackage, Shapefile, GeoJSON, KML, CSV, .inp, GPX or NMEA log")
    parser.add_argument("--layer", help="layer of a multi-layer file (GeoPackage, KML)")
    parser.add_argument("--crs", help="CRS of the coordinates when the file has none, e.g. EPSG:3089")
    parser.add_argument(
        "--map", action="append", default=[], metavar="TARGET=SOURCE[:UNIT]",
        help="take a field from a source field, e.g. diameter_mm=管径 or diameter_mm=DIAM:in (repeatable)",
    )
    parser.add_argument("--encoding", help="attribute text encoding when the file does not declare it (e.g. GBK)")
    parser.add_argument("--device", help="device name of imported tracks (default: the file's name)")
    parser.add_argument("--sheet", help="worksheet of an .xlsx file (default: the first)")
    parser.add_argument("--on-repeat", choices=ON_REPEAT, default="skip",
                        help="when this file (same content) was imported as this kind before: skip it (default), "
                             "replace the earlier import, or add it again")


def source_name(path: str | Path, layer: str | None) -> str:
    """The name a field mapping is remembered under: the file name, and the layer if one was chosen."""
    name = Path(path).name
    return f"{name}|{layer}" if layer else name


def _report(kind: str, path: str | Path, result: ImportResult | None, imported: int) -> dict[str, Any]:
    rejected = result.rejected if result is not None else []
    return {
        "kind": kind,
        "file": str(path),
        "imported": imported,
        "rejected": len(rejected),
        "errors": [r.as_dict() for r in rejected],
        "repaired": result.repaired if result is not None else 0,
        "notes": list(result.notes) if result is not None else [],
        "warnings": list(result.warnings) if result is not None else [],
    }


def _tables(kind: str) -> tuple[str, ...]:
    """The tables an import of ``kind`` appends to (for the import log)."""
    if kind == "tracks":
        return ("track_points",)
    if kind == "epanet":
        return ("nodes", "pipes", "valves", "water_sources")
    if kind in KINDS:
        own = FEATURE_KINDS[KINDS[kind]].table.name
        # Topology snapping writes nodes and splits pipes for network kinds: they go with the import.
        return tuple(dict.fromkeys((own, "nodes", "pipes"))) if KINDS[kind] in NETWORK_KINDS else (own,)
    return ()


def import_file(
    store: Store,
    kind: str,
    path: str | Path,
    *,
    layer: str | None = None,
    crs: str | None = None,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    device: str | None = None,
    sheet: str | None = None,
    on_repeat: str = "skip",
) -> dict[str, Any]:
    """Import one file into the store, all or nothing.

    Parameters
    ----------
    store
        The open store.
    kind
        ``pipes``, ``valves`` … (hyphens or underscores), ``epanet`` or ``tracks``.
    path
        The file.
    layer, crs, mapping, encoding, device
        As the command-line options.
    on_repeat
        When the same content was imported as ``kind`` before (the import
        log's SHA-256): ``skip`` (nothing done, ``"skipped": True``),
        ``replace`` (the earlier import's rows are deleted in the same
        transaction) or ``add``.

    Returns
    -------
    dict
        ``{"kind", "file", "imported", "rejected", "errors": [{"feature",
        "reason"}], "repaired", "notes"}`` plus ``"ok"``; a failed import has
        ``"ok": False``, ``"error"`` (naming the file and the reason) and
        ``imported == 0``: the store is exactly as it was. A repeat has
        ``"repeat_of": {"file_name", "imported_at", "imported"}``.
    """
    kind = kind.replace("_", "-")
    if kind in SHEET_KINDS:
        return import_sheet(store, kind, path, sheet=sheet, mapping=dict(mapping or {}))
    if kind == "streets":
        return import_streets(store, path, layer)
    if on_repeat not in ON_REPEAT:
        raise ValueError(f"on_repeat must be one of {', '.join(ON_REPEAT)}")
    source = source_name(path, layer)
    result: ImportResult | None = None
    try:
        sha = content_key(path, layer) if Path(path).is_file() else None
    except OSError:
        sha = None
    repeat = None
    if sha is not None:
        with store.engine.connect() as conn:
            repeat = find_repeat(conn, kind, sha)
        if repeat is not None and on_repeat == "skip":
            report = _report(kind, path, None, 0)
            report["notes"] = [Message(
                "{file} was already imported as {kind} on {when} ({rows} rows, as {earlier}); nothing done. "
                "Use --on-repeat replace to replace that import, or --on-repeat add to import it again.",
                file=Path(path).name, kind=kind, when=repeat["imported_at"], rows=f"{repeat['imported']:,}",
                earlier=repeat["file_name"])]
            return {**report, "ok": True, "skipped": True, "repeat_of": repeat}
    tables = _tables(kind)
    replaced: dict[str, int] | None = None
    undo: dict[str, dict] = {}
    try:
        with store.engine.begin() as conn, recording_changes(conn):  # other desks reload
            if repeat is not None and on_repeat == "replace":
                replaced = remove_import(conn, repeat["id"])
            before = {t: max_id(conn, t) for t in tables}
            remembered = recall_mapping(conn, source, kind)
            old_map, old_crs = remembered if remembered else ({}, None)
            if kind == "tracks":
                result = read_tracks(path, device)
                imported = store_tracks(conn, result.frame)
                extra: dict[str, Any] = {}
            elif kind == "epanet":
                use_crs = crs or old_crs
                result = read_epanet(path, use_crs)
                if crs is None and old_crs:
                    result.notes.insert(0, Message("--crs {crs} used, as for this file before", crs=old_crs))
                x = result.extra
                counts = store_network(conn, x["nodes"], result.frame, x["valves"], x["sources"],
                                       inp_text=x.get("inp_text"), name=Path(path).name)
                imported = sum(counts.values())
                extra = {"counts": counts}
                remember_mapping(conn, source, kind, {}, result.crs)
            elif kind in KINDS:
                store_kind = FEATURE_KINDS[KINDS[kind]]
                result = read_vector(
                    path, store_kind, layer=layer, crs=crs, mapping=mapping or {}, remembered=old_map,
                    encoding=encoding, default_crs=old_crs,
                )
                imported = len(store_features(conn, store_kind, result.frame))
                extra = {"mapping": result.mapping, **network_hooks(conn, store_kind.name, result, undo)}
                remember_mapping(conn, source, kind, result.mapping, result.crs)
            else:
                raise ImportFailed(path, f"unknown kind {kind!r}; choose from {', '.join(ALL_KINDS)}")
            if sha is not None:
                record_import(conn, kind, path, sha, imported, {t: ids_since(conn, t, before[t]) for t in tables},
                              undo)
    except ImportFailed as exc:
        report = _report(kind, path, result, 0)
        report["errors"] = [r.as_dict() for r in exc.rejected] + [{"feature": "file", "reason": exc.reason}]
        report["rejected"] = len(exc.rejected)
        return {**report, "ok": False, "error": str(exc)}
    except SQLAlchemyError as exc:
        # The transaction rolled back: nothing of this file is in the store.
        reason = f"the store refused the data ({type(exc.orig or exc).__name__}: {exc.orig or exc}); nothing written"
        report = _report(kind, path, result, 0)
        report["errors"].append({"feature": "file", "reason": reason})
        return {**report, "ok": False, "error": f"{Path(path).name}: {reason}"}
    report = {**_report(kind, path, result, imported), **extra, "ok": True}
    if repeat is not None:
        report["repeat_of"] = repeat
        if replaced is not None:
            note = Message("this file was imported as {kind} on {when}: replaced; {rows} rows of it removed",
                           kind=kind, when=repeat["imported_at"], rows=f"{sum(replaced.values()):,}")
        else:
            note = Message("this file was imported as {kind} on {when}: added again",
                           kind=kind, when=repeat["imported_at"])
        report["notes"].insert(0, note)
        if replaced is not None:
            report["replaced"] = replaced
    return report


def _units(tr) -> dict[str, str]:
    """What an import of each kind counts, in the interface language."""
    return {
        "tracks": tr("points"), "epanet": tr("network features"), "nodes": tr("nodes"), "pipes": tr("pipes"),
        "valves": tr("valves"), "hydrants": tr("hydrants"), "sources": tr("water sources"), "venues": tr("venues"),
        "residences": tr("residences"), "key_units": tr("key units"), "routes": tr("routes"),
        "sites": tr("construction sites"), "key_roads": tr("key roads"), "key_areas": tr("key areas"),
        "users": tr("important users"), "leak_points": tr("leak survey points"), "patches": tr("patrol patches"),
        "key_points": tr("key points"), "leak_readings": tr("leak-survey readings"),
    }


def _say(text: str, tr) -> str:
    """A service's note or warning in the interface language (its Message template translated)."""
    from services.printing.labels import code_list

    return localise(text, lambda t: tr(t, "ServiceMessages"), codes=code_list)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Import the file; exit 0 when something was imported, 2 when the file failed."""
    tr = ctx.tr
    try:
        mapping = parse_map_options(args.map)
    except ValueError as exc:
        return ctx.fail(str(exc), {"kind": args.kind, "file": args.file, "imported": 0, "rejected": 0,
                                   "errors": [{"feature": "--map", "reason": str(exc)}]})
    report = import_file(
        ctx.store, args.kind, args.file, layer=args.layer, crs=args.crs, mapping=mapping,
        encoding=args.encoding, device=args.device, sheet=args.sheet, on_repeat=args.on_repeat,
    )
    if args.kind in SHEET_KINDS:
        return _sheet_output(ctx, args, report)
    if not report["ok"]:
        if not ctx.json_output:
            for err in report["errors"][:SHOWN_ERRORS]:
                if err["feature"] != "file":
                    print(f"  {err['feature']}: {_say(err['reason'], tr)}")
        whole = [e["reason"] for e in report["errors"] if e["feature"] == "file"]
        # The file's own reason in the interface language (the JSON keeps the English "error").
        error = f"{Path(args.file).name}: {_say(whole[-1], tr)}" if whole else report["error"]
        return ctx.fail(tr("Import failed, nothing stored: {0}").format(error), report)
    if report.get("skipped"):
        rep = report["repeat_of"]
        ctx.emit(report, tr("{0} was already imported as {1} on {2} ({3} rows, as {4}); nothing done. "
                            "Use --on-repeat replace to replace that import, or --on-repeat add to import it again.")
                 .format(Path(args.file).name, args.kind, rep["imported_at"], f"{rep['imported']:,}", rep["file_name"]))
        return 0
    unit = _units(tr).get(args.kind.replace("-", "_"), args.kind)
    lines = [tr("Imported {0} {1} from {2} ({3} rejected)").format(
        f"{report['imported']:,}", unit, Path(args.file).name, report["rejected"])]
    if "counts" in report:
        names = {"nodes": tr("nodes"), "pipes": tr("pipes"), "valves": tr("valves"),
                 "water_sources": tr("water sources"), "sources": tr("water sources")}
        lines.append("  " + ", ".join(f"{names.get(k, k)} {v:,}" for k, v in report["counts"].items()))
    if report.get("mapping"):
        lines.append(tr("Fields: {0}").format(", ".join(f"{k}←{v}" for k, v in report["mapping"].items())))
    warning, note = tr("WARNING"), tr("note")
    lines += [f"  {warning}: {_say(w, tr)}" for w in report["warnings"]]
    lines += [f"  {note}: {_say(n, tr)}" for n in report["notes"]]
    for err in report["errors"][:SHOWN_ERRORS]:
        lines.append(f"  {Path(args.file).name}: {err['feature']}: {err['reason']}")
    if report["rejected"] > SHOWN_ERRORS:
        lines.append(tr("  … and {0} more (use --json for all)").format(report["rejected"] - SHOWN_ERRORS))
    ctx.emit(report, "\n".join(lines))
    return 0


def _sheet_output(ctx: CommandContext, args: argparse.Namespace, report: dict[str, Any]) -> int:
    """Print a spreadsheet import: every refused cell with its row and column."""
    tr = ctx.tr
    if not report["ok"]:
        errors = [e for e in report["errors"] if e.get("row") is not None]
        if not ctx.json_output:
            for e in errors[:SHOWN_ERRORS]:
                reason = _say(e["reason"], tr)
                print(tr("  {0}: row {1}, column {2}: {3}").format(e["file"], e["row"], e["column"], reason))
        summary = tr("{0} rows refused").format(len({e["row"] for e in errors})) if errors else report["error"]
        return ctx.fail(tr("Import refused, nothing stored: {0}").format(summary), report)
    unit = _units(tr).get(args.kind.replace("-", "_"), args.kind)
    lines = [tr("Imported {0} {1} from {2}").format(report["imported"], unit, Path(args.file).name)]
    lines.append(tr("Columns: {0}").format(", ".join(f"{k}←{v}" for k, v in report["mapping"].items())))
    note = tr("note")
    lines += [f"  {note}: {_say(n, tr)}" for n in report["notes"]]
    ctx.emit(report, "\n".join(lines))
    return 0
