"""Pure analysis and I/O: no Qt, no session globals (every input is an argument)."""
