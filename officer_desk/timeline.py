"""One event's history in date order: appointments, contacts, warnings, decisions, visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from officer_desk.caseload import EventFile


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a case's timeline; ``ref`` is the record's (type, id)."""

    at: datetime
    what: str
    detail: str
    ref: tuple[str, str]
    sensitive: bool = False


def timeline(ef: EventFile) -> list[TimelineEntry]:
    """Everything recorded on the event, newest first."""
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
    return sorted(out, key=lambda t: (t.at, t.ref), reverse=True)
