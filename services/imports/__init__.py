"""Import use cases: the import log (repeat detection, replace)."""
