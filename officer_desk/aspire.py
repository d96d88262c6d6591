"""The ASPIRE stage rail: assessment, sentence plan, induction/implementation, review, enforcement.

Inspectors judge every case on these stages (002:1112); each stage's status says what is done,
due, overdue or missing, from the same rules that drive ``due`` (never a second copy of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from officer_desk.caseload import EventFile
from officer_desk.compliance import known_on
from officer_desk.dates import uk_date
from officer_desk.due import DueItem, event_items
from officer_desk.model import AppointmentKind, Outcome, Person
from officer_desk.policy import Policy
from officer_desk.readiness import Gap, assessment_gaps, plan_gaps

STAGES = ("assessment", "sentence_plan", "induction", "review", "enforcement")
STAGE_LABELS = {
    "assessment": "Assessment",
    "sentence_plan": "Sentence plan",
    "induction": "Induction / implementation",
    "review": "Review",
    "enforcement": "Enforcement",
}


@dataclass(frozen=True)
class StageStatus:
    """One stage: ``state`` is done, due, overdue, missing or none (nothing needed yet)."""

    stage: str
    state: str
    detail: str
    gaps: tuple[str, ...] = ()  # what an inspector would find missing at this stage

    @property
    def label(self) -> str:
        """The stage's name."""
        return STAGE_LABELS[self.stage]


def _gate(stage: str, gaps: list[Gap], done: str) -> StageStatus:
    """A stage whose record exists (or not) and what an inspector would find missing."""
    gaps = [g for g in gaps if g.fixable]
    texts = tuple(dict.fromkeys(g.text for g in gaps))
    if not texts:
        return StageStatus(stage, "done", done)
    # Overdue only when something is missing past its deadline: a plan made before any
    # assessment lacks something essential, but nothing about it is late.
    late = len(dict.fromkeys(g.text for g in gaps if g.late))
    state = "overdue" if late else "missing"
    # The rail's box is small: how many, here; each one in its tooltip and accessible name.
    return StageStatus(stage, state, f"{done}; {len(texts)} thing{'s' if len(texts) > 1 else ''}"
                                     " an inspector would find missing"
                                     + (f" ({late} past its deadline)" if late else ""), texts)


def _from_items(items: list[DueItem], kinds: set[str]) -> DueItem | None:
    found = [i for i in items if i.kind in kinds]
    found.sort(key=lambda i: (not i.overdue, str(i.due)))
    return found[0] if found else None


def stage_statuses(ef: EventFile, on: date, policy: Policy,
                   person: Person | None = None) -> list[StageStatus]:
    """Status of every stage for one event as of ``on``.

    The assessment and plan gates are the inspection-readiness report's own gaps (one
    implementation): what the rail says is missing is what the report says.
    """
    # The very items `due` lists: the rail never says "later" where `due` says overdue.
    items = event_items(ef, on, policy, extended=True)
    out: list[StageStatus] = []

    a_gaps = assessment_gaps(ef, person, on, policy)
    assessments = [a for a in ef.assessments if known_on(a.completed_on, on)]
    done = f"Completed {uk_date(assessments[-1].completed_on)}" if assessments \
        else "No assessment recorded"
    out.append(_gate("assessment", a_gaps, done))

    plans = [p for p in ef.plans if known_on(p.completed_on, on)]
    p_gaps = plan_gaps(ef, on, policy)
    if plans:
        out.append(_gate("sentence_plan", p_gaps,
                         f"Completed {uk_date(plans[-1].completed_on)}, "
                         f"{len(plans[-1].objectives)} objective(s)"))
    else:
        plan_item = _from_items(items, {"sentence_plan"})
        texts = tuple(dict.fromkeys(g.text for g in p_gaps))
        if plan_item:
            out.append(StageStatus("sentence_plan", plan_item.status,
                                   f"Due {uk_date(plan_item.due)}", texts))
        else:
            out.append(StageStatus("sentence_plan", "none", "Due after the first appointment",
                                   texts))

    induction_item = _from_items(items, {"induction"})
    inducted = any(a.kind is AppointmentKind.INDUCTION and a.outcome is Outcome.ATTENDED
                   and known_on(a.start, on) for a in ef.appointments)
    contact = _from_items(items, {"contact"})
    if induction_item:
        out.append(StageStatus("induction", induction_item.status,
                               f"Induction due {uk_date(induction_item.due)}"))
    elif contact and contact.overdue:
        out.append(StageStatus("induction", "overdue",
                               f"Contact overdue since {uk_date(contact.due)}"))
    else:
        out.append(StageStatus("induction", "done" if inducted else "none",
                               "Inducted; contact on schedule" if inducted else "Not started"))

    review = _from_items(items, {"review"})
    change = _from_items(items, {"review_on_change"})
    reviews = [r for r in ef.reviews if known_on(r.completed_on, on)]
    if change and (change.overdue or not (review and review.overdue)):
        out.append(StageStatus("review", change.status,
                               f"Review after a change: due {uk_date(change.due)}"))
    elif review:
        out.append(StageStatus("review", "overdue" if review.overdue else "done",
                               f"Next review {uk_date(review.due)}"))
    elif reviews:
        out.append(StageStatus("review", "done",
                               f"Last review {uk_date(reviews[-1].completed_on)}"))
    else:
        out.append(StageStatus("review", "none", "Follows the sentence plan"))

    enforcement = _from_items(items, {"absence_decision", "warning_letter", "breach_decision",
                                      "breach_to_court", "recall_report", "pss_end"})
    if enforcement:
        out.append(StageStatus("enforcement", enforcement.status,
                               f"{enforcement.title}: {uk_date(enforcement.due)}"))
    else:
        out.append(StageStatus("enforcement", "none", "Nothing outstanding"))
    return out
