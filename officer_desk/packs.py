"""What goes into each printed document, and whether it is complete enough to print.

A pack must be usable "without the need for additional information" (002:633: 89.1% against a
90% target); Officer Desk refuses to finalise one that lacks mandatory content and says exactly
what is missing. The documents (``forms``) only lay out what is gathered here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from officer_desk.breach_grounds import (
    Ground,
    breach_grounds,
    earlier_decision,
    history,
    no_grounds_reason,
    rationale_contradictions,
)
from officer_desk.caseload import Caseload, EventFile
from officer_desk.checklists import checklist_gaps
from officer_desk.compliance import (
    ComplianceSummary,
    FixedTermCheck,
    compliance_summary,
    enforcement_route,
    fixed_term_recall,
    judgement_on,
    pss_end,
    warned_until,
    warning_for,
)
from officer_desk.countersign import Recommendation, content_sha256, for_decision, submit_refusal
from officer_desk.dates import add_elapsed_hours, add_months, uk_date
from officer_desk.disclosure import WITHHELD, appointment_text, enforcement_sensitive
from officer_desk.errors import PackIncompleteError, ValidationError
from officer_desk.letters import LetterFacts, Office, dntr_facts, language_of, warning_facts
from officer_desk.model import (
    Absence,
    Appointment,
    AppointmentKind,
    Decision,
    Enforcement,
    Event,
    EventKind,
    HomeVisit,
    Outcome,
    Person,
    RecallType,
    SentencePlan,
    Warning,
)
from officer_desk.policy import Policy
from officer_desk.readiness import Answer, readiness
from officer_desk.requirements_progress import progress

PACK_KINDS = ("breach", "pss-breach", "recall", "dntr", "warning-letter", "sentence-plan",
              "home-visit", "readiness")

PACK_TITLES = {
    "breach": "Breach pack",
    "pss-breach": "Post-sentence supervision breach pack",
    "recall": "Recall report (Part A)",
    "dntr": "Decision not to recall letter",
    "warning-letter": "Warning letter",
    "sentence-plan": "Sentence plan",
    "home-visit": "Home visit record",
    "readiness": "Inspection readiness report",
}
LETTER_KINDS = ("warning-letter", "dntr")
VARIANTS = ("", "cy", "easy-read", "easy-read-cy")

# The court's powers on breach, by order (CJA 2003 Sch 8 paras 9-10 and 13; s256AC).
COURT_POWERS = {
    "community_order": (
        "A fine of up to £2,500, with the order continuing.",
        "Amend the order to add or change requirements, making it more onerous (the order may "
        "be extended once, by up to 6 months).",
        "Revoke the order and deal with the person for the original offence as if they had just "
        "been convicted.",
        "Where the person has wilfully and persistently failed to comply, a custodial sentence "
        "(up to 6 months if the offence was not punishable with imprisonment).",
    ),
    "suspended_sentence_order": (
        "Order the suspended sentence to take effect with the original custodial term.",
        "Order it to take effect with a shorter custodial term.",
        "A fine of up to £2,500.",
        "Make the community requirements more onerous, or extend the supervision period or "
        "the operational period (within the statutory limits).",
        "The court must order the sentence to take effect unless it would be unjust in all the "
        "circumstances to do so.",
    ),
}

# PSS court options (CJA 2003 s256AC(4); Sch 19A para 3; 001:754-757; 000:214).
# Printed for the court, so the wording carries no internal source references.
PSS_COURT_OPTIONS = (
    "No action.",
    "A fine (up to level 3 on the standard scale).",
    "Committal to prison for up to 14 days (Sentencing Council guidance since October 2018: up "
    "to 7 days where compliance has been low).",
    "A supervision default order: unpaid work of 20 to 60 hours, to be done before the end of "
    "the supervision period; or",
    "A supervision default order: a curfew of 2 to 16 hours a day on at least 20 days within "
    "the supervision period (electronic monitoring unless unavailable or inappropriate).",
)


@dataclass(frozen=True)
class ChronologyRow:
    """One line of a breach pack's chronology: a failure or a warning, in date order."""

    at: datetime | date
    timed: bool
    what: str
    judged: str
    reason: str
    response: str
    role: str


@dataclass(frozen=True)
class SentenceWords:
    """The sentence's lengths and dates as a court or PPCS reads them."""

    offence_date: date | None = None
    length: str | None = None
    custodial_term: str | None = None
    operational_period: str | None = None
    supervision_period: str | None = None
    sentence_expiry: date | None = None


@dataclass(frozen=True)
class RequirementLine:
    """A requirement in plain words, what was ordered, and progress so far."""

    name: str
    ordered: str
    text: str


@dataclass(frozen=True)
class FailureLine:
    """A failure with the responses to it, for the chronology."""

    appointment: Appointment
    judgement: Absence
    warning: Warning | None
    response: str


@dataclass
class PackInputs:
    """Everything a document prints, gathered and checked."""

    kind: str
    person: Person
    file: EventFile
    policy_version: str
    on: date
    officer: str
    summary: ComplianceSummary
    failures: list[FailureLine] = field(default_factory=list)
    enforcement: Enforcement | None = None
    warning: Warning | None = None
    plan: SentencePlan | None = None
    visit: HomeVisit | None = None
    pss_end: date | None = None
    listing_after_pss_end: bool = False
    fixed_term: FixedTermCheck | None = None
    route_note: str = ""
    redact_sensitive: bool = True
    gaps: list[str] = field(default_factory=list)
    all_failures: list[FailureLine] = field(default_factory=list)
    evidence_days: int = 5
    warning_months: int = 12
    variant: str = ""
    office: Office = field(default_factory=Office)
    letter: LetterFacts | None = None
    grounds: list[Ground] = field(default_factory=list)
    chronology: list[ChronologyRow] = field(default_factory=list)
    sentence: SentenceWords = field(default_factory=SentenceWords)
    requirements: list[RequirementLine] = field(default_factory=list)
    # Warning letters for a breach pack: their facts as at each letter's date (used only where
    # no issued copy is stored) and, set by the caller, the stored copies by warning id.
    letters: dict[str, LetterFacts] = field(default_factory=dict)
    stored_letters: dict[str, tuple[Any, bytes]] = field(default_factory=dict)
    deadline: RecallDeadline | None = None
    # On a team hub, a recall's endorsements are the managers' countersignatures: the
    # recommendation as last seen there, and the hash of this Part A's content to match.
    team_hub: bool = False
    countersign: Recommendation | None = None
    content_sha256: str = ""
    readiness: list[Answer] = field(default_factory=list)
    _policy: Policy | None = None

    # Which issue of the document this is (1 the first; a new version when the record was
    # corrected and it was issued again, with the reason): printed on every page.
    version: int = 1
    # A document that may be read but not issued (a Part A awaiting countersignature): what
    # every page says across its top.
    draft: str = ""

    @property
    def title(self) -> str:
        """The document's title."""
        return PACK_TITLES[self.kind]

    @property
    def subject(self) -> tuple[str, str]:
        """(record type, id) of the record the document is for: what its versions follow."""
        if self.kind == "warning-letter" and self.warning is not None:
            return "warning", self.warning.id
        if self.kind in ("breach", "pss-breach", "recall", "dntr") and self.enforcement:
            return "enforcement", self.enforcement.id
        if self.kind == "sentence-plan" and self.plan is not None:
            return "sentence_plan", self.plan.id
        if self.kind == "home-visit" and self.visit is not None:
            return "home_visit", self.visit.id
        return "event", self.file.event.id

    @property
    def stage(self) -> str:
        """The variant a document is stored under: a letter's language, a visit's plan/record."""
        if self.kind == "home-visit" and self.visit is not None:
            return "record" if self.visit.done_at else "plan"
        return self.variant

    @property
    def extra(self) -> dict[str, Any]:
        """The enforcement record's extension fields (checklist, endorsements, ...)."""
        return self.enforcement.extra if self.enforcement else {}


@dataclass(frozen=True)
class RecallDeadline:
    """When Part A must reach PPCS, and how much of the time was left when it was issued."""

    due: datetime
    hours: int
    left: str


def _latest(items: list[Any], ref: str | None, what: str) -> Any:
    if ref:
        for item in items:
            if item.id == ref:
                return item
        raise ValidationError(f"There is no {what} {ref!r} on this event.")
    return items[-1] if items else None


def failure_lines(ef: EventFile, on: date, since: date | None = None) -> list[FailureLine]:
    """Each failure up to ``on`` with the response to it, in words."""
    lines = []
    for f in ef.failures:
        if f.start.date() > on or (since and f.start.date() < since):
            continue
        judgement = judgement_on(f, on)
        warning = next((w for w in ef.warnings if f.id in w.failure_ids), None)
        if warning is not None:
            response = f"Warning given {uk_date(warning.date)}"
        elif judgement is Absence.ACCEPTABLE:
            response = "Absence accepted"
        elif judgement is Absence.PENDING:
            response = "Awaiting evidence and decision"
        else:
            later = [e for e in ef.enforcements if e.decided_at > f.start]
            response = (f"Decision: {DECISION_WORDS[later[0].decision.value]} "
                        f"({uk_date(later[0].decided_at)})" if later
                        else "Unacceptable; no response recorded")
        lines.append(FailureLine(f, judgement, warning, response))
    return lines


DECISION_WORDS = {"breach": "breach", "no_breach": "no breach", "recall": "recall",
                  "no_recall": "no recall"}


def appointment_words(a: Appointment) -> str:
    """"a supervision appointment", "an unpaid work session": the article agrees."""
    kind = a.kind.label.lower()
    noun = kind if kind.endswith(("session", "appointment", "visit")) else f"{kind} appointment"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _what_happened(a: Appointment) -> str:
    verb = "Did not attend" if a.outcome is Outcome.FAILED_TO_ATTEND else "Attended, did not comply"
    return f"{verb} ({a.kind.label.lower()})"


def breach_chronology(ef: EventFile, decision: Enforcement, policy: Policy, since: date,
                      redact: bool) -> list[ChronologyRow]:
    """Failures and warnings since ``since``, in date order: failure, warning, later failure."""
    grounds = {g.failure.id: n for n, g in enumerate(breach_grounds(ef, decision, policy), 1)}
    why = {h.failure.id: h.why for h in history(ef, decision, policy)}
    on = decision.decided_at.date()
    rows: list[ChronologyRow] = []
    for f in ef.failures:
        if f.start > decision.decided_at or f.start.date() < since:
            continue
        judged = judgement_on(f, on)
        shown = appointment_text(f, redact)
        reason = WITHHELD if shown.withheld else (shown.reason or "None given")
        warning = warning_for(ef, f, on)
        earlier = earlier_decision(ef, f, decision)
        response = (f"Warning given {uk_date(warning.date)}" if warning else
                    "Absence accepted" if judged is Absence.ACCEPTABLE else
                    "Awaiting judgement" if judged is Absence.PENDING else
                    "Breach decision" if f.id in grounds else
                    f"Decision: {DECISION_WORDS[earlier.decision.value]} "
                    f"({uk_date(earlier.decided_at)})" if earlier else "No response recorded")
        if f.id in grounds:
            role = f"Ground {grounds[f.id]}: laid before the court"
        else:
            role = f"History: {why.get(f.id, 'not laid')}"
        rows.append(ChronologyRow(f.start, True, _what_happened(f),
                                  judged.label, reason, response, role))
    for w in ef.warnings:
        if w.date < since or w.date > on:
            continue
        rows.append(ChronologyRow(
            w.date, False, "Formal warning given" + (
                f" (letter sent {uk_date(w.letter_sent_on)})" if w.letter_sent_on else ""),
            "", "", f"Liable until {uk_date(warned_until(w, policy))}",
            "History: the warning later failures follow"))
    rows.sort(key=lambda r: (r.at if isinstance(r.at, datetime)
                             else datetime.combine(r.at, datetime.min.time())))
    return rows



def duration_words(start: date, end: date) -> str:
    """"2 years 6 months", "12 months", "3 months and 4 days"."""
    months = 0
    while add_months(start, months + 1) <= end:
        months += 1
    days = (end - add_months(start, months)).days
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    text = " ".join(parts)
    if days and (not parts or days > 1):
        text = f"{text} and {days} day{'s' if days != 1 else ''}" if text else \
            f"{days} day{'s' if days != 1 else ''}"
    return text or "0 days"


def days_words(days: int | None) -> str | None:
    """A custodial term in days as years and months (the way a court states it)."""
    if not days:
        return None
    months = round(days / 30.4375)
    if months and abs(days - months * 30.4375) <= 3:  # a term in whole months, give or take
        years, rest = divmod(months, 12)
        words = [f"{years} year{'s' if years != 1 else ''}"] if years else []
        if rest:
            words.append(f"{rest} month{'s' if rest != 1 else ''}")
        return " ".join(words)
    start = date(2001, 1, 1)
    return duration_words(start, start + timedelta(days=days))


def _date_extra(extra: dict[str, Any], key: str) -> date | None:
    value = extra.get(key)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _months_extra(extra: dict[str, Any], key: str) -> str | None:
    value = extra.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        n = int(value)
        years, months = divmod(n, 12)
        words = [f"{years} year{'s' if years != 1 else ''}"] if years else []
        if months:
            words.append(f"{months} month{'s' if months != 1 else ''}")
        return " ".join(words)
    return None


def sentence_words(event: Event) -> SentenceWords:
    """The sentence's lengths in years and months, from the record and its extension fields."""
    x = event.extra
    begins = event.sentence_date or event.start_date
    # An order's end date is its last day: a 12-month order made on 5 March 2026 ends on
    # 4 March 2027 and is "12 months", not "11 months and 27 days".
    last = event.end_date + timedelta(days=1) if event.end_date else None
    if event.kind.is_order:
        length = (duration_words(begins, last) if begins and last
                  else _months_extra(x, "length_months"))
    else:
        length = days_words(event.custodial_term_days) or _months_extra(x, "length_months")
    operational = _months_extra(x, "operational_period_months") or (
        duration_words(begins, last) if begins and last
        and event.kind.value == "suspended_sentence_order" else None)
    return SentenceWords(
        offence_date=_date_extra(x, "offence_date"), length=length,
        custodial_term=days_words(event.custodial_term_days),
        operational_period=operational,
        supervision_period=_months_extra(x, "supervision_period_months"),
        sentence_expiry=_date_extra(x, "sentence_expiry_date"))


def breached_requirement(ef: EventFile, appointment: Appointment) -> str:
    """Which requirement a failure breached, as the court reads it: the order's own requirement
    for an unpaid work or programme session, otherwise the duty to keep in touch with the
    responsible officer (Sentencing Act 2020 s.215 for a community order, s.301 for a suspended
    sentence order), with a rehabilitation activity requirement where the order has one."""
    kinds = {str(r.kind or "") for r in ef.event.requirements}
    if appointment.kind is AppointmentKind.UNPAID_WORK and "unpaid_work" in kinds:
        return "the unpaid work requirement of the order"
    if appointment.kind is AppointmentKind.PROGRAMME and "programme" in kinds:
        return "the accredited programme requirement of the order"
    section = "s.301" if ef.event.kind.value == "suspended_sentence_order" else "s.215"
    duty = ("the duty to keep in touch with the responsible officer as instructed "
            f"(Sentencing Act 2020, {section})")
    if kinds & {"rehabilitation_activity", "rar"}:
        return f"the rehabilitation activity requirement and {duty}"
    return duty


def requirement_lines(ef: EventFile, on: date) -> list[RequirementLine]:
    """Each requirement in plain words, what the court ordered, and progress as of ``on``."""
    lines = []
    for req, prog in zip(ef.event.requirements, progress(ef, on), strict=True):
        unit = (req.unit or "").replace("_", " ")
        amount = f"{req.amount:g} {unit}".strip() if req.amount is not None else "As ordered"
        lines.append(RequirementLine(prog.name, amount, prog.text))
    return lines


def recall_deadline(decision: Enforcement, policy: Policy, now: datetime) -> RecallDeadline:
    """Part A is due 24 hours after the decision (2 for an emergency), in elapsed hours."""
    kind = (decision.recall_type or RecallType.STANDARD).value
    hours = policy.number(f"recall_report_{kind}", "hours")
    due = add_elapsed_hours(decision.decided_at, hours)
    left_minutes = int((due - now).total_seconds() // 60) if now else 0
    if left_minutes >= 0:
        h, m = divmod(left_minutes, 60)
        left = f"{h} hour{'s' if h != 1 else ''} {m} minute{'s' if m != 1 else ''} left"
    else:
        h, m = divmod(-left_minutes, 60)
        left = f"overdue by {h} hour{'s' if h != 1 else ''} {m} minute{'s' if m != 1 else ''}"
    return RecallDeadline(due, hours, left)


def _common_gaps(inputs: PackInputs, for_court: bool = True) -> list[str]:
    gaps = []
    if not inputs.officer.strip():
        gaps.append("The responsible officer's name (File, Officer details; or officer-desk "
                    "office --name).")
    if for_court and inputs.person.date_of_birth is None:
        gaps.append("The person's date of birth.")
    return gaps


def _letter_gaps(inputs: PackInputs) -> list[str]:
    gaps = _common_gaps(inputs, for_court=False)
    if inputs.person.current_address is None:
        gaps.append("The person's address.")
    if not inputs.office.phone.strip():
        gaps.append("Your office phone number, so the person can reach you (File, Officer "
                    "details; or officer-desk office --phone).")
    if not inputs.office.address:
        gaps.append("Your office address (File, Officer details; or officer-desk office "
                    "--address).")
    return gaps


def _breach_gaps(inputs: PackInputs, ef: EventFile, policy: Policy) -> list[str]:
    gaps = _common_gaps(inputs)
    event = ef.event
    decision = inputs.enforcement
    if decision is None:
        gaps.append("A breach decision recorded on this event (decision 'breach').")
    elif not (decision.rationale or "").strip():
        gaps.append("The officer's assessment and proposal (the decision's rationale).")
    if not event.court:
        gaps.append("The court that made the order.")
    if not event.offence:
        gaps.append("The offence.")
    if event.sentence_date is None:
        gaps.append("The date of sentence.")
    if inputs.kind == "breach" and not event.requirements:
        gaps.append("The order's requirements, verbatim.")
    if inputs.kind == "pss-breach":
        if inputs.pss_end is None:
            gaps.append("The PSS end date (or the release date it is worked out from).")
        if not event.conditions:
            gaps.append("The PSS requirements set (s256AB), verbatim.")
    if decision is not None:
        if not inputs.grounds:
            gaps.append(no_grounds_reason(ef, decision, policy))
        for g in inputs.grounds:
            if not (g.failure.reason or "").strip():
                gaps.append("The reason recorded for the failure on "
                            f"{uk_date(g.failure.start.date())}.")
        gaps += rationale_contradictions(ef, decision, policy)
        if enforcement_sensitive(decision):
            gaps.append("The assessment and proposal is marked sensitive, but the court and the "
                        "person read it: record one that can be shared with them.")
    if inputs.person.current_address is None:
        gaps.append("The person's address (for the summons).")
    gaps += checklist_gaps(inputs.extra.get("checklist"), "breach")
    return gaps


ROSH_GROUPS = (("rosh_public", "the public"), ("rosh_known_adult", "a known adult"),
               ("rosh_children", "children"), ("rosh_staff", "staff"),
               ("rosh_prisoners", "prisoners"))


def _recall_gaps(inputs: PackInputs, ef: EventFile) -> list[str]:
    gaps = _common_gaps(inputs)
    e = inputs.enforcement
    event = ef.event
    if e is None:
        return gaps + ["A recall decision recorded on this licence (decision 'recall')."]
    if e.recall_type is None:
        gaps.append("The recall type (standard, fixed-term or emergency).")
    if not (e.rationale or "").strip():
        gaps.append("The reasons for recall (the decision's rationale).")
    if event.rosh is None:
        gaps.append("The current risk of serious harm level.")
    if not event.offence:
        gaps.append("The index offence.")
    if event.release_date is None:
        gaps.append("The release date.")
    if event.end_date is not None and e.decided_at.date() > event.end_date:
        gaps.append(f"The licence ended on {uk_date(event.end_date)}, before the decision: a "
                    "licence cannot be recalled after it expires.")
    extra = inputs.extra
    if not extra.get("conditions_breached"):
        gaps.append("The licence conditions breached.")
    known = {c.code for c in event.conditions}
    unknown = [str(c) for c in extra.get("conditions_breached") or [] if str(c) not in known]
    if unknown and event.conditions:
        gaps.append("Licence conditions breached that are not on the licence: "
                    + ", ".join(unknown) + ". Pick them from the licence.")
    if not str(extra.get("custody_status") or "").strip():
        gaps.append("Custody status (in custody, or at large and where).")
    if not str(extra.get("victims") or "").strip():
        gaps.append("Victims: victim contact scheme and whether the victim liaison officer was "
                    "informed (or 'none').")
    if not str(extra.get("police_contact") or "").strip():
        gaps.append("Arrest issues and police contact.")
    missing = [label for key, label in ROSH_GROUPS if not str(extra.get(key) or "").strip()]
    if missing:
        gaps.append("The risk of serious harm to " + ", ".join(missing) + " (low, medium, high "
                    "or very high).")
    for role, label in (() if inputs.team_hub else (("line_manager", "line manager"),
                                                    ("senior_manager", "senior manager"))):
        block = extra.get(role)
        if not isinstance(block, dict) or not block.get("name") or not block.get("at"):
            gaps.append(f"The {label}'s endorsement (name, date and time).")
    if e.recall_type is not None and e.recall_type.value == "fixed_term" and inputs.fixed_term \
            and not inputs.fixed_term.eligible:
        gaps.append("Fixed-term recall is not available here: "
                    + "; ".join(inputs.fixed_term.reasons))
    if event.indeterminate and e.recall_type is not None and e.recall_type.value != "emergency":
        gaps.append("Indeterminate sentences are recalled by the emergency route.")
    gaps += checklist_gaps(extra.get("checklist"), "recall")
    return gaps


def build_pack_inputs(kind: str, caseload: Caseload, event_id: str, policy: Policy, *,
                      on: date, officer: str, ref: str | None = None,
                      check: bool = True, variant: str | None = None,
                      office: Office | None = None, now: datetime | None = None,
                      countersign: tuple[bool, list[Recommendation]] | None = None) -> PackInputs:
    """Gather a document's content; with ``check``, refuse (listing the gaps) if incomplete.

    ``countersign`` is the team hub's state (linked, recommendations): on a hub, a recall's
    endorsements are the countersignatures, printed with the content hash they bind to.

    ``variant`` picks a letter's form ("", "cy", "easy-read" or "easy-read-cy"; by default
    the person's language); ``office`` is where the officer can be reached; ``now`` is when it
    is issued.
    """
    if kind not in PACK_KINDS:
        raise ValidationError(f"Unknown pack kind {kind!r}.")
    ef = caseload.events.get(event_id)
    if ef is None:
        raise ValidationError(f"There is no event {event_id!r} in this caseload.")
    person = caseload.people.get(ef.event.crn)
    if person is None:
        raise ValidationError(f"The event's person ({ef.event.crn}) is not in the caseload.")
    if variant is None:
        variant = "cy" if language_of(person) == "cy" and kind in LETTER_KINDS else ""
    if variant not in VARIANTS:
        raise ValidationError(f"Unknown letter form {variant!r}: English, Welsh (cy), easy "
                              "read (easy-read) or easy read in Welsh (easy-read-cy).")
    if variant and kind not in LETTER_KINDS:
        raise ValidationError("Welsh and easy-read forms are for letters to the person "
                              "(warning letters and decision-not-to-recall letters).")
    inputs = PackInputs(kind, person, ef, policy.version, on, officer or "",
                        compliance_summary(ef, on, policy), variant=variant,
                        office=office or Office())
    inputs._policy = policy
    inputs.all_failures = failure_lines(ef, on)
    inputs.evidence_days = policy.number("evidence_respond_by", "working_days")
    inputs.warning_months = policy.number("warning_window", "months")
    inputs.sentence = sentence_words(ef.event)
    inputs.requirements = requirement_lines(ef, on)
    gaps: list[str] = []
    event = ef.event

    if kind == "warning-letter":
        inputs.warning = _latest([w for w in ef.warnings if w.date <= on], ref, "warning")
        if inputs.warning is None:
            gaps.append("A warning recorded on this event (its date and the failures it is for).")
        else:
            ids = set(inputs.warning.failure_ids)
            inputs.failures = [f for f in failure_lines(ef, on) if f.appointment.id in ids]
            if not inputs.failures:
                gaps.append("The failure(s) the warning is for.")
            inputs.letter = warning_facts(ef, person, inputs.warning, policy, officer=officer,
                                          office=inputs.office, issued_on=on)
        gaps += _letter_gaps(inputs)
    elif kind in ("breach", "pss-breach"):
        wanted = EventKind.PSS if kind == "pss-breach" else None
        if wanted and event.kind is not wanted:
            gaps.append(f"A PSS breach pack needs a PSS event (this is a "
                        f"{event.kind.label.lower()}).")
        if not wanted and not event.kind.is_order:
            gaps.append("A breach pack is for a community order or suspended sentence order; use "
                        "'pss-breach' for PSS or 'recall' for a licence.")
        breaches = [e for e in ef.enforcements if e.decision is Decision.BREACH
                    and e.decided_at.date() <= on]
        inputs.enforcement = _latest(breaches, ref, "breach decision")
        since = add_months(on, -policy.number("compliance_window", "months"))
        inputs.failures = failure_lines(ef, on, since)
        if inputs.enforcement is not None:
            decision = inputs.enforcement
            inputs.grounds = breach_grounds(ef, decision, policy)
            first = min([since, *(w.date for g in inputs.grounds if g.warning
                                  for w in [g.warning])])
            inputs.chronology = breach_chronology(ef, decision, policy, first,
                                                  inputs.redact_sensitive)
            for w in ef.warnings:
                if w.date <= decision.decided_at.date():
                    inputs.letters[w.id] = warning_facts(ef, person, w, policy, officer=officer,
                                                         office=inputs.office)
        if kind == "pss-breach":
            inputs.pss_end = pss_end(event, policy)
            lead = policy.number("pss_end", "listing_lead_days")
            if inputs.pss_end is not None:
                inputs.listing_after_pss_end = on + timedelta(days=lead) > inputs.pss_end
            latest = inputs.failures[-1].appointment if inputs.failures else None
            if latest is not None:
                route = enforcement_route(caseload, ef, latest, on, policy)
                inputs.route_note = route.reason
                if route.path == "recall":
                    gaps.append("Licence and PSS run together on the failure date: this routes "
                                "to recall, not PSS breach.")
        gaps += _breach_gaps(inputs, ef, policy)
    elif kind in ("recall", "dntr"):
        if event.kind is not EventKind.LICENCE:
            gaps.append(f"{'Recall' if kind == 'recall' else 'A decision not to recall'} is for "
                        f"licences (this event is a {event.kind.label.lower()}).")
        wanted_decision = Decision.RECALL if kind == "recall" else Decision.NO_RECALL
        decisions = [e for e in ef.enforcements if e.decision is wanted_decision
                     and e.decided_at.date() <= on]
        inputs.enforcement = _latest(decisions, ref, f"{DECISION_WORDS[wanted_decision.value]} "
                                                     "decision")
        inputs.failures = failure_lines(ef, on)
        if kind == "recall":
            rosh_ok = inputs.extra.get("rosh_manageable")
            inputs.fixed_term = fixed_term_recall(event, policy,
                                                  rosh_ok if isinstance(rosh_ok, bool) else None)
            if inputs.enforcement is not None:
                inputs.deadline = recall_deadline(inputs.enforcement, policy,
                                                  now or inputs.enforcement.decided_at)
                if countersign is not None and countersign[0]:
                    inputs.team_hub = True
                    inputs.countersign = for_decision(countersign[1], inputs.enforcement.id)
                    inputs.content_sha256 = content_sha256(caseload, inputs.enforcement)
                    # Until both managers have countersigned this very content, a Part A is a
                    # draft: marked so on every page and never issued as final.
                    if submit_refusal(inputs.countersign, inputs.content_sha256):
                        inputs.draft = ("DRAFT: not yet countersigned by the SPO and the ACO. "
                                        "Not to be sent to PPCS.")
            gaps += _recall_gaps(inputs, ef)
        else:
            if inputs.enforcement is None:
                gaps.append("A decision not to recall recorded on this licence (decision "
                            "'no recall').")
            else:
                inputs.letter = dntr_facts(ef, person, inputs.enforcement, officer=officer,
                                           office=inputs.office)
            gaps += _letter_gaps(inputs)
    elif kind == "sentence-plan":
        inputs.plan = _latest(ef.plans, ref, "sentence plan")
        if inputs.plan is None:
            gaps.append("A sentence plan recorded on this event.")
        else:
            if not inputs.plan.objectives:
                gaps.append("At least one objective in the plan.")
            for n, o in enumerate(inputs.plan.objectives, start=1):
                if not (o.text or "").strip():
                    gaps.append(f"The wording of objective {n}.")
                if not (o.need or "").strip():
                    gaps.append(f"The need or risk objective {n} addresses.")
        gaps += _common_gaps(inputs, for_court=False)
    elif kind == "readiness":
        inputs.readiness = readiness(ef, person, on, policy)
        if not inputs.officer.strip():
            gaps.append("The responsible officer's name (File, Officer details; or officer-desk "
                        "office --name).")
    elif kind == "home-visit":
        inputs.visit = _latest(ef.home_visits, ref, "home visit")
        if inputs.visit is None:
            gaps.append("A home visit planned or recorded on this event.")
        else:
            if not str(inputs.visit.extra.get("purpose") or "").strip():
                gaps.append("The purpose of the visit.")
            if inputs.visit.done_at is None and not inputs.visit.extra.get("checkin_by"):
                gaps.append("The time the visitor checks in with the office by (lone working: "
                            "the alert is raised when it passes).")
            if inputs.visit.done_at is not None and not (inputs.visit.outcome or "").strip():
                gaps.append("The outcome of the visit (seen, not in, refused, address not as "
                            "stated).")
        if not inputs.officer.strip():
            gaps.append("The responsible officer's name (File, Officer details; or officer-desk "
                    "office --name).")
    if check and gaps:
        raise PackIncompleteError(PACK_TITLES[kind].lower(), gaps)
    inputs.gaps = gaps
    return inputs


def pack_gaps(kind: str, caseload: Caseload, event_id: str, policy: Policy, *, on: date,
              officer: str, ref: str | None = None, office: Office | None = None) -> list[str]:
    """What is missing before a pack can print (empty when it is complete)."""
    inputs = build_pack_inputs(kind, caseload, event_id, policy, on=on, officer=officer, ref=ref,
                               check=False, office=office)
    return list(inputs.gaps)


def decision_time(value: datetime | None) -> str:
    """A decision's date and time for the packs (PPCS needs both)."""
    return f"{uk_date(value)} at {value:%H:%M}" if value else ""
