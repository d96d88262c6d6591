"""Contact-level schedules: how often an event needs contact, and whether it got it.

No national frequency survives in the seeds ("National probation standards were swept aside",
002:131); the level is the officer's judgement from risk and need (001:266, 001:366), so
schedules are policy entries the officer picks (the event's ``contact_level``) or that follow
from ROSH. Contacts and attended appointments both count; "just under half" of PSS cases had
enough contact (000:712), which is why shortfalls are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from officer_desk.caseload import EventFile
from officer_desk.model import Outcome, Rosh
from officer_desk.policy import Phase, Policy


def level_for(ef: EventFile, policy: Policy) -> str:
    """The schedule name: the event's own choice when it names one, else from ROSH."""
    chosen = ef.event.contact_level
    if chosen and chosen in policy.contact_levels:
        return chosen
    if ef.event.rosh in (Rosh.HIGH, Rosh.VERY_HIGH) and "high" in policy.contact_levels:
        return "high"
    return "standard" if "standard" in policy.contact_levels else next(iter(policy.contact_levels))


def phase_on(phases: tuple[Phase, ...], start: date, day: date) -> Phase:
    """The phase in force ``day`` for a schedule that began ``start``."""
    for phase in phases:
        if phase.until_weeks is None or day < start + timedelta(weeks=phase.until_weeks):
            return phase
    return phases[-1]


def contact_days(ef: EventFile, on: date) -> list[date]:
    """Days with a contact or an attended appointment, up to ``on``."""
    found = {c.at.date() for c in ef.contacts if c.at.date() <= on}
    found |= {a.start.date() for a in ef.appointments
              if a.outcome is Outcome.ATTENDED and a.start.date() <= on}
    return sorted(found)


def last_contact_day(ef: EventFile, on: date) -> date | None:
    """The latest of ``contact_days`` (found without building and sorting them all)."""
    last = None
    for c in ef.contacts:
        day = c.at.date()
        if day <= on and (last is None or day > last):
            last = day
    attended = Outcome.ATTENDED
    for a in ef.appointments:
        if a.outcome is attended:
            day = a.start.date()
            if day <= on and (last is None or day > last):
                last = day
    return last


@dataclass(frozen=True)
class NextContact:
    """When the next contact is due under the schedule."""

    level: str
    due: date
    last: date | None


def next_contact(ef: EventFile, on: date, policy: Policy) -> NextContact | None:
    """The next contact's due day, or None when the event is not running on ``on``."""
    start = ef.event.begins
    if start is None or start > on or (ef.event.end_date and ef.event.end_date < on):
        return None
    level = level_for(ef, policy)
    phases = policy.contact_levels[level][1]
    last = last_contact_day(ef, on)
    base = last or start
    return NextContact(level, base + timedelta(days=phase_on(phases, start, base).every_days), last)


@dataclass(frozen=True)
class PeriodCount:
    """Required versus actual contacts in one period of the schedule."""

    start: date
    end: date
    required: int
    actual: int

    @property
    def short(self) -> bool:
        """Fewer contacts than the schedule requires."""
        return self.actual < self.required


def contact_periods(ef: EventFile, on: date, policy: Policy) -> list[PeriodCount]:
    """Each schedule period from the start to ``on``: one contact required per period."""
    start = ef.event.begins
    if start is None or start > on:
        return []
    end = min(on, ef.event.end_date) if ef.event.end_date else on
    phases = policy.contact_levels[level_for(ef, policy)][1]
    days = contact_days(ef, end)
    out: list[PeriodCount] = []
    cursor = start
    while cursor <= end:
        length = phase_on(phases, start, cursor).every_days
        stop = min(cursor + timedelta(days=length - 1), end)
        actual = sum(1 for d in days if cursor <= d <= stop)
        complete = stop - cursor >= timedelta(days=length - 1)
        out.append(PeriodCount(cursor, stop, 1 if complete else 0, actual))
        cursor = stop + timedelta(days=1)
    return out
