"""Appointment planning: recurring series and clashes with what is already booked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from officer_desk.dates import uk_date
from officer_desk.errors import ValidationError
from officer_desk.model import Appointment
from officer_desk.working_days import holiday_name, is_working_day

RECURRENCE_DAYS = {"once": 0, "weekly": 7, "fortnightly": 14, "four-weekly": 28}
DEFAULT_LENGTH = timedelta(minutes=60)


def series(first: datetime, recurrence: str, count: int) -> list[datetime]:
    """Start times of a series; a date falling on a weekend or bank holiday moves to the
    next working day at the same time (officers do not see people on bank holidays)."""
    if recurrence not in RECURRENCE_DAYS:
        raise ValidationError(f"Unknown recurrence {recurrence!r}.")
    if not 1 <= count <= 52:
        raise ValidationError("A series has between 1 and 52 appointments.")
    step = RECURRENCE_DAYS[recurrence]
    out = []
    for n in range(count if step else 1):
        start = first + timedelta(days=step * n)
        while not is_working_day(start.date()):
            start += timedelta(days=1)
        out.append(start)
    return out


def moved(first: datetime, recurrence: str, count: int) -> list[str]:
    """Each date of the series that fell on a weekend or bank holiday, and where it went."""
    step = RECURRENCE_DAYS.get(recurrence, 0)
    out = []
    for n, start in enumerate(series(first, recurrence, count)):
        planned = first + timedelta(days=step * n)
        if planned.date() != start.date():
            why = holiday_name(planned.date()) or planned.strftime("%A")
            out.append(f"{uk_date(planned)} ({why}) moved to {start:%A} {uk_date(start)}")
    return out


def clashes(starts: Iterable[datetime], booked: Iterable[Appointment],
            length: timedelta = DEFAULT_LENGTH) -> list[tuple[datetime, Appointment]]:
    """New start times that overlap an existing appointment still to be held."""
    live = [a for a in booked if a.outcome is None]
    found = []
    for start in starts:
        for a in live:
            if start < a.start + length and a.start < start + length:
                found.append((start, a))
    return found
