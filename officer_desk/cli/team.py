"""``countersign`` and ``late-changes`` on a linked caseload (team-hub.md, command line).

``countersign request --event ID`` asks the managers to countersign the event's latest recall
decision; ``countersign list [--json]`` shows every recommendation the caller may see;
``countersign sign ID --rationale TEXT`` signs as SPO or ACO (the hub decides who may).
``late-changes`` lists changes that arrived from an officer after their case moved on, and
takes or dismisses one.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from officer_desk.errors import UserFacingError


def add_team_commands(add: Callable[..., argparse.ArgumentParser],
                      open_: Callable[[Any], Any]) -> None:
    """Register ``countersign`` and ``late-changes``."""
    p = add("countersign", lambda a: _countersign(a, open_),
            "ask for, list and give countersignature of recall decisions on the team hub")
    p.add_argument("action", choices=["request", "list", "sign"],
                   help="request (the officer), list, or sign (SPO or ACO)")
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="the recommendation to sign")
    p.add_argument("--event", metavar="ID", help="request: the licence event")
    p.add_argument("--rationale", metavar="TEXT", help="sign: why you countersign")
    p.add_argument("--json", action="store_true", help="list: a JSON array")
    p.add_argument("--offline", action="store_true", help="list: as of the last sync")
    p = add("late-changes", lambda a: _late(a, open_),
            "changes made by an officer after their case moved to you: list, take or dismiss")
    p.add_argument("action", nargs="?", default="list", choices=["list", "take", "dismiss"])
    p.add_argument("id", nargs="?", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")


def _connected(args: argparse.Namespace, open_: Callable[[Any], Any],
               work: Callable[[Any, Any], Any]) -> Any:
    from db.hub import sync as engine

    opened = open_(args)
    try:
        conn = engine.connect(opened.store, opened.key)
        try:
            with engine.hub_answers():
                return work(opened.store, conn)
        finally:
            conn.close()
    finally:
        opened.lock()


def _line(r: Any) -> str:
    from officer_desk.countersign import STATUS_WORDS

    who = ", ".join(f"{s.grade} {s.username}" for s in r.current_signatures()) or "none yet"
    return (f"{r.id}: {r.crn} ({r.decision.replace('_', ' ')}), "
            f"{STATUS_WORDS.get(r.status, r.status)}; signed by {who}; "
            f"content {r.content_sha256[:12]}")


def _countersign(args: argparse.Namespace, open_: Callable[[Any], Any]) -> int:
    from db.hub import casework

    action = args.action
    if action == "request" and not args.event:
        raise UserFacingError("Say which licence: countersign request --event ID.")
    if action == "sign" and (args.id is None or not (args.rationale or "").strip()):
        raise UserFacingError("Say which recommendation and why: countersign sign ID "
                              "--rationale TEXT ('countersign list' gives the IDs).")
    if action == "request":
        rec = _connected(args, open_, lambda store, conn: casework.request(store, conn,
                                                                           args.event))
        print(f"Asked for countersignature: {_line(rec)}")
    elif action == "sign":
        rec = _connected(args, open_, lambda store, conn: casework.sign(store, conn, args.id,
                                                                        args.rationale))
        print(f"Countersigned: {_line(rec)}")
    else:
        if args.offline:
            opened = open_(args)
            try:
                recs = casework.cached(opened.store)
            finally:
                opened.lock()
        else:
            recs = _connected(args, open_, casework.refresh)
        if args.json:
            print(json.dumps([r.as_json() for r in recs], ensure_ascii=False, indent=1))
        elif not recs:
            print("No recommendations.")
        for r in [] if args.json else recs:
            print(_line(r))
    return 0


def _late(args: argparse.Namespace, open_: Callable[[Any], Any]) -> int:
    from db.hub import casework, team

    action = args.action
    if action in ("take", "dismiss") and args.id is None:
        raise UserFacingError(f"Say which late change: late-changes {action} ID.")
    if action == "take":
        _connected(args, open_, lambda s, c: casework.take_late_change(s, c, args.id))
        print(f"Late change {args.id} taken as your own edit.")
        return 0
    if action == "dismiss":
        _connected(args, open_, lambda s, c: casework.dismiss_late_change(s, c, args.id))
        print(f"Late change {args.id} dismissed.")
        return 0
    found = _connected(args, open_, lambda _store, c: team.quarantined(c))
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1))
    elif not found:
        print("No late changes waiting.")
    for q in [] if args.json else found:
        fields = ", ".join(k for k in q["changes"] if k not in ("type", "id"))
        print(f"{q['id']}: {q['crn']} {q['record_type']} from {q['from']}: {fields}")
    if found and not args.json:
        print("Take or dismiss each one: officer-desk late-changes take ID | dismiss ID.")
    return 0
