"""``readiness``: how many cases answer each inspection question yes (team-scale with a hub).

For the officer, their caseload; on an SPO's or ACO's desk linked to the team hub, the team's
cases, also broken down by officer (``--by-officer``), from the allocations last synced.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from officer_desk.dates import uk_date
from officer_desk.readiness import QUESTIONS, summary
from officer_desk.team_view import TEAM_SETTING, holders


def add_commands(add: Callable[..., argparse.ArgumentParser], helpers: Any) -> None:
    """Register ``readiness``."""
    p = add("readiness", lambda a: cmd_readiness(a, helpers),
            "how many cases answer each inspection question yes, partly and no")
    p.add_argument("--json", action="store_true")
    p.add_argument("--on", metavar="DATE", help="as of DATE (default today)")
    p.add_argument("--by-officer", action="store_true",
                   help="on a manager's desk linked to the team hub: one summary per officer")


def cmd_readiness(args: argparse.Namespace, h: Any) -> int:
    """Print the caseload summary (and per officer on a team desk)."""
    on = h.on(args.on)
    opened = h.open(args)
    try:
        caseload = opened.store.caseload()
        held = holders(opened.store.setting(TEAM_SETTING))
    finally:
        opened.lock()
    policy = h.policy(args)
    groups: dict[str, set[str] | None] = {"caseload": None}
    if args.by_officer:
        for crn, username in held.items():
            group = groups.setdefault(username, set())
            assert group is not None
            group.add(crn)
    found = {name: summary(caseload, on, policy, crns) for name, crns in groups.items()}
    if args.json:
        out = {"on": on.isoformat(), "questions": [
            {"id": q.id, "stage": q.stage, "text": q.text, "source": q.source,
             "cite": q.cite, "current": q.current or None, "quoted": q.quoted,
             "closest": q.closest or None, "url": q.url or None,
             **{name: dict(counts[q.id]) for name, counts in found.items()}}
            for q in QUESTIONS]}
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for name, counts in found.items():
        total = sum(counts[QUESTIONS[0].id].values())
        print(f"{'Your caseload' if name == 'caseload' else name}: {total} running "
              f"order(s) or licence(s), as at {uk_date(on)}")
        for q in QUESTIONS:
            c = counts[q.id]
            print(f"  {c['yes']:>3} yes {c['partly']:>3} partly {c['no']:>3} no  {q.asked}")
    return 0
