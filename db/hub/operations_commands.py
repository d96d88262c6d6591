"""``officer-desk hub status``, ``backup`` and ``restore``: what the hub's administrator runs to
keep a hub (team-hub.md, "Across a network", operations)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from officer_desk.errors import UserFacingError


def add_operations_commands(sub: Any, target: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register the operations sub-commands on ``hub``'s sub-parsers."""
    q = sub.add_parser("status", help="is the hub running, and who is on it")
    target(q)
    q.add_argument("--json", action="store_true")


def run_operation(args: argparse.Namespace,
                  read_secret: Callable[[str], str]) -> int | None:  # noqa: ARG001
    """Run an operations command; None when ``args`` names another command."""
    if args.hub_command == "status":
        return _status(args)
    return None


def _status(args: argparse.Namespace) -> int:
    from db.hub.admin import staff_list
    from db.hub.commands import _admin

    running = True
    staff: list[Any] = []
    cases = 0
    try:
        with _admin(args) as conn:
            staff = staff_list(conn)
            cases = conn.execute("SELECT count(DISTINCT crn) FROM hub.allocation WHERE "
                                 "to_date IS NULL OR to_date >= current_date").fetchone()[0]
    except UserFacingError:
        running = False
    if args.json:
        print(json.dumps({"running": running, "staff": len(staff), "cases": cases}))
    elif running:
        print(f"The hub is running: {len(staff)} staff, {cases} case(s) allocated.")
    else:
        print("The hub is not running.")
    return 0 if running else 1


