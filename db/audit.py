"""The append-only, hash-chained audit trail: who did what, when, to which record.

Each row carries the hash of the row before it, so an edit or deletion made by going around
the app breaks the chain at that row; triggers refuse edits made through SQL.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

GENESIS = "0" * 64


def _digest(prev: str, at: str, actor: str, action: str, record_type: str | None,
            record_id: str | None, crn: str | None, detail: str) -> str:
    payload = json.dumps([prev, at, actor, action, record_type, record_id, crn, detail],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(db: Database, actor: str, action: str, *, record_type: str | None = None,
           record_id: str | None = None, crn: str | None = None,
           detail: dict[str, Any] | None = None, at: datetime | None = None) -> None:
    """Add one row to the chain (inside the caller's transaction)."""
    row = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    when = (at or datetime.now()).isoformat(timespec="seconds")
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = _digest(prev, when, actor, action, record_type, record_id, crn, text)
    db.execute(
        "INSERT INTO audit (at, actor, action, record_type, record_id, crn, detail, prev_hash, "
        "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [when, actor, action, record_type, record_id, crn, text, prev, digest])


@dataclass(frozen=True)
class AuditEntry:
    """One row of the trail, for screens and reports."""

    seq: int
    at: str
    actor: str
    action: str
    record_type: str | None
    record_id: str | None
    crn: str | None
    detail: dict[str, Any]


def entries(db: Database, crn: str | None = None, limit: int = 500) -> list[AuditEntry]:
    """Newest first; for one person when ``crn`` is given."""
    sql = "SELECT seq, at, actor, action, record_type, record_id, crn, detail FROM audit"
    params: list[Any] = []
    if crn:
        sql += " WHERE crn = ?"
        params.append(crn)
    sql += " ORDER BY seq DESC LIMIT ?"
    params.append(limit)
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]))
            for r in db.execute(sql, params).fetchall()]


@dataclass(frozen=True)
class Verification:
    """The chain's state: rows checked and the first broken row, if any."""

    checked: int
    broken_at: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """No broken link."""
        return self.broken_at is None


def _has_redacted(db: Database) -> bool:
    return any(r[1] == "redacted" for r in db.execute("PRAGMA table_info(audit)"))


def verify(db: Database) -> Verification:
    """Walk the chain from the start; report the first row whose link or hash is wrong.

    A redacted row (a case handed over to another officer) keeps its links and hash but not
    its contents; it must be listed by a later handover entry, or the chain is broken there.
    """
    prev = GENESIS
    count = 0
    redacted_col = "redacted" if _has_redacted(db) else "0"
    cursor = db.execute("SELECT seq, at, actor, action, record_type, record_id, crn, detail, "
                        f"prev_hash, hash, {redacted_col} FROM audit ORDER BY seq")
    expected = 1
    unexplained: set[int] = set()
    for seq, at, actor, action, rtype, rid, crn, detail, prev_hash, digest, redacted in cursor:
        count += 1
        if seq != expected:
            return Verification(count, seq, f"entries {expected} to {seq - 1} are missing "
                                            "(the numbers must run on without a gap)"
                                if seq > expected else "its number is out of sequence")
        expected += 1
        if prev_hash != prev:
            return Verification(count, seq, "does not link to the row before it")
        if redacted:
            unexplained.add(seq)
        elif _digest(prev, at, actor, action, rtype, rid, crn, detail) != digest:
            return Verification(count, seq, "its contents were changed after it was written")
        if action == HANDOVER and not redacted:
            unexplained -= set(json.loads(detail).get("redacted", []))
        prev = digest
    if unexplained:
        first = min(unexplained)
        return Verification(count, first, "it was redacted without a handover entry saying so")
    return Verification(count, None)


HANDOVER = "case_handed_over"


def redact_case(db: Database, actor: str, crn: str,
                why: str = "the case moved to another officer") -> int:
    """Take a handed-over case's details out of the trail (inside the caller's transaction).

    The rows keep their place, links and hashes; a new entry lists them, without the CRN.
    """
    rows = [r[0] for r in db.execute("SELECT seq FROM audit WHERE crn = ? AND redacted = 0",
                                     [crn])]
    if not rows:
        return 0
    db.execute("UPDATE audit SET redacted = 1, crn = NULL, record_id = NULL, record_type = NULL, "
               "detail = '{}' WHERE crn = ? AND redacted = 0", [crn])
    append(db, actor, HANDOVER, detail={"redacted": rows,
                                        "why": why})
    return len(rows)
