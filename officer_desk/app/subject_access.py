"""Making a subject access copy: read the person's part of the caseload, lay it out, write it.

Part of the composition root: both front ends come here. The work is in three steps so the
desktop can keep the database on its own thread: ``gather`` reads everything (records with
their corrections and voids, issued documents' bytes, the audit trail, what the hub last said)
into plain data; ``write`` lays out the index and writes the folder (any thread, no database);
``log`` audits that the copy was made. The folder appears whole or not at all: it is written as
a hidden temporary folder beside the target and renamed into place.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db import audit, private_files
from db import documents as stored
from db.store import RecordStore
from officer_desk import subject_access as sar
from officer_desk.documents import IssuedDocument
from officer_desk.errors import UserFacingError

ACTION = "subject_access_copy"
INDEX, DATA, HELD = "index.pdf", "subject-access.json", "held-back.json"
_HUB_KEYS = ("hub_last_sync", "hub_countersign", "hub_conflicts", "hub_quarantine", "hub_team")


@dataclass
class Gathered:
    """A copy ready to write: the plain data and the documents' stored bytes by file name."""

    copy: sar.Copy
    files: dict[str, bytes]


def check_folder(out: Path) -> None:
    """Refuse a target that is a file, a folder with anything in it, or in a missing folder."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserFacingError(f"{out} is a file: give a new or empty folder for the subject "
                              "access copy.")
    if out.is_dir() and any(out.iterdir()):
        raise UserFacingError(f"The folder {out} is not empty: give a new or empty folder for "
                              "the subject access copy, so nothing else is sent with it.")
    if not out.parent.is_dir():
        raise UserFacingError(f"The folder {out.parent} does not exist. Choose a folder that "
                              "does.")


def _document_file(n: int, doc: IssuedDocument) -> str:
    return f"document-{n:02d}-{doc.kind}-version-{doc.version}.pdf"


def gather(store: RecordStore, crn: str, made_at: datetime | None = None) -> Gathered:
    """Everything the caseload holds on ``crn``, split by the one rule (on the store's thread)."""
    from db.hub import history

    crn = crn.strip()
    records = store.records_of(crn)
    if not any(r.get("type") == "person" for r in records):
        raise UserFacingError(f"There is no person with CRN {crn!r} in this caseload.")
    files: dict[str, bytes] = {}
    entries: list[sar.DocumentEntry] = []
    for n, doc in enumerate(stored.issued(store, crn=crn), start=1):
        name = _document_file(n, doc)
        try:
            files[name] = stored.pdf_bytes(store, doc.id)
        except ValueError as exc:
            raise UserFacingError(f"{exc} Restore a backup before making the copy.") from None
        issued = doc.describe()[len(doc.title) + 2:]
        entries.append(sar.DocumentEntry(name, doc.title, issued, doc.sha256, doc.as_json(),
                                         sar.DOCUMENTS_TO_REVIEW.get(doc.kind)))
    trail = audit.entries(store.db, crn=crn, limit=1_000_000) + history.entries(store, crn)
    linked = isinstance(store.setting("hub_link"), dict)
    settings = {key: store.setting(key) for key in _HUB_KEYS} if linked else {}
    by_key = {(str(r["type"]), str(r["id"])): r for r in records}
    officer = str(store.setting("officer_name", "") or "") or store.actor
    copy = sar.build_copy(crn, (made_at or datetime.now()).replace(microsecond=0), officer,
                          records, entries,
                          [(e.at, e.actor, e.action, e.record_type, e.record_id, e.detail)
                           for e in trail],
                          sar.hub_view(crn, linked, settings, by_key))
    return Gathered(copy, files)


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write(gathered: Gathered, out: Path, policy_version: str) -> Path:
    """Lay out the index and write the folder whole (no database: any thread may run it)."""
    from forms.subject_access import render_subject_access

    out = Path(out)
    check_folder(out)
    pdf = render_subject_access(gathered.copy, policy_version)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    except OSError as exc:
        raise private_files.user_error(exc, out, "The folder") from None
    try:
        os.chmod(tmp, 0o700)
        contents = {INDEX: pdf, DATA: _json(gathered.copy.as_json()),
                    HELD: _json(gathered.copy.held_back_json()), **gathered.files}
        for name, data in contents.items():
            private_files.write_private_bytes(tmp / name, data, "The subject access copy")
        if out.is_dir():
            out.rmdir()  # empty (checked): the whole folder takes its place
        os.replace(tmp, out)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise private_files.user_error(exc, out, "The subject access copy") from None
        raise
    private_files.sync_folder(out.parent)
    return out


def log(store: RecordStore, gathered: Gathered) -> None:
    """The caseload's audit trail says a copy was made, for whom, and what it held."""
    copy = gathered.copy
    store.log(ACTION, crn=copy.crn, detail={
        "records": len(copy.records), "documents": len(copy.documents),
        "audit_entries": len(copy.audit), "held_back": len(copy.held_back)})


def make_copy(store: RecordStore, crn: str, out: Path, policy_version: str,
              made_at: datetime | None = None) -> sar.Copy:
    """The whole command: check the folder, gather, write, audit."""
    check_folder(Path(out))
    gathered = gather(store, crn, made_at)
    write(gathered, Path(out), policy_version)
    log(store, gathered)
    return gathered.copy
