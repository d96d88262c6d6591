"""One event's history in date order: appointments, contacts, warnings, decisions, visits."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time

from officer_desk.caseload import _LISTS, EventFile
from officer_desk.dates import uk_date
from officer_desk.inspection_rules import CHANGE_WORDS, ENQUIRY_KINDS
from officer_desk.model import RECORD_TYPES

# A home visit's outcome as recorded, in the words the officer chose it by.
VISIT_OUTCOMES = {"seen": "Seen at home", "not in": "Not in", "refused": "Refused entry",
                  "address not as stated": "Address not as stated"}


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a case's timeline; ``ref`` is the record's (type, id)."""

    at: datetime
    what: str
    detail: str
    ref: tuple[str, str]
    sensitive: bool = False
    voided: bool = False


def timeline(ef: EventFile) -> list[TimelineEntry]:
    """Everything recorded on the event, newest first; voided and corrected entries say so."""
    out = _entries(ef)
    if ef.voided:
        shadow = EventFile(ef.event)
        for obj in ef.voided:
            kind = _type_of(obj)
            getattr(shadow, _LISTS[kind]).append(obj)
        voided = {obj.id: obj.extra.get("voided") or {} for obj in ef.voided}
        for entry in _entries(shadow):
            note = voided.get(entry.ref[1], {})
            out.append(replace(entry, what=f"{entry.what} (voided)",
                               detail=f"Voided: {note.get('reason', '')}. Was: {entry.detail}",
                               voided=True))
    return sorted(out, key=lambda t: (t.at, t.ref), reverse=True)


def _type_of(obj: object) -> str:
    for kind, cls in RECORD_TYPES.items():
        if isinstance(obj, cls):
            return kind
    raise TypeError(type(obj).__name__)


def _corrected(entry: TimelineEntry, extra: dict[str, object]) -> TimelineEntry:
    history = extra.get("corrections")
    if not isinstance(history, list) or not history:
        return entry
    last = history[-1] if isinstance(history[-1], dict) else {}
    return replace(entry, detail=f"{entry.detail} (Corrected: {last.get('reason', '')})".strip())


def _entries(ef: EventFile) -> list[TimelineEntry]:
    out: list[TimelineEntry] = []
    for a in ef.appointments:
        outcome = a.outcome.label if a.outcome else "Not yet held"
        if a.is_failure:
            outcome += f" ({a.judgement.value})"
        out.append(TimelineEntry(a.start, f"Appointment: {a.kind.label.lower()}",
                                 f"{outcome}. {a.reason or a.notes or ''}".strip(),
                                 ("appointment", a.id), a.sensitive))
    for c in ef.contacts:
        out.append(TimelineEntry(c.at, f"Contact: {c.mode.value.replace('_', ' ')}",
                                 c.summary or "", ("contact", c.id), c.sensitive))
    for w in ef.warnings:
        count = len(w.failure_ids)
        out.append(TimelineEntry(datetime.combine(w.date, time(0)), "Warning",
                                 f"For {count} failure{'s' if count != 1 else ''}" if count
                                 else "No failures listed", ("warning", w.id)))
    for e in ef.enforcements:
        sent = (f"Submitted {e.submitted_at:%d %b %Y %H:%M}." if e.submitted_at
                else "Not submitted.")
        rationale = (e.rationale or "").strip()
        if rationale and not rationale.endswith("."):
            rationale += "."
        out.append(TimelineEntry(e.decided_at, f"Decision: {e.decision.value.replace('_', ' ')}",
                                 f"{rationale} {sent}".strip(), ("enforcement", e.id)))
    for h in ef.home_visits:
        out.append(TimelineEntry(h.done_at or h.planned_at,
                                 "Home visit" + ("" if h.done_at else " (planned)"),
                                 VISIT_OUTCOMES.get(h.outcome or "", h.outcome or "")
                                 or str(h.extra.get("purpose") or ""),
                                 ("home_visit", h.id)))
    for q in ef.enquiries:
        words = ENQUIRY_KINDS.get(q.kind, ("", q.kind))[1]
        answered = (f"answered {uk_date(q.returned_on)}: {q.result or ''}"
                    + (" (concerns)" if q.concerns else "") if q.returned_on else "not yet answered")
        out.append(TimelineEntry(datetime.combine(q.requested_on, time(0)), words,
                                 f"Requested; {answered}".strip(), ("enquiry", q.id)))
    for c in ef.changes:
        out.append(TimelineEntry(datetime.combine(c.on, time(0)),
                                 f"Change: {CHANGE_WORDS.get(c.kind, c.kind).lower()}",
                                 c.note or "", ("significant_change", c.id)))
    for o in ef.oversight:
        out.append(TimelineEntry(o.at, "Management oversight",
                                 f"{o.by}{f' ({o.grade})' if o.grade else ''}: {o.note}",
                                 ("oversight", o.id)))
    for p in ef.plans:
        out.append(TimelineEntry(datetime.combine(p.completed_on, time(0)), "Sentence plan",
                                 f"{len(p.objectives)} objective(s)", ("sentence_plan", p.id)))
    for r in ef.reviews:
        out.append(TimelineEntry(datetime.combine(r.completed_on, time(0)), "Review",
                                 "Review of risk and plan completed", ("review", r.id)))
    for a in ef.assessments:
        out.append(TimelineEntry(datetime.combine(a.completed_on, time(0)), "Assessment",
                                 f"ROSH {a.rosh.label if a.rosh else 'not recorded'}",
                                 ("assessment", a.id)))
    extras = {(kind, x.id): x.extra for kind, name in _LISTS.items() for x in getattr(ef, name)}
    return [_corrected(e, extras.get(e.ref, {})) for e in out]


def full_text(ef: EventFile, ref: tuple[str, str]) -> tuple[str, str]:
    """(title, text) of one entry in full, for reading: a decision with its reasons, a warning
    with the failures it was for, a visit with what was seen."""
    from officer_desk.audit_words import field_words, words
    from officer_desk.checklists import ANSWER_LABELS, questions_for
    from officer_desk.dates import uk_date, uk_datetime

    kind, record_id = ref
    every = {(k, x.id): x for k, name in _LISTS.items() for x in getattr(ef, name)}
    every.update({(_type_of(x), x.id): x for x in ef.voided})
    obj = every.get(ref)
    if obj is None:
        return "Entry", "This entry is no longer on the case."
    lines: list[str] = []
    extra = dict(getattr(obj, "extra", {}))
    if kind == "enforcement":
        title = f"Decision: {obj.decision.value.replace('_', ' ')}"
        lines.append(f"Decided {uk_datetime(obj.decided_at)}.")
        if obj.recall_type:
            lines.append(f"Recall type: {obj.recall_type.value.replace('_', ' ')}.")
        lines.append(f"Assessment and proposal: {obj.rationale or 'not recorded'}")
        checklist = extra.pop("checklist", {}) or {}
        pack = "recall" if obj.decision.value in ("recall", "no_recall") else "breach"
        for q in questions_for(pack):
            answer = checklist.get(q.key) or {}
            label = ANSWER_LABELS.get(str(answer.get("answer")), "not answered")
            reason = f" — {answer['reason']}" if answer.get("reason") else ""
            lines.append(f"{q.text} {label}{reason}")
        lines.append("Submitted " + (uk_datetime(obj.submitted_at) if obj.submitted_at
                                     else "not yet") + ".")
    elif kind == "warning":
        title = f"Warning of {uk_date(obj.date)}"
        failures = {a.id: a for a in ef.appointments}
        for fid in obj.failure_ids:
            a = failures.get(fid)
            lines.append(f"For: {a.kind.label.lower()} on {uk_datetime(a.start)}, "
                         f"{a.outcome.label.lower() if a.outcome else 'no outcome'}"
                         if a else f"For: an appointment no longer on the case ({fid})")
        lines.append("Letter sent " + (uk_date(obj.letter_sent_on) if obj.letter_sent_on
                                       else "not recorded") + ".")
    else:
        entry = next((e for e in timeline(ef) if e.ref == ref), None)
        title = entry.what if entry else kind.replace("_", " ").capitalize()
        if entry:
            lines.append(f"{uk_datetime(entry.at)}: {entry.detail}")
    skip = {"voided", "corrections", "sensitive"}
    for key, value in extra.items():
        if key not in skip and value not in (None, "", [], {}):
            lines.append(f"{field_words(key).capitalize()}: {words(value).strip('“”')}")
    voided = extra.get("voided")
    if isinstance(voided, dict):
        lines.append(f"Voided {words(voided.get('at')).strip('“”')}: {voided.get('reason', '')}")
    for c in extra.get("corrections") or []:
        if isinstance(c, dict):
            lines.append(f"Corrected {words(c.get('at')).strip('“”')}: {c.get('reason', '')}")
    return title, "\n".join(lines)
