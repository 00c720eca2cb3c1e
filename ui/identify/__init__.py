"""Identify: everything under the click, QGIS-style."""
