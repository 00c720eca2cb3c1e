"""Everything Qt: main window, map canvas, docks, map tools, wall mode, printing."""

from ui.pyside_imports import install as _keep_module_sources_out_of_linecache

_keep_module_sources_out_of_linecache()
