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
    if duty is not None and hasattr(duty, "freeze_layout"):  # the frozen customer actions in the freeze tab
        from ui.customers.frozen_actions import FrozenActionsPanel

        panel = FrozenActionsPanel(iface.desk, duty)
        duty.freeze_layout.addWidget(panel)
        iface.desk.changed.connect(panel.refresh)
        dock.frozen_actions = panel
    if iface.map is not None:
        layers = CustomerMapLayers(iface.map.layers, iface.map.projector, dock)
        dock.lists_changed.connect(layers.show)
        dock.map_layers = layers
        # The new-ticket form takes its location from a click on the map.
        from ui.map.map_tools.report_leak import ReportLeakTool

        canvas, projector = iface.map.canvas, iface.map.projector
        tool = ReportLeakTool(canvas)
        iface.map.tools["ticket_location"] = tool
        form = dock.new_ticket
        form.pick_requested.connect(lambda on: canvas.set_map_tool(tool if on else None)
                                    if on != (canvas.map_tool() is tool) else None)
        canvas.map_tool_changed.connect(lambda t: form.pick_button.setChecked(t is tool))

        def chosen(x: float, y: float) -> None:
            lon, lat = projector.to_wgs84(x, y)
            form.set_location(float(lon), float(lat))
            canvas.set_map_tool(None)
        tool.point_chosen.connect(chosen)
    iface.register_feature("customers", dock)
    return dock
