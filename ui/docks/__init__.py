"""Dock widgets around the map."""
