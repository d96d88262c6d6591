"""The caseload as the rules see it: people, their events, and each event's history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from officer_desk.codec import from_record
from officer_desk.model import (
    Appointment,
    Assessment,
    Contact,
    Enforcement,
    Enquiry,
    Event,
    HomeVisit,
    Outcome,
    Oversight,
    Person,
    Review,
    SentencePlan,
    SignificantChange,
    Warning,
)


@dataclass
class EventFile:
    """One event with everything recorded against it, each list in date order."""

    event: Event
    appointments: list[Appointment] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    plans: list[SentencePlan] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    enforcements: list[Enforcement] = field(default_factory=list)
    home_visits: list[HomeVisit] = field(default_factory=list)
    oversight: list[Oversight] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    changes: list[SignificantChange] = field(default_factory=list)
    # Entries voided as made in error: shown in the timeline, left out of every rule.
    voided: list[Any] = field(default_factory=list)

    def sort(self) -> None:
        """Date order, ties by id, so every rule sees the same sequence."""
        self.appointments.sort(key=lambda a: (a.start, a.id))
        self.contacts.sort(key=lambda c: (c.at, c.id))
        self.warnings.sort(key=lambda w: (w.date, w.id))
        # Two on the same day: the one recorded later is the latest (ids are random).
        self.assessments.sort(key=lambda a: (a.completed_on, str(a.extra.get("recorded_at", "")),
                                             a.id))
        self.plans.sort(key=lambda p: (p.completed_on, str(p.extra.get("recorded_at", "")),
                                       p.id))
        self.reviews.sort(key=lambda r: (r.completed_on, r.id))
        self.enforcements.sort(key=lambda e: (e.decided_at, e.id))
        self.home_visits.sort(key=lambda h: (h.planned_at, h.id))
        self.oversight.sort(key=lambda o: (o.at, o.id))
        self.enquiries.sort(key=lambda q: (q.requested_on, q.id))
        self.changes.sort(key=lambda c: (c.on, c.id))

    @property
    def failures(self) -> list[Appointment]:
        """Appointments failed (to attend or to comply), in date order."""
        failed = _FAILED  # the rules ask several times per event: no property calls per row
        return [a for a in self.appointments if a.outcome in failed]


_FAILED = (Outcome.FAILED_TO_ATTEND, Outcome.FAILED_TO_COMPLY)


@dataclass
class Caseload:
    """Everyone on the officer's caseload, indexed for the rules and the screens."""

    people: dict[str, Person] = field(default_factory=dict)  # by CRN
    events: dict[str, EventFile] = field(default_factory=dict)  # by event id
    partial: bool = False  # an overview: appointments and contacts only as the rules need them

    def events_of(self, crn: str) -> list[EventFile]:
        """A person's events, oldest first."""
        found = [f for f in self.events.values() if f.event.crn == crn]
        return sorted(found, key=lambda f: (str(f.event.begins or ""), f.event.id))

    def person_of(self, event_id: str) -> Person | None:
        """The person an event belongs to."""
        ef = self.events.get(event_id)
        return self.people.get(ef.event.crn) if ef else None


_LISTS = {
    "appointment": "appointments",
    "contact": "contacts",
    "warning": "warnings",
    "assessment": "assessments",
    "sentence_plan": "plans",
    "review": "reviews",
    "enforcement": "enforcements",
    "home_visit": "home_visits",
    "oversight": "oversight",
    "enquiry": "enquiries",
    "significant_change": "changes",
}


def build_caseload(records: Iterable[dict[str, Any]]) -> Caseload:
    """Assemble a caseload from exchange records (already validated)."""
    caseload = Caseload()
    pending: list[tuple[str, Any]] = []
    for rec in records:
        obj = from_record(rec)
        kind = rec["type"]
        if kind == "person":
            caseload.people[obj.crn] = obj
        elif kind == "event":
            caseload.events[obj.id] = EventFile(obj)
        else:
            pending.append((kind, obj))
    for kind, obj in pending:
        ef = caseload.events.get(obj.event_id)
        if ef is not None:
            if obj.extra.get("voided"):
                ef.voided.append(obj)
            else:
                getattr(ef, _LISTS[kind]).append(obj)
    for ef in caseload.events.values():
        ef.sort()
    return caseload
