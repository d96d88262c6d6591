"""Countersignature of recall decisions: what a signature binds to and where a request stands.

A signature is worth something only if it names what was read. It binds to the SHA-256 of the
Part A's content: the person, the licence, the decision and everything recorded on the licence
up to the moment of the decision, in one canonical form. Two laptops holding the same records
compute the same hash, so the SPO's desk checks what it shows against what was asked, and a
record changed since makes every earlier signature stale.

Statuses are the national Consider a Recall service's names. A recall needs the SPO's and then
the ACO's signature (the Part A's line-manager and senior-manager endorsements); a decision
not to recall the SPO's. The hub enforces all of this; the words and checks here are for the
officer, before anything goes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from officer_desk.caseload import Caseload
from officer_desk.codec import to_record
from officer_desk.dates import UK, uk_datetime
from officer_desk.errors import ValidationError
from officer_desk.model import Decision, Enforcement

STATUS_WORDS = {
    "PO_RECALL_CONSULT_SPO": "Discussed with the SPO",
    "SPO_SIGNATURE_REQUESTED": "Waiting for the SPO's countersignature",
    "SPO_RECORDED_RATIONALE": "The SPO has recorded their rationale",
    "SPO_SIGNED": "Countersigned by the SPO",
    "ACO_SIGNATURE_REQUESTED": "Countersigned by the SPO; waiting for the ACO",
    "ACO_SIGNED": "Countersigned by the SPO and the ACO",
    "RECALL_DECIDED": "Recall countersigned by the SPO and the ACO",
    "NO_RECALL_DECIDED": "Decision not to recall countersigned by the SPO",
}
GRADE_WORDS = {"PO": "Probation Officer", "PSO": "Probation Services Officer",
               "SPO": "Senior Probation Officer", "ACO": "Assistant Chief Officer"}
DECIDED = ("RECALL_DECIDED", "NO_RECALL_DECIDED")
_AWAITING = {"PO_RECALL_CONSULT_SPO": "SPO", "SPO_SIGNATURE_REQUESTED": "SPO",
             "SPO_RECORDED_RATIONALE": "SPO", "ACO_SIGNATURE_REQUESTED": "ACO"}
# Fields that are not the decision's content: when it was sent, and the typed endorsements
# a countersignature replaces.
_NOT_CONTENT = ("submitted_at",)


@dataclass(frozen=True)
class Signature:
    """One countersignature: who, as what, when, why, on which content."""

    username: str
    grade: str
    at: datetime
    content_sha256: str
    rationale: str
    name: str = ""  # as the national form names a countersigner: never by a login name
    phone: str = ""
    email: str = ""

    def as_json(self) -> dict[str, Any]:
        """The ``countersign list --json`` form (its contract's keys, then who signed)."""
        return {"username": self.username, "grade": self.grade,
                "at": self.at.isoformat(timespec="seconds"),
                "content_sha256": self.content_sha256, "rationale": self.rationale,
                "name": self.name, "phone": self.phone, "email": self.email}

    @property
    def signer(self) -> str:
        """The countersigner as a document names them."""
        return self.name or self.username

    @property
    def grade_words(self) -> str:
        """The grade as a reader knows it."""
        return GRADE_WORDS.get(self.grade, self.grade)


@dataclass(frozen=True)
class Recommendation:
    """A decision put to the managers, as the hub last said."""

    id: int
    crn: str
    event_id: str
    decision_id: str
    decision: str
    status: str
    content_sha256: str
    requested_by: str
    signatures: tuple[Signature, ...] = field(default_factory=tuple)

    @property
    def awaiting(self) -> str | None:
        """Whose signature is awaited: "SPO", "ACO" or nobody."""
        return _AWAITING.get(self.status)

    def as_json(self) -> dict[str, Any]:
        """The ``countersign list --json`` object (team-hub.md)."""
        return {"id": self.id, "crn": self.crn, "event_id": self.event_id,
                "decision_id": self.decision_id, "decision": self.decision,
                "status": self.status, "awaiting": self.awaiting,
                "content_sha256": self.content_sha256, "requested_by": self.requested_by,
                "signatures": [s.as_json() for s in self.signatures]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Recommendation:
        """Back from the stored form."""
        return cls(int(data["id"]), data["crn"], data["event_id"], data["decision_id"],
                   data.get("decision", "recall"), data["status"], data["content_sha256"],
                   data.get("requested_by", ""),
                   tuple(Signature(s["username"], s["grade"], _uk(s["at"]),
                                   s["content_sha256"], s.get("rationale") or "",
                                   s.get("name") or "", s.get("phone") or "",
                                   s.get("email") or "")
                         for s in data.get("signatures", [])))

    def current_signatures(self) -> list[Signature]:
        """The signatures on the content as it was last asked about (older ones are history)."""
        return [s for s in self.signatures if s.content_sha256 == self.content_sha256]


def _uk(text: str) -> datetime:
    """A hub time (with its offset) as UK local time, as every screen and page shows it."""
    at = datetime.fromisoformat(text)
    return at.astimezone(UK).replace(tzinfo=None) if at.tzinfo else at


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def part_a_content(caseload: Caseload, decision: Enforcement) -> dict[str, Any]:
    """What the Part A is made from, as of the decision (later records are not its content)."""
    ef = caseload.events.get(decision.event_id)
    if ef is None:
        raise ValidationError(f"There is no event {decision.event_id!r} in this caseload.")
    person = caseload.people.get(ef.event.crn)
    cut = decision.decided_at
    day = cut.date()
    records: list[Any] = [ef.event]
    records += [a for a in ef.appointments if a.start <= cut]
    records += [c for c in ef.contacts if c.at <= cut]
    records += [w for w in ef.warnings if w.date <= day]
    records += [h for h in ef.home_visits if h.planned_at <= cut]
    records += [a for a in ef.assessments if a.completed_on <= day]
    records += [p for p in ef.plans if p.completed_on <= day]
    records += [r for r in ef.reviews if r.completed_on <= day]
    records += [e for e in ef.enforcements if e.decided_at < cut]
    decided = to_record(decision)
    for key in _NOT_CONTENT:
        decided.pop(key, None)
    content = [to_record(r) for r in records] + [decided]
    if person is not None:
        content.insert(0, to_record(person))
    return {"part_a": sorted((_strip(r) for r in content), key=lambda r: (r["type"], r["id"]))}


def content_sha256(caseload: Caseload, decision: Enforcement) -> str:
    """The hash a countersignature binds to."""
    text = json.dumps(part_a_content(caseload, decision), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def latest_decision(caseload: Caseload, event_id: str) -> Enforcement:
    """The event's latest recall or no-recall decision: what a request is about."""
    ef = caseload.events.get(event_id)
    if ef is None:
        raise ValidationError(f"There is no event {event_id!r} in this caseload.")
    found = [e for e in ef.enforcements if e.decision in (Decision.RECALL, Decision.NO_RECALL)]
    if not found:
        raise ValidationError("There is no recall decision on this licence to countersign: "
                              "record the decision first.")
    return found[-1]


def standing(rec: Recommendation | None, current_sha: str | None) -> str:
    """Where the countersignature stands, in one sentence for the officer."""
    if rec is None:
        return "Not yet sent for countersignature."
    words = STATUS_WORDS.get(rec.status, rec.status)
    if current_sha is not None and current_sha != rec.content_sha256:
        return (f"{words} — but the Part A has changed since it was sent: ask for "
                "countersignature again.")
    return words + "."


def submit_refusal(rec: Recommendation | None, current_sha: str) -> str | None:
    """Why a recall cannot yet be marked as sent to PPCS (None when it can)."""
    if rec is None:
        return ("A recall goes to PPCS only once the SPO and the ACO have countersigned it: "
                "ask for countersignature first.")
    if rec.content_sha256 != current_sha:
        return ("The Part A has changed since it was countersigned: ask for countersignature "
                "again.")
    if rec.status != "RECALL_DECIDED":
        return (f"{STATUS_WORDS.get(rec.status, rec.status)}: a recall goes to PPCS only once "
                "the SPO and the ACO have countersigned it.")
    return None


def frozen_refusal(rec: Recommendation | None) -> str | None:
    """Why the decision cannot be edited now (None when it can).

    Once countersignature is asked for, the decision is what the managers read and sign: the
    hub refuses any change to it from then on, so the laptop says so first.
    """
    if rec is None:
        return None
    if rec.status not in DECIDED:
        return ("This decision is with the managers for countersignature and cannot change "
                "until they have signed. Record a new decision if it must change.")
    return ("This decision has been countersigned and cannot change. Record a new decision if "
            "it must change.")


def signature_lines(rec: Recommendation) -> list[tuple[str, str]]:
    """Each current signature as label and words, for the Part A and the screen."""
    lines = []
    for s in rec.current_signatures():
        lines.append((f"{s.grade_words} ({s.grade})",
                      f"{s.signer}, {uk_datetime(s.at)}: {s.rationale}"))
    return lines


SETTING = "hub_countersign"  # the hub's answer, as of the last sync, kept in the caseload
LINK_SETTING = "hub_link"


def team_state(store: Any) -> tuple[bool, list[Recommendation]]:
    """Is the caseload on a team hub, and the recommendations as last seen there."""
    setting = getattr(store, "setting", None)
    if setting is None:
        return False, []
    linked = isinstance(setting(LINK_SETTING), dict)
    return linked, [Recommendation.from_json(x) for x in setting(SETTING, []) or []]


def for_decision(recs: list[Recommendation], decision_id: str) -> Recommendation | None:
    """The recommendation about one decision, if it was asked for."""
    return next((r for r in recs if r.decision_id == decision_id), None)
