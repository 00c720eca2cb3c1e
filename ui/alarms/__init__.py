"""The desk's alarm strip, dock badges and pulsing overrun repairs."""
