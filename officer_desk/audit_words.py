"""The audit trail in sentences: who did what, to which entry, and what changed.

The trail is stored as structured rows (field, old, new); an officer, a manager or an
inspector reads it as sentences, with dates in the UK form and values in words, never as
dictionaries or code names.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from officer_desk.dates import uk_date, uk_datetime
from officer_desk.documents import KIND_WORDS

RECORD_WORDS = {
    "appointment": "appointment", "contact": "contact", "warning": "warning",
    "assessment": "assessment", "sentence_plan": "sentence plan", "review": "review",
    "enforcement": "decision", "home_visit": "home visit", "oversight": "management oversight",
    "enquiry": "enquiry", "significant_change": "change of circumstances",
    "person": "person",
    "event": "order or licence",
}
ACTIONS = {
    "create": "created the {what}",
    "save": "changed the {what}",
    "outcome": "recorded the outcome of the {what}",
    "submitted": "recorded that the {what} was submitted",
    "void": "voided the {what}",
    "correct": "corrected the {what}",
    "reschedule": "rescheduled the {what}",
    "print": "printed {pack}",
    "issue": "issued {document}",
    "reprint": "reprinted the issued {document}",
    "export": "exported to the central system",
    "import": "imported {source}",
    "login": "unlocked the caseload",
    "failed_unlocks": "was told of wrong passphrases tried while locked",
    "unlock_counter_lost": "unlocked after the wrong-passphrase counter was lost",
    "backup": "took an encrypted backup",
    "restore": "restored a backup",
    "setting": "changed a setting",
    "passphrase_changed": "changed the passphrase",
    "recovery_code_used": "unlocked with the recovery code",
    "recovery_code_confirmed": "confirmed a new recovery code",
    "rekeyed": "re-encrypted the caseload under a new key",
    "audit_anchor_mismatch": "was warned that the audit trail does not match its anchor",
    "create_caseload": "created the caseload",
    "subject_access_copy": "made a subject access copy of everything held on the person",
}
FIELD_WORDS = {
    "crn": "CRN", "pnc": "PNC number", "cro": "CRO number", "noms": "NOMS number",
    "lines": "address", "rosh": "risk of serious harm",
    "start": "date and time", "kind": "kind", "location": "place", "outcome": "outcome",
    "absence": "absence judgement", "absence_decided_on": "date judged", "serious": "serious",
    "reason": "reason", "notes": "notes", "sensitive": "marked sensitive", "at": "when",
    "mode": "how", "summary": "summary", "date": "date", "failure_ids": "failures",
    "letter_sent_on": "letter sent", "completed_on": "completed", "decided_at": "decided",
    "decision": "decision", "recall_type": "recall type", "submitted_at": "submitted",
    "rationale": "rationale", "checklist": "pre-breach questions",
    "planned_at": "planned for", "done_at": "done", "purpose": "purpose",
    "conditions_breached": "licence conditions breached", "line_manager": "line manager",
    "senior_manager": "senior manager", "voided": "voided", "corrections": "corrections",
    "objectives": "objectives", "needs": "needs", "strengths": "strengths",
    "likelihood_of_reoffending": "likelihood of reoffending",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")


def words(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return uk_datetime(value)
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(value, str):
        if _ISO_DATETIME.match(value):
            try:
                return uk_datetime(datetime.fromisoformat(value))
            except ValueError:
                return value
        if _ISO_DATE.match(value):
            try:
                return uk_date(date.fromisoformat(value))
            except ValueError:
                return value
        if _CODE.match(value):
            return value.replace("_", " ")
        text = " ".join(value.split())
        return f"“{text[:77]}…”" if len(text) > 80 else f"“{text}”"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        if "name" in value:
            return f"{value['name']}" + (f" at {words(value.get('at'))}" if value.get("at") else "")
        if "reason" in value:
            return f"reason {words(value['reason'])}"
        return f"{len(value)} answer{'s' if len(value) != 1 else ''}"
    return str(value)


def _document_words(detail: dict[str, Any], what: str) -> str:
    kind = KIND_WORDS.get(str(detail.get("kind")), "document")
    version = detail.get("version")
    text = f"{kind.lower()} for the {what}"
    if isinstance(version, int) and version > 1:
        text += f" (version {version}" + (f": {detail['reason']}" if detail.get("reason") else "")
        text += ")"
    return text


def field_words(name: str) -> str:
    """A field's name in words."""
    return FIELD_WORDS.get(name, name.replace("_", " "))


def sentence(at: str, actor: str, action: str, record_type: str | None,
             detail: dict[str, Any]) -> str:
    """One audit entry as a sentence (with a line per changed field)."""
    what = RECORD_WORDS.get(record_type or "", (record_type or "entry").replace("_", " "))
    template = ACTIONS.get(action, action.replace("_", " ") + (" the {what}" if record_type else ""))
    pack = detail.get("pack")
    text = template.format(what=what, pack=f"the {str(pack).replace('-', ' ')}" if pack
                           else "a document", source=detail.get("source", "a file"),
                           document=_document_words(detail, what))
    when = words(at).strip("“”")
    lines = [f"{when}: {actor} {text}."]
    for change in detail.get("changes", []):
        name = change.get("field")
        if name in ("id", "type", "event_id", "crn"):
            continue
        old, new = change.get("old"), change.get("new")
        if old is None:
            lines.append(f"    {field_words(name).capitalize()}: {words(new)}.")
        elif new is None:
            lines.append(f"    {field_words(name).capitalize()} removed (was {words(old)}).")
        else:
            lines.append(f"    {field_words(name).capitalize()} changed from {words(old)} to "
                         f"{words(new)}.")
    return "\n".join(lines)
