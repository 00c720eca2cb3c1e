"""Map tools: one active at a time on the canvas (``canvas.set_map_tool(tool)``)."""

from ui.map.map_tools.base import MapTool
from ui.map.map_tools.identify import IdentifyTool
from ui.map.map_tools.pan import PanTool
from ui.map.map_tools.select import RectSelectTool
from ui.map.map_tools.sketch import DrawFeatureTool, MeasureTool

__all__ = ["DrawFeatureTool", "IdentifyTool", "MapTool", "MeasureTool", "PanTool", "RectSelectTool"]
