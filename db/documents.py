"""Issued documents kept in the encrypted caseload, each with its audit entry.

The PDF bytes live in the same SQLCipher file as the records, so a stolen laptop yields no
letter, and a reprint is the stored copy, byte for byte.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from db import audit
from db.errors import SqlError, translate
from db.store import RecordStore
from db.transaction import write_transaction
from officer_desk.documents import IssuedDocument, digest

_COLUMNS = ("id, kind, variant, crn, event_id, record_type, record_id, version, reason, "
            "issued_at, issued_by, as_of, policy_version, sha256, pages")


def _row(row: tuple) -> IssuedDocument:
    (id_, kind, variant, crn, event_id, record_type, record_id, version, reason, issued_at,
     issued_by, as_of, policy_version, sha, pages) = row
    return IssuedDocument(id_, kind, variant, crn, event_id, record_type, record_id, int(version),
                          reason, datetime.fromisoformat(issued_at), issued_by,
                          date.fromisoformat(as_of), policy_version, sha, int(pages))


def issued(store: RecordStore, *, crn: str | None = None, kind: str | None = None,
           variant: str | None = None, record_id: str | None = None) -> list[IssuedDocument]:
    """Stored documents, oldest first, optionally for one person, kind or record."""
    where, args = [], []
    for column, value in (("crn", crn), ("kind", kind), ("variant", variant),
                          ("record_id", record_id)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    sql = f"SELECT {_COLUMNS} FROM documents"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [_row(r) for r in store.db.execute(sql + " ORDER BY issued_at, version, id", args)]


def find(store: RecordStore, document_id: str) -> IssuedDocument | None:
    """One stored document by id."""
    row = store.db.execute(f"SELECT {_COLUMNS} FROM documents WHERE id = ?",
                           [document_id]).fetchone()
    return _row(row) if row else None


def pdf_bytes(store: RecordStore, document_id: str) -> bytes:
    """The stored PDF, checked against its SHA-256 (a damaged copy is said to be damaged)."""
    row = store.db.execute("SELECT pdf, sha256 FROM documents WHERE id = ?",
                           [document_id]).fetchone()
    if row is None:
        raise KeyError(document_id)
    pdf = bytes(row[0])
    if digest(pdf) != row[1]:
        raise ValueError(f"The stored copy of document {document_id} does not match its SHA-256.")
    return pdf


def store_issued(store: RecordStore, *, kind: str, variant: str, crn: str, event_id: str,
                 record_type: str, record_id: str, version: int, reason: str | None,
                 as_of: date, policy_version: str, pdf: bytes, pages: int,
                 issued_at: datetime | None = None) -> IssuedDocument:
    """Keep a newly issued document and audit it (kind, record, version) in one transaction."""
    doc = IssuedDocument(uuid.uuid4().hex[:12], kind, variant, crn, event_id, record_type,
                         record_id, version, (reason or "").strip() or None,
                         (issued_at or datetime.now()).replace(microsecond=0), store.actor, as_of,
                         policy_version, digest(pdf), pages)
    try:
        with write_transaction(store.db):
            store.db.execute(
                f"INSERT INTO documents ({_COLUMNS}, pdf) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc.id, kind, variant, crn, event_id, record_type, record_id, version,
                 doc.reason, doc.issued_at.isoformat(), doc.issued_by, as_of.isoformat(),
                 policy_version, doc.sha256, pages, pdf])
            audit.append(store.db, store.actor, "issue", record_type=record_type,
                         record_id=record_id, crn=crn,
                         detail={"document": doc.id, "kind": kind, "variant": variant,
                                 "version": version, "reason": doc.reason,
                                 "sha256": doc.sha256}, at=doc.issued_at)
    except SqlError as exc:
        raise translate(exc) from None
    store.audited()
    return doc


def log_reprint(store: RecordStore, doc: IssuedDocument) -> None:
    """A reprint of a stored copy is audited too: who printed which document, when."""
    store.log("reprint", crn=doc.crn, record_type=doc.record_type, record_id=doc.record_id,
              detail={"document": doc.id, "kind": doc.kind, "variant": doc.variant,
                      "version": doc.version, "sha256": doc.sha256})
