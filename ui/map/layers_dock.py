"""Layers dock: visibility, opacity, order, legend and style presets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDockWidget, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSlider,
    QVBoxLayout, QWidget,
)

from models.map_layers import STYLE_PRESETS, LayerList, apply_preset
from ui.map.layer_titles import layer_title


def swatch(color: QColor, width: float, size: int = 16) -> QIcon:
    """A small legend icon: a line of the class's colour and width."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = p.pen()
    pen.setColor(color)
    pen.setWidthF(max(1.0, min(width, size / 2)))
    p.setPen(pen)
    p.drawLine(2, size // 2, size - 2, size // 2)
    p.end()
    return QIcon(pix)


class LayersDock(QDockWidget):
    """Lists the layers top first; widgets write to the layer models, never to the canvas."""

    def __init__(self, layers: LayerList, canvas=None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Layers"), parent)
        self.setObjectName("layersDock")
        self.layers = layers
        self.canvas = canvas
        self._base_styles = {layer.name: dict(layer.style) for layer in layers}
        body = QWidget(self)
        box = QVBoxLayout(body)
        self.list = QListWidget(body)
        self.list.setObjectName("layerList")
        box.addWidget(self.list)
        row = QHBoxLayout()
        self.up_button = QPushButton(self.tr("Up"), body)
        self.down_button = QPushButton(self.tr("Down"), body)
        self.zoom_button = QPushButton(self.tr("Zoom to layer"), body)
        for b in (self.up_button, self.down_button, self.zoom_button):
            row.addWidget(b)
        box.addLayout(row)
        op_row = QHBoxLayout()
        op_row.addWidget(QLabel(self.tr("Opacity"), body))
        self.opacity = QSlider(Qt.Orientation.Horizontal, body)
        self.opacity.setRange(0, 100)
        op_row.addWidget(self.opacity)
        box.addLayout(op_row)
        preset_row = QHBoxLayout()
        preset_row.addWidget(QLabel(self.tr("Style"), body))
        self.preset = QComboBox(body)
        for key, title in (("day", self.tr("Day")), ("night", self.tr("Night / wall")), ("print", self.tr("Print"))):
            if key in STYLE_PRESETS:
                self.preset.addItem(title, key)
        preset_row.addWidget(self.preset)
        box.addLayout(preset_row)
        box.addWidget(QLabel(self.tr("Legend"), body))
        self.legend = QListWidget(body)
        self.legend.setObjectName("legendList")
        box.addWidget(self.legend)
        self.setWidget(body)

        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(lambda *_: self._on_current_change())
        self.opacity.valueChanged.connect(self._on_opacity_slider)
        self.up_button.clicked.connect(lambda: self._move(1))
        self.down_button.clicked.connect(lambda: self._move(-1))
        self.zoom_button.clicked.connect(self._zoom)
        self.preset.currentIndexChanged.connect(self._on_preset)
        layers.events.connect("changed", self._on_layer_change)
        layers.events.connect("reordered", self._rebuild)
        layers.events.connect("inserted", self._rebuild)
        layers.events.connect("removed", self._rebuild)
        self._rebuild()

    def close_dock(self) -> None:
        """Stop following the layers."""
        self.layers.events.disconnect("changed", self._on_layer_change)
        for name in ("reordered", "inserted", "removed"):
            self.layers.events.disconnect(name, self._rebuild)

    def _rebuild(self, **_) -> None:
        current = self.current_layer_name()
        self.list.blockSignals(True)
        self.list.clear()
        for layer in reversed(list(self.layers)):
            item = QListWidgetItem(layer_title(layer.title))
            item.setData(Qt.ItemDataRole.UserRole, layer.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            if layer.name == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._on_current_change()

    def item_for(self, name: str) -> QListWidgetItem | None:
        """The list item of layer ``name``."""
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == name:
                return self.list.item(i)
        return None

    def current_layer_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        layer = self.layers.get(item.data(Qt.ItemDataRole.UserRole))
        if layer is not None:
            layer.visible = item.checkState() == Qt.CheckState.Checked

    def _on_layer_change(self, layer, field: str) -> None:
        if field == "visible":
            item = self.item_for(layer.name)
            if item is not None:
                self.list.blockSignals(True)
                item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
                self.list.blockSignals(False)
        elif field in ("opacity", "style") and layer.name == self.current_layer_name():
            self._on_current_change()

    def _on_current_change(self) -> None:
        layer = self.layers.get(self.current_layer_name() or "")
        self.legend.clear()
        if layer is None:
            return
        self.opacity.blockSignals(True)
        self.opacity.setValue(round(layer.opacity * 100))
        self.opacity.blockSignals(False)
        view = self.canvas.registry.views.get(layer.name) if self.canvas is not None else None
        if view is not None:
            for label, color, width in view.legend():
                text = self.tr(label)
                self.legend.addItem(QListWidgetItem(swatch(color, width), layer_title(label) if text == label else text))

    def _on_opacity_slider(self, value: int) -> None:
        layer = self.layers.get(self.current_layer_name() or "")
        if layer is not None:
            layer.opacity = value / 100.0

    def _move(self, steps: int) -> None:
        name = self.current_layer_name()
        if name is not None:
            self.layers.move(name, steps)

    def _zoom(self) -> None:
        name = self.current_layer_name()
        if name is not None and self.canvas is not None:
            self.canvas.zoom_to_layer(name)

    def _on_preset(self, index: int) -> None:
        key = self.preset.itemData(index)
        apply_preset(self.layers, key, self._base_styles)
        if self.canvas is not None:
            bg = STYLE_PRESETS[key].get("_background", {}).get("color", "#f2efe9")
            self.canvas.background = QColor(bg)
            self.canvas.refresh()
