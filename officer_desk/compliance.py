"""Compliance state of an event: warnings, their 12-month windows, failures, enforcement route.

Sources: CJA 2003 Sch 8 para 5 (warning, 12 months "beginning with the date the warning was
given"; policy-rules.md 2.1 and 7 treat a failure on or before warning date + 12 months as inside
the window); warnings never carry from licence into PSS (000:212, 000:456) because each warning
belongs to one event; where licence and PSS run together, non-compliance routes to recall
(003:146-150); fixed-term recall length and exclusions (CJA 2003 s255A-B).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from officer_desk.caseload import Caseload, EventFile
from officer_desk.dates import add_months
from officer_desk.model import (
    Absence,
    Appointment,
    Decision,
    Event,
    EventKind,
    Warning,
)
from officer_desk.policy import Policy
from officer_desk.working_days import add_working_days


def known_on(value: date | datetime | None, on: date) -> bool:
    """A dated fact counts as of ``on`` when it happened on or before that day."""
    if value is None:
        return False
    # as_date, written out: the rules ask this a few tens of thousands of times per refresh
    return (value.date() if isinstance(value, datetime) else value) <= on


def judgement_on(failure: Appointment, on: date) -> Absence:
    """The failure's judgement as it stood at the end of ``on`` (a later decision is unknown)."""
    decided = failure.absence_decided_on
    if failure.absence in (Absence.ACCEPTABLE, Absence.UNACCEPTABLE) and (
            decided is None or decided <= on):
        return failure.absence
    return Absence.PENDING


def warned_until(warning: Warning, policy: Policy) -> date:
    """Last day of the warning's liability window."""
    return add_months(warning.date, policy.number("warning_window", "months"))


def prior_warning(ef: EventFile, failure: Appointment, on: date, policy: Policy) -> Warning | None:
    """The warning, given on or before the failure's day and not for this failure, whose
    12-month window the failure falls in; None if the failure is a first failure."""
    day = failure.start.date()
    for warning in reversed(ef.warnings):
        if not known_on(warning.date, on) or failure.id in warning.failure_ids:
            continue
        if warning.date <= day <= warned_until(warning, policy):
            return warning
    return None


def live_warning(ef: EventFile, failure_ids: list[str], on: date,
                 policy: Policy) -> tuple[Warning, date] | None:
    """The live warning (and the last day of its window) that any of these failures falls
    inside: such a failure is referred for breach, not warned again."""
    for appointment in ef.appointments:
        if appointment.id in failure_ids:
            warning = prior_warning(ef, appointment, on, policy)
            if warning is not None:
                return warning, warned_until(warning, policy)
    return None


def decided_after(ef: EventFile, failure: Appointment, on: date) -> bool:
    """An enforcement decision taken after the failure (and known by ``on``)."""
    return any(e.decided_at > failure.start and known_on(e.decided_at, on) for e in ef.enforcements)


def warning_for(ef: EventFile, failure: Appointment, on: date) -> Warning | None:
    """The warning that lists this failure, if one was given by ``on``."""
    for warning in ef.warnings:
        if failure.id in warning.failure_ids and known_on(warning.date, on):
            return warning
    return None


def respond_by(warning: Warning, failures: list[Appointment], policy: Policy) -> date:
    """The date a warning letter gives for evidence: N working days after the failure.

    The national breach notice asks for evidence "within 5 working days of the failed
    appointment" (anchors-probation-systems.md A3). Counted from the latest failure the warning
    covers; when the letter goes out after that day has passed, it is counted from the letter's
    date instead, so the person is never given a date already gone.
    """
    days = policy.number("evidence_respond_by", "working_days")
    covered = [f.start.date() for f in failures if f.id in warning.failure_ids]
    from_failure = add_working_days(max(covered), days) if covered else None
    letter = warning.letter_sent_on or warning.date
    if from_failure is None or from_failure <= letter:
        return add_working_days(letter, days)
    return from_failure


@dataclass
class ComplianceSummary:
    """What a manager, a court or an inspector asks first about an event's compliance."""

    event_id: str
    on: date
    failures_12m: int = 0
    acceptable_12m: int = 0
    unacceptable_12m: int = 0
    pending_12m: int = 0
    live_warnings: list[tuple[Warning, date]] = field(default_factory=list)  # (warning, lapses)
    lapsed_warnings: list[Warning] = field(default_factory=list)
    breaches: int = 0
    recalls: int = 0
    attended: int = 0
    appointments_held: int = 0

    @property
    def attendance_rate(self) -> float | None:
        """Share of held appointments attended, or None when none were held."""
        if not self.appointments_held:
            return None
        return self.attended / self.appointments_held


def compliance_summary(ef: EventFile, on: date, policy: Policy) -> ComplianceSummary:
    """Counts over the policy's compliance window (default the last 12 months)."""
    window_start = add_months(on, -policy.number("compliance_window", "months"))
    s = ComplianceSummary(ef.event.id, on)
    for a in ef.appointments:
        day = a.start.date()
        if day > on or a.outcome is None:
            continue
        if a.outcome.value in ("attended", "failed_to_attend", "failed_to_comply"):
            s.appointments_held += 1
            s.attended += a.outcome.value == "attended"
        if a.is_failure and day > window_start:
            s.failures_12m += 1
            j = judgement_on(a, on)
            s.acceptable_12m += j is Absence.ACCEPTABLE
            s.unacceptable_12m += j is Absence.UNACCEPTABLE
            s.pending_12m += j is Absence.PENDING
    for w in ef.warnings:
        if not known_on(w.date, on):
            continue
        lapses = warned_until(w, policy)
        if lapses >= on:
            s.live_warnings.append((w, lapses))
        else:
            s.lapsed_warnings.append(w)
    for e in ef.enforcements:
        if known_on(e.decided_at, on):
            s.breaches += e.decision is Decision.BREACH
            s.recalls += e.decision is Decision.RECALL
    return s


def pss_end(event: Event, policy: Policy) -> date | None:
    """PSS ends 12 months after release (s256AA; 000:142), unless the event says otherwise."""
    if event.end_date is not None:
        return event.end_date
    if event.release_date is not None:
        return add_months(event.release_date, policy.number("pss_period", "months_after_release"))
    return None


def _active_on(event: Event, day: date) -> bool:
    starts = event.begins
    return (starts is None or starts <= day) and (event.end_date is None or event.end_date >= day)


@dataclass(frozen=True)
class Route:
    """Which enforcement path a failure takes, and why."""

    path: str  # "warning", "breach", "recall", "pss_breach"
    reason: str
    event_id: str


def enforcement_route(caseload: Caseload, ef: EventFile, failure: Appointment, on: date,
                      policy: Policy) -> Route:
    """The next step for an unacceptable failure, according to the event kind and history.

    The reasons are read by officers and printed for courts, so they cite the statute only;
    the inspection sources behind them (001:138, 001:144-160, 003:146-150) stay here.
    """
    event = ef.event
    if event.kind.is_order:
        if prior_warning(ef, failure, on, policy) is not None:
            return Route("breach", "a further failure within 12 months of a warning: a breach "
                                   "decision is due (CJA 2003 Sch 8 para 5)", event.id)
        if failure.serious:
            return Route("breach", "a failure judged serious: breach may be considered after one "
                                   "failure", event.id)
        return Route("warning", "a first unacceptable failure: a warning is due "
                                "(CJA 2003 Sch 8 para 5)", event.id)
    if event.kind is EventKind.LICENCE:
        return Route("recall", "licence non-compliance: consider recall or alternatives to "
                               "recall with a manager", event.id)
    day = failure.start.date()
    for other in caseload.events_of(event.crn):
        if other.event.kind is EventKind.LICENCE and _active_on(other.event, day):
            return Route("recall", "licence and PSS run together on this date: non-compliance "
                                   "routes to recall, not PSS breach", other.event.id)
    return Route("pss_breach", "PSS non-compliance: breach to the magistrates' court by summons "
                               "or warrant (CJA 2003 s256AC)", event.id)


@dataclass(frozen=True)
class FixedTermCheck:
    """Whether fixed-term recall can be proposed, its length, and the reasons in words."""

    eligible: bool
    days: int | None
    reasons: tuple[str, ...]


def fixed_term_recall(event: Event, policy: Policy,
                      rosh_manageable: bool | None = None) -> FixedTermCheck:
    """Fixed-term recall eligibility and length (CJA 2003 s255A-B; policy-rules.md 1.3).

    The tool may flag a candidate but never decides: PPCS does.
    """
    reasons: list[str] = []
    if event.kind is not EventKind.LICENCE:
        reasons.append("recall applies to licences only")
    if event.indeterminate:
        reasons.append("indeterminate sentence: emergency recall only, never fixed-term")
    if event.extended_sentence:
        reasons.append("extended sentence: standard recall only, never fixed-term (s255A)")
    if rosh_manageable is False:
        reasons.append("risk of serious harm cannot be managed in the community (s255A)")
    threshold_days = policy.number("fixed_term_recall", "threshold_months") * 365 // 12
    length: int | None = None
    if event.custodial_term_days is not None:
        short = event.custodial_term_days < threshold_days
        length = policy.number("fixed_term_recall", "short_days" if short else "long_days")
        reasons.append(f"sentence {'under' if short else 'of'} 12 months"
                       f"{'' if short else ' or more'}: {length} days (s255B)")
    else:
        reasons.append("custodial term not recorded: length cannot be worked out")
    eligible = not (event.kind is not EventKind.LICENCE or event.indeterminate
                    or event.extended_sentence or rosh_manageable is False)
    return FixedTermCheck(eligible, length if eligible else None, tuple(reasons))
