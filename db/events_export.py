"""The domain-event export: what changed since the last acknowledged events export.

Its own cursor (the change counter of the records and the last issued document), separate from
the exchange export's, so each can be taken on its own schedule. The file is checked against
the published schema and written whole or not at all; only then is the cursor moved on, so a
failed write is simply taken again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from db import audit
from db import documents as stored
from db.private_files import write_private
from db.store import RecordStore
from db.transaction import write_transaction
from officer_desk.codec import from_record
from officer_desk.compliance import warned_until
from officer_desk.domain_events import document_event, record_event, validate
from officer_desk.errors import ValidationError
from officer_desk.national_codes import load_codes
from officer_desk.policy import Policy

CURSOR = "events_export"


@dataclass
class PendingEvents:
    """Envelopes read for an events export, not yet written."""

    events: list[dict[str, Any]]
    seq_high: int
    documents_high: int

    def write(self, path: Path) -> int:
        """Check every envelope, then write the file whole; the number of events."""
        problems = validate(self.events)
        if problems:
            raise ValidationError(["Some events do not match the published schema:",
                                   *problems[:50]])

        def write(fh: BinaryIO) -> None:
            for event in self.events:
                fh.write((json.dumps(event, ensure_ascii=False, separators=(",", ":"))
                          + "\n").encode("utf-8"))

        write_private(Path(path), write, "The events export")
        return len(self.events)

    def mark(self, store: RecordStore) -> None:
        """Move the cursor on (the events were delivered) and audit it."""
        cursor = {"seq": self.seq_high, "documents": self.documents_high}
        with write_transaction(store.db):
            store.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value", [CURSOR, json.dumps(cursor)])
            audit.append(store.db, store.actor, "export_events",
                         detail={"events": len(self.events)})
        store.audited()


def _warning_numbers(store: RecordStore, policy: Policy) -> dict[str, int]:
    """For each warning, how many earlier warnings on its event were still live."""
    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (data,) in store.db.execute("SELECT data FROM records WHERE type = 'warning'"):
        w = json.loads(data)
        by_event[w["event_id"]].append(w)
    out: dict[str, int] = {}
    for warnings in by_event.values():
        parsed = sorted((from_record(w) for w in warnings), key=lambda w: (w.date, w.id))
        for w in parsed:
            out[w.id] = sum(1 for e in parsed if e.date < w.date
                            and warned_until(e, policy) >= w.date)
    return out


def gather(store: RecordStore, policy: Policy) -> PendingEvents:
    """Every change since the last acknowledged events export, as envelopes in change order."""
    codes = load_codes()
    cursor = store.setting(CURSOR, {}) or {}
    since = int(cursor.get("seq", 0))
    high = store.high_water()
    numbers = _warning_numbers(store, policy)
    events = []
    rows = store.db.execute("SELECT type, id, crn, data, updated_at FROM records "
                            "WHERE seq > ? ORDER BY seq, rowid", [since])
    for kind, _id, crn, data, updated_at in rows:
        record = json.loads(data)
        if not crn:
            continue  # a record not yet tied to a person cannot name one
        events.append(record_event(record, crn, codes, numbers.get(record["id"], 0)
                                   if kind == "warning" else 0, recorded_at=updated_at))
    documents_high = int(cursor.get("documents", 0))
    for rowid, doc_id in store.db.execute("SELECT rowid, id FROM documents WHERE rowid > ? "
                                          "ORDER BY rowid", [documents_high]).fetchall():
        doc = stored.find(store, doc_id)
        if doc is not None:
            events.append(document_event(doc, codes))
        documents_high = max(documents_high, rowid)
    return PendingEvents(events, high, documents_high)

