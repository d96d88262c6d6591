"""What the first screen shows, kept at lock so the next unlock the same day can show it at once.

After the key is derived, loading the caseload's overview and running every rule over it is
most of a start at team scale. The first screen (Today and the caseload list) needs far less:
the people, their events, the appointments not yet held, and the day's open items. Those are
kept inside the encrypted caseload when it is locked, with what they were worked out from:
the caseload's last change, the day, and the rules (policy and program). The next unlock
shows them only when all of that is unchanged, so the screen is exactly what the full load
would show; the full overview follows straight after, before anything else is read or written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from officer_desk import __version__, codec
from officer_desk.caseload import Caseload, build_caseload
from officer_desk.codec import to_record
from officer_desk.due import DueItem
from officer_desk.policy import Policy

FORMAT = 1


@dataclass(frozen=True)
class Basis:
    """What a snapshot was worked out from; a snapshot is used only on an identical basis."""

    high_water: int  # the caseload's last change number
    top_rowid: int  # its newest row (a deletion is also told to ``forget``)
    day: date
    rules: str  # fingerprint of the policy and the program

    def text(self) -> str:
        """The basis as stored beside the snapshot."""
        return f"{FORMAT}|{self.high_water}|{self.top_rowid}|{self.day.isoformat()}|{self.rules}"


def rules_fingerprint(policy: Policy) -> str:
    """The policy's numbers and the program's version: a change to either changes the items."""
    content = json.dumps([__version__, policy.version, policy.rules, policy.contact_levels,
                          policy.desktop], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


def prepare() -> None:
    """What restoring needs that no key is needed for, done ahead (while a key is derived)."""
    codec.prepare(("person", "event", "appointment"))


def take(caseload: Caseload, items: list[DueItem], basis: Basis) -> dict[str, Any]:
    """The first screen's part of a full overview, as JSON-ready values."""
    records: list[dict[str, Any]] = [to_record(p) for p in caseload.people.values()]
    for ef in caseload.events.values():
        records.append(to_record(ef.event))
        records += [to_record(a) for a in ef.appointments if a.outcome is None]
    return {"basis": basis.text(), "records": records,
            "items": [[i.crn, i.event_id, i.kind, i.due.isoformat(), i.rule, i.status, i.ref,
                       i.opened.isoformat() if i.opened else None] for i in items]}


def restore(kept: Any, basis: Basis) -> tuple[Caseload, list[DueItem]] | None:
    """The first screen from a kept snapshot, or None when its basis differs (or it is odd)."""
    if not isinstance(kept, dict) or kept.get("basis") != basis.text():
        return None
    try:
        caseload = build_caseload(kept["records"])
        items = [DueItem(crn, event_id, kind, _when(due), rule, status, ref,
                         date.fromisoformat(opened) if opened else None)
                 for crn, event_id, kind, due, rule, status, ref, opened in kept["items"]]
    except (KeyError, TypeError, ValueError):
        return None
    caseload.partial = True
    return caseload, items


def _when(text: str) -> date | datetime:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
