"""Everything Qt: main window, map canvas, docks, map tools, wall mode, printing."""
