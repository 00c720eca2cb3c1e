"""The drill: a whole event day at real scale, scripted by a scenario file.

:mod:`demo.drill.scenario` reads and checks the scenario (YAML or JSON),
:mod:`demo.drill.units` sizes the drill's squads, posts, patrollers and
vehicles, :mod:`demo.drill.movers` moves the patrollers second by second. The
use case that writes the store is :mod:`services.drill`.
"""
