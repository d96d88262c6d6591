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
from officer_desk.model import AppointmentKind, Outcome
from officer_desk.policy import Policy

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

    @property
    def label(self) -> str:
        """The stage's name."""
        return STAGE_LABELS[self.stage]


def _from_items(items: list[DueItem], kinds: set[str]) -> DueItem | None:
    found = [i for i in items if i.kind in kinds]
    found.sort(key=lambda i: (not i.overdue, str(i.due)))
    return found[0] if found else None


def stage_statuses(ef: EventFile, on: date, policy: Policy) -> list[StageStatus]:
    """Status of every stage for one event as of ``on``."""
    # The very items `due` lists: the rail never says "later" where `due` says overdue.
    items = event_items(ef, on, policy, extended=True)
    out: list[StageStatus] = []

    assessments = [a for a in ef.assessments if known_on(a.completed_on, on)]
    if assessments:
        last = assessments[-1]
        missing = [name for name, value in (("ROSH", last.rosh), ("needs", last.needs))
                   if not value]
        out.append(StageStatus("assessment", "missing" if missing else "done",
                               f"Completed {uk_date(last.completed_on)}"
                               + (f"; missing {', '.join(missing)}" if missing else "")))
    else:
        out.append(StageStatus("assessment", "missing", "No assessment recorded"))

    plan_item = _from_items(items, {"sentence_plan"})
    plans = [p for p in ef.plans if known_on(p.completed_on, on)]
    if plans:
        out.append(StageStatus("sentence_plan", "done",
                               f"Completed {uk_date(plans[-1].completed_on)}, "
                               f"{len(plans[-1].objectives)} objective(s)"))
    elif plan_item:
        out.append(StageStatus("sentence_plan", plan_item.status, f"Due {uk_date(plan_item.due)}"))
    else:
        out.append(StageStatus("sentence_plan", "none", "Due after the first appointment"))

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
    reviews = [r for r in ef.reviews if known_on(r.completed_on, on)]
    if review:
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
