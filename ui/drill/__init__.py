"""The desk's drill and after-action report."""
