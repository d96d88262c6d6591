"""Append-only schema migrations. Never edit or rename one after it ships (conventions.md 7)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from officer_desk.errors import DatabaseTooNewError

MIGRATIONS = Migrations("officer_desk")


@MIGRATIONS()
def m001_records_audit_settings(db: Database) -> None:
    """Records keep the exchange record whole (unknown fields round-trip); columns index it."""
    db.execute("""
        CREATE TABLE records (
            type TEXT NOT NULL,
            id TEXT NOT NULL,
            crn TEXT,
            event_id TEXT,
            data TEXT NOT NULL,
            seq INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (type, id)
        ) STRICT""")
    db.execute("CREATE INDEX records_crn ON records(crn)")
    db.execute("CREATE INDEX records_event ON records(event_id)")
    db.execute("CREATE INDEX records_seq ON records(seq)")
    db.execute("""
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            record_type TEXT,
            record_id TEXT,
            crn TEXT,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT""")
    db.execute("CREATE INDEX audit_crn ON audit(crn)")
    # Append-only: the database itself refuses edits and deletions of audit rows.
    db.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""")
    db.execute("""CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    db.execute("""
        CREATE TABLE exports (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            seq_high INTEGER NOT NULL,
            records INTEGER NOT NULL,
            since_last INTEGER NOT NULL
        ) STRICT""")


@MIGRATIONS()
def m002_notes_search(db: Database) -> None:
    """Full-text search over names, CRNs and notes (FTS5, inside the encrypted file)."""
    db.execute("""CREATE VIRTUAL TABLE search USING fts5(
                     type UNINDEXED, id UNINDEXED, crn UNINDEXED, body,
                     tokenize = 'unicode61 remove_diacritics 2')""")


@MIGRATIONS()
def m003_rules_columns_contentless_search(db: Database) -> None:
    """Columns the caseload-wide rules filter on, and a search index that keeps no text.

    The rules need failures, inductions, first and latest attendances and latest contacts, not
    every note; ``at``, ``kind`` and ``outcome`` let SQL pick those. The search index becomes
    contentless (https://sqlite.org/fts5.html#contentless_delete_tables): it holds tokens only,
    keyed by the record's rowid, so notes are not stored twice.
    """
    from db.store import record_columns, search_text

    db.execute("ALTER TABLE records ADD COLUMN at TEXT")
    db.execute("ALTER TABLE records ADD COLUMN kind TEXT")
    db.execute("ALTER TABLE records ADD COLUMN outcome TEXT")
    db.execute("DROP TABLE search")
    db.execute("""CREATE VIRTUAL TABLE search USING fts5(
                     body, content = '', contentless_delete = 1,
                     tokenize = 'unicode61 remove_diacritics 2')""")
    rows = db.execute("SELECT rowid, data FROM records").fetchall()
    updates, bodies = [], []
    for rowid, data in rows:
        record = json.loads(data)
        updates.append((*record_columns(record), rowid))
        bodies.append((rowid, search_text(record)))
    db.conn.executemany("UPDATE records SET at = ?, kind = ?, outcome = ? WHERE rowid = ?", updates)
    db.conn.executemany("INSERT INTO search (rowid, body) VALUES (?, ?)", bodies)
    db.execute("CREATE INDEX records_rules ON records(type, outcome, kind)")
    db.execute("CREATE INDEX records_event_at ON records(event_id, type, at)")
    db.execute("DROP INDEX records_event")  # records_event_at starts with event_id
    high = db.execute("SELECT coalesce(max(seq), 0), coalesce(max(rowid), 0) FROM records")
    seq, rowid = high.fetchone()
    db.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                        "UPDATE SET value = excluded.value",
                        [("search_seq", json.dumps(seq)), ("search_rowid", json.dumps(rowid))])


@MIGRATIONS()
def m004_search_folds_every_latin_letter(db: Database) -> None:
    """The search index again, folded so ł, ø, ß, đ and æ are found from plain letters.

    The index is emptied and the next search (or import) rebuilds it from the records.
    """
    db.execute("DROP TABLE search")
    db.execute("""CREATE VIRTUAL TABLE search USING fts5(
                     body, content = '', contentless_delete = 1,
                     tokenize = 'unicode61 remove_diacritics 2')""")
    db.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                        "UPDATE SET value = excluded.value",
                        [("search_seq", "0"), ("search_rowid", "0")])


@MIGRATIONS()
def m005_issued_documents(db: Database) -> None:
    """Every document as issued: the bytes the person, court or PPCS received, never rebuilt.

    A stored copy is never edited: a new version is a new row, with its reason.
    """
    db.execute("""
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            variant TEXT NOT NULL,
            crn TEXT NOT NULL,
            event_id TEXT NOT NULL,
            record_type TEXT NOT NULL,
            record_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            reason TEXT,
            issued_at TEXT NOT NULL,
            issued_by TEXT NOT NULL,
            as_of TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            pages INTEGER NOT NULL,
            pdf BLOB NOT NULL,
            UNIQUE (kind, variant, record_type, record_id, version)
        ) STRICT""")
    db.execute("CREATE INDEX documents_crn ON documents(crn)")
    db.execute("""CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
                  BEGIN SELECT RAISE(ABORT, 'an issued document is never edited'); END""")


@MIGRATIONS()
def m006_hub_sync(db: Database) -> None:
    """What a laptop keeps for the team hub: each record as the hub last had it (version and
    data: the base of a three-way merge), and the ops taken from local changes, kept until the
    hub has answered each (the same op is sent again after a lost reply)."""
    db.execute("""
        CREATE TABLE hub_base (
            record_type TEXT NOT NULL,
            record_id TEXT NOT NULL,
            crn TEXT NOT NULL,
            version INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (record_type, record_id)
        ) STRICT""")
    db.execute("CREATE INDEX hub_base_crn ON hub_base(crn)")
    db.execute("""
        CREATE TABLE outbox (
            device_seq INTEGER PRIMARY KEY AUTOINCREMENT,
            op_id TEXT NOT NULL UNIQUE,
            record_type TEXT NOT NULL,
            record_id TEXT NOT NULL,
            crn TEXT NOT NULL,
            kind TEXT NOT NULL,
            base_version INTEGER NOT NULL,
            changes TEXT NOT NULL,
            actor TEXT NOT NULL,
            client_time TEXT NOT NULL,
            answer TEXT
        )""")



@MIGRATIONS()
def m007_case_handover(db: Database) -> None:
    """A case moves between officers with its history, and leaves nothing behind.

    ``hub_history`` holds the audit entries of a case written on other laptops (before it came
    here, or by a manager), read-only. An audit entry of a case that has moved away may be
    redacted: its links and hash stay, so the chain still verifies, the row says it was
    redacted, and a later handover entry lists it; no other change to the trail is allowed.
    """
    db.execute("""
        CREATE TABLE hub_history (
            id TEXT PRIMARY KEY,
            crn TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            record_type TEXT,
            record_id TEXT,
            detail TEXT NOT NULL
        ) STRICT""")
    db.execute("CREATE INDEX hub_history_crn ON hub_history(crn)")
    db.execute("ALTER TABLE audit ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                  WHEN NOT (OLD.redacted = 0 AND NEW.redacted = 1 AND NEW.seq = OLD.seq
                            AND NEW.at = OLD.at AND NEW.actor = OLD.actor
                            AND NEW.action = OLD.action AND NEW.prev_hash = OLD.prev_hash
                            AND NEW.hash = OLD.hash AND NEW.crn IS NULL
                            AND NEW.record_id IS NULL)
                  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""")

def known_names() -> set[str]:
    """Every migration this build knows."""
    return {m.name for m in MIGRATIONS._migrations}


def check_not_too_new(db: Database) -> None:
    """Refuse a file written by a newer build (qutebrowser's "Database is too new")."""
    unknown = {m.name for m in MIGRATIONS.applied(db)} - known_names()
    if unknown:
        raise DatabaseTooNewError(
            "This caseload was written by a newer version of Officer Desk "
            f"({len(unknown)} unknown schema change(s)). Update Officer Desk to open it.")


def migrate(db: Database, path: Path | None) -> Path | None:
    """Apply pending migrations; before touching an existing file, keep an encrypted copy."""
    check_not_too_new(db)
    pending = MIGRATIONS.pending(db)
    if not pending:
        return None
    backup: Path | None = None
    if path is not None and MIGRATIONS.applied(db):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        version = len(MIGRATIONS.applied(db))
        backup = path.with_name(f"{path.name}.bak-{version}-{stamp}")
        shutil.copy2(path, backup)
        backup.chmod(0o600)
    MIGRATIONS.apply(db)
    return backup
