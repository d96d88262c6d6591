"""What a document may say about a record, by who receives it.

"Sensitive means withheld from the person and the court" (domain-rules.md): every free-text
field of a record marked sensitive (reason, notes, summary, place) is left out of anything the
person or the court receives. The facts a breach must prove (the date, the time, that the person
did not attend) stay; the words the officer recorded do not. Part A goes to PPCS and is
disclosed to the person, so sensitive material goes to its separate non-disclosable section.
"""

from __future__ import annotations

from dataclasses import dataclass

from officer_desk.model import Appointment, Contact, Enforcement

WITHHELD = "Withheld: recorded as sensitive"

# Enforcement fields an officer may mark as not to be disclosed to the person (Part A notice).
NON_DISCLOSABLE_FIELDS = ("victims", "vulnerabilities", "non_disclosable")


@dataclass(frozen=True)
class Shown:
    """A record's free text as a given reader may see it."""

    reason: str | None
    notes: str | None
    location: str | None
    withheld: bool


def appointment_text(a: Appointment, redact: bool = True) -> Shown:
    """An appointment's words for a document the person or the court receives."""
    if a.sensitive and redact:
        return Shown(None, None, None, True)
    return Shown(a.reason, a.notes, a.location, False)


def contact_text(c: Contact, redact: bool = True) -> str | None:
    """A contact's summary, or None when it must be withheld."""
    return None if c.sensitive and redact else c.summary


def enforcement_sensitive(e: Enforcement) -> bool:
    """An enforcement decision marked sensitive: its rationale and notes are not for the person."""
    return bool(e.extra.get("sensitive"))


def non_disclosable(e: Enforcement) -> dict[str, str]:
    """The enforcement's fields that go only in the non-disclosable section, by label key."""
    marked = e.extra.get("non_disclosable_fields")
    keys = set(marked) if isinstance(marked, list) else set()
    out = {}
    for key in NON_DISCLOSABLE_FIELDS:
        value = e.extra.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        if key == "non_disclosable" or key in keys or enforcement_sensitive(e):
            out[key] = value.strip()
    if enforcement_sensitive(e) and (e.rationale or "").strip():
        out["rationale"] = (e.rationale or "").strip()
    return out
