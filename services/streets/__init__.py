"""The store's streets: import them, read them, and dispatch travel times with their basis."""

from services.streets.dispatch import STRAIGHT_LINE_KMH, dispatch_candidates, vehicles_frame
from services.streets.streets import NoStreets, import_streets, store_street_graph, store_street_lines

__all__ = ["NoStreets", "STRAIGHT_LINE_KMH", "dispatch_candidates", "import_streets", "store_street_graph", "store_street_lines",
           "vehicles_frame"]
