"""What the first screen shows, kept at lock so the next unlock can show it at once.

After the key is derived, loading the caseload's overview and running every rule over it is
most of a start at team scale. The first screen (Today and the caseload list) needs far less:
the people, their events, the appointments not yet held, and the day's open items. Those are
kept inside the encrypted caseload when it is locked, with what they were worked out from:
the caseload's last change, the rules (policy and program), the day, and for each event the
first later day on which its items may differ (``officer_desk.day_bounds``). The next unlock
shows them only when the caseload and the rules are unchanged. On a later day (the first
unlock of the day) each event's items are kept only while their bound says they still hold;
the events past it are worked out afresh from their person's records, and the cases about to
leave the laptop are worked out for the new day, so the screen is exactly what the full load
would show. The full overview follows straight after, before anything else is read or written.
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
from officer_desk.day_bounds import Span, items_on
from officer_desk.due import DueItem
from officer_desk.policy import Policy

FORMAT = 2



@dataclass(frozen=True)
class Basis:
    """What a snapshot was worked out from; a snapshot is used only on an identical basis."""

    high_water: int  # the caseload's last change number
    top_rowid: int  # its newest row (a deletion is also told to ``forget``)
    rules: str  # fingerprint of the policy and the program

    def text(self) -> str:
        """The basis as stored beside the snapshot."""
        return f"{FORMAT}|{self.high_water}|{self.top_rowid}|{self.rules}"


@dataclass(frozen=True)
class Restored:
    """The first screen as kept, for the day it is restored on."""

    caseload: Caseload
    items: list[DueItem]  # on a later day: only the events' items still known to hold
    spans: dict[str, list[Span]]  # each event's items from the day on (``day_bounds``)
    stale: set[str]  # people with an event past its bound: to be worked out afresh
    new_day: bool  # kept on an earlier day: the retention items are to be worked out again


def rules_fingerprint(policy: Policy) -> str:
    """The policy's numbers and the program's version: a change to either changes the items."""
    content = json.dumps([__version__, policy.version, policy.rules, policy.contact_levels,
                          policy.desktop], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


def prepare() -> None:
    """What restoring needs that no key is needed for, done ahead (while a key is derived)."""
    codec.prepare(("person", "event", "appointment"))


def take(caseload: Caseload, items: list[DueItem], basis: Basis, day: date,
         spans: dict[str, list[Span]]) -> dict[str, Any]:
    """The first screen's part of a full overview, as JSON-ready values: ``items`` are the
    open items on ``day`` and ``spans`` each event's items on the days after it."""
    records: list[dict[str, Any]] = [to_record(p) for p in caseload.people.values()]
    for ef in caseload.events.values():
        records.append(to_record(ef.event))
        records += [to_record(a) for a in ef.appointments if a.outcome is None]
    return {"basis": basis.text(), "day": day.isoformat(), "records": records,
            "spans": {event_id: [[s.start.isoformat(), s.until.isoformat(), _rows(s.items)]
                                 for s in found]
                      for event_id, found in spans.items() if event_id in caseload.events},
            "items": _rows(items)}


def _rows(items: list[DueItem]) -> list[list[Any]]:
    return [[i.crn, i.event_id, i.kind, i.due.isoformat(), i.rule, i.status, i.ref,
             i.opened.isoformat() if i.opened else None] for i in items]


def _items(rows: list[list[Any]]) -> list[DueItem]:
    return [DueItem(crn, event_id, kind, _when(due), rule, status, ref,
                    date.fromisoformat(opened) if opened else None)
            for crn, event_id, kind, due, rule, status, ref, opened in rows]


def restore(kept: Any, basis: Basis, today: date) -> Restored | None:
    """The first screen from a kept snapshot for ``today``, or None when its basis differs,
    it was kept on a later day than ``today`` (a clock put back), or it is odd."""
    if not isinstance(kept, dict) or kept.get("basis") != basis.text():
        return None
    try:
        day = date.fromisoformat(kept["day"])
        if day > today:
            return None
        caseload = build_caseload(kept["records"])
        spans = {event_id: [Span(date.fromisoformat(start), date.fromisoformat(until),
                                 _items(rows)) for start, until, rows in found]
                 for event_id, found in kept["spans"].items()}
        items = _items(kept["items"]) if day == today else []
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    caseload.partial = True
    if day == today:
        return Restored(caseload, items, spans, set(), False)
    stale: set[str] = set()
    holding: dict[str, list[Span]] = {}
    for event_id, ef in caseload.events.items():
        found = items_on(spans.get(event_id, []), today)
        if found is None:
            stale.add(ef.event.crn)
        else:
            items += found
            holding[event_id] = [s for s in spans[event_id] if s.until > today]
    return Restored(caseload, items, holding, stale, True)


def _when(text: str) -> date | datetime:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
