"""Retention on the laptop, wired to storage: what has not been sent, and the purge.

The rule (which cases go, which go soon, why each stays) is the domain's
(``officer_desk.retention``); here it gets what it cannot see itself (changes after the last
acknowledged export, documents issued since, what the hub has not answered, open conflicts)
and a case that goes leaves with the same purge a transfer uses (``db.hub.history``): records,
documents, search index, every backup and kept copy, and the audit trail's details redacted in
place with a handover entry, so the chain still verifies. Part of the composition root.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from db.caseload_file import CaseloadPaths, OpenCaseload
from db.connection import close_database, open_database
from db.store import RecordStore
from officer_desk import retention
from officer_desk.caseload import Caseload, build_caseload
from officer_desk.due import DueItem
from officer_desk.policy import Policy

# The hub's bookkeeping kept in the caseload's settings (db.hub.sync and db.hub.history).
_LINK, _PUSHED, _GRANTED, _CONFLICTS = "hub_link", "hub_pushed_seq", "hub_cases", "hub_conflicts"
_PUSHED_DOCUMENTS = "hub_pushed_documents"
WHY = "supervision ended and everything about the case had been sent (retention)"


def _per_crn(store: RecordStore, sql: str, params: list[object]) -> dict[str, int]:
    return {str(crn): int(n) for crn, n in store.db.execute(sql, params) if crn}


def unsent(store: RecordStore, crns: Iterable[str] | None = None) -> dict[str, retention.Unsent]:
    """What of each case (all of them, or ``crns``) has not reached the central system or
    the hub. Cases with nothing waiting are in the answer too (all zeros)."""
    wanted = sorted(set(crns)) if crns is not None else [
        r[0] for r in store.db.execute("SELECT DISTINCT crn FROM records WHERE crn IS NOT NULL "
                                       "ORDER BY crn")]
    if not wanted:
        return {}
    last = store.last_export()
    export_seq = last[1] if last else 0
    # The export's own audit entry orders it against each document's "issue" entry (both
    # numbered by the one trail), whatever the clocks said.
    row = store.db.execute("SELECT coalesce(max(seq), 0) FROM audit WHERE action = 'export'"
                           ).fetchone()
    export_entry = int(row[0]) if last else 0
    not_exported = _per_crn(store, "SELECT crn, count(*) FROM records WHERE seq > ? "
                                   "GROUP BY crn", [export_seq])
    documents = _per_crn(store, "SELECT crn, count(*) FROM audit WHERE action = 'issue' "
                                "AND redacted = 0 AND seq > ? GROUP BY crn", [export_entry])
    linked = isinstance(store.setting(_LINK), dict)
    granted = set(store.setting(_GRANTED, []) or []) if linked else set()
    hub_waiting: dict[str, int] = {}
    conflicts: dict[str, int] = {}
    if linked:
        pushed = int(store.setting(_PUSHED, 0) or 0)
        pushed_docs = int(store.setting(_PUSHED_DOCUMENTS, 0) or 0)
        for sql, params in (
                ("SELECT crn, count(*) FROM records WHERE seq > ? GROUP BY crn", [pushed]),
                ("SELECT crn, count(*) FROM outbox WHERE answer IS NULL GROUP BY crn", []),
                ("SELECT crn, count(*) FROM documents WHERE rowid > ? GROUP BY crn",
                 [pushed_docs])):
            for crn, n in _per_crn(store, sql, params).items():
                hub_waiting[crn] = hub_waiting.get(crn, 0) + n
        for conflict in store.setting(_CONFLICTS, []) or []:
            if isinstance(conflict, dict) and conflict.get("crn"):
                crn = str(conflict["crn"])
                conflicts[crn] = conflicts.get(crn, 0) + 1
    return {crn: retention.Unsent(crn, not_exported.get(crn, 0), documents.get(crn, 0),
                                  crn in granted, hub_waiting.get(crn, 0),
                                  conflicts.get(crn, 0))
            for crn in wanted}


def review(store: RecordStore, caseload: Caseload, policy: Policy,
           on: date) -> list[retention.Verdict]:
    """Every case due to leave by ``on`` plus the warning days, with its answer."""
    found = retention.endings(caseload, on, policy)
    if not found:
        return []
    return retention.decide(found, unsent(store, [e.crn for e in found]), on)


def today_items(store: RecordStore, caseload: Caseload, policy: Policy,
                on: date) -> list[DueItem]:
    """Today's retention warnings (the desktop adds them to the due items)."""
    return retention.today_items(review(store, caseload, policy, on), on)


@dataclass
class Outcome:
    """What a retention run did: the cases that went, and every answer it gave."""

    verdicts: list[retention.Verdict]
    gone: list[retention.Verdict] = field(default_factory=list)
    copies: int = 0  # backups and kept copies cleaned

    def sentence(self) -> str:
        """One line for the status line."""
        if not self.gone:
            kept = sum(v.status == retention.KEPT for v in self.verdicts)
            return (f"Retention: nothing left this laptop; {kept} ended case(s) wait until "
                    "everything is sent." if kept else "")
        names = ", ".join(f"{v.crn} ({v.ending.name})" for v in self.gone)
        return (f"Retention: {len(self.gone)} ended case(s) left this laptop, with their "
                f"documents and every backup's copy: {names}.")


def purge(paths: CaseloadPaths, key: bytes | bytearray, actor: str,
          due: list[retention.Verdict]) -> Outcome:
    """Take the cases due to go off the laptop, over a connection of the calling thread's own
    (the desktop runs this in a worker). A case changed since it was judged (its answer is
    read again here) stays: nothing unsent is ever purged."""
    from db.hub.history import purge_case_db, purge_copies

    outcome = Outcome(list(due))
    db = open_database(paths.database, key)
    try:
        store = RecordStore(db, actor)
        still = unsent(store, [v.crn for v in due if v.status == retention.GOES])
        for v in due:
            if v.status == retention.GOES and still.get(v.crn, retention.Unsent(v.crn)).safe:
                purge_case_db(db, actor, v.crn, WHY)
                outcome.gone.append(v)
        if outcome.gone:
            store.log("retention", detail={"cases": len(outcome.gone)})  # no CRN: it is gone
    finally:
        close_database(db)
    if outcome.gone:
        outcome.copies = purge_copies(Path(paths.root), key, actor,
                                      [v.crn for v in outcome.gone], WHY)
    return outcome


def _people_and_events(store: RecordStore) -> Caseload:
    """All the rule reads: who, and when each order or licence ends (not the contacts)."""
    return build_caseload(store.records(["person", "event"]), consume=True)


def run(opened: OpenCaseload, policy: Policy, on: date, dry_run: bool = False) -> Outcome:
    """The whole run on an open caseload: review, then (unless a dry run) purge."""
    verdicts = review(opened.store, _people_and_events(opened.store), policy, on)
    if dry_run or not any(v.status == retention.GOES for v in verdicts):
        return Outcome(verdicts)
    outcome = purge(opened.paths, opened.key, opened.store.actor, verdicts)
    opened.advance_anchor()  # the purge's entries, anchored outside the database
    return outcome


def run_apart(paths: CaseloadPaths, key: bytes | bytearray, actor: str, policy: Policy,
              on: date) -> Outcome:
    """The run at unlock, in a worker: over connections of its own, never the desktop's
    (the caller anchors the trail's new head afterwards, on its own thread)."""
    db = open_database(paths.database, key)
    try:
        store = RecordStore(db, actor)
        verdicts = review(store, _people_and_events(store), policy, on)
    finally:
        close_database(db)
    if not any(v.status == retention.GOES for v in verdicts):
        return Outcome(verdicts)
    return purge(paths, key, actor, verdicts)
