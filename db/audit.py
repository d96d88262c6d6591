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


def verify(db: Database) -> Verification:
    """Walk the chain from the start; report the first row whose link or hash is wrong."""
    prev = GENESIS
    count = 0
    cursor = db.execute("SELECT seq, at, actor, action, record_type, record_id, crn, detail, "
                        "prev_hash, hash FROM audit ORDER BY seq")
    expected = 1
    for seq, at, actor, action, rtype, rid, crn, detail, prev_hash, digest in cursor:
        count += 1
        if seq != expected:
            return Verification(count, seq, f"entries {expected} to {seq - 1} are missing "
                                            "(the numbers must run on without a gap)"
                                if seq > expected else "its number is out of sequence")
        expected += 1
        if prev_hash != prev:
            return Verification(count, seq, "does not link to the row before it")
        if _digest(prev, at, actor, action, rtype, rid, crn, detail) != digest:
            return Verification(count, seq, "its contents were changed after it was written")
        prev = digest
    return Verification(count, None)
