"""Map tools: one active at a time on the canvas (``canvas.set_map_tool(tool)``)."""

from ui.map_tools.base import MapTool
from ui.map_tools.identify import IdentifyTool
from ui.map_tools.pan import PanTool
from ui.map_tools.select import RectSelectTool
from ui.map_tools.sketch import DrawFeatureTool, MeasureTool

__all__ = ["DrawFeatureTool", "IdentifyTool", "MapTool", "MeasureTool", "PanTool", "RectSelectTool"]
