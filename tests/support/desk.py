"""A second desk in its own process, for the several-desks tests.

``python -m tests.support.desk URL ROLE ACTION [ARGS]`` opens the store as ROLE
and does one thing, printing one JSON line per step:

* ``add-repair CODE ADDRESS`` — a dispatcher's new repair;
* ``add-action CODE PROBLEM`` — a leader's new action item;
* ``edit-repair CODE FIELD VALUE`` — change one field with the version check.

The exit code is 0 on success, 3 when the role was refused
(:class:`models.roles.PermissionDenied`), 4 on a conflict.
"""

from __future__ import annotations

import json
import sys

from sqlalchemy import select


def main(argv: list[str]) -> int:
    from models.concurrency import ConflictError, save_with_version
    from models.duty import ActionItem
    from models.repair import Repair
    from models.roles import PermissionDenied
    from models.store import open_store

    url, role, action, *args = argv
    store = open_store(url, role=role, desk=f"subprocess-{role}")
    print(json.dumps({"step": "opened", "desk": store.desk}), flush=True)
    try:
        with store.session() as s:
            if action == "add-repair":
                s.add(Repair(code=args[0], address=args[1]))
                s.commit()
            elif action == "add-action":
                s.add(ActionItem(code=args[0], problem=args[1]))
                s.commit()
            elif action == "edit-repair":
                repair = s.scalars(select(Repair).where(Repair.code == args[0])).one()
                save_with_version(s, repair, {args[1]: args[2]})
            else:
                raise SystemExit(f"unknown action {action}")
        print(json.dumps({"step": "committed"}), flush=True)
        return 0
    except PermissionDenied as exc:
        print(json.dumps({"step": "refused", "error": str(exc), "table": exc.table}), flush=True)
        return 3
    except ConflictError as exc:
        print(json.dumps({"step": "conflict", "error": str(exc), "fields": exc.both_changed}), flush=True)
        return 4
    finally:
        store.dispose()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
