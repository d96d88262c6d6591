"""Issued documents: what was handed over is kept, and a reprint is that copy.

A warning letter reprinted inside a breach pack months later must be the letter the person
received, not a rebuild from today's record (a later next appointment, a corrected reason).
So every document is stored when it is issued, with its SHA-256, the record it was for, a
version and, after the first, the reason for the new version (the pattern of the national
recall tooling's versioned documents, anchors-probation-systems.md A2).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from officer_desk.dates import uk_date, uk_datetime
from officer_desk.errors import ValidationError

KIND_WORDS = {
    "breach": "Breach pack",
    "pss-breach": "PSS breach pack",
    "recall": "Recall report (Part A)",
    "dntr": "Decision not to recall letter",
    "warning-letter": "Warning letter",
    "sentence-plan": "Sentence plan",
    "home-visit": "Home visit record",
    "readiness": "Inspection readiness report",
}

VARIANT_WORDS = {"": "", "cy": "Welsh and English", "easy-read": "Easy read",
                 "easy-read-cy": "Easy read, Welsh and English",
                 "plan": "plan", "record": "record"}


@dataclass(frozen=True)
class IssuedDocument:
    """One stored document (the PDF bytes are kept beside it, not in it)."""

    id: str
    kind: str
    variant: str
    crn: str
    event_id: str
    record_type: str
    record_id: str
    version: int
    reason: str | None
    issued_at: datetime
    issued_by: str
    as_of: date
    policy_version: str
    sha256: str
    pages: int

    @property
    def title(self) -> str:
        """The kind in words, with the variant where there is one."""
        words = KIND_WORDS.get(self.kind, self.kind)
        extra = VARIANT_WORDS.get(self.variant, self.variant)
        return f"{words} ({extra})" if extra else words

    def describe(self) -> str:
        """One line for a person: what, which version, when, by whom."""
        return (f"{self.title}, version {self.version}, issued {uk_datetime(self.issued_at)} "
                f"by {self.issued_by}" + (f" (as at {uk_date(self.as_of)})"
                                          if self.as_of != self.issued_at.date() else ""))

    def as_json(self) -> dict[str, object]:
        """The ``documents list --json`` object (ISO dates, as in every file)."""
        return {"id": self.id, "kind": self.kind, "variant": self.variant or None,
                "crn": self.crn, "event_id": self.event_id, "record_type": self.record_type,
                "record_id": self.record_id, "version": self.version, "reason": self.reason,
                "issued_at": self.issued_at.isoformat(timespec="seconds"),
                "issued_by": self.issued_by, "as_of": self.as_of.isoformat(),
                "policy_version": self.policy_version, "sha256": self.sha256,
                "pages": self.pages}


def digest(pdf: bytes) -> str:
    """The SHA-256 a document is known by."""
    return hashlib.sha256(pdf).hexdigest()


def next_version(existing: list[IssuedDocument], reason: str | None) -> int:
    """The version number a new issue takes; a second or later version must say why."""
    if not existing:
        return 1
    if not (reason or "").strip():
        latest = max(existing, key=lambda d: d.version)
        raise ValidationError(
            f"{latest.title} was already issued ({latest.describe()}). Give the reason for a "
            "new version, or reprint the issued copy.")
    return max(d.version for d in existing) + 1


def latest(existing: list[IssuedDocument]) -> IssuedDocument | None:
    """The newest version."""
    return max(existing, key=lambda d: d.version) if existing else None
