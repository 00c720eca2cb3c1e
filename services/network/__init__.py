"""The pipe network's topology: end nodes for bare pipes, valves onto it, and the data check."""

from services.network.topology import (
    TOLERANCE_SETTING,
    check_report,
    connect_network,
    far_features,
    set_snap_tolerance,
    snap_tolerance,
)

__all__ = ["TOLERANCE_SETTING", "check_report", "connect_network", "far_features", "set_snap_tolerance", "snap_tolerance"]
