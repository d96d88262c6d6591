"""Which failures a breach is laid for, and the sequence that proves it.

A community order or SSO breach is laid for an unacceptable failure *after* a live warning
(within its 12 months), or for a failure the officer judged serious (CJA 2003 Sch 8 paras 5-6;
domain-rules.md "Breach grounds"). The failure a warning was given for is history: the warning
dealt with it, and a statement laying it proves no breach. A PSS breach needs no prior warning
(the officer's discretion, s256AC), but a failure already dealt with is still history.

The pack prints the grounds from here, and the officer's rationale is checked against them so
the report never says "third failure" when the record holds one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from officer_desk.caseload import EventFile
from officer_desk.compliance import judgement_on, prior_warning, warned_until, warning_for
from officer_desk.dates import add_months, uk_date
from officer_desk.model import Absence, Appointment, Enforcement, Warning
from officer_desk.policy import Policy


@dataclass(frozen=True)
class Ground:
    """A failure laid before the court, with the warning it followed (or its seriousness)."""

    failure: Appointment
    warning: Warning | None
    serious: bool


@dataclass(frozen=True)
class History:
    """A failure that is not a ground, and why (what dealt with it)."""

    failure: Appointment
    why: str


def earlier_decision(ef: EventFile, failure: Appointment,
                     decision: Enforcement) -> Enforcement | None:
    """An enforcement decision taken after the failure and before this one (it dealt with it)."""
    return next((e for e in ef.enforcements if e.id != decision.id
                 and failure.start < e.decided_at < decision.decided_at), None)


def _dealt_with_earlier(ef: EventFile, failure: Appointment, decision: Enforcement) -> bool:
    return earlier_decision(ef, failure, decision) is not None


def breach_grounds(ef: EventFile, decision: Enforcement, policy: Policy) -> list[Ground]:
    """The failures this breach decision can be laid for, in date order."""
    on = decision.decided_at.date()
    order = ef.event.kind.is_order
    grounds = []
    for f in ef.failures:
        if f.start > decision.decided_at or judgement_on(f, on) is not Absence.UNACCEPTABLE:
            continue
        if warning_for(ef, f, on) is not None or _dealt_with_earlier(ef, f, decision):
            continue
        warning = prior_warning(ef, f, on, policy)
        serious = bool(f.serious)
        if order and warning is None and not serious:
            continue
        grounds.append(Ground(f, warning, serious))
    return grounds


def history(ef: EventFile, decision: Enforcement, policy: Policy) -> list[History]:
    """Every other failure up to the decision, with what dealt with it (for the chronology)."""
    on = decision.decided_at.date()
    laid = {g.failure.id for g in breach_grounds(ef, decision, policy)}
    out = []
    for f in ef.failures:
        if f.start > decision.decided_at or f.id in laid:
            continue
        judgement = judgement_on(f, on)
        warning = warning_for(ef, f, on)
        if warning is not None:
            why = f"dealt with by the warning of {uk_date(warning.date)}"
        elif judgement is Absence.ACCEPTABLE:
            why = "absence accepted"
        elif judgement is Absence.PENDING:
            why = "awaiting a judgement at the time of the decision"
        elif _dealt_with_earlier(ef, f, decision):
            earlier = earlier_decision(ef, f, decision)
            why = ("dealt with by the decision of "
                   f"{uk_date(earlier.decided_at) if earlier else 'an earlier date'}")
        else:
            why = "a first unacceptable failure: a warning, not a breach"
        out.append(History(f, why))
    return out


def no_grounds_reason(ef: EventFile, decision: Enforcement, policy: Policy) -> str:
    """Why nothing can be laid, in words the officer can act on."""
    items = history(ef, decision, policy)
    if not items:
        return ("No failure before the decision is judged unacceptable: there is nothing to lay "
                "before the court.")
    said = "; ".join(f"{uk_date(h.failure.start.date())}: {h.why}" for h in items)
    if ef.event.kind.is_order:
        return ("No failure can be laid before the court. A community order or suspended "
                "sentence order breach needs an unacceptable failure after a live warning "
                "(within its 12 months), or a failure judged serious. On the record: "
                f"{said}.")
    return f"No failure can be laid before the court. On the record: {said}."


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3,
             "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, **{str(n): n for n in range(2, 100)}}
_FAILURE_WORDS = r"(?:failures?|missed appointments?|absences?|breach(?:es)?|non-compliance)"
_WARNING_WORDS = r"(?:warnings?|warning letters?)"
_GAP = r"\s+(?:[\w-]+\s+){0,2}?"


def _claims(text: str, nouns: str) -> list[tuple[str, int]]:
    words = "|".join(sorted(map(re.escape, {**_ORDINALS, **_NUMBERS}), key=len, reverse=True))
    found = []
    for m in re.finditer(rf"\b({words}){_GAP}{nouns}\b", text, flags=re.IGNORECASE):
        word = m.group(1).lower()
        found.append((m.group(0), _ORDINALS.get(word) or _NUMBERS[word]))
    return found


def rationale_contradictions(ef: EventFile, decision: Enforcement, policy: Policy) -> list[str]:
    """Counts in the officer's words that the record does not bear out."""
    text = decision.rationale or ""
    on = decision.decided_at.date()
    since = add_months(on, -policy.number("compliance_window", "months"))
    failures = [f for f in ef.failures if since <= f.start.date() <= on
                and f.start <= decision.decided_at
                and judgement_on(f, on) is Absence.UNACCEPTABLE]
    warnings = [w for w in ef.warnings if w.date <= on]
    problems = []
    for phrase, n in _claims(text, _FAILURE_WORDS):
        if n > len(failures):
            problems.append(f"The assessment and proposal says \"{phrase}\", but the record "
                            f"holds {len(failures)} unacceptable failure"
                            f"{'' if len(failures) == 1 else 's'} in the 12 months before the "
                            "decision. Correct the wording or the record.")
    for phrase, n in _claims(text, _WARNING_WORDS):
        if n > len(warnings):
            problems.append(f"The assessment and proposal says \"{phrase}\", but the record "
                            f"holds {len(warnings)} warning{'' if len(warnings) == 1 else 's'} "
                            "on this order. Correct the wording or the record.")
    return problems


def liable_until(warning: Warning, policy: Policy) -> date:
    """The last day a further failure makes the person liable to be brought before the court."""
    return warned_until(warning, policy)
