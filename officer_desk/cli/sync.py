"""``sync``, ``conflicts`` and ``resolve`` on a caseload linked to a team hub (team-hub.md,
command line).

``sync`` links the laptop to a hub the first time (``--hub``, ``--username``,
``--password-file``), then sends its changes and brings the team's back; ``sync --status`` says
what waits without connecting. ``conflicts`` lists those open as of the last sync, and
``resolve ID --keep mine|theirs`` settles one on the hub.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from officer_desk.errors import UserFacingError


def add_sync_commands(add: Callable[..., argparse.ArgumentParser], open_: Callable[[Any], Any],
                      read_secret: Callable[[str], str]) -> None:
    """Register ``sync``, ``conflicts`` and ``resolve`` (on a caseload)."""
    p = add("sync", lambda a: _sync(a, open_, read_secret),
            "send this laptop's changes to the team hub and bring the team's back")
    p.add_argument("--hub", metavar="DSN", help="the hub to link to (first time only)")
    p.add_argument("--username", help="your username on the hub (first time only)")
    p.add_argument("--password-file", metavar="FILE", help="your hub password (first time only)")
    p.add_argument("--ca-file", metavar="FILE", help="the CA that signed the hub's certificate "
                                                      "(a hub on another machine; first time only)")
    p.add_argument("--status", action="store_true", help="pending changes, last sync, conflicts")
    p.add_argument("--json", action="store_true")
    p = add("conflicts", lambda a: _conflicts(a, open_), "open conflicts, as of the last sync")
    p.add_argument("--json", action="store_true")
    p = add("resolve", lambda a: _resolve(a, open_), "resolve a conflict: keep mine or theirs")
    p.add_argument("id", type=int)
    p.add_argument("--keep", required=True, choices=["mine", "theirs"])


def _sync(args: argparse.Namespace, open_: Callable[[Any], Any],
          read_secret: Callable[[str], str]) -> int:
    from db.hub import sync as engine

    opened = open_(args)
    try:
        store = opened.store
        if args.status:
            state = engine.status(store)
            if args.json:
                print(json.dumps(state))
            else:
                print(f"{state['pending']} change(s) waiting; last sync "
                      f"{state['last_sync'] or 'never'}; {state['conflicts']} conflict(s).")
            return 0
        if args.hub or args.username or args.password_file:
            if not (args.hub and args.username and args.password_file):
                raise UserFacingError("Linking to a hub needs --hub, --username and "
                                      "--password-file together.")
            ca_pem = None
            if args.ca_file:
                from db.hub.tls import read_ca

                ca_pem = read_ca(Path(args.ca_file))
            engine.link(store, opened.key, args.hub, args.username,
                        read_secret(args.password_file), ca_pem)
        conn = engine.connect(store, opened.key)
        try:
            with engine.hub_answers():
                result = engine.sync(store, conn)
        finally:
            conn.close()
        opened.forget_cases(result.removed)
    finally:
        opened.lock()
    print(result.sentence())
    return 0


def _conflicts(args: argparse.Namespace, open_: Callable[[Any], Any]) -> int:
    from db.hub import protocol
    from db.hub import sync as engine

    opened = open_(args)
    try:
        found = opened.store.setting(engine.CONFLICTS, []) or []
    finally:
        opened.lock()
    if args.json:  # the public contract's keys, exactly
        print(json.dumps([{k: c.get(k) for k in protocol.CONFLICT_KEYS} for c in found],
                         ensure_ascii=False, indent=1))
    elif not found:
        print("No open conflicts.")
    for c in [] if args.json else found:
        print(f"{c['id']}: {c['crn']} {c['record_type']} {c['record_id']}, {c['field']}: "
              f"mine {json.dumps(c['mine'], ensure_ascii=False)}, theirs "
              f"{json.dumps(c['theirs'], ensure_ascii=False)}")
    return 0


def _resolve(args: argparse.Namespace, open_: Callable[[Any], Any]) -> int:
    from db.hub import sync as engine

    opened = open_(args)
    try:
        conn = engine.connect(opened.store, opened.key)
        try:
            with engine.hub_answers():
                engine.resolve(opened.store, conn, args.id, args.keep)
        finally:
            conn.close()
    finally:
        opened.lock()
    print(f"Conflict {args.id} resolved: kept {args.keep}.")
    return 0
