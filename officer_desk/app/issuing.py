"""Issuing documents: the one place the rules, the layout and the store meet.

Part of the composition root (with ``officer_desk.cli``): the command line and the desktop
both issue through here, so a document is checked, laid out, stored with its SHA-256 and
audited the same way wherever it is printed. A document already issued for the same record is
reprinted from the stored copy unless the officer gives a reason for a new version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from db import documents as stored
from db import private_files
from db.store import RecordStore
from officer_desk.caseload import Caseload
from officer_desk.countersign import team_state
from officer_desk.documents import IssuedDocument, digest, latest, next_version
from officer_desk.errors import PackIncompleteError, UserFacingError
from officer_desk.letters import Office
from officer_desk.packs import PACK_TITLES, PackInputs, build_pack_inputs
from officer_desk.policy import Policy

BREACH_KINDS = ("breach", "pss-breach")


def _layout():  # -> the forms.render module
    """ReportLab is loaded on the first document, not when the desktop starts (about 0.7 s)."""
    from forms import render

    return render


def check_target(path: Path) -> None:
    """Refuse a folder, a device or a missing folder before any work is done."""
    private_files.check_target(path)


def write_pdf(path: Path, data: bytes) -> None:
    """Write a PDF owner-only through a temporary file (never half a document)."""
    private_files.write_private_bytes(path, data, "The PDF")


def issued_documents(store: RecordStore, crn: str | None = None) -> list[IssuedDocument]:
    """Every stored document, oldest first (one person's with ``crn``)."""
    return stored.issued(store, crn=crn)


def find_document(store: RecordStore, document_id: str) -> IssuedDocument | None:
    """One stored document."""
    return stored.find(store, document_id)


def office_of(store: RecordStore) -> Office:
    """The officer's office address and phone, from the settings (printed on letters)."""
    address = store.setting("office_address", "") or ""
    lines = address if isinstance(address, list) else str(address).splitlines()
    return Office(tuple(str(x).strip() for x in lines if str(x).strip()),
                  str(store.setting("office_phone", "") or "").strip())


def officer_of(store: RecordStore) -> str:
    """The officer's name as printed, or "" until it is set: a witness statement signed by
    the computer's login ("Statement of root") is no statement, so a pack asks for the name."""
    return str(store.setting("officer_name", "") or "")


@dataclass
class Prepared:
    """What issuing will do: reprint a stored copy, or lay out and store a new version."""

    inputs: PackInputs
    reprint: IssuedDocument | None = None
    version: int = 1
    reason: str | None = None
    previous: list[IssuedDocument] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        """A draft is laid out to be read, never stored as issued (a Part A before both
        countersignatures)."""
        return bool(self.inputs.draft) and self.reprint is None

    @property
    def title(self) -> str:
        """The document's title in words."""
        return PACK_TITLES[self.inputs.kind]


def _letters_for(store: RecordStore, inputs: PackInputs,
                 before: datetime | None = None) -> None:
    """A breach pack carries each warning letter as it was issued (the newest stored copy)."""
    for warning in inputs.file.warnings:
        copies = [d for d in stored.issued(store, kind="warning-letter", record_id=warning.id)
                  if before is None or d.issued_at <= before]
        english = [d for d in copies if d.variant in ("", "cy")] or copies
        doc = latest(english)
        if doc is not None:
            inputs.stored_letters[warning.id] = (doc, stored.pdf_bytes(store, doc.id))


def prepare(store: RecordStore, inputs: PackInputs, reason: str | None = None) -> Prepared:
    """Decide between a reprint and a new version; refuse an incomplete new document."""
    record_type, record_id = inputs.subject
    previous = stored.issued(store, kind=inputs.kind, variant=inputs.stage, record_id=record_id) \
        if record_type != "event" else []
    if inputs.draft:
        return Prepared(inputs, previous=previous)  # read, not issued: no version taken
    if previous and not (reason or "").strip():
        return Prepared(inputs, reprint=latest(previous), previous=previous)
    if inputs.gaps:
        raise PackIncompleteError(inputs.title.lower(), inputs.gaps)
    version = next_version(previous, reason)
    inputs.version = version  # printed on every page: a version 2 is never version 1's bytes
    if inputs.kind in BREACH_KINDS:
        _letters_for(store, inputs)
    return Prepared(inputs, version=version, reason=(reason or "").strip() or None,
                    previous=previous)


def render(prepared: Prepared, password: str | None = None) -> tuple[bytes, bytes]:
    """(the PDF to store, the PDF to write): safe to run off the UI thread (no storage)."""
    layout = _layout()
    pdf = layout.render_pack(prepared.inputs)
    return pdf, layout.protect(pdf, password) if password else pdf


def preview(inputs: PackInputs) -> bytes:
    """A document laid out to be read, not issued (a manager reading a Part A to sign it)."""
    return _layout().render_pack(inputs)


def record(store: RecordStore, prepared: Prepared, pdf: bytes,
           issued_at: datetime | None = None) -> IssuedDocument:
    """Store a newly laid-out document and audit it."""
    if prepared.draft:
        raise UserFacingError("A draft is not issued: it becomes the Part A once the SPO and "
                              "the ACO have countersigned it.")
    inputs = prepared.inputs
    record_type, record_id = inputs.subject
    return stored.store_issued(
        store, kind=inputs.kind, variant=inputs.stage, crn=inputs.person.crn,
        event_id=inputs.file.event.id, record_type=record_type, record_id=record_id,
        version=prepared.version, reason=prepared.reason, as_of=inputs.on,
        policy_version=inputs.policy_version, pdf=pdf, pages=_layout().page_count(pdf),
        issued_at=issued_at)


def reprint(store: RecordStore, doc: IssuedDocument, password: str | None = None) -> bytes:
    """The stored copy, byte for byte (or AES-protected), and an audit entry saying so."""
    pdf = stored.pdf_bytes(store, doc.id)
    stored.log_reprint(store, doc)
    return _layout().protect(pdf, password) if password else pdf


def changed_since(store: RecordStore, doc: IssuedDocument, caseload: Caseload,
                  policy: Policy) -> bool:
    """Would the record, laid out as it was issued, give different bytes now?"""
    try:
        inputs = build_pack_inputs(doc.kind, caseload, doc.event_id, policy, on=doc.as_of,
                                   officer=officer_of(store), ref=doc.record_id
                                   if doc.record_type != "event" else None,
                                   variant=doc.variant if doc.kind in ("warning-letter", "dntr")
                                   else None, office=office_of(store), now=doc.issued_at,
                                   check=False, countersign=team_state(store))
    except Exception:  # noqa: BLE001 - a record gone or changed shape has changed
        return True
    inputs.version = doc.version
    if doc.kind in BREACH_KINDS:
        _letters_for(store, inputs, before=doc.issued_at)
    return digest(_layout().render_pack(inputs)) != doc.sha256


def issue(store: RecordStore, caseload: Caseload, kind: str, event_id: str, policy: Policy, *,
          on: date, ref: str | None = None, variant: str | None = None,
          reason: str | None = None, password: str | None = None,
          now: datetime | None = None) -> tuple[Prepared, IssuedDocument | None, bytes]:
    """Issue (or reprint) a document in one call: (what was done, the stored record, bytes)."""
    issued_at = (now or datetime.now()).replace(microsecond=0)
    inputs = build_pack_inputs(kind, caseload, event_id, policy, on=on,
                               officer=officer_of(store), ref=ref, check=False, variant=variant,
                               office=office_of(store), now=issued_at,
                               countersign=team_state(store))
    prepared = prepare(store, inputs, reason)
    if prepared.reprint is not None:
        return prepared, prepared.reprint, reprint(store, prepared.reprint, password)
    pdf, out = render(prepared, password)
    if prepared.draft:
        store.log("print", detail={"kind": inputs.kind, "draft": True},
                  crn=inputs.person.crn)
        return prepared, None, out
    return prepared, record(store, prepared, pdf, issued_at), out

