"""The caseload as the rules see it: people, their events, and each event's history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from officer_desk.codec import adopter, decoder
from officer_desk.model import (
    FAILED_OUTCOMES,
    Appointment,
    Assessment,
    Contact,
    Enforcement,
    Enquiry,
    Event,
    HomeVisit,
    Oversight,
    Person,
    Review,
    SentencePlan,
    SignificantChange,
    Warning,
)

# Date order, ties by id (attribute getters: the sort asks for a key per entry).
_BY_START = attrgetter("start", "id")
_BY_AT = attrgetter("at", "id")


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
        self.appointments.sort(key=_BY_START)
        self.contacts.sort(key=_BY_AT)
        self.warnings.sort(key=attrgetter("date", "id"))
        # Two on the same day: the one recorded later is the latest (ids are random).
        self.assessments.sort(key=lambda a: (a.completed_on, str(a.extra.get("recorded_at", "")),
                                             a.id))
        self.plans.sort(key=lambda p: (p.completed_on, str(p.extra.get("recorded_at", "")),
                                       p.id))
        self.reviews.sort(key=attrgetter("completed_on", "id"))
        self.enforcements.sort(key=attrgetter("decided_at", "id"))
        self.home_visits.sort(key=attrgetter("planned_at", "id"))
        self.oversight.sort(key=_BY_AT)
        self.enquiries.sort(key=attrgetter("requested_on", "id"))
        self.changes.sort(key=attrgetter("on", "id"))

    @property
    def failures(self) -> list[Appointment]:
        """Appointments failed (to attend or to comply), in date order."""
        failed = FAILED_OUTCOMES  # asked several times per event: no property calls per row
        return [a for a in self.appointments if a.outcome in failed]




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


def build_caseload(records: Iterable[dict[str, Any]], consume: bool = False) -> Caseload:
    """Assemble a caseload from exchange records (already validated).

    Records are taken a type at a time (one decoder and one list name for each type, not a
    look-up per record: loading a team's overview is tens of thousands of them). ``consume``:
    the records' dicts become the objects' own (the caller must not use them again).
    """
    make = adopter if consume else decoder
    caseload = Caseload()
    by_type: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        kind = rec["type"]
        group = by_type.get(kind)
        if group is None:
            group = by_type[kind] = []
        group.append(rec)
    people, events = caseload.people, caseload.events
    decode = make("person")
    for rec in by_type.pop("person", ()):
        obj = decode(rec)
        people[obj.crn] = obj
    decode = make("event")
    for rec in by_type.pop("event", ()):
        obj = decode(rec)
        events[obj.id] = EventFile(obj)
    for kind, group in by_type.items():
        decode, name = make(kind), _LISTS[kind]
        for obj in map(decode, group):
            ef = events.get(obj.event_id)
            if ef is not None:
                if obj.extra and obj.extra.get("voided"):
                    ef.voided.append(obj)
                else:
                    getattr(ef, name).append(obj)
    for ef in events.values():
        ef.sort()
    return caseload
