"""XLSX export of a customer list (openpyxl; headers given by the caller, translated)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from gis.io.output import replacing


def write_xlsx(frame: pd.DataFrame, path: str | Path, headers: Sequence[str] | None = None,
               sheet: str = "list") -> Path:
    """Write ``frame`` to ``path`` (one sheet, a header row, frozen, columns sized).

    Raises
    ------
    OSError
        When the file cannot be written.
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(headers) if headers is not None else [str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    ws.freeze_panes = "A2"
    for i, col in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), start=1):
        width = max((len(str(c.value)) if c.value is not None else 0) for c in col)
        ws.column_dimensions[col[0].column_letter].width = min(max(8, width * 1.3 + 2), 60)
    p = Path(path)
    with replacing(p) as tmp:  # whole or not at all: a killed save leaves the last file as it was
        wb.save(tmp)
    return p


def _cell(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.replace(tzinfo=None)
    if isinstance(v, list | tuple | set):
        return ", ".join(map(str, v))
    if v is pd.NaT:
        return None
    return v
