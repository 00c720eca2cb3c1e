"""The demo city and the simulators (patrollers, vehicles, the drill day)."""
