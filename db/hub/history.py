"""A case's history beyond its records: issued documents and audit entries, to and from the hub.

When a case moves to another officer, its history moves with it: every document as issued
(byte for byte, with its SHA-256) and every audit entry about the case. Each laptop sends its
own as append-only hub records (``issued_document``, ``audit_entry``) and keeps what others
sent: documents in its documents table, others' audit entries in ``hub_history`` (read-only;
its own trail is never written by another laptop).

When a case leaves a laptop, nothing of it stays: records, documents, history, search tokens,
the sync bookkeeping, and the audit trail's details of it (redacted in place, so the chain
still verifies, with a handover entry listing the rows). Deleted pages are overwritten.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db import audit
from db.store import RecordStore
from db.transaction import write_transaction

DOCUMENT = "issued_document"
AUDIT = "audit_entry"
TYPES = (DOCUMENT, AUDIT)
PUSHED_DOCUMENTS = "hub_pushed_documents"
PUSHED_AUDIT = "hub_pushed_audit"
# Entries about the laptop's own bookkeeping, not about the case's work.
_LOCAL_ACTIONS = ("sync", "resolve_conflict", "reprint", audit.HANDOVER)
_DOC_COLUMNS = ("id", "kind", "variant", "crn", "event_id", "record_type", "record_id",
                "version", "reason", "issued_at", "issued_by", "as_of", "policy_version",
                "sha256", "pages")


def outgoing(store: RecordStore, device: str, allowed: set[str] | None) -> list[dict[str, Any]]:
    """New documents and audit entries of shared cases, as records for the hub (create ops)."""
    done_docs = int(store.setting(PUSHED_DOCUMENTS, 0) or 0)
    done_audit = int(store.setting(PUSHED_AUDIT, 0) or 0)
    found: list[dict[str, Any]] = []
    for row in store.db.execute(f"SELECT rowid, {', '.join(_DOC_COLUMNS)}, pdf FROM documents "
                                "WHERE rowid > ? ORDER BY rowid", [done_docs]):
        data = dict(zip(_DOC_COLUMNS, row[1:-1], strict=True))
        done_docs = max(done_docs, int(row[0]))
        if allowed is not None and data["crn"] not in allowed:
            continue
        data["pdf"] = base64.b64encode(bytes(row[-1])).decode("ascii")
        found.append({"type": DOCUMENT, **data})
    actions = ", ".join("?" for _ in _LOCAL_ACTIONS)
    for seq, at, actor, action, rtype, rid, crn, detail in store.db.execute(
            "SELECT seq, at, actor, action, record_type, record_id, crn, detail FROM audit "
            f"WHERE seq > ? AND crn IS NOT NULL AND action NOT IN ({actions}) ORDER BY seq",
            [done_audit, *_LOCAL_ACTIONS]):
        done_audit = max(done_audit, int(seq))
        if allowed is not None and crn not in allowed:
            continue
        found.append({"type": AUDIT, "id": f"{device}:{seq}", "crn": crn, "at": at,
                      "actor": actor, "action": action, "record_type": rtype,
                      "record_id": rid, "detail": json.loads(detail)})
    store.db.conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
        "value = excluded.value",
        [(PUSHED_DOCUMENTS, json.dumps(done_docs)), (PUSHED_AUDIT, json.dumps(done_audit))])
    return found


def take_in(store: RecordStore, record: dict[str, Any], device: str) -> bool:
    """Keep a document or audit entry another laptop sent (inside the caller's transaction).

    What the hub holds was sent by another laptop: a document whose bytes are not its
    SHA-256, or an entry missing what an entry has, is not kept (False), and the sync goes on.
    """
    try:
        if record["type"] == DOCUMENT:
            pdf = base64.b64decode(record["pdf"], validate=True)
            if hashlib.sha256(pdf).hexdigest() != record["sha256"] or not all(
                    type(record.get(c)) is (int if c in ("version", "pages") else str)
                    for c in _DOC_COLUMNS if c != "reason"):
                return False
            values = [record.get(c) for c in _DOC_COLUMNS]
            store.db.execute(f"INSERT OR IGNORE INTO documents ({', '.join(_DOC_COLUMNS)}, pdf) "
                             f"VALUES ({', '.join('?' for _ in _DOC_COLUMNS)}, ?)",
                             [*values, pdf])
        elif record["type"] == AUDIT and not str(record["id"]).startswith(device + ":"):
            if not all(isinstance(record.get(k), str) for k in ("id", "crn", "at", "actor",
                                                                 "action")):
                return False
            store.db.execute("INSERT OR IGNORE INTO hub_history (id, crn, at, actor, action, "
                             "record_type, record_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [record["id"], record["crn"], record["at"], record["actor"],
                              record["action"], record.get("record_type"),
                              record.get("record_id"),
                              json.dumps(record.get("detail") or {}, ensure_ascii=False)])
    except (KeyError, TypeError, ValueError, binascii.Error):
        return False
    return True


def entries(store: RecordStore, crn: str) -> list[audit.AuditEntry]:
    """The case's history from other laptops, newest first (numbered 0: not this trail's)."""
    return [audit.AuditEntry(0, r[0], r[1], r[2], r[3], r[4], crn, json.loads(r[5]))
            for r in store.db.execute("SELECT at, actor, action, record_type, record_id, detail "
                                      "FROM hub_history WHERE crn = ? ORDER BY at DESC",
                                      [crn])]


def purge_case(store: RecordStore, crn: str, why: str | None = None) -> None:
    """Remove everything this laptop holds of a case that has moved to another officer (or,
    with ``why``, that leaves it for another reason: retention)."""
    purge_case_db(store.db, store.actor, crn, why)
    store.audited()


def _tables(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def purge_case_db(db: Database, actor: str, crn: str, why: str | None = None) -> None:
    """The same on any copy of the caseload (the caseload itself, or a backup); ``why`` is
    the handover entry's reason when the case did not move to another officer."""
    db.execute("PRAGMA secure_delete = ON")  # freed pages are overwritten, not left behind
    tables = _tables(db)
    with write_transaction(db):
        if "search" in tables:
            db.execute("DELETE FROM search WHERE rowid IN (SELECT rowid FROM records "
                       "WHERE crn = ?)", [crn])
        if "hub_base" in tables:
            db.execute("DELETE FROM hub_base WHERE crn = ? OR (record_type, record_id) IN "
                       "(SELECT type, id FROM records WHERE crn = ?)", [crn, crn])
            db.execute("DELETE FROM outbox WHERE crn = ? AND answer IS NOT NULL", [crn])
        db.execute("DELETE FROM records WHERE crn = ?", [crn])
        for table in ("documents", "hub_history"):
            if table in tables:
                db.execute(f"DELETE FROM {table} WHERE crn = ?", [crn])  # noqa: S608 - fixed names
        if why is None:
            audit.redact_case(db, actor, crn)
        else:
            audit.redact_case(db, actor, crn, why)
        db.execute("DELETE FROM settings WHERE key = 'start_snapshot'")  # it may show the case
        # Every setting that names the case (sync bookkeeping, the team's and countersign
        # views, the cases granted): the case is taken out of each, whatever its shape.
        for key, value in db.execute("SELECT key, value FROM settings WHERE instr(value, ?)",
                                     [crn]).fetchall():
            try:
                kept = _without_case(json.loads(value), crn)
            except ValueError:
                kept = None  # not JSON: a plain text that names the case goes whole
            if kept is None or crn in json.dumps(kept, ensure_ascii=False):
                db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                db.execute("UPDATE settings SET value = ? WHERE key = ?",
                           [json.dumps(kept, ensure_ascii=False), key])
    if "search" in tables:  # merge the index so no deleted token is left in a segment
        db.execute("INSERT INTO search (search) VALUES ('optimize')")


def _without_case(value: Any, crn: str) -> Any:
    """A setting's value with the case taken out: list items that are the CRN or an object
    about it, and keys that are the CRN."""
    if isinstance(value, list):
        return [_without_case(v, crn) for v in value
                if v != crn and not (isinstance(v, dict) and v.get("crn") == crn)]
    if isinstance(value, dict):
        return {k: _without_case(v, crn) for k, v in value.items() if k != crn}
    return value


def purge_copies(root: Path, key: bytes | bytearray, actor: str, crns: list[str],
                 why: str | None = None) -> int:
    """Take the cases out of every copy kept beside the caseload too (backups, replaced and
    pre-migration files), each brought up to date first; how many copies were cleaned."""
    from db.connection import close_database, open_database
    from db.migrations import migrate
    from db.rekey import copies

    done = 0
    for path in copies(root):
        try:
            db = open_database(path, key)
        except Exception:  # noqa: BLE001 - a copy under an older key opens for no one
            continue
        try:
            migrate(db, None)
            for crn in crns:
                purge_case_db(db, actor, crn, why)
            db.execute("VACUUM")
        finally:
            close_database(db)
        done += 1
    return done
