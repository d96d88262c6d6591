"""The due items inspectors found missing: enquiries at the start and on change, reviews on change.

Domestic abuse call-out checks were made six months late or never, child safeguarding checks
not prioritised (000:594); a known perpetrator had no assessment and no flag (002:845); plans
were not reviewed when circumstances changed (002:865). Each of these is tracked work with a
due date from the policy table, listed by ``due --all``, on Today and on the stage rail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from officer_desk.caseload import EventFile
from officer_desk.model import Decision, EventKind
from officer_desk.policy import Policy
from officer_desk.working_days import add_working_days

# Enquiry kind -> (due kind, words).
ENQUIRY_KINDS = {
    "domestic_abuse": ("da_enquiry", "Domestic abuse call-out enquiry (police)"),
    "child_safeguarding": ("safeguarding_enquiry",
                           "Child safeguarding enquiry (children's services)"),
}
CHANGE_WORDS = {
    "new_address": "New address", "new_partner": "New partner",
    "children_in_household": "Children in the household", "new_offence": "New offence",
    "risk_level": "Risk level changed",
}
# Which fresh enquiries each change calls for (every change calls for a review).
CHANGE_ENQUIRIES = {
    "new_address": ("domestic_abuse", "child_safeguarding"),
    "new_partner": ("domestic_abuse", "child_safeguarding"),
    "children_in_household": ("child_safeguarding",),
    "new_offence": ("domestic_abuse",),
    "risk_level": (),
}
DUE_KINDS = ("da_enquiry", "safeguarding_enquiry", "enquiry_return", "review_on_change")

Opened = tuple[str, date, str, str | None, date]  # kind, due, rule, ref, opened


@dataclass(frozen=True)
class Trigger:
    """Why an enquiry is needed now: the start of supervision, or a change."""

    day: date
    why: str
    ref: str | None
    start: bool


def start_of(ef: EventFile) -> date | None:
    """When supervision starts: allocation for an order, release for a licence or PSS."""
    event = ef.event
    if event.kind.is_order:
        return event.allocation_date or event.begins
    if event.kind in (EventKind.LICENCE, EventKind.PSS):
        return event.release_date or event.begins
    return event.begins


def _in_force(ef: EventFile, day: date, on: date) -> bool:
    end = ef.event.end_date
    return day <= on and (end is None or day <= end)


def triggers(ef: EventFile, enquiry_kind: str, on: date) -> list[Trigger]:
    """Every moment this kind of enquiry was called for, oldest first."""
    found = []
    start = start_of(ef)
    if start is not None and _in_force(ef, start, on):
        found.append(Trigger(start, "the start of supervision", ef.event.id, True))
    for c in ef.changes:
        if enquiry_kind in CHANGE_ENQUIRIES.get(c.kind, ()) and _in_force(ef, c.on, on):
            found.append(Trigger(c.on, CHANGE_WORDS.get(c.kind, c.kind).lower(), c.id, False))
    return sorted(found, key=lambda t: t.day)


def answered_by(ef: EventFile, enquiry_kind: str, trigger: Trigger, on: date,
                policy: Policy) -> list:
    """Enquiries of the kind asked for this trigger (at the start, checks made shortly before
    sentence count: the court's own enquiries)."""
    rule = ENQUIRY_KINDS[enquiry_kind][0]
    earliest = trigger.day
    if trigger.start:
        earliest = date.fromordinal(trigger.day.toordinal()
                                    - policy.number(rule, "before_start_days"))
    return [q for q in ef.enquiries if q.kind == enquiry_kind and earliest <= q.requested_on <= on]


def enquiries_due(ef: EventFile, on: date, policy: Policy) -> Iterator[Opened]:
    """An enquiry not yet asked for since the latest moment it was called for."""
    for kind, (due_kind, _words) in ENQUIRY_KINDS.items():
        found = triggers(ef, kind, on)
        if not found:
            continue
        latest = found[-1]
        if answered_by(ef, kind, latest, on, policy):
            continue
        yield (due_kind, add_working_days(latest.day, policy.number(due_kind, "working_days")),
               due_kind, latest.ref, latest.day)


def returns_due(ef: EventFile, on: date, policy: Policy) -> Iterator[Opened]:
    """An enquiry asked for and not yet answered: chase it."""
    n = policy.number("enquiry_return", "working_days")
    for q in ef.enquiries:
        if q.requested_on <= on and (q.returned_on is None or q.returned_on > on):
            yield ("enquiry_return", add_working_days(q.requested_on, n), "enquiry_return",
                   q.id, q.requested_on)


def changes_since_review(ef: EventFile, on: date) -> list[tuple[date, str, str]]:
    """Significant changes (and breach or recall decisions) no review has followed yet."""
    reviewed = [r.completed_on for r in ef.reviews if r.completed_on <= on]
    reviewed += [p.completed_on for p in ef.plans if p.completed_on <= on]
    last = max(reviewed, default=None)

    def pending(day: date) -> bool:  # asked before any words are made: most are not
        return (last is None or day > last) and _in_force(ef, day, on)

    found = [(c.on, CHANGE_WORDS.get(c.kind, c.kind), c.id) for c in ef.changes
             if pending(c.on)]
    found += [(day, f"{e.decision.value.replace('_', ' ').capitalize()} decision", e.id)
              for e in ef.enforcements if e.decision in (Decision.BREACH, Decision.RECALL)
              and pending(day := e.decided_at.date())]
    return sorted(found)


def review_on_change(ef: EventFile, on: date, policy: Policy) -> Iterator[Opened]:
    """A review due on significant change, once there is a plan to review."""
    if not any(p.completed_on <= on for p in ef.plans):
        return  # the plan, when made, takes the change into account
    pending = changes_since_review(ef, on)
    if pending:
        day, _why, ref = pending[0]
        yield ("review_on_change",
               add_working_days(day, policy.number("review_on_change", "working_days")),
               "review_on_change", ref, day)


RULES = (enquiries_due, returns_due, review_on_change)
