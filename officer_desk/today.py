"""Today's order of work: what is statutory and counted in hours before routine contact.

A Part A due in two hours must not sit in the list looking like a contact due this week, so
every open item gets a priority class and a countdown in words, from the same items ``due``
gives (never a second copy of the rules).
"""

from __future__ import annotations

import bisect
from datetime import date, datetime

from officer_desk.caseload import Caseload
from officer_desk.dates import UK, uk_datetime
from officer_desk.due import DueItem
from officer_desk.model import Appointment

URGENT = {"recall_report", "home_visit_checkin"}
ENFORCEMENT = {"absence_decision", "warning_letter", "breach_decision", "breach_to_court",
               "pss_end"}
STAGES = {"induction", "sentence_plan", "review"}
PRIORITY_LABELS = ("Urgent", "Enforcement", "Case stage", "Contact")


def priority(item: DueItem) -> int:
    """0 urgent (hours count, or a visitor's safety), 1 enforcement, 2 case stage, 3 contact."""
    if item.kind in URGENT:
        return 0
    if item.kind in ENFORCEMENT:
        return 1
    if item.kind in STAGES:
        return 2
    return 3


def _hours_minutes(minutes: int) -> str:
    hours, mins = divmod(abs(minutes), 60)
    if hours >= 48:
        return f"{hours // 24} days"
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def countdown(item: DueItem, now: datetime) -> str:
    """Time left (or how late), in words: "1 h 05 min left", "3 days overdue", "due today"."""
    if isinstance(item.due, datetime):
        due = item.due.replace(tzinfo=UK)
        minutes = int((due - now.replace(tzinfo=UK)).total_seconds() // 60)
        if minutes < 0:
            return f"{_hours_minutes(minutes)} overdue"
        return f"{_hours_minutes(minutes)} left"
    days = (item.due - (now.date() if isinstance(now, datetime) else now)).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 1:
        return f"in {days} days"
    return "1 day overdue" if days == -1 else f"{-days} days overdue"


def sort_key(item: DueItem) -> tuple[int, str, str, str]:
    """Priority class first, then the earliest deadline (overdue comes first by itself)."""
    due = item.due.isoformat() if isinstance(item.due, datetime) else f"{item.due}T23:59"
    return (priority(item), due, item.crn, item.kind)


# Items opened by one failure: their reference is the appointment failed.
FAILURE_KINDS = frozenset({"absence_decision", "warning_letter", "breach_decision"})


def failure_notes(items: list[DueItem], caseload: Caseload) -> dict[tuple[str, str | None], str]:
    """Which appointment each item opened by a failure is about, keyed as the list's notes
    are (kind, reference): two failures on one day otherwise show as two identical rows. An
    appointment not in ``caseload`` (a first screen holds only those not yet held) gets none."""
    notes: dict[tuple[str, str | None], str] = {}
    by_event: dict[str, dict[str, Appointment]] = {}
    for item in items:
        if item.kind not in FAILURE_KINDS or not item.ref:
            continue
        appointments = by_event.get(item.event_id)
        if appointments is None:
            ef = caseload.events.get(item.event_id)
            appointments = by_event[item.event_id] = (
                {a.id: a for a in ef.appointments} if ef is not None else {})
        found = appointments.get(item.ref)
        if found is not None:
            notes[(item.kind, item.ref)] = f"appointment on {uk_datetime(found.start)}"
    return notes


def in_order(items: list[DueItem]) -> list[DueItem]:
    """Today's list, in the order an officer should work it."""
    return sorted(items, key=sort_key)


def in_order_with(ordered: list[DueItem], added: list[DueItem]) -> list[DueItem]:
    """``in_order(ordered + added)`` for a list already in order: each added item goes where
    a stable sort would put it (after any item that ties), found by halving. After a change to
    one person, the tens of thousands of other items keep their places without each having
    its key worked out again."""
    out = list(ordered)
    for item in in_order(added):
        bisect.insort_right(out, item, key=sort_key)
    return out


def is_date(value: object) -> bool:
    """A plain date (not a date-time)."""
    return isinstance(value, date) and not isinstance(value, datetime)
