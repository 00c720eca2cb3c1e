"""What a desk's role leaves it to do, shown in the GUI: offer nothing the store would refuse.

The store connection enforces the role (:mod:`models.roles`); this greys out
the controls of writes the role lacks, with a tooltip saying why, so a
viewer's desk is visibly read-only and a dispatcher is not invited to edit the
duty leader's docks.
"""

from __future__ import annotations

from models.kinds import FEATURE_KINDS

#: Map tools that store a new feature of a kind.
DRAW_TOOLS = {"draw_site": "sites", "draw_key_area": "key_areas"}


def apply_role(iface) -> list[str]:
    """Disable what the desk's role may not change (``iface``: :class:`ui.interface.DeskInterface`);
    returns the names of what was disabled."""
    desk = iface.desk
    disabled = []
    for dock in filter(None, (iface.dock(n) for n in ("duty", "zero_reports", "resources"))):
        reason = desk.refusal(dock.WRITES)
        if reason:
            dock.set_read_only(reason)
            disabled.append(dock.objectName())
    for key, kind in DRAW_TOOLS.items():
        action = iface.map.actions.get(key)
        reason = desk.refusal((FEATURE_KINDS[kind].table.name,))
        if action is not None and reason:
            action.setEnabled(False)
            action.setToolTip(reason)
            disabled.append(key)
    patrol = iface.feature("patrol")
    reason = desk.refusal(("pipes", FEATURE_KINDS["patches"].table.name))  # a patch move rewrites both
    if patrol is not None and reason:
        patrol.dock.move_button.setEnabled(False)
        patrol.dock.move_button.setToolTip(reason)
        disabled.append("patrol_move")
    return disabled
