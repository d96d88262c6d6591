"""``retention`` and ``wipe``: what this laptop holds, and for how long.

``retention`` lists the ended cases due to leave the laptop and why each goes or stays (and,
without ``--dry-run``, takes off those that go); ``wipe`` says what has not been sent, then,
once the officer types the confirmation phrase, destroys the caseload, keys first.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from officer_desk.dates import uk_date
from officer_desk.errors import UserFacingError
from officer_desk.paths import data_dir


def add_commands(add: Callable[..., argparse.ArgumentParser], helpers: Any) -> None:
    """Register ``retention`` and ``wipe``."""
    p = add("retention", lambda a: cmd_retention(a, helpers),
            "take ended cases off this laptop once everything about them has been sent")
    p.add_argument("--dry-run", action="store_true", help="only list what would go and why")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--on", metavar="DATE", help="as of DATE (YYYY-MM-DD; default today)")
    p = add("wipe", lambda a: cmd_wipe(a, helpers),
            "say what has not been sent, then destroy this laptop's caseload (keys first)")
    p.add_argument("--statement", metavar="FILE",
                   help="save the statement of what has not been sent to FILE first")
    p.add_argument("--confirm", metavar="PHRASE",
                   help='the confirmation phrase, "wipe this laptop" (else asked for)')
    p.add_argument("--json", action="store_true", help="print the statement as JSON")


_HEADINGS = {"goes": ("Leaving this laptop now", "Left this laptop"),
             "kept": ("Kept: due to leave, but not everything has been sent", None),
             "soon": ("Leaving soon", None)}


def cmd_retention(args: argparse.Namespace, h: Any) -> int:
    """List (and, without --dry-run, carry out) retention on this laptop."""
    from officer_desk import retention
    from officer_desk.app import retention as app_retention

    on = h.on(args.on)
    policy = h.policy(args)
    kept_days, _warn = retention.days(policy)  # a bad policy entry: said before opening
    opened = h.open(args)
    try:
        outcome = app_retention.run(opened, policy, on, dry_run=args.dry_run)
    finally:
        opened.lock()
    gone = {v.crn for v in outcome.gone}
    if args.json:
        print(json.dumps({"on": on.isoformat(), "days": kept_days, "dry_run": args.dry_run,
                          "cases": [{**v.as_json(), "gone": v.crn in gone}
                                    for v in outcome.verdicts]},
                         ensure_ascii=False, indent=1))
        return 0
    if not outcome.verdicts:
        print(f"No case is due to leave this laptop on {uk_date(on)} (a case leaves "
              f"{kept_days} days after its supervision ends, once everything about it has "
              "been sent).")
        return 0
    for status, (heading, done_heading) in _HEADINGS.items():
        found = [v for v in outcome.verdicts if v.status == status]
        if not found:
            continue
        if status == "goes" and not args.dry_run:
            heading = done_heading or heading
        print(f"{heading}:")
        for v in found:
            print(f"  {v.crn} {v.ending.name}: {v.reason}.")
    if args.dry_run and any(v.status == "goes" for v in outcome.verdicts):
        print("Nothing was removed (--dry-run).")
    elif outcome.gone:
        print(f"{len(outcome.gone)} case(s) removed from the caseload, its search index and "
              f"{outcome.copies} backup(s) and kept copies; the audit trail keeps a handover "
              "entry for each.")
    return 0


def cmd_wipe(args: argparse.Namespace, h: Any) -> int:
    """The statement, the confirmation, then the wipe."""
    from officer_desk.app import wipe

    target = Path(args.statement) if args.statement else None
    root = data_dir(args.data_dir)
    if target is not None:
        inside = target.resolve().is_relative_to(root.resolve())
        if inside:
            raise UserFacingError("Save the statement outside the data folder: the wipe "
                                  "empties it.")
    typed = args.confirm
    if typed is not None:
        wipe.refuse_unless_confirmed(typed)  # a wrong phrase costs nothing, not even a login
    opened = h.open(args)
    try:
        said = wipe.statement(opened, datetime.now().replace(microsecond=0))
        if target is not None:
            wipe.save_statement(said, target)
        hub = wipe.hub_contact(opened)
        caseload_id = opened.caseload_id
    except BaseException:
        opened.lock()
        raise
    print(wipe.statement_json(said) if args.json else said.text(), end="" if not args.json
          else "\n")
    if target is not None:
        print(f"The statement was saved to {target}.", file=sys.stderr)
    try:
        if typed is None:
            if not sys.stdin.isatty():
                raise UserFacingError(f'Nothing was wiped: give --confirm "{wipe.PHRASE}" '
                                      "(or run it on a terminal to be asked).")
            typed = input(f'Type "{wipe.PHRASE}" to destroy this laptop\'s caseload: ')
        wipe.refuse_unless_confirmed(typed)
    except BaseException:
        opened.lock()
        raise
    opened.lock()
    done = wipe.wipe(root, caseload_id, hub)
    print(wipe.describe(done))
    return 0
