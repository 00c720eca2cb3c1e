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
from services.network.hooks import network_hooks
from services.sheets import SHEET_KINDS, import_sheet
from services.streets import import_streets


def import_any(store: Store, kind: str, path: str | Path, *, layer: str | None = None) -> dict:
    """Import ``path`` as ``kind``; ``{"ok", "imported", "notes", "errors", "error"}``."""
    kind = kind.replace("-", "_")
    if kind in SHEET_KINDS:
        return import_sheet(store, kind, path)
    if kind == "streets":
        return import_streets(store, path, layer)
    if kind not in FEATURE_KINDS:
        return {"ok": False, "imported": 0, "error": f"unknown kind {kind!r}", "errors": []}
    source = f"{Path(path).name}|{layer}" if layer else Path(path).name
    fk = FEATURE_KINDS[kind]
    cli_kind = kind.replace("_", "-")
    try:
        with store.engine.begin() as conn, recording_changes(conn):
            remembered = recall_mapping(conn, source, cli_kind)
            old_map, old_crs = remembered if remembered else ({}, None)
            result = read_vector(path, fk, layer=layer, remembered=old_map, default_crs=old_crs)
            n = len(store_features(conn, fk, result.frame))
            extra = network_hooks(conn, fk.name, result)
            remember_mapping(conn, source, cli_kind, result.mapping, result.crs)
    except ImportFailed as exc:
        return {"ok": False, "imported": 0, "error": str(exc),
                "errors": [r.as_dict() for r in exc.rejected] + [{"feature": "file", "reason": exc.reason}]}
    except SQLAlchemyError as exc:
        return {"ok": False, "imported": 0, "error": f"{Path(path).name}: the store refused the data ({exc.orig or exc})",
                "errors": []}
    return {"ok": True, "imported": n, "notes": list(result.notes), "warnings": list(result.warnings),
            "errors": [r.as_dict() for r in result.rejected],
            **extra}
