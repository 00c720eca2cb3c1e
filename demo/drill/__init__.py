"""The drill: a whole event day at real scale, scripted by a scenario file.

:mod:`demo.drill.scenario` reads and checks the scenario (YAML or JSON),
:mod:`demo.drill.movers` moves the people on foot second by second, and
:mod:`demo.drill.runner` sets up the drill's units and plays the day into the
store through the feed's ingest path and the desk's services. What it wrote
is ledgered by :mod:`services.drill.ledger` (``drill --wipe``).
"""
