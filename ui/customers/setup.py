"""Register the Customer service dock and its map layers with the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.customers.customers_dock import CustomersDock
from ui.customers.map_layers import CustomerMapLayers

#: Tables whose change by another desk makes the customer dock compute its lists again.
CUSTOMER_TABLES = frozenset({
    "customer_accounts", "meters", "meter_reads", "zero_volume_cases", "reading_routes", "meter_readers",
    "route_assignments", "connection_applications", "connection_steps", "service_tickets", "settings",
})


def install_customers(window, desk, tab_with=None) -> CustomersDock:
    """Add the dock (tabbed with ``tab_with``), its View-menu entry and its map layers."""
    dock = CustomersDock(desk, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    if tab_with is not None:
        window.tabifyDockWidget(tab_with, dock)
    if hasattr(window, "view_menu"):
        window.view_menu.addAction(dock.toggleViewAction())
    duty = getattr(window, "duty_dock", None)
    if duty is not None and hasattr(duty, "set_customer_counts"):  # the meeting's external-service status
        dock.lists_changed.connect(lambda lists: duty.set_customer_counts(lists.meeting_counts))
    mapui = getattr(window, "map", None)
    if mapui is not None:
        layers = CustomerMapLayers(mapui.layers, mapui.projector, dock)
        dock.lists_changed.connect(layers.show)
        dock.map_layers = layers
    return dock
