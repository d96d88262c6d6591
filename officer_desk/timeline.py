"""One event's history in date order: appointments, contacts, warnings, decisions, visits."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time

from officer_desk.caseload import _LISTS, EventFile
from officer_desk.model import RECORD_TYPES


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
        out.append(TimelineEntry(a.start, f"Appointment: {a.kind.value.replace('_', ' ')}",
                                 f"{outcome}. {a.reason or a.notes or ''}".strip(),
                                 ("appointment", a.id), a.sensitive))
    for c in ef.contacts:
        out.append(TimelineEntry(c.at, f"Contact: {c.mode.value.replace('_', ' ')}",
                                 c.summary or "", ("contact", c.id), c.sensitive))
    for w in ef.warnings:
        out.append(TimelineEntry(datetime.combine(w.date, time(0)), "Warning",
                                 f"For {len(w.failure_ids)} failure(s)", ("warning", w.id)))
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
                                 h.outcome or str(h.extra.get("purpose") or ""),
                                 ("home_visit", h.id)))
    for p in ef.plans:
        out.append(TimelineEntry(datetime.combine(p.completed_on, time(0)), "Sentence plan",
                                 f"{len(p.objectives)} objective(s)", ("sentence_plan", p.id)))
    for r in ef.reviews:
        out.append(TimelineEntry(datetime.combine(r.completed_on, time(0)), "Review", "",
                                 ("review", r.id)))
    for a in ef.assessments:
        out.append(TimelineEntry(datetime.combine(a.completed_on, time(0)), "Assessment",
                                 f"ROSH {a.rosh.label if a.rosh else 'not recorded'}",
                                 ("assessment", a.id)))
    extras = {(kind, x.id): x.extra for kind, name in _LISTS.items() for x in getattr(ef, name)}
    return [_corrected(e, extras.get(e.ref, {})) for e in out]
