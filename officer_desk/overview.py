"""Caseload-wide views for the desktop: one row per person, today's diary, outcomes to record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from officer_desk.caseload import Caseload
from officer_desk.due import DueItem, due_items
from officer_desk.model import Appointment, Rosh
from officer_desk.policy import Policy

_ROSH_ORDER = {None: 0, Rosh.LOW: 1, Rosh.MEDIUM: 2, Rosh.HIGH: 3, Rosh.VERY_HIGH: 4}


@dataclass(frozen=True)
class CaseRow:
    """A person on the caseload as the caseload table shows them."""

    crn: str
    name: str
    event_kinds: str
    rosh: Rosh | None
    next_appointment: datetime | None
    overdue: int
    due: int

    @property
    def rosh_rank(self) -> int:
        """Sort key: very high first when sorted descending."""
        return _ROSH_ORDER[self.rosh]


def case_rows(caseload: Caseload, items: list[DueItem], now: datetime) -> list[CaseRow]:
    """One row per person, with their highest ROSH, next appointment and open items."""
    rows = []
    # Indexed once: a person's events and items by CRN (looking each up across the whole
    # caseload made this quadratic, a third of a second at team scale on every save).
    by_crn: dict[str, list[Any]] = {}
    for f in caseload.events.values():
        by_crn.setdefault(f.event.crn, []).append(f)
    items_by_crn: dict[str, list[DueItem]] = {}
    for i in items:
        items_by_crn.setdefault(i.crn, []).append(i)
    for crn, person in caseload.people.items():
        files = sorted(by_crn.get(crn, []), key=lambda f: (str(f.event.begins or ""), f.event.id))
        active = [f for f in files if f.event.end_date is None or f.event.end_date >= now.date()]
        shown = active or files
        kinds = ", ".join(sorted({f.event.kind.label for f in shown}))
        roshes = [f.event.rosh for f in shown if f.event.rosh]
        rosh = max(roshes, key=lambda r: _ROSH_ORDER[r]) if roshes else None
        upcoming = [a.start for f in files for a in f.appointments
                    if a.outcome is None and a.start >= now]
        mine = items_by_crn.get(crn, [])
        rows.append(CaseRow(crn, person.name, kinds, rosh, min(upcoming) if upcoming else None,
                            sum(i.overdue for i in mine), len(mine)))
    return sorted(rows, key=lambda r: (r.name.casefold(), r.crn))


@dataclass(frozen=True)
class DiaryEntry:
    """An appointment with who it is for."""

    appointment: Appointment
    crn: str
    name: str


def appointments_on(caseload: Caseload, day: date) -> list[DiaryEntry]:
    """Appointments falling on ``day``, in time order."""
    out = []
    for ef in caseload.events.values():
        person = caseload.people.get(ef.event.crn)
        for a in ef.appointments:
            if a.start.date() == day:
                out.append(DiaryEntry(a, ef.event.crn, person.name if person else ef.event.crn))
    return sorted(out, key=lambda d: d.appointment.start)


def outcomes_to_record(caseload: Caseload, now: datetime) -> list[DiaryEntry]:
    """Past appointments with no outcome recorded yet, oldest first."""
    out = []
    for ef in caseload.events.values():
        person = caseload.people.get(ef.event.crn)
        for a in ef.appointments:
            if a.outcome is None and a.start < now:
                out.append(DiaryEntry(a, ef.event.crn, person.name if person else ef.event.crn))
    return sorted(out, key=lambda d: d.appointment.start)


def caseload_state(caseload: Caseload, on: date, policy: Policy) -> tuple[int, int]:
    """(open items, overdue items) across the caseload, for the unlock screen."""
    items = due_items(caseload, on, policy, extended=True)
    return len(items), sum(i.overdue for i in items)
