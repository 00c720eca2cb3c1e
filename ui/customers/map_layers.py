"""Customers, meters due and zero-volume users as map layers (one point item per layer, from arrays)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QObject, QT_TRANSLATE_NOOP

from gis.map_prep import FeatureData
from models.map_layers import LayerList, MapLayer

CATEGORIES = ("household", "business", "large", "important")
CUSTOMERS_STYLE = {"classes": [
    {"key": "household", "label": "Household", "color": "#90a4ae", "size": 4.0},
    {"key": "business", "label": "Business", "color": "#5c6bc0", "size": 5.0},
    {"key": "large", "label": "Large user", "color": "#00897b", "size": 8.0},
    {"key": "important", "label": "Important user", "color": "#d81b60", "size": 10.0}],
    "min_scale_m_per_px": 20.0}
DUE_STYLE = {"classes": [{"key": "overdue", "label": "Meter overdue", "color": "#c62828", "size": 7.0},
                         {"key": "due", "label": "Meter due", "color": "#ffb300", "size": 6.0}], "shape": "square"}
ZERO_STYLE = {"classes": [{"key": "zero_reads", "label": "Read at zero", "color": "#6a1b9a", "size": 7.0},
                          {"key": "no_reads", "label": "Not read", "color": "#8e24aa", "size": 7.0},
                          {"key": "new_connection", "label": "New connection, no read yet", "color": "#00acc1",
                           "size": 8.0}]}

# Titles and legend words, for lupdate (shown through ui.layer_titles.layer_title).
_TITLES = (
    QT_TRANSLATE_NOOP("LayerTitles", "Customers"),
    QT_TRANSLATE_NOOP("LayerTitles", "Meters due"),
    QT_TRANSLATE_NOOP("LayerTitles", "Zero-volume users"),
    QT_TRANSLATE_NOOP("LayerTitles", "Household"),
    QT_TRANSLATE_NOOP("LayerTitles", "Business"),
    QT_TRANSLATE_NOOP("LayerTitles", "Large user"),
    QT_TRANSLATE_NOOP("LayerTitles", "Important user"),
    QT_TRANSLATE_NOOP("LayerTitles", "Meter overdue"),
    QT_TRANSLATE_NOOP("LayerTitles", "Meter due"),
    QT_TRANSLATE_NOOP("LayerTitles", "Read at zero"),
    QT_TRANSLATE_NOOP("LayerTitles", "Not read"),
    QT_TRANSLATE_NOOP("LayerTitles", "New connection, no read yet"),
)


def _empty() -> FeatureData:
    return FeatureData(np.empty(0, dtype=object), np.empty(0, np.int64), pd.DataFrame({"code": []}),
                       np.empty(0, np.int32), 1, "code")


class CustomerMapLayers(QObject):
    """Keeps the three customer layers in step with the dock's lists."""

    LAYERS = (("customers", "Customers", CUSTOMERS_STYLE, False), ("meters_due", "Meters due", DUE_STYLE, False),
              ("zero_volume", "Zero-volume users", ZERO_STYLE, True))

    def __init__(self, layers: LayerList, projector, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layers = layers
        self.projector = projector
        top = max((layer.z for layer in layers if layer.kind != "live"), default=0.0)
        for i, (name, title, style, visible) in enumerate(self.LAYERS):
            if name not in layers:
                layers.append(MapLayer(name, title, "points", data=_empty(), style=style, visible=visible,
                                       z=top + 0.1 * (i + 1), group="customers"))

    def _data(self, frame: pd.DataFrame, keys: list[str], key_col: pd.Series) -> FeatureData:
        ok = frame["lon"].notna() & frame["lat"].notna() if len(frame) else pd.Series([], dtype=bool)
        f = frame[ok.to_numpy()] if len(frame) else frame
        if f.empty:
            return _empty()
        x, y = self.projector.to_local(f["lon"].to_numpy(float), f["lat"].to_numpy(float))
        codes = pd.Categorical(key_col[ok.to_numpy()], categories=keys).codes.astype(np.int32)
        return FeatureData(shapely.points(np.asarray(x, float), np.asarray(y, float)),
                           np.arange(len(f), dtype=np.int64), pd.DataFrame({"code": f["account"].to_numpy()}),
                           np.where(codes < 0, 0, codes).astype(np.int32), len(keys), "code")

    def show(self, lists) -> None:
        """Replace the layers' data from a :class:`ui.customers.loader.CustomerLists`."""
        acc = lists.accounts
        self.layers["customers"].data = self._data(acc, list(CATEGORIES), acc["category"]) if len(acc) else _empty()
        due = lists.due
        self.layers["meters_due"].data = self._data(
            due, ["overdue", "due"], pd.Series(np.where(due["overdue"].astype(bool), "overdue", "due"),
                                               index=due.index)) if len(due) else _empty()
        zero = lists.zero.rows
        self.layers["zero_volume"].data = self._data(zero, ["zero_reads", "no_reads", "new_connection"],
                                                     zero["kind"]) if len(zero) else _empty()
