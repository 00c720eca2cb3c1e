"""The drill use case: set up a drill's units, play its day into the store, wipe it.

:mod:`services.drill.ledger` records every row a drill writes and wipes them;
:mod:`demo.drill.runner` plays the day (positions through the feed's
ingest path, incidents through the same services the desk uses);
:mod:`services.drill.after_action` gathers the after-action report's figures
from the services the desk shows (coverage, repairs, zero reports).
"""
