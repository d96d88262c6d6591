"""What is due: every deadline the officer must meet, computed from the caseload and the policy.

Each kind in ``exchange-format.md`` opens and closes exactly as its table says; the day count
comes from the named policy entry, which every item reports as ``rule``. The caseload is read
as it stood at the end of ``on``: a record dated after ``on`` has not happened yet.

Extension kinds (``contact``, ``pss_end``, ``home_visit_checkin``) are computed only when asked
for, so the contract's output stays exactly as specified.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from officer_desk.caseload import Caseload, EventFile
from officer_desk.compliance import (
    decided_after,
    judgement_on,
    known_on,
    prior_warning,
    pss_end,
    warning_for,
)
from officer_desk.contact_levels import next_contact
from officer_desk.dates import add_elapsed_hours, as_date, iso_date, iso_datetime, uk_date
from officer_desk.inspection_rules import DUE_KINDS as INSPECTION_KINDS
from officer_desk.inspection_rules import RULES as INSPECTION_RULES
from officer_desk.model import (
    Absence,
    AppointmentKind,
    Decision,
    EventKind,
    Outcome,
    RecallType,
)
from officer_desk.policy import Policy
from officer_desk.working_days import add_working_days

CONTRACT_KINDS = (
    "induction", "sentence_plan", "review", "absence_decision", "warning_letter",
    "breach_decision", "breach_to_court", "recall_report",
)
EXTENSION_KINDS = ("contact", "pss_end", "home_visit_checkin", *INSPECTION_KINDS)

KIND_TITLES = {
    "induction": "Induction appointment",
    "sentence_plan": "Sentence plan",
    "review": "Review of risk and plan",
    "absence_decision": "Decide whether the absence was acceptable",
    "warning_letter": "Send the warning letter",
    "breach_decision": "Breach decision",
    "breach_to_court": "Lay the breach at court",
    "recall_report": "Part A recall report to PPCS",
    "contact": "Contact due under the contact level",
    "pss_end": "Lay the PSS breach so it can be heard before PSS ends",
    "home_visit_checkin": "Home visit check-in missed",
    "da_enquiry": "Domestic abuse call-out enquiry (police)",
    "safeguarding_enquiry": "Child safeguarding enquiry (children's services)",
    "enquiry_return": "Chase the enquiry's answer",
    "review_on_change": "Review after a change in circumstances",
    # Retention (officer_desk.retention): computed by the composition root, shown on Today.
    "leaves_laptop": "Leaves this laptop (supervision has ended)",
    "retention_held": "Due to leave this laptop: export or sync it first, something about it "
                      "has not been sent",
}


@dataclass(frozen=True)
class DueItem:
    """One open item: which event, what, by when, and under which policy entry."""

    crn: str
    event_id: str
    kind: str
    due: date | datetime
    rule: str
    status: str
    ref: str | None = None  # the record that opened it (appointment, enforcement, ...)
    opened: date | None = None

    @property
    def title(self) -> str:
        """The item in words."""
        if self.kind == "leaves_laptop":
            return f"Leaves this laptop on {uk_date(self.due)} (supervision has ended)"
        return KIND_TITLES.get(self.kind, self.kind)

    @property
    def overdue(self) -> bool:
        """Past its due day."""
        return self.status == "overdue"

    def as_json(self, detail: bool = False) -> dict[str, object]:
        """The contract's object; ``detail`` adds the opening record and words."""
        due = iso_datetime(self.due) if isinstance(self.due, datetime) else iso_date(self.due)
        out: dict[str, object] = {
            "crn": self.crn, "event_id": self.event_id, "kind": self.kind,
            "due": due, "status": self.status, "rule": self.rule,
        }
        if detail:
            out["ref"] = self.ref
            out["title"] = self.title
            out["opened"] = iso_date(self.opened) if self.opened else None
        return out


class _Open(NamedTuple):  # a tuple: thousands are made on every refresh
    kind: str
    due: date | datetime
    rule: str
    ref: str | None
    opened: date | None


def _after_end(ef: EventFile, day: date) -> bool:
    end = ef.event.end_date
    return end is not None and day > end


def _induction(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    event = ef.event
    if event.kind.is_order:
        anchor, rule = event.allocation_date, "induction_co_sso"
    elif event.kind is EventKind.LICENCE:
        anchor, rule = event.release_date, "induction_licence"
    else:
        return
    if anchor is None or anchor > on or _after_end(ef, anchor):
        return
    for a in ef.appointments:
        if (a.kind is AppointmentKind.INDUCTION and a.outcome is Outcome.ATTENDED
                and known_on(a.start, on)):
            return
    yield _Open("induction", add_working_days(anchor, policy.number(rule, "working_days")),
                rule, event.id, anchor)


def _sentence_plan(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    first = next((a for a in ef.appointments
                  if a.outcome is Outcome.ATTENDED and known_on(a.start, on)), None)
    if first is None or _after_end(ef, first.start.date()):
        return
    if any(known_on(p.completed_on, on) for p in ef.plans):
        return
    anchor = first.start.date()
    yield _Open("sentence_plan",
                add_working_days(anchor, policy.number("sentence_plan", "working_days")),
                "sentence_plan", first.id, anchor)


def _review(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    dated = [(p.completed_on, p.id) for p in ef.plans if known_on(p.completed_on, on)]
    dated += [(r.completed_on, r.id) for r in ef.reviews if known_on(r.completed_on, on)]
    if not dated:
        return
    anchor, ref = max(dated)
    if _after_end(ef, anchor):
        return
    due = anchor + timedelta(days=policy.number("review", "days"))
    yield _Open("review", due, "review", ref, anchor)


def _absence_decisions(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    for f in ef.failures:  # the judgement first: most failures are judged already
        if judgement_on(f, on) is not Absence.PENDING:
            continue
        day = f.start.date()
        if day > on or _after_end(ef, day):
            continue
        n = policy.number("absence_decision", "working_days")
        yield _Open("absence_decision", add_working_days(day, n), "absence_decision", f.id, day)


def _warning_letters(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    if not ef.event.kind.is_order:
        return
    for f in ef.failures:
        if judgement_on(f, on) is not Absence.UNACCEPTABLE:
            continue
        day = f.start.date()
        if day > on or _after_end(ef, day):
            continue
        if prior_warning(ef, f, on, policy) is not None:
            continue
        if warning_for(ef, f, on) is not None or decided_after(ef, f, on):
            continue
        anchor = f.absence_decided_on or day
        n = policy.number("warning_letter", "working_days")
        yield _Open("warning_letter", add_working_days(anchor, n), "warning_letter", f.id, anchor)


def _breach_decisions(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    if not ef.event.kind.is_order:
        return
    for f in ef.failures:
        if judgement_on(f, on) is Absence.ACCEPTABLE:
            continue
        day = f.start.date()
        if day > on or _after_end(ef, day):
            continue
        if not (f.serious or prior_warning(ef, f, on, policy) is not None):
            continue
        if decided_after(ef, f, on):
            continue
        n = policy.number("breach_decision", "working_days")
        yield _Open("breach_decision", add_working_days(day, n), "breach_decision", f.id, day)


def _submissions(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    for e in ef.enforcements:
        if not known_on(e.decided_at, on) or known_on(e.submitted_at, on):
            continue
        day = e.decided_at.date()
        if _after_end(ef, day):
            continue  # an ended order is not breached, an ended licence not recalled
        if e.decision is Decision.BREACH:
            n = policy.number("breach_to_court", "working_days")
            yield _Open("breach_to_court", add_working_days(day, n), "breach_to_court", e.id, day)
        elif e.decision is Decision.RECALL:
            kind = (e.recall_type or RecallType.STANDARD).value
            rule = f"recall_report_{kind}"
            due = add_elapsed_hours(e.decided_at, policy.number(rule, "hours"))
            yield _Open("recall_report", due, rule, e.id, day)


def _contact(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    nxt = next_contact(ef, on, policy)
    if nxt is not None and nxt.due <= on + timedelta(days=7):
        yield _Open("contact", nxt.due, f"contact_levels.{nxt.level}", None, nxt.last)


def _pss_end(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    if ef.event.kind is not EventKind.PSS:
        return
    ends = pss_end(ef.event, policy)
    if ends is None or ends < on:
        return
    for f in ef.failures:
        if f.start.date() > on or judgement_on(f, on) is Absence.ACCEPTABLE:
            continue
        if decided_after(ef, f, on):
            continue
        lead = policy.number("pss_end", "listing_lead_days")
        yield _Open("pss_end", ends - timedelta(days=lead), "pss_end", f.id, f.start.date())
        return


def _home_visit_checkins(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    minutes = policy.number("home_visit_checkin", "minutes_after_planned")
    for hv in ef.home_visits:
        if hv.done_at is not None or hv.outcome or not known_on(hv.planned_at, on):
            continue
        checkin = hv.extra.get("checkin_by")
        due = hv.planned_at + timedelta(minutes=minutes)
        if isinstance(checkin, str):
            try:
                due = datetime.fromisoformat(checkin)
            except ValueError:
                pass  # a malformed check-in time falls back to the policy's default
        yield _Open("home_visit_checkin", due, "home_visit_checkin", hv.id, hv.planned_at.date())


_CONTRACT = (_induction, _sentence_plan, _review, _absence_decisions, _warning_letters,
             _breach_decisions, _submissions)
def _inspection(ef: EventFile, on: date, policy: Policy) -> Iterator[_Open]:
    for rule in INSPECTION_RULES:
        yield from map(_Open._make, rule(ef, on, policy))


_EXTENSIONS = (_contact, _pss_end, _home_visit_checkins, _inspection)
_ALL = _CONTRACT + _EXTENSIONS
_STAGE_KINDS = {"induction", "sentence_plan", "review", "contact", *INSPECTION_KINDS}


def status_on(due_day: date, on: date) -> str:
    """An open item's status on ``on``: overdue once its due day has passed."""
    return "overdue" if due_day < on else "due"


def open_items(ef: EventFile, on: date, policy: Policy, extended: bool = False,
               hide_finished_stages: bool = False) -> list[tuple[_Open, date]]:
    """What is open for one event as of ``on``, each with its due day (no status yet)."""
    rules = _ALL if extended else _CONTRACT
    end = ef.event.end_date
    ended = hide_finished_stages and end is not None and end < on
    found: list[tuple[_Open, date]] = []
    for rule in rules:
        for it in rule(ef, on, policy):
            day = as_date(it.due)
            if hide_finished_stages and it.kind in _STAGE_KINDS and (
                    ended or (end is not None and day > end)):
                continue  # a finished order needs no more stage work
            found.append((it, day))
    return found


def event_items(ef: EventFile, on: date, policy: Policy, extended: bool = False,
                hide_finished_stages: bool = False) -> list[DueItem]:
    """Open items for one event as of ``on``.

    The contract opens an item only on or before the event's end and closes it only as its
    table says, so an item opened before the end stays listed. ``hide_finished_stages`` is the
    desktop's view: it leaves out stage work (induction, plan, review, contact) on an event
    that has ended, or a review that would fall due after the end.
    """
    crn, event_id = ef.event.crn, ef.event.id
    return [DueItem(crn, event_id, it.kind, it.due, it.rule, status_on(day, on), it.ref,
                    it.opened)
            for it, day in open_items(ef, on, policy, extended, hide_finished_stages)]


def sort_key(item: DueItem) -> tuple[str, str, str, str, str]:
    """Earliest first, then by case, event, kind and record: the contract's order."""
    due = item.due.isoformat() if isinstance(item.due, datetime) else f"{item.due}T00:00"
    return (due, item.crn, item.event_id, item.kind, item.ref or "")


def due_items(caseload: Caseload, on: date, policy: Policy, extended: bool = False,
              kinds: set[str] | None = None, hide_finished_stages: bool = False) -> list[DueItem]:
    """Every open item across the caseload, earliest first."""
    items: list[DueItem] = []
    for ef in caseload.events.values():
        items += event_items(ef, on, policy, extended, hide_finished_stages)
    if kinds:
        items = [i for i in items if i.kind in kinds]
    return sorted(items, key=sort_key)
