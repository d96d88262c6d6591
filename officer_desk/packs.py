"""What goes into each printed document, and whether it is complete enough to print.

A pack must be usable "without the need for additional information" (002:633: 89.1% against a
90% target); Officer Desk refuses to finalise one that lacks mandatory content and says exactly
what is missing. The documents (``forms``) only lay out what is gathered here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

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
    respond_by,
    warned_until,
)
from officer_desk.dates import add_months
from officer_desk.errors import PackIncompleteError, ValidationError
from officer_desk.model import (
    Absence,
    Appointment,
    Decision,
    Enforcement,
    EventKind,
    HomeVisit,
    Person,
    SentencePlan,
    Warning,
)
from officer_desk.policy import Policy

PACK_KINDS = ("breach", "pss-breach", "recall", "warning-letter", "sentence-plan", "home-visit")

PACK_TITLES = {
    "breach": "Breach pack",
    "pss-breach": "Post-sentence supervision breach pack",
    "recall": "Recall report (Part A)",
    "warning-letter": "Warning letter",
    "sentence-plan": "Sentence plan",
    "home-visit": "Home visit record",
}

# PSS court options (CJA 2003 s256AC(4); Sch 19A para 3; 001:754-757; 000:214).
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
    respond_by: date | None = None
    liable_until: date | None = None
    next_appointment: Appointment | None = None
    pss_end: date | None = None
    listing_after_pss_end: bool = False
    fixed_term: FixedTermCheck | None = None
    route_note: str = ""
    redact_sensitive: bool = True
    gaps: list[str] = field(default_factory=list)
    all_failures: list[FailureLine] = field(default_factory=list)
    evidence_days: int = 5
    warning_months: int = 12
    _policy: Policy | None = None

    @property
    def title(self) -> str:
        """The document's title."""
        return PACK_TITLES[self.kind]

    def respond_by_for(self, warning: Warning) -> date:
        """The evidence date printed on this warning's letter."""
        return respond_by(warning, self.file.failures, self._policy)

    @property
    def extra(self) -> dict[str, Any]:
        """The enforcement record's extension fields (checklist, endorsements, ...)."""
        return self.enforcement.extra if self.enforcement else {}


def _latest(items: list[Any], ref: str | None, what: str) -> Any:
    if ref:
        for item in items:
            if item.id == ref:
                return item
        raise ValidationError(f"There is no {what} {ref!r} on this event.")
    return items[-1] if items else None


def failure_lines(ef: EventFile, on: date, since: date | None = None) -> list[FailureLine]:
    lines = []
    for f in ef.failures:
        if f.start.date() > on or (since and f.start.date() < since):
            continue
        judgement = judgement_on(f, on)
        warning = next((w for w in ef.warnings if f.id in w.failure_ids), None)
        if warning is not None:
            response = f"Warning given {warning.date.isoformat()}"
        elif judgement is Absence.ACCEPTABLE:
            response = "Absence accepted"
        elif judgement is Absence.PENDING:
            response = "Awaiting evidence and decision"
        else:
            later = [e for e in ef.enforcements if e.decided_at > f.start]
            response = (f"Enforcement decision: {later[0].decision.value.replace('_', ' ')}"
                        if later else "Unacceptable; no response recorded")
        lines.append(FailureLine(f, judgement, warning, response))
    return lines


def _common_gaps(inputs: PackInputs, for_court: bool = True) -> list[str]:
    gaps = []
    if not inputs.officer.strip():
        gaps.append("The responsible officer's name (set it in Settings).")
    if for_court and inputs.person.date_of_birth is None:
        gaps.append("The person's date of birth.")
    return gaps


def _breach_gaps(inputs: PackInputs, ef: EventFile) -> list[str]:
    gaps = _common_gaps(inputs)
    event = ef.event
    if inputs.enforcement is None:
        gaps.append("A breach decision recorded on this event (decision 'breach').")
    elif not (inputs.enforcement.rationale or "").strip():
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
    unacceptable = [f for f in inputs.failures if f.judgement is Absence.UNACCEPTABLE]
    if not unacceptable:
        gaps.append("At least one failure judged unacceptable, with its reason.")
    for f in unacceptable:
        if not (f.appointment.reason or "").strip():
            gaps.append(f"The reason recorded for the failure on {f.appointment.start:%d %b %Y}.")
    if inputs.kind == "breach" and not ef.warnings and not any(
            f.appointment.serious for f in unacceptable):
        gaps.append("A warning given on this order, or a failure judged serious.")
    if inputs.person.current_address is None:
        gaps.append("The person's address (for the summons).")
    gaps += checklist_gaps(inputs.extra.get("checklist"), "breach")
    return gaps


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
        gaps.append(f"The licence ended on {event.end_date:%d %b %Y}, before the decision: a "
                    "licence cannot be recalled after it expires.")
    extra = inputs.extra
    if not extra.get("conditions_breached"):
        gaps.append("The licence conditions breached.")
    if not str(extra.get("custody_status") or "").strip():
        gaps.append("Custody status (in custody, or at large and where).")
    if not str(extra.get("victims") or "").strip():
        gaps.append("Victims: victim contact scheme and whether the victim liaison officer was "
                    "informed (or 'none').")
    if not str(extra.get("police_contact") or "").strip():
        gaps.append("Arrest issues and police contact.")
    for role, label in (("line_manager", "line manager"), ("senior_manager", "senior manager")):
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
                      check: bool = True) -> PackInputs:
    """Gather a document's content; with ``check``, refuse (listing the gaps) if incomplete."""
    if kind not in PACK_KINDS:
        raise ValidationError(f"Unknown pack kind {kind!r}.")
    ef = caseload.events.get(event_id)
    if ef is None:
        raise ValidationError(f"There is no event {event_id!r} in this caseload.")
    person = caseload.people.get(ef.event.crn)
    if person is None:
        raise ValidationError(f"The event's person ({ef.event.crn}) is not in the caseload.")
    inputs = PackInputs(kind, person, ef, policy.version, on, officer or "",
                        compliance_summary(ef, on, policy))
    inputs._policy = policy
    inputs.all_failures = failure_lines(ef, on)
    inputs.evidence_days = policy.number("evidence_respond_by", "working_days")
    inputs.warning_months = policy.number("warning_window", "months")
    future = [a for a in ef.appointments if a.outcome is None and a.start.date() >= on]
    inputs.next_appointment = future[0] if future else None
    gaps: list[str] = []
    event = ef.event

    if kind == "warning-letter":
        if not event.kind.is_order:
            gaps.append("Warning letters are for community orders and suspended sentence orders "
                        f"(this event is a {event.kind.label.lower()}).")
        inputs.warning = _latest(ef.warnings, ref, "warning")
        if inputs.warning is None:
            gaps.append("A warning recorded on this event (its date and the failures it is for).")
        else:
            ids = set(inputs.warning.failure_ids)
            inputs.failures = [f for f in failure_lines(ef, on) if f.appointment.id in ids]
            if not inputs.failures:
                gaps.append("The failure(s) the warning is for.")
            inputs.liable_until = warned_until(inputs.warning, policy)
            inputs.respond_by = respond_by(inputs.warning, ef.failures, policy)
        gaps += _common_gaps(inputs, for_court=False)
        if person.current_address is None:
            gaps.append("The person's address.")
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
                                "to recall, not PSS breach (003:146-150).")
        gaps += _breach_gaps(inputs, ef)
    elif kind == "recall":
        if event.kind is not EventKind.LICENCE:
            gaps.append(f"Recall is for licences (this event is a {event.kind.label.lower()}).")
        recalls = [e for e in ef.enforcements if e.decision is Decision.RECALL
                   and e.decided_at.date() <= on]
        inputs.enforcement = _latest(recalls, ref, "recall decision")
        inputs.failures = failure_lines(ef, on)
        rosh_ok = inputs.extra.get("rosh_manageable")
        inputs.fixed_term = fixed_term_recall(event, policy,
                                              rosh_ok if isinstance(rosh_ok, bool) else None)
        gaps += _recall_gaps(inputs, ef)
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
    elif kind == "home-visit":
        inputs.visit = _latest(ef.home_visits, ref, "home visit")
        if inputs.visit is None:
            gaps.append("A home visit planned or recorded on this event.")
        else:
            if not str(inputs.visit.extra.get("purpose") or "").strip():
                gaps.append("The purpose of the visit.")
            if inputs.visit.done_at is not None and not (inputs.visit.outcome or "").strip():
                gaps.append("The outcome of the visit (seen, not in, refused, address not as "
                            "stated).")
        if not inputs.officer.strip():
            gaps.append("The responsible officer's name (set it in Settings).")
    if check and gaps:
        raise PackIncompleteError(PACK_TITLES[kind].lower(), gaps)
    inputs.gaps = gaps
    return inputs


def pack_gaps(kind: str, caseload: Caseload, event_id: str, policy: Policy, *, on: date,
              officer: str, ref: str | None = None) -> list[str]:
    """What is missing before a pack can print (empty when it is complete)."""
    inputs = build_pack_inputs(kind, caseload, event_id, policy, on=on, officer=officer, ref=ref,
                               check=False)
    return list(inputs.gaps)


def decision_time(value: datetime | None) -> str:
    """A decision's date and time for the packs (PPCS needs both)."""
    return value.strftime("%d %b %Y at %H:%M") if value else ""
