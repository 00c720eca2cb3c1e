"""The drill's store side: which rows a drill wrote (:mod:`services.drill.ledger`) and wiping them.

The day itself is played by :mod:`demo.drill.runner` (simulators live in
``demo/``, which may use services but not the other way round); the
after-action report is :mod:`services.after_action`.
"""
