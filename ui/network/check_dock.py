"""The network check as a dock: findings per check, each with zoom-to (like QGIS's Topology Checker).

The check runs on a worker thread (its own store connections); the result
comes back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


#: Half-width of the view a zoom-to shows around a finding, metres.
ZOOM_HALF_M = 60.0


def check_titles() -> dict[str, str]:
    """Check → translated title (context ``NetworkCheckDock``)."""
    from PySide6.QtCore import QCoreApplication

    return {
        "dangling_end": QCoreApplication.translate("NetworkCheckDock", "Dangling ends"),
        "near_miss": QCoreApplication.translate("NetworkCheckDock", "Ends within reach but not joined"),
        "duplicate_pipe": QCoreApplication.translate("NetworkCheckDock", "Duplicate pipes"),
        "zero_length": QCoreApplication.translate("NetworkCheckDock", "Zero-length pipes"),
        "valve_off_network": QCoreApplication.translate("NetworkCheckDock", "Valves off the network"),
        "no_source": QCoreApplication.translate("NetworkCheckDock", "Parts with no source"),
        "no_diameter": QCoreApplication.translate("NetworkCheckDock", "Pipes without a diameter"),
    }


class _Relay(QObject):
    finished = Signal(object)


class NetworkCheckDock(QDockWidget):
    """Run the check, list findings under their check, zoom to one on double-click."""

    report_changed = Signal(object)

    def __init__(self, store, canvas=None, projector=None, parent=None) -> None:
        super().__init__(self.tr("Network check"), parent)
        self.setObjectName("networkCheckDock")
        self.store, self.canvas, self.projector = store, canvas, projector
        self.report: dict | None = None
        body = QWidget(self)
        lay = QVBoxLayout(body)
        row = QHBoxLayout()
        self.run_button = QPushButton(self.tr("Run check"), body)
        self.run_button.clicked.connect(self.run_check)
        self.summary = QLabel(self.tr("Not run yet."), body)
        self.summary.setWordWrap(True)
        row.addWidget(self.run_button)
        row.addWidget(self.summary, 1)
        lay.addLayout(row)
        self.tree = QTreeWidget(body)
        self.tree.setHeaderLabels([self.tr("Finding"), self.tr("Pipes / valves"), self.tr("Metres"),
                                   self.tr("Location")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(self._on_item_activated)
        lay.addWidget(self.tree)
        hint = QLabel(self.tr("Double-click a finding to zoom to it."), body)
        lay.addWidget(hint)
        self.setWidget(body)
        self._relay = _Relay(self)
        self._relay.finished.connect(self.show_report)
        self._thread: threading.Thread | None = None

    def run_check(self, wait: bool = False) -> None:
        """Run the check off the GUI thread (``wait`` joins it: for tests and scripts)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self.run_button.setEnabled(False)
        self.summary.setText(self.tr("Checking…"))

        def work() -> None:
            try:
                from services.network import check_report  # scipy: imported when a check runs, not at desk start

                result = check_report(self.store)
            except Exception as exc:  # noqa: BLE001 (shown, never a crash of the desk)
                result = {"error": f"{type(exc).__name__}: {exc}"}
            self._relay.finished.emit(result)

        self._thread = threading.Thread(target=work, name="network-check", daemon=True)
        self._thread.start()
        if wait:
            self._thread.join()

    def show_report(self, report: dict) -> None:
        """Fill the tree: one branch per check with its count, one leaf per finding."""
        self.run_button.setEnabled(True)
        self.tree.clear()
        if "error" in report:
            self.summary.setText(self.tr("The check failed: {0}").format(report["error"]))
            return
        self.report = report
        self.summary.setText(self.tr("{0} pipes, {1} valves, {2} sources; snap tolerance {3} m").format(
            f"{report['pipes']:,}", f"{report['valves']:,}", report["sources"], report["tolerance_m"]))
        titles = check_titles()
        for check, n in report["counts"].items():
            top = QTreeWidgetItem([f"{titles[check]} ({n:,})", "", "", ""])
            self.tree.addTopLevelItem(top)
            for f in [f for f in report["findings"] if f["check"] == check][:2000]:
                codes = ", ".join(f["codes"][:4]) + (" …" if len(f["codes"]) > 4 else "")
                value = "" if f["value"] is None else f"{f['value']:.2f}"
                leaf = QTreeWidgetItem([titles[check], codes, value, f"{f['lon']:.6f}, {f['lat']:.6f}"])
                leaf.setData(0, Qt.ItemDataRole.UserRole, (f["lon"], f["lat"]))
                top.addChild(leaf)
            top.setExpanded(0 < n <= 20)
        self.report_changed.emit(report)

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        where = item.data(0, Qt.ItemDataRole.UserRole)
        if where is not None:
            self.zoom_to(*where)

    def zoom_to(self, lon: float, lat: float) -> None:
        """Centre the map on a finding, ~120 m across."""
        if self.canvas is None or self.projector is None:
            return
        x, y = self.projector.to_local(lon, lat)
        x, y = float(x), float(y)
        self.canvas.set_extent(x - ZOOM_HALF_M, y - ZOOM_HALF_M, x + ZOOM_HALF_M, y + ZOOM_HALF_M, margin=0.0)
