"""Register the Customer service dock and its map layers through the desk interface."""

from __future__ import annotations

from ui.customers.customers_dock import CustomersDock
from ui.customers.map_layers import CustomerMapLayers
from ui.interface import DeskInterface

#: Tables whose change by another desk makes the customer dock compute its lists again.
CUSTOMER_TABLES = frozenset({
    "customer_accounts", "meters", "meter_reads", "zero_volume_cases", "reading_routes", "meter_readers",
    "route_assignments", "connection_applications", "connection_steps", "service_tickets", "settings",
})


def install_customers(iface: DeskInterface) -> CustomersDock:
    """Add the dock (tabbed with the duty dock), its map layers and its counts on the meeting's status.

    Registered as the ``customers`` feature and dock.
    """
    dock = CustomersDock(iface.desk, iface.window)
    iface.add_dock("customers", dock, tab_with="duty")
    duty = iface.dock("duty")
    if duty is not None and hasattr(duty, "set_customer_counts"):  # the meeting's external-service status
        dock.lists_changed.connect(lambda lists: duty.set_customer_counts(lists.meeting_counts))
    if iface.map is not None:
        layers = CustomerMapLayers(iface.map.layers, iface.map.projector, dock)
        dock.lists_changed.connect(layers.show)
        dock.map_layers = layers
    iface.register_feature("customers", dock)
    return dock
