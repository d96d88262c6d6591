"""The facts a letter to a person on probation states, worked out once for every variant.

The English, Welsh-and-English and easy-read letters are written separately (forms/), but each
prints exactly these facts, so no variant can give a different date, place or consequence. The
facts are the record as it stood on the letter's date: a letter reprinted later never picks up a
later appointment. Nothing the officer wrote for colleagues (reasons, notes) goes in a letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from officer_desk.caseload import EventFile
from officer_desk.compliance import pss_end, respond_by, warned_until
from officer_desk.model import (
    Appointment,
    AppointmentKind,
    Enforcement,
    EventKind,
    Outcome,
    Person,
    Warning,
)
from officer_desk.policy import Policy

LANGUAGES = ("en", "cy")


@dataclass(frozen=True)
class Office:
    """Where the person writes or phones: the officer's office, from the officer's settings."""

    address: tuple[str, ...] = ()
    phone: str = ""

    @property
    def complete(self) -> bool:
        """Both an address and a phone number: a letter must say how to reach the officer."""
        return bool(self.address) and bool(self.phone.strip())


@dataclass(frozen=True)
class Missed:
    """One failure as the person is told of it: when, what for, and whether they came."""

    at: datetime
    kind: AppointmentKind
    came: bool  # False: did not attend; True: came but did not comply


@dataclass(frozen=True)
class NextAppointment:
    """The next appointment as it stood when the letter was written."""

    at: datetime
    place: str | None
    kind: AppointmentKind


@dataclass(frozen=True)
class LetterFacts:
    """Everything a warning or decision-not-to-recall letter states."""

    letter: str  # "warning" or "dntr"
    order: EventKind
    name: str
    address: tuple[str, ...]
    crn: str
    dated: date
    officer: str
    office: Office
    court: str | None = None
    sentence_date: date | None = None
    release_date: date | None = None
    supervision_ends: date | None = None
    custodial_term_days: int | None = None
    final: bool = False
    missed: tuple[Missed, ...] = ()
    respond_by: date | None = None
    liable_until: date | None = None
    evidence_days: int = 5
    next_appointment: NextAppointment | None = None
    decided_on: date | None = None
    expectations: tuple[str, ...] = field(default_factory=tuple)
    # A decision not to recall, as the national letter gives it: talked through with a manager,
    # the reasons, and what is going well.
    manager_consulted: bool = False
    reasons: tuple[str, ...] = ()
    progress: tuple[str, ...] = ()


def language_of(person: Person) -> str:
    """``cy`` for a Welsh speaker (the ``person.language`` extension), else ``en``."""
    value = str(person.extra.get("language") or "en").strip().lower()
    return value if value in LANGUAGES else "en"


def _missed(a: Appointment) -> Missed:
    return Missed(a.start, a.kind, a.outcome is Outcome.FAILED_TO_COMPLY)


def next_after(ef: EventFile, day: date) -> NextAppointment | None:
    """The first appointment after ``day``: on that day it was still to come."""
    for a in ef.appointments:
        if a.start.date() > day:
            return NextAppointment(a.start, a.location if not a.sensitive else None, a.kind)
    return None


def _address(person: Person) -> tuple[str, ...]:
    a = person.current_address
    if a is None:
        return ()
    return tuple(line for line in [*a.lines, a.postcode or ""] if line.strip())


def warning_facts(ef: EventFile, person: Person, warning: Warning, policy: Policy, *,
                  officer: str, office: Office, issued_on: date | None = None) -> LetterFacts:
    """A warning letter's facts, as at the letter's own date.

    The letter is dated when it was sent, or else when it is issued (never before the
    warning); its next appointment is the one still to come on that date.
    """
    event = ef.event
    dated = warning.letter_sent_on or max(warning.date, issued_on or warning.date)
    earlier = [w for w in ef.warnings
               if w.date < warning.date and warned_until(w, policy) >= warning.date]
    missed = tuple(_missed(a) for a in ef.failures if a.id in warning.failure_ids)
    return LetterFacts(
        "warning", event.kind, person.name, _address(person), person.crn, dated, officer,
        office, court=event.court, sentence_date=event.sentence_date,
        release_date=event.release_date,
        supervision_ends=pss_end(event, policy) if event.kind is EventKind.PSS else event.end_date,
        custodial_term_days=event.custodial_term_days, final=bool(earlier), missed=missed,
        respond_by=respond_by(warning, ef.failures, policy),
        liable_until=warned_until(warning, policy) if event.kind.is_order else None,
        evidence_days=policy.number("evidence_respond_by", "working_days"),
        next_appointment=next_after(ef, dated))


DEFAULT_EXPECTATIONS = (
    "Go to every appointment, on time.",
    "Do what your licence says.",
    "Tell me straight away if anything changes, like where you live.",
)


def dntr_facts(ef: EventFile, person: Person, decision: Enforcement, *, officer: str,
               office: Office) -> LetterFacts:
    """A decision-not-to-recall letter's facts: the failures considered, what is expected."""
    considered = [a for a in ef.failures if a.start <= decision.decided_at
                  and not any(e.id != decision.id and a.start < e.decided_at < decision.decided_at
                              for e in ef.enforcements)]
    wanted = decision.extra.get("expectations")
    if isinstance(wanted, str):
        wanted = [line.strip(" •-") for line in wanted.splitlines() if line.strip(" •-")]
    expectations = tuple(str(x) for x in wanted) if isinstance(wanted, list) and wanted \
        else DEFAULT_EXPECTATIONS
    dated = decision.decided_at.date()
    checklist = decision.extra.get("checklist")
    consulted = isinstance(checklist, dict) and isinstance(checklist.get("manager_consulted"),
                                                           dict) \
        and checklist["manager_consulted"].get("answer") == "yes"
    return LetterFacts(
        "dntr", ef.event.kind, person.name, _address(person), person.crn, dated, officer, office,
        release_date=ef.event.release_date, supervision_ends=ef.event.end_date,
        missed=tuple(_missed(a) for a in considered), decided_on=dated,
        expectations=expectations, next_appointment=next_after(ef, dated),
        manager_consulted=consulted, reasons=_lines(decision.extra.get("reasons_not_to_recall")),
        progress=_lines(decision.extra.get("progress")))


def _lines(value: object) -> tuple[str, ...]:
    """A list, or text a line (or bullet) each, as the letter's bullet points."""
    if isinstance(value, str):  # typed on one line, or a line each: ';' or a new line apart
        value = [line.strip(" •-") for line in value.replace(";", "\n").splitlines()]
    if not isinstance(value, list):
        return ()
    return tuple(str(x).strip() for x in value if str(x).strip())
