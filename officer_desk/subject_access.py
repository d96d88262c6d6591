"""A subject access copy: what a person gets of everything held on them, and what is held back.

A person has a right of access to their own data (Data Protection Act 2018 Part 3, s45), but not
to what was recorded about other people (victims, partners, children, the household) nor to what
the officer marked sensitive (withheld from the person in every document, ``disclosure``). Those
are exemptions a data protection officer decides on, item by item, so nothing is dropped in
silence: each withheld field is listed for them with the reason. This module is that one rule,
shared by the command line, the desktop and the PDF index; the values held back never leave it
in the disclosed part, and the held-back list names fields, never their text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from officer_desk.audit_words import RECORD_WORDS, field_words, sentence
from officer_desk.dates import uk_date, uk_datetime

FORMAT = "officer-desk-subject-access"
VERSION = 1

# The reasons, in the words the data protection officer reads.
SENSITIVE = ("marked sensitive by the officer: withheld from the person in every document; "
             "for the data protection officer to decide")
VICTIMS = "about the victims of the offence (third parties)"
AT_RISK = "about the people at risk from the person (third parties)"
OTHERS = "about other people the person knows, and where they live (third parties)"
POLICE = "a police officer's contact details (a third party)"
HOUSEHOLD = "about the other people in the home (third parties)"
CHILDREN = "about children (third parties)"
SAFEGUARDING = "safeguarding concerns about other people (third parties)"
HOME_RISK = "risk information for staff safety, which may concern others in the household"
ENQUIRY = "what the police or children's services said, which concerns other people"
NOT_FOR_PERSON = "marked by the officer as not to be disclosed to the person"
OFFENCE = "the analysis of the offence, which may describe its victim (a third party)"
PARTNER_CHANGE = "about a new partner or the children in the household (third parties)"

# Fields about other people, by record kind: never in the copy, whatever the record says.
THIRD_PARTY_FIELDS: dict[str, dict[str, str]] = {
    "event": {"index_offence_analysis": OFFENCE},
    "enforcement": {"victims": VICTIMS, "rosh_narrative": AT_RISK, "rosh_to": AT_RISK,
                    "other_addresses": OTHERS, "police_contact_name": POLICE,
                    "police_contact_phone": POLICE, "police_contact_email": POLICE,
                    "non_disclosable": NOT_FOR_PERSON},
    "home_visit": {"people_present": HOUSEHOLD, "children": CHILDREN,
                   "safeguarding": SAFEGUARDING, "risk_info": HOME_RISK},
    "assessment": {"at_risk": AT_RISK},
    "enquiry": {"result": ENQUIRY},
}
# A change of circumstances whose note is about someone else by its kind.
THIRD_PARTY_CHANGES = ("new_partner", "children_in_household")

# Fields that state facts (dates, codes, who decided): kept even on a record marked sensitive,
# as a document for the person keeps the date and that they did not attend.
FACT_FIELDS = frozenset({
    "type", "id", "crn", "event_id", "start", "kind", "outcome", "absence",
    "absence_decided_on", "serious", "at", "mode", "date", "failure_ids", "letter_sent_on",
    "completed_on", "rosh", "likelihood_of_reoffending", "decided_at", "decision",
    "recall_type", "submitted_at", "planned_at", "done_at", "requested_on", "returned_on",
    "concerns", "on", "by", "grade", "about", "checkin_by", "recorded_at", "rescheduled_by",
    "rescheduled_from", "sensitive", "given_name", "family_name", "date_of_birth",
    "sentence_date", "allocation_date", "start_date", "end_date", "release_date",
})
# Kept on every record, handled field by field below.
BOOKKEEPING = ("voided", "corrections", "non_disclosable_fields")

DATE_KEY = {"appointment": "start", "contact": "at", "warning": "date",
            "assessment": "completed_on", "sentence_plan": "completed_on",
            "review": "completed_on", "enforcement": "decided_at", "home_visit": "planned_at",
            "event": "start_date", "oversight": "at", "enquiry": "requested_on",
            "significant_change": "on", "person": None}

# Issued documents that carry, by design, text the person is not given: included byte for byte
# (the copy holds what was issued) and named for the data protection officer to review first.
DOCUMENTS_TO_REVIEW = {
    "recall": "a recall report (Part A) has a section not to be disclosed to the person "
              "(victims, vulnerabilities, who is at risk)",
    "home-visit": "a home visit record names the people present, children in the home and "
                  "safeguarding concerns",
    "readiness": "an inspection readiness report is written for the officer and their manager",
}


@dataclass(frozen=True)
class HeldBack:
    """One field not in the copy: which record, its date, which field, and why."""

    record_type: str
    record_id: str
    date: str | None
    field: str
    reason: str
    where: str = "record"  # "record", "audit" (a change in the trail) or "hub"

    def as_json(self) -> dict[str, Any]:
        """The ``held-back.json`` item (ISO dates, no held-back text)."""
        return {"record_type": self.record_type, "record_id": self.record_id,
                "date": self.date, "field": self.field, "reason": self.reason,
                "where": self.where}

    def words(self) -> str:
        """The item as the data protection officer reads it."""
        what = RECORD_WORDS.get(self.record_type, self.record_type.replace("_", " "))
        when = f" of {value_words(self.date)}" if self.date else ""
        where = {"audit": " (a change in the audit trail)",
                 "hub": " (as last heard from the team hub)"}.get(self.where, "")
        return (f"{what.capitalize()}{when} ({self.record_id}): {field_words(self.field)}"
                f"{where}. Held back: {self.reason}.")


@dataclass
class Split:
    """A record divided: what the person gets, and what is listed for the DPO."""

    disclosed: dict[str, Any]
    held_back: list[HeldBack] = field(default_factory=list)


def record_date(record: Mapping[str, Any]) -> str | None:
    """The date a record is filed under (ISO), or None."""
    key = DATE_KEY.get(str(record.get("type")))
    value = record.get(key) if key else None
    return value if isinstance(value, str) else None


def _has_text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return value is not None and not isinstance(value, bool | int | float)


def is_sensitive(record: Mapping[str, Any]) -> bool:
    """Marked sensitive by the officer."""
    return record.get("sensitive") is True


def held_reason(record: Mapping[str, Any], name: str) -> str | None:
    """Why field ``name`` of ``record`` is held back from the person, or None to disclose it."""
    kind = str(record.get("type"))
    reason = THIRD_PARTY_FIELDS.get(kind, {}).get(name)
    if reason:
        return reason
    if kind == "significant_change" and name == "note" and record.get(
            "kind") in THIRD_PARTY_CHANGES:
        return PARTNER_CHANGE
    marked = record.get("non_disclosable_fields")
    if kind == "enforcement" and isinstance(marked, list) and name in marked:
        return NOT_FOR_PERSON
    if is_sensitive(record) and name not in FACT_FIELDS and name not in BOOKKEEPING:
        return SENSITIVE
    return None


def split_record(record: Mapping[str, Any]) -> Split:
    """The record's disclosed fields, and an item for each field held back (never its text).

    A correction's earlier values and a void's reason follow the same rule as the field they
    were about, so a held-back value cannot come back through the record's history.
    """
    kind, rid, when = str(record.get("type")), str(record.get("id")), record_date(record)
    out = Split({})
    for name, value in record.items():
        if name == "non_disclosable_fields":
            continue
        if name in ("voided", "corrections"):
            continue
        reason = held_reason(record, name)
        if reason and _has_text(value):
            out.held_back.append(HeldBack(kind, rid, when, name, reason))
        elif not reason:
            out.disclosed[name] = value
    voided = record.get("voided")
    if isinstance(voided, dict):
        shown = {k: v for k, v in voided.items() if k != "reason"}
        if is_sensitive(record) and _has_text(voided.get("reason")):
            out.held_back.append(HeldBack(kind, rid, when, "void_reason", SENSITIVE))
        elif "reason" in voided:
            shown["reason"] = voided["reason"]
        out.disclosed["voided"] = shown
    corrections = record.get("corrections")
    if isinstance(corrections, list):
        history = []
        for item in corrections:
            if not isinstance(item, dict):
                continue
            before = item.get("before") if isinstance(item.get("before"), dict) else {}
            kept: dict[str, Any] = {}
            for name, value in before.items():
                reason = held_reason(record, name)
                if reason and _has_text(value):
                    out.held_back.append(HeldBack(kind, rid, when, f"{name}_before_correction",
                                                  reason))
                elif not reason:
                    kept[name] = value
            entry = {"at": item.get("at"), "before": kept}
            if is_sensitive(record) and _has_text(item.get("reason")):
                out.held_back.append(HeldBack(kind, rid, when, "correction_reason", SENSITIVE))
            else:
                entry["reason"] = item.get("reason")
            history.append(entry)
        out.disclosed["corrections"] = history
    return out


# --- the audit trail -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditLine:
    """One audit entry about the person, as a sentence with nothing held back in it."""

    at: str
    actor: str
    action: str
    record_type: str | None
    record_id: str | None
    sentence: str

    def as_json(self) -> dict[str, Any]:
        """The copy's JSON form."""
        return {"at": self.at, "actor": self.actor, "action": self.action,
                "record_type": self.record_type, "record_id": self.record_id,
                "sentence": self.sentence}


def audit_line(at: str, actor: str, action: str, record_type: str | None,
               record_id: str | None, detail: Mapping[str, Any],
               record: Mapping[str, Any] | None) -> tuple[AuditLine, list[HeldBack]]:
    """An audit entry in words, its changes to held-back fields left out and listed instead.

    The trail keeps every value before and after a change, so without this a victim's name
    recorded once would come back in the sentence about its recording.
    """
    current = dict(record or {"type": record_type or "", "id": record_id or ""})
    changes = detail.get("changes") if isinstance(detail.get("changes"), list) else []
    ever_sensitive = is_sensitive(current) or any(
        isinstance(c, dict) and c.get("field") == "sensitive" and True in (c.get("old"),
                                                                           c.get("new"))
        for c in changes)
    probe = {**current, "sensitive": True} if ever_sensitive else current
    kept, held = [], []
    for change in changes:
        if not isinstance(change, dict):
            continue
        name = str(change.get("field"))
        reason = held_reason(probe, name)
        if name == "voided" and ever_sensitive:
            reason = SENSITIVE
        if name == "corrections":
            reason = None  # said as a count of items, never their values
        if reason:
            held.append(HeldBack(record_type or "entry", record_id or "", at, name, reason,
                                 "audit"))
        else:
            kept.append(change)
    safe = {k: v for k, v in detail.items() if k != "changes"}
    if kept:
        safe["changes"] = kept
    text = sentence(at, actor, action, record_type, safe)
    if held:
        text += f"\n    ({len(held)} change{'s' if len(held) != 1 else ''} held back: listed " \
                "for the data protection officer.)"
    return AuditLine(at, actor, action, record_type, record_id, text), held


# --- what the team hub last said --------------------------------------------------------------


def hub_view(crn: str, linked: bool, settings: Mapping[str, Any],
             records: Mapping[tuple[str, str], Mapping[str, Any]]
             ) -> tuple[dict[str, Any] | None, list[HeldBack]]:
    """What this laptop last heard from the team hub about the person (never asked anew).

    ``settings`` holds the caseload's kept hub state (``hub_last_sync``, ``hub_countersign``,
    ``hub_conflicts``, ``hub_quarantine``, ``hub_team``); the link itself (address, login) is
    not about the person and is never copied.
    """
    if not linked:
        return None, []
    held: list[HeldBack] = []

    def record_of(kind: str, rid: str) -> dict[str, Any]:
        return dict(records.get((kind, rid)) or {"type": kind, "id": rid})

    countersign = []
    for rec in settings.get("hub_countersign") or []:
        if not isinstance(rec, dict) or rec.get("crn") != crn:
            continue
        decision = record_of("enforcement", str(rec.get("decision_id")))
        signatures = []
        for s in rec.get("signatures") or []:
            sig = {k: s.get(k) for k in ("username", "grade", "at")}
            if is_sensitive(decision) and _has_text(s.get("rationale")):
                held.append(HeldBack("enforcement", str(rec.get("decision_id")), s.get("at"),
                                     "countersignature_rationale", SENSITIVE, "hub"))
            else:
                sig["rationale"] = s.get("rationale")
            signatures.append(sig)
        countersign.append({"decision_id": rec.get("decision_id"),
                            "decision": rec.get("decision"), "status": rec.get("status"),
                            "requested_by": rec.get("requested_by"), "signatures": signatures})
    conflicts = []
    for c in settings.get("hub_conflicts") or []:
        if not isinstance(c, dict) or c.get("crn") != crn:
            continue
        kind, rid, name = str(c.get("record_type")), str(c.get("record_id")), str(c.get("field"))
        item = {k: c.get(k) for k in ("record_type", "record_id", "field", "theirs_by",
                                      "theirs_at")}
        rec = record_of(kind, rid)
        for side in ("mine", "theirs", "base"):
            value = c.get(side)
            if name == "*" and isinstance(value, dict):
                part = split_record({**rec, **value, "type": kind, "id": rid})
                item[side] = part.disclosed
                held += [HeldBack(h.record_type, h.record_id, h.date, f"{h.field} ({side})",
                                  h.reason, "hub") for h in part.held_back]
                continue
            reason = held_reason(rec, name)
            if reason and _has_text(value):
                held.append(HeldBack(kind, rid, record_date(rec), f"{name} ({side})", reason,
                                     "hub"))
            elif not reason:
                item[side] = value
        conflicts.append(item)
    late = []
    for q in settings.get("hub_quarantine") or []:
        if not isinstance(q, dict) or q.get("crn") != crn:
            continue
        kind, rid = str(q.get("record_type")), str(q.get("record_id"))
        rec = record_of(kind, rid)
        changes = q.get("changes") if isinstance(q.get("changes"), dict) else {}
        probe = {**rec, **{k: v for k, v in changes.items() if k == "sensitive"}}
        kept = {}
        for name, value in changes.items():
            reason = held_reason(probe, name)
            if reason and _has_text(value):
                held.append(HeldBack(kind, rid, q.get("arrived_at"), name, reason, "hub"))
            elif not reason:
                kept[name] = value
        late.append({"record_type": kind, "record_id": rid, "kind": q.get("kind"),
                     "from": q.get("from"), "arrived_at": q.get("arrived_at"),
                     "changes": kept})
    team = settings.get("hub_team") if isinstance(settings.get("hub_team"), dict) else {}
    holders = [{"username": c.get("username"), "kind": c.get("kind"), "until": c.get("until")}
               for c in team.get("cases", []) if isinstance(c, dict) and c.get("crn") == crn]
    return {"last_sync": settings.get("hub_last_sync"), "countersignatures": countersign,
            "conflicts": conflicts, "late_changes": late, "held_by": holders}, held


# --- in words ---------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")


def value_words(value: Any) -> str:
    """A stored value in full, as the person reads it: UK dates, codes in words."""
    if value is None or value == "" or value == [] or value == {}:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        try:
            if _ISO_DATETIME.match(value):
                moment = datetime.fromisoformat(value)
                return uk_datetime(moment.replace(tzinfo=None) if moment.tzinfo else moment)
            if _ISO_DATE.match(value):
                return uk_date(date.fromisoformat(value))
        except ValueError:
            return value
        return value.replace("_", " ") if _CODE.match(value) else value
    if isinstance(value, list):
        return "; ".join(value_words(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{field_words(str(k))}: {value_words(v)}" for k, v in value.items())
    return str(value)


def heading(record: Mapping[str, Any]) -> str:
    """A record's one-line title: what it is, its kind, its date."""
    kind = str(record.get("type"))
    what = RECORD_WORDS.get(kind, kind.replace("_", " ")).capitalize()
    sub = record.get("kind") or record.get("mode") or record.get("decision")
    when = record_date(record)
    text = what + (f" ({value_words(sub)})" if isinstance(sub, str) else "")
    text += f", {value_words(when)}" if when else ""
    if record.get("voided"):
        text += " — voided"
    return text


def rows(disclosed: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A disclosed record as (label, words) rows, corrections and the void last."""
    out = []
    for name, value in disclosed.items():
        if name in ("type", "id", "event_id", "voided", "corrections", "sensitive"):
            continue
        words = field_words(name)
        out.append((words[:1].upper() + words[1:], value_words(value)))  # "CRN" stays CRN
    voided = disclosed.get("voided")
    if isinstance(voided, dict):
        said = f"on {value_words(voided.get('at'))}"
        if voided.get("reason"):
            said += f": {voided['reason']}"
        out.append(("Voided (entered in error)", said))
    for item in disclosed.get("corrections") or []:
        before = "; ".join(f"{field_words(k)} was {value_words(v)}"
                           for k, v in (item.get("before") or {}).items())
        said = f"on {value_words(item.get('at'))}" + (f": {item['reason']}"
                                                      if item.get("reason") else "")
        out.append(("Corrected", said + (f" ({before})" if before else "")))
    return out


def sort_key(record: Mapping[str, Any]) -> tuple[int, str, str]:
    """The person first, then everything in date order (undated last)."""
    if record.get("type") == "person":
        return (0, "", str(record.get("id")))
    when = record_date(record)
    return (1 if when else 2, when or "", str(record.get("id")))


def ordered(records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Records in the order the copy lists them."""
    return sorted(records, key=sort_key)


# --- the copy as a whole ----------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentEntry:
    """An issued document in the copy: its file name, what it is, its SHA-256."""

    file: str
    title: str
    issued: str  # "version 1, issued 4 Jun 2026 10:00 by ..."
    sha256: str
    meta: dict[str, Any]
    review: str | None = None  # why the DPO should read it before it is sent

    def as_json(self) -> dict[str, Any]:
        """The copy's JSON form."""
        return {**self.meta, "file": self.file, "title": self.title,
                "to_review": self.review}


@dataclass
class Copy:
    """Everything the person gets, and the held-back list: the JSON files and the PDF index
    are both made from this one object, so they cannot disagree."""

    crn: str
    name: str
    made_at: datetime
    made_by: str
    records: list[Split]
    documents: list[DocumentEntry]
    audit: list[AuditLine]
    hub: dict[str, Any] | None
    held_back: list[HeldBack]

    def counts(self) -> dict[str, int]:
        """How many of each thing the copy holds."""
        out: dict[str, int] = {}
        for split in self.records:
            kind = str(split.disclosed.get("type"))
            out[kind] = out.get(kind, 0) + 1
        return out

    def included_words(self) -> list[tuple[str, str]]:
        """(what, how many) for the index's list of what is included."""
        rows_ = [(RECORD_WORDS.get(k, k.replace("_", " ")).capitalize() + " records", str(n))
                 for k, n in self.counts().items()]
        rows_ += [("Issued letters and documents (each a file, byte for byte)",
                   str(len(self.documents))),
                  ("Entries in the audit trail", str(len(self.audit))),
                  ("Items held back for the data protection officer", str(len(self.held_back)))]
        if self.hub is not None:
            rows_.append(("What the team hub last said", "included"))
        return rows_

    def as_json(self) -> dict[str, Any]:
        """``subject-access.json``: ISO dates, the disclosed fields as stored."""
        return {"format": FORMAT, "version": VERSION, "crn": self.crn, "name": self.name,
                "made_at": self.made_at.isoformat(timespec="seconds"), "made_by": self.made_by,
                "counts": self.counts(),
                "records": [s.disclosed for s in self.records],
                "documents": [d.as_json() for d in self.documents],
                "audit": [a.as_json() for a in self.audit],
                "team_hub": self.hub,
                "held_back": {"count": len(self.held_back), "listed_in": "held-back.json"}}

    def held_back_json(self) -> dict[str, Any]:
        """``held-back.json``: for the data protection officer, item by item, no text."""
        return {"format": FORMAT + "-held-back", "version": VERSION, "crn": self.crn,
                "made_at": self.made_at.isoformat(timespec="seconds"),
                "note": "Each item is a field not in the copy and why; its text stays in the "
                        "caseload (find it by record type and id). Decide on each before the "
                        "copy is sent.",
                "items": [h.as_json() for h in self.held_back],
                "documents_to_review": [{"file": d.file, "sha256": d.sha256, "why": d.review}
                                        for d in self.documents if d.review]}


def build_copy(crn: str, made_at: datetime, made_by: str,
               records: Iterable[Mapping[str, Any]], documents: list[DocumentEntry],
               audit_entries: Iterable[tuple[str, str, str, str | None, str | None,
                                             Mapping[str, Any]]],
               hub: tuple[dict[str, Any] | None, list[HeldBack]] = (None, [])) -> Copy:
    """Split every record and audit entry by the one rule and put the copy together.

    ``audit_entries`` are (at, actor, action, record_type, record_id, detail), any order.
    """
    stored = list(records)
    by_key = {(str(r.get("type")), str(r.get("id"))): r for r in stored}
    person = next((r for r in stored if r.get("type") == "person"), {})
    name = f"{person.get('given_name', '')} {person.get('family_name', '')}".strip() or crn
    splits = [split_record(r) for r in ordered(stored)]
    held = [h for s in splits for h in s.held_back]
    lines = []
    for at, actor, action, rtype, rid, detail in sorted(audit_entries, key=lambda e: e[0]):
        line, more = audit_line(at, actor, action, rtype, rid, detail,
                                by_key.get((rtype or "", rid or "")))
        lines.append(line)
        held += more
    hub_part, hub_held = hub
    return Copy(crn, name, made_at, made_by, splits, documents, lines, hub_part,
                held + hub_held)
