"""The command-room wall display: read-only, full screen, large type, refreshes itself."""
