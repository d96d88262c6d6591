"""Is this case inspection-ready? The inspectors' questions, answered from the record.

HM Inspectorate of Probation judges each case with fixed questions on assessment, planning,
implementation and delivery, and reviewing. Where its current framework (the dynamic
inspection of public protection, October 2025) has the question, it is quoted word for word
with its number; where it was not found, the question says so (``Question.cite``) rather than
pass our wording off as the inspectorate's. Each is answered here yes, partly or no, with the
evidence and dates it rests on and what would turn it into a yes; never "yes" without the
evidence the question asks for (an assessment for planning, objectives for a plan, an
induction and a complete contact period for contact, an answered enquiry of each kind). The
stage rail's assessment and plan gates are these same gaps (one implementation), so the rail
and the report never disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from officer_desk.caseload import Caseload, EventFile
from officer_desk.contact_levels import contact_periods
from officer_desk.dates import uk_date
from officer_desk.due import event_items
from officer_desk.inspection_rules import (
    CHANGE_WORDS,
    ENQUIRY_KINDS,
    answered_by,
    changes_since_review,
    start_of,
    triggers,
)
from officer_desk.model import AppointmentKind, EventKind, Outcome, Person, Rosh
from officer_desk.policy import Policy
from officer_desk.working_days import add_working_days

YES, PARTLY, NO = "yes", "partly", "no"
ANSWER_WORDS = {YES: "Yes", PARTLY: "Partly", NO: "No"}
ROSH_GROUPS = (("rosh_public", "the public"), ("rosh_known_adult", "a known adult"),
               ("rosh_children", "children"), ("rosh_staff", "staff"))
# Words in an offence that say domestic abuse should be flagged (002:845).
DA_WORDS = ("domestic", "partner", "coercive", "controlling", "restraining order",
            "non-molestation", "stalking")


@dataclass(frozen=True)
class Question:
    """One inspection question, with where it comes from.

    ``text`` is what the report asks. Where the inspectorate's current framework has the
    question, ``current`` names it (e.g. "C1 a) and c)") and ``quoted`` says ``text`` is its
    wording word for word; where it only has a question close to ours, ``closest`` quotes that
    one. Where no current source was found, ``current`` is empty and ``cite`` says so plainly,
    so no one takes our wording for the inspectorate's.
    """

    id: str
    stage: str  # assessment, planning, implementation, review
    text: str
    source: str  # the project's seed lines the question was first drawn from (file:line)
    cite: str = ""  # the source in words, for a reader of the printed report
    current: str = ""  # the current question's number in the current framework, if found
    quoted: bool = False  # text is the current question's own wording
    closest: str = ""  # the closest current question, quoted, when ours is not one of them
    url: str = ""  # where the current question is published

    @property
    def asked(self) -> str:
        """The question as printed: a current question carries its number (C1, C2...)."""
        return f"{self.current.split()[0]} {self.text}" if self.quoted else self.text


# The inspectorate's current case questions (checked October 2025 onwards). From October
# 2025 its core programme of probation delivery unit inspections is paused for six months of
# "dynamic inspection" of public protection alone (HMIP, "Probation Services" page,
# https://hmiprobation.justiceinspectorates.gov.uk/about-us/our-inspections/pdu). Its case
# questions are C1 (assessment) and C2 (planning) and further ones on keeping other people
# safe; its case assessment rules and guidance (CARaG v1.1, 20 October 2025) say some
# questions are "derived directly from the existing PDU inspection standards".
DI25 = ("HM Inspectorate of Probation, Dynamic inspection of public protection – case and "
        "non-case inspection questions (October 2025)")
DI25_URL = ("https://hmiprobation.justiceinspectorates.gov.uk/document/"
            "dynamic-inspection-of-public-protection-case-and-non-case-inspection-questions")
# Six questions (reoffending, strengths_diversity, plan, plan_strengths, contact, review)
# still have no current source. Their current wording was looked for again and could not be
# read, so none is quoted; each says so in NOT_FOUND, the same words for all six. Searched,
# and what of each could be read:
# - the dynamic inspection questions above (DI25_URL): C1 a) to c) and C2 a) and b) only,
#   none of the questions after C2 (implementation and delivery, reviewing);
# - their case assessment rules and guidance, CARaG v1.1 (20 October 2025): the introduction
#   only, which says some questions are "derived directly from the existing PDU inspection
#   standards" without saying which;
# - the dynamic inspection guidance manual v1.0 (2 October 2025,
#   https://hmiprobation.justiceinspectorates.gov.uk/?p=5088): its opening sections only;
# - the PDU standards' domain two case questions (2.1 assessment, 2.2 planning,
#   2.3 implementation and delivery, 2.4 reviewing): HMIP lists its domain two case
#   assessment rules and guidance (November 2023) but its text could not be read, and the
#   recent PDU and regional reports found (County Durham and Darlington, 2025; North Tyneside
#   and Northumberland, 2025; North East region, 2025; Newcastle upon Tyne; Gateshead and
#   South Tyneside) could be read to their forewords only, not to the annexes that list the
#   questions.
# HMIP's effective practice guides found (older, undated copies that speak of the "service
# user") paraphrase its standards; they are not the current questions and are not quoted.
NOT_FOUND = ("No current source found: the inspectorate's current questions on this (the "
             "dynamic inspection questions after C2; the probation delivery unit standards' "
             "case questions) could not be read, so this wording is the project's own, "
             "first drawn from ")
_A17 = "HM Inspectorate of Probation, Annual Report 2017"
_ER = "HM Inspectorate of Probation, Enforcement and Recall (February 2018)"
_PRS = "HM Inspectorate of Probation, Post-release supervision for short-term prisoners"

QUESTIONS = (
    Question("risk_of_harm", "assessment", "Does assessment focus sufficiently on keeping other "
             "people safe? a) Does assessment identify and analyse clearly any risk of harm to "
             "others? c) Does assessment analyse any specific concerns and risks related to "
             "actual and potential victims?", "002:849; 001:338",
             DI25 + ", question C1 a) and c)", current="C1 a) and c)", quoted=True,
             url=DI25_URL),
    Question("reoffending", "assessment", "Within an appropriate time following allocation, was "
             "the overall assessment in relation to reducing reoffending sufficient?",
             "002:1120; 001:339", NOT_FOUND + _A17 + ", figure 26, and " + _ER + ", table 2.1a."),
    Question("strengths_diversity", "assessment", "Does the assessment take account of strengths "
             "and protective factors, diversity factors affecting engagement, and the person's "
             "own view?", "001:340-341; 002:1116",
             NOT_FOUND + _ER + ", table 2.1a, and " + _A17 + ", assessment and planning."),
    Question("enquiries", "assessment", "Were domestic abuse call-out and child safeguarding "
             "enquiries made in time, answered, and their results used (including a domestic "
             "abuse flag where one is called for)?", "000:594; 002:823; 002:845",
             DI25 + ", closest current question C1 b); ours was first drawn from " + _PRS
             + " and " + _A17 + ", examples 2 and 3", current="C1 b)",
             closest="Does assessment draw sufficiently on available sources of information, "
             "including past behaviour and convictions, and involve other agencies where "
             "appropriate?", url=DI25_URL),
    Question("plan", "planning", "Within an appropriate time following allocation, was there a "
             "sufficient sentence plan in place, built on the assessment?",
             "002:1132; 002:199", NOT_FOUND + _A17 + ", figure 27. (C2 asks of planning only "
             "for keeping other people safe: the next question.)"),
    Question("plan_risk", "planning", "Does planning focus sufficiently on keeping other people "
             "safe? a) Does planning address sufficiently risk of harm factors and prioritise "
             "those which are most critical? b) Does planning set out the necessary "
             "constructive and/or restrictive interventions to manage the risk of harm?",
             "002:857", DI25 + ", question C2 a) and b)", current="C2 a) and b)",
             quoted=True, url=DI25_URL),
    Question("plan_strengths", "planning", "Did planning at the start of the order or licence "
             "sufficiently support relevant protective factors, in the person's own words?",
             "002:1140", NOT_FOUND + _A17 + ", figure 28."),
    Question("contact", "implementation", "Was the person inducted in time and met as often as "
             "their contact level requires?", "001:299; 001:297",
             NOT_FOUND + _ER + ", aims of the inspection."),
    Question("review", "review", "Did the responsible officer review progress on time and when "
             "circumstances changed?", "002:1170; 002:865",
             NOT_FOUND + _A17 + ", figure 30 and protecting the public."),
)
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}


@dataclass
class Gap:
    """Something an inspector would find missing, and what to do about it."""

    question: str
    text: str
    todo: str
    fatal: bool = False  # the thing itself is missing (a "no", not a "partly")
    fixable: bool = True  # False for what is past mending (done late): the report, not the rail
    late: bool = False  # missing past its deadline (the rail says overdue, not just missing)


@dataclass
class Answer:
    """One question answered from the record."""

    question: Question
    answer: str
    evidence: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)


def _levels(value: object) -> bool:
    return isinstance(value, str) and value in {r.value for r in Rosh}


def _da_reason(ef: EventFile) -> str | None:
    offence = (ef.event.offence or "").lower()
    word = next((w for w in DA_WORDS if w in offence), None)
    if word:
        return f"the offence ({ef.event.offence}) involves domestic abuse"
    for q in ef.enquiries:
        if q.kind == "domestic_abuse" and q.concerns:
            return f"the domestic abuse enquiry answered on {uk_date(q.returned_on)} raised " \
                   "concerns"
    return None


def _flagged(person: Person | None) -> bool:
    return person is not None and any("domestic" in f.lower() for f in person.flags)


def assessment_gaps(ef: EventFile, person: Person | None, on: date,
                    policy: Policy) -> list[Gap]:
    """What the assessment questions lack (the stage rail's assessment gate)."""
    gaps: list[Gap] = []
    start = start_of(ef)
    due = add_working_days(start, policy.number("assessment", "working_days")) if start else None
    done = [a for a in ef.assessments if a.completed_on <= on]
    if not done:
        if due is not None and due < on:
            for q in ("risk_of_harm", "reoffending", "strengths_diversity"):
                gaps.append(Gap(q, f"No assessment: it was due by {uk_date(due)}.",
                                "Complete the assessment (Assessment).", fatal=True, late=True))
        else:
            for q in ("risk_of_harm", "reoffending", "strengths_diversity"):
                gaps.append(Gap(q, "No assessment yet" + (f" (due by {uk_date(due)})."
                                                         if due else "."),
                                "Complete the assessment (Assessment)."))
    else:
        a = done[-1]
        x = a.extra
        if due is not None and done[0].completed_on > due:
            gaps.append(Gap("risk_of_harm", f"The first assessment was completed on "
                            f"{uk_date(done[0].completed_on)}, after it was due "
                            f"({uk_date(due)}).", "Nothing to change now: record why it was "
                            "late in the case notes.", fixable=False))
        if a.rosh is None:
            gaps.append(Gap("risk_of_harm", "No overall risk of serious harm level.",
                            "Record the ROSH level in the assessment."))
        missing = [label for key, label in ROSH_GROUPS if not _levels(x.get(key))]
        if missing:
            gaps.append(Gap("risk_of_harm", "Risk of serious harm not graded for "
                            + ", ".join(missing) + ".",
                            "Grade the risk to each group (low to very high)."))
        if not str(x.get("at_risk") or "").strip():
            gaps.append(Gap("risk_of_harm", "Who is at risk, and how, is not described.",
                            "Describe who is at risk and how (the nature of the harm)."))
        if not a.likelihood_of_reoffending:
            gaps.append(Gap("reoffending", "No likelihood of reoffending.",
                            "Record the likelihood of reoffending."))
        if not a.needs:
            gaps.append(Gap("reoffending", "No needs recorded by pathway.",
                            "Record the needs linked to offending."))
        if not a.strengths:
            gaps.append(Gap("strengths_diversity", "No strengths or protective factors.",
                            "Record strengths and protective factors."))
        if not str(x.get("diversity") or "").strip():
            gaps.append(Gap("strengths_diversity", "Diversity factors affecting engagement "
                            "are not recorded.", "Record diversity factors (or that there are "
                            "none affecting engagement)."))
        if not str(x.get("persons_view") or "").strip():
            gaps.append(Gap("strengths_diversity", "The person's own view is not recorded.",
                            "Record what the person says about their offending and needs."))
    gaps += enquiry_gaps(ef, person, on, policy)
    return gaps


def enquiry_gaps(ef: EventFile, person: Person | None, on: date, policy: Policy) -> list[Gap]:
    """Enquiries not asked for, not answered, not used; a missing domestic abuse flag."""
    gaps: list[Gap] = []
    for kind, (rule, words) in ENQUIRY_KINDS.items():
        found = triggers(ef, kind, on)
        if not found:
            # Nothing dates the start (or it is still ahead): no deadline, but no "yes" either
            # without an answered enquiry of each kind.
            made = [q for q in ef.enquiries if q.kind == kind and q.requested_on <= on]
            if not made:
                gaps.append(Gap("enquiries", f"No {words.split(' (')[0].lower()} recorded.",
                                f"Request the {words.split(' (')[0].lower()} and record it "
                                "(Enquiry)."))
            elif made[-1].returned_on is None or made[-1].returned_on > on:
                gaps.append(Gap("enquiries", f"{words} requested on "
                                f"{uk_date(made[-1].requested_on)} and not yet answered.",
                                "Chase the answer and record it."))
            continue
        latest = found[-1]
        asked = answered_by(ef, kind, latest, on, policy)
        due = add_working_days(latest.day, policy.number(rule, "working_days"))
        if not asked:
            late = due < on
            gaps.append(Gap("enquiries", f"{words} not requested since {latest.why} "
                            f"({uk_date(latest.day)}); {'it was' if late else 'it is'} due by "
                            f"{uk_date(due)}.", f"Request the {words.split(' (')[0].lower()} "
                            "and record it (Enquiry).", fatal=late, late=late))
            continue
        q = asked[-1]
        if q.returned_on is None or q.returned_on > on:
            gaps.append(Gap("enquiries", f"{words} requested on {uk_date(q.requested_on)} and "
                            "not yet answered.", "Chase the answer and record it."))
        elif not (q.result or "").strip():
            gaps.append(Gap("enquiries", f"{words} answered on {uk_date(q.returned_on)} with no "
                            "result recorded.", "Record what the answer said."))
        elif q.concerns and not (q.action_taken or "").strip():
            gaps.append(Gap("enquiries", f"{words} raised concerns, and nothing records what "
                            "changed because of it.", "Record what changed in the assessment "
                            "or plan because of it."))
    reason = _da_reason(ef)
    if reason and not _flagged(person):
        gaps.append(Gap("enquiries", f"No domestic abuse flag on the person although {reason}.",
                        "Add the domestic abuse flag to the person."))
    return gaps


def plan_gaps(ef: EventFile, on: date, policy: Policy) -> list[Gap]:
    """What the planning questions lack (the stage rail's plan gate)."""
    gaps: list[Gap] = []
    plans = [p for p in ef.plans if p.completed_on <= on]
    items = {i.kind: i for i in event_items(ef, on, policy)}
    if not plans:
        item = items.get("sentence_plan")
        fatal = item is not None and item.overdue
        text = (f"No sentence plan: it was due by {uk_date(item.due)}." if fatal else
                f"No sentence plan yet (due by {uk_date(item.due)})." if item else
                "No sentence plan yet (due after the first appointment).")
        for q in ("plan", "plan_risk", "plan_strengths"):
            gaps.append(Gap(q, text, "Make the sentence plan (Sentence plan).", fatal=fatal,
                            late=fatal))
        return gaps
    plan = plans[-1]
    x = plan.extra
    reasons = x.get("not_addressed") if isinstance(x.get("not_addressed"), dict) else {}
    assessed = [a for a in ef.assessments if a.completed_on <= on]
    objectives = [o for o in plan.objectives if (o.text or "").strip()]
    if not objectives:
        # A plan with no objective (or only empty ones) is not a plan.
        for q in ("plan", "plan_risk"):
            gaps.append(Gap(q, "The sentence plan has no objectives" + (
                            " with any words." if plan.objectives else "."), "Add the plan's "
                            "objectives, each tied to an assessed need or the risk of harm.",
                            fatal=True))
    if not assessed:
        # No "yes" without the evidence the question asks for: risk cannot be planned for
        # when it has not been assessed.
        gaps.append(Gap("plan", "The plan rests on no assessment.", "Complete the assessment, "
                        "then review the plan against it."))
        gaps.append(Gap("plan_risk", "Nothing plans for the risk of harm: it has not been "
                        "assessed.", "Complete the assessment of the risk of harm, then plan "
                        "for it.", fatal=True))
    else:
        a = assessed[-1]
        if a.completed_on > plan.completed_on:
            gaps.append(Gap("plan", f"The plan ({uk_date(plan.completed_on)}) is older than the "
                            f"latest assessment ({uk_date(a.completed_on)}).",
                            "Review the plan against the new assessment."))
        covered = {(o.need or "").strip().lower() for o in objectives}
        for need in a.needs:
            if need.lower() not in covered and not str(reasons.get(need) or "").strip():
                gaps.append(Gap("plan", f"The assessed need “{need}” has no objective and no "
                                "reason recorded why not.", "Add an objective for it, or "
                                "record why it is not addressed now."))
        risky = [label for key, label in ROSH_GROUPS
                 if a.extra.get(key) in ("medium", "high", "very_high")]
        if a.rosh is None and not any(_levels(a.extra.get(key)) for key, _l in ROSH_GROUPS):
            # Planning cannot be shown to address a risk the assessment never graded.
            gaps.append(Gap("plan_risk", "The assessment does not grade the risk of serious "
                            "harm, so nothing shows the plan addresses it.", "Grade the risk of "
                            "serious harm in the assessment, then plan for it."))
        if (risky or a.rosh in (Rosh.HIGH, Rosh.VERY_HIGH)) and "risk of harm" not in covered \
                and not str(reasons.get("risk of harm") or "").strip():
            gaps.append(Gap("plan_risk", "Risk of serious harm to " + (", ".join(risky) or
                            "others") + " is assessed, but no objective manages it.",
                            "Add an objective for the risk of harm (need: risk of harm)."))
    if not x.get("strengths_used"):
        gaps.append(Gap("plan_strengths", "The plan does not say which strengths it builds on.",
                        "Record the strengths and protective factors the plan uses."))
    if not str(x.get("persons_words") or "").strip():
        gaps.append(Gap("plan_strengths", "The person's own words are not in the plan.",
                        "Record the plan's aims in the person's own words."))
    return gaps


def _contact_answer(ef: EventFile, on: date, policy: Policy) -> Answer:
    q = QUESTION_BY_ID["contact"]
    items = {i.kind: i for i in event_items(ef, on, policy, extended=True)}
    answer = Answer(q, YES)
    induction = items.get("induction")
    held = [a for a in ef.appointments if a.outcome is Outcome.ATTENDED and a.start.date() <= on
            and (a.kind is AppointmentKind.INDUCTION or ef.event.kind is EventKind.PSS)]
    if induction is not None and induction.overdue:
        answer.answer = NO
        answer.evidence.append(f"No induction: it was due by {uk_date(induction.due)}.")
        answer.todo.append("Hold the induction appointment.")
    elif not held:
        # Not inducted yet (or not recorded): the question's first half has no evidence.
        answer.answer = PARTLY
        answer.evidence.append("No induction held yet" + (
            f" (due by {uk_date(induction.due)})." if induction is not None else "."))
        answer.todo.append("Hold the induction appointment and record that it was attended.")
    else:
        answer.evidence.append(f"Inducted {uk_date(min(a.start for a in held).date())}.")
    periods = [p for p in contact_periods(ef, on, policy) if p.required]
    if periods:
        kept = sum(not p.short for p in periods)
        share = kept / len(periods)
        answer.evidence.append(f"Contact level kept in {kept} of {len(periods)} periods "
                               f"({round(share * 100)}%).")
        if share < 0.9:
            answer.answer = NO if share < 0.7 or answer.answer == NO else PARTLY
            answer.todo.append("See the person as often as their contact level requires.")
    else:
        # Nothing yet shows the contact level kept: not a "yes" until a period has run.
        answer.evidence.append("No complete contact period yet.")
        if answer.answer == YES:
            answer.answer = PARTLY
        answer.todo.append("Keep to the contact level; the first complete period will show "
                           "it.")
    for kind in ("absence_decision", "contact"):
        item = items.get(kind)
        if item is not None and item.overdue:
            answer.answer = NO if answer.answer == NO else PARTLY
            answer.evidence.append(f"{item.title} overdue since {uk_date(item.due)}.")
            answer.todo.append(f"{item.title}.")
    return answer


def _review_answer(ef: EventFile, on: date, policy: Policy) -> Answer:
    q = QUESTION_BY_ID["review"]
    items = {i.kind: i for i in event_items(ef, on, policy, extended=True)}
    answer = Answer(q, YES)
    plans = [p for p in ef.plans if p.completed_on <= on]
    if not plans:
        return Answer(q, PARTLY, ["There is no plan to review yet."],
                      ["Make the sentence plan; reviews follow it."])
    reviews = [r for r in ef.reviews if r.completed_on <= on]
    answer.evidence.append(f"Plan {uk_date(plans[-1].completed_on)}; "
                           + (f"last review {uk_date(reviews[-1].completed_on)}."
                              if reviews else "no review yet."))
    review = items.get("review")
    if review is not None and review.overdue:
        answer.answer = NO
        answer.evidence.append(f"The 16-week review was due by {uk_date(review.due)}.")
        answer.todo.append("Review risk and plan now.")
    for day, why, _ref in changes_since_review(ef, on):
        answer.evidence.append(f"{why} on {uk_date(day)}, not yet reviewed.")
    change = items.get("review_on_change")
    if change is not None:
        answer.answer = NO if change.overdue else (PARTLY if answer.answer == YES
                                                   else answer.answer)
        answer.todo.append(f"Review after the change (due by {uk_date(change.due)}).")
    if not reviews and answer.answer == YES:
        # Nothing late is not the same as reviewed: no "yes" until a review has been held.
        answer.answer = PARTLY
        answer.evidence.append("No review held yet" + (
            f"; the first is due by {uk_date(review.due)}." if review is not None else "."))
        answer.todo.append("Review risk and plan" + (
            f" by {uk_date(review.due)}." if review is not None else " when it falls due."))
    return answer


def _from_gaps(q: Question, gaps: list[Gap], evidence: list[str]) -> Answer:
    mine = [g for g in gaps if g.question == q.id]
    if not mine:
        return Answer(q, YES, evidence)
    answer = NO if any(g.fatal for g in mine) else PARTLY
    return Answer(q, answer, evidence + [g.text for g in mine], [g.todo for g in mine])


def readiness(ef: EventFile, person: Person | None, on: date, policy: Policy) -> list[Answer]:
    """Every question for one event, answered from the record as of ``on``."""
    a_gaps = assessment_gaps(ef, person, on, policy)
    p_gaps = plan_gaps(ef, on, policy)
    assessed = [a for a in ef.assessments if a.completed_on <= on]
    a_evidence = [f"Assessment completed {uk_date(assessed[-1].completed_on)}."] if assessed \
        else []
    plans = [p for p in ef.plans if p.completed_on <= on]
    p_evidence = [f"Sentence plan completed {uk_date(plans[-1].completed_on)} with "
                  f"{len(plans[-1].objectives)} objective(s)."] if plans else []
    q_evidence = []
    for q in ef.enquiries:
        if q.requested_on <= on:
            q_evidence.append(f"{ENQUIRY_KINDS[q.kind][1]}: requested "
                              f"{uk_date(q.requested_on)}, "
                              + (f"answered {uk_date(q.returned_on)}"
                                 if q.returned_on and q.returned_on <= on else "not answered")
                              + (" (concerns)" if q.concerns else "") + ".")
    for c in ef.changes:
        if c.on <= on:
            q_evidence.append(f"{CHANGE_WORDS.get(c.kind, c.kind)} on {uk_date(c.on)}.")
    out = []
    for q in QUESTIONS:
        if q.stage == "assessment":
            out.append(_from_gaps(q, a_gaps, q_evidence if q.id == "enquiries" else a_evidence))
        elif q.stage == "planning":
            out.append(_from_gaps(q, p_gaps, p_evidence))
        elif q.id == "contact":
            out.append(_contact_answer(ef, on, policy))
        else:
            out.append(_review_answer(ef, on, policy))
    return out


def running(ef: EventFile, on: date) -> bool:
    """An event under supervision on ``on`` (the cases an inspector would sample)."""
    start = start_of(ef)
    return (start is None or start <= on) and (ef.event.end_date is None
                                               or ef.event.end_date >= on)


def summary(caseload: Caseload, on: date, policy: Policy,
            crns: set[str] | None = None) -> dict[str, Counter[str]]:
    """Per question, how many running cases answer yes, partly and no."""
    out: dict[str, Counter[str]] = {q.id: Counter() for q in QUESTIONS}
    for ef in caseload.events.values():
        if not running(ef, on) or (crns is not None and ef.event.crn not in crns):
            continue
        for a in readiness(ef, caseload.people.get(ef.event.crn), on, policy):
            out[a.question.id][a.answer] += 1
    return out
