"""One entry for the desk's File → Import…: GIS features, streets or a spreadsheet, all or nothing.

(The command line's ``import`` does the same through ``cli.import_cmd``; this
is the Qt-free path the desk calls, since ui never imports cli.)
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from gis.io import ImportFailed, read_vector
from models.changes import recording_changes
from models.importing import recall_mapping, remember_mapping, store_features
from models.kinds import FEATURE_KINDS
from models.store import Store
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


def _content_key(path: str | Path, layer: str | None) -> str | None:
    try:
        return content_key(path, layer) if Path(path).is_file() else None
    except OSError:
        return None


def earlier_import(store: Store, kind: str, path: str | Path, *, layer: str | None = None) -> dict | None:
    """The standing earlier import of the same content as ``kind`` (see ``find_repeat``), or None.

    Only GIS feature kinds are logged; spreadsheets and streets always return None.
    """
    kind = kind.replace("-", "_")
    if kind not in FEATURE_KINDS:
        return None
    sha = _content_key(path, layer)
    if sha is None:
        return None
    with store.engine.connect() as conn:
        return find_repeat(conn, kind.replace("_", "-"), sha)


def import_any(store: Store, kind: str, path: str | Path, *, layer: str | None = None,
               on_repeat: str = "skip") -> dict:
    """Import ``path`` as ``kind``; ``{"ok", "imported", "notes", "errors", "error"}``.

    A GIS file whose content was imported as ``kind`` before (the import log,
    shared with the command line) is skipped (``"skipped": True``), replaces
    the earlier import in the same transaction, or is added again, per
    ``on_repeat``; the report then has ``"repeat_of"``.
    """
    if on_repeat not in ON_REPEAT:
        raise ValueError(f"on_repeat must be one of {', '.join(ON_REPEAT)}")
    # Spreadsheet kinds are spelt as the command line's (``leak-readings``), feature kinds with underscores.
    if kind.replace("_", "-") in SHEET_KINDS:
        return import_sheet(store, kind.replace("_", "-"), path)
    kind = kind.replace("-", "_")
    if kind == "streets":
        return import_streets(store, path, layer)
    if kind not in FEATURE_KINDS:
        return {"ok": False, "imported": 0, "error": f"unknown kind {kind!r}", "errors": []}
    source = f"{Path(path).name}|{layer}" if layer else Path(path).name
    fk = FEATURE_KINDS[kind]
    cli_kind = kind.replace("_", "-")
    sha = _content_key(path, layer)
    repeat = None
    if sha is not None:
        with store.engine.connect() as conn:
            repeat = find_repeat(conn, cli_kind, sha)
    if repeat is not None and on_repeat == "skip":
        return {"ok": True, "skipped": True, "imported": 0, "repeat_of": repeat, "notes": [], "warnings": [],
                "errors": []}
    # Topology snapping writes nodes and splits pipes for network kinds: they go with the import.
    tables = tuple(dict.fromkeys((fk.table.name, "nodes", "pipes"))) if fk.name in NETWORK_KINDS else (fk.table.name,)
    undo: dict[str, dict] = {}
    replaced: dict[str, int] | None = None
    try:
        with store.engine.begin() as conn, recording_changes(conn):
            if repeat is not None and on_repeat == "replace":
                replaced = remove_import(conn, repeat["id"])
            before = {t: max_id(conn, t) for t in tables}
            remembered = recall_mapping(conn, source, cli_kind)
            old_map, old_crs = remembered if remembered else ({}, None)
            result = read_vector(path, fk, layer=layer, remembered=old_map, default_crs=old_crs)
            n = len(store_features(conn, fk, result.frame))
            extra = network_hooks(conn, fk.name, result, undo)
            remember_mapping(conn, source, cli_kind, result.mapping, result.crs)
            if sha is not None:
                record_import(conn, cli_kind, path, sha, n, {t: ids_since(conn, t, before[t]) for t in tables}, undo)
    except ImportFailed as exc:
        return {"ok": False, "imported": 0, "error": str(exc),
                "errors": [r.as_dict() for r in exc.rejected] + [{"feature": "file", "reason": exc.reason}]}
    except SQLAlchemyError as exc:
        return {"ok": False, "imported": 0, "error": f"{Path(path).name}: the store refused the data ({exc.orig or exc})",
                "errors": []}
    report = {"ok": True, "imported": n, "notes": list(result.notes), "warnings": list(result.warnings),
              "errors": [r.as_dict() for r in result.rejected],
              **extra}
    if repeat is not None:
        report["repeat_of"] = repeat
        report["on_repeat"] = on_repeat
        if replaced is not None:
            report["replaced"] = replaced
    return report
