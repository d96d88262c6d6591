"""Each inspection question answered yes, partly and no from hand-made cases; the rail agrees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from officer_desk.aspire import stage_statuses
from officer_desk.caseload import build_caseload
from officer_desk.due import due_items
from officer_desk.policy import load_policy
from officer_desk.readiness import (
    DI25,
    DI25_URL,
    NOT_FOUND,
    QUESTIONS,
    assessment_gaps,
    plan_gaps,
    readiness,
    summary,
)
from tests.helpers.records import appt, event, person

ON = date(2026, 11, 24)
POLICY = load_policy()


def ready_case() -> list[dict]:
    """A community order that answers every question yes."""
    records = [
        person("X700001", flags=["domestic abuse perpetrator"]),
        event(crn="X700001", allocation_date="2026-06-01", start_date="2026-06-01",
              end_date="2027-06-01", offence="Assault on a former partner", rosh="medium"),
        {"type": "enquiry", "id": "q-da", "event_id": "e1", "kind": "domestic_abuse",
         "requested_on": "2026-06-02", "returned_on": "2026-06-04",
         "result": "Two call-outs to his former partner's address in 2025", "concerns": True,
         "action_taken": "Relationship work added to the plan; the flag confirmed"},
        {"type": "enquiry", "id": "q-cs", "event_id": "e1", "kind": "child_safeguarding",
         "requested_on": "2026-06-02", "returned_on": "2026-06-09",
         "result": "No children known in the household", "concerns": False},
        {"type": "assessment", "id": "as1", "event_id": "e1", "completed_on": "2026-06-10",
         "rosh": "medium", "rosh_public": "low", "rosh_known_adult": "medium",
         "rosh_children": "low", "rosh_staff": "low",
         "at_risk": "His former partner, when he has been drinking",
         "likelihood_of_reoffending": "medium", "needs": ["alcohol", "relationships and family"],
         "strengths": ["supportive sister"], "diversity": "None affecting engagement",
         "persons_view": "Says drink is the problem"},
        {"type": "sentence_plan", "id": "pl1", "event_id": "e1", "completed_on": "2026-06-15",
         "objectives": [{"need": "alcohol", "text": "Alcohol treatment referral"},
                        {"need": "relationships and family", "text": "Healthy relationships"},
                        {"need": "risk of harm", "text": "No contact with his former partner"}],
         "strengths_used": ["supportive sister"],
         "persons_words": "Stop drinking and keep away from her"},
        {"type": "review", "id": "rv1", "event_id": "e1", "completed_on": "2026-10-01"},
        appt("in1", "2026-06-03T10:00", kind="induction", outcome="attended"),
    ]
    day = date(2026, 6, 8)
    n = 0
    while day < ON:
        records.append(appt(f"s{n}", f"{day.isoformat()}T10:00", outcome="attended"))
        day += timedelta(days=7)
        n += 1
    return records


def _answers(records: list[dict], on: date = ON) -> dict[str, str]:
    caseload = build_caseload(records)
    ef = caseload.events["e1"]
    return {a.question.id: a.answer for a in readiness(ef, caseload.people["X700001"], on,
                                                       POLICY)}


def _without(records: list[dict], rid: str) -> list[dict]:
    return [r for r in records if r["id"] != rid]


def _edit(records: list[dict], rid: str, **changes) -> list[dict]:
    out = []
    for r in records:
        if r["id"] == rid:
            r = {**r, **changes}
            r = {k: v for k, v in r.items() if v is not None}
        out.append(r)
    return out


def test_a_ready_case_answers_every_question_yes() -> None:
    assert _answers(ready_case()) == {q.id: "yes" for q in QUESTIONS}
    caseload = build_caseload(ready_case())
    kinds = {i.kind for i in due_items(caseload, ON, POLICY, extended=True)}
    assert not kinds & {"da_enquiry", "safeguarding_enquiry", "enquiry_return",
                        "review_on_change"}


@pytest.mark.parametrize(("change", "question", "answer"), [
    # Risk of harm: no assessment at all (long overdue) / a group not graded / nobody named.
    (lambda r: _without(r, "as1"), "risk_of_harm", "no"),
    (lambda r: _edit(r, "as1", rosh_staff=None), "risk_of_harm", "partly"),
    (lambda r: _edit(r, "as1", at_risk=None), "risk_of_harm", "partly"),
    (lambda r: _edit(r, "as1", completed_on="2026-07-30"), "risk_of_harm", "partly"),  # late
    (lambda r: _without(r, "as1"), "reoffending", "no"),
    (lambda r: _edit(r, "as1", likelihood_of_reoffending=None), "reoffending", "partly"),
    (lambda r: _edit(r, "as1", persons_view=None), "strengths_diversity", "partly"),
    (lambda r: _edit(r, "as1", diversity=None, strengths=[]), "strengths_diversity", "partly"),
    # Enquiries: never asked (overdue) / asked, not answered / concerns with nothing done /
    # no flag although the offence is domestic abuse.
    (lambda r: _without(r, "q-da"), "enquiries", "no"),
    (lambda r: _edit(r, "q-cs", returned_on=None, result=None), "enquiries", "partly"),
    (lambda r: _edit(r, "q-da", action_taken=None), "enquiries", "partly"),
    (lambda r: [_edit([r[0]], "p1", flags=[])[0], *r[1:]], "enquiries", "partly"),
    # Planning: no plan (overdue) / a need with no objective and no reason / no risk objective
    # / strengths and the person's words left out.
    (lambda r: _without(_without(r, "pl1"), "rv1"), "plan", "no"),
    (lambda r: _edit(r, "pl1", objectives=[{"need": "alcohol", "text": "Treatment"},
                                           {"need": "risk of harm", "text": "No contact"}]),
     "plan", "partly"),
    (lambda r: _edit(r, "pl1", objectives=[{"need": "alcohol", "text": "Treatment"},
                                           {"need": "relationships and family",
                                            "text": "Healthy relationships"}]),
     "plan_risk", "partly"),
    (lambda r: _edit(r, "pl1", strengths_used=None), "plan_strengths", "partly"),
    (lambda r: _edit(r, "pl1", persons_words=None), "plan_strengths", "partly"),
    # Implementation: contact stopped in September (most periods short).
    (lambda r: [x for x in r if not (x["id"].startswith("s") and x.get("start", "") >
                                     "2026-08-01")], "contact", "no"),
    # Review: a new partner three weeks ago, no review since.
    (lambda r: r + [{"type": "significant_change", "id": "ch1", "event_id": "e1",
                     "on": "2026-11-02", "kind": "new_partner"}], "review", "no"),
])
def test_each_question_turns_partly_or_no_for_the_reason_given(change, question,
                                                              answer) -> None:
    answers = _answers(change(ready_case()))
    assert answers[question] == answer, answers


def test_a_need_left_for_now_with_a_reason_still_answers_yes() -> None:
    records = _edit(ready_case(), "pl1",
                    objectives=[{"need": "alcohol", "text": "Treatment"},
                                {"need": "risk of harm", "text": "No contact"}],
                    not_addressed={"relationships and family": "After the alcohol work"})
    assert _answers(records)["plan"] == "yes"


def test_a_change_brings_fresh_enquiries_and_a_review_with_due_dates() -> None:
    records = ready_case() + [{"type": "significant_change", "id": "ch1", "event_id": "e1",
                               "on": "2026-11-16", "kind": "new_partner"}]
    caseload = build_caseload(records)
    items = {i.kind: i for i in due_items(caseload, ON, POLICY, extended=True)}
    assert items["da_enquiry"].due == date(2026, 11, 23)  # 5 working days after the change
    assert items["da_enquiry"].status == "overdue" and items["da_enquiry"].ref == "ch1"
    assert items["safeguarding_enquiry"].due == date(2026, 11, 23)
    assert items["review_on_change"].due == date(2026, 11, 30)  # 10 working days
    answers = _answers(records)
    assert answers["enquiries"] == "no" and answers["review"] == "partly"
    records.append({"type": "enquiry", "id": "q-da2", "event_id": "e1",
                    "kind": "domestic_abuse", "requested_on": "2026-11-17"})
    items = {i.kind: i for i in due_items(build_caseload(records), ON, POLICY, extended=True)}
    assert "da_enquiry" not in items and items["enquiry_return"].ref == "q-da2"
    assert items["enquiry_return"].due == date(2026, 12, 1)


def test_the_stage_rail_lists_exactly_the_reports_gaps() -> None:
    records = _edit(_edit(ready_case(), "as1", rosh_staff=None, persons_view=None), "pl1",
                    strengths_used=None)
    records = _without(records, "q-cs")
    caseload = build_caseload(records)
    ef, who = caseload.events["e1"], caseload.people["X700001"]
    rail = {s.stage: s for s in stage_statuses(ef, ON, POLICY, who)}
    expected = [g.text for g in assessment_gaps(ef, who, ON, POLICY) if g.fixable]
    assert list(rail["assessment"].gaps) == expected and len(expected) == 3
    assert rail["assessment"].state == "overdue"  # the safeguarding enquiry is overdue
    assert rail["assessment"].detail.endswith("3 things an inspector would find missing "
                                              "(1 past its deadline)")
    assert list(rail["sentence_plan"].gaps) == [g.text for g in plan_gaps(ef, ON, POLICY)]
    report = readiness(ef, who, ON, POLICY)
    said = [line for a in report if a.question.stage in ("assessment", "planning")
            for line in a.evidence]
    for gap in [*rail["assessment"].gaps, *rail["sentence_plan"].gaps]:
        assert gap in said


def test_the_caseload_summary_counts_each_answer() -> None:
    records = ready_case() + [
        person("X700002", pid="p2"),
        event("e2", "X700002", allocation_date="2026-10-01", start_date="2026-10-01")]
    counts = summary(build_caseload(records), ON, POLICY)
    assert counts["risk_of_harm"] == {"yes": 1, "no": 1}
    assert all(sum(c.values()) == 2 for c in counts.values())


def test_no_yes_on_risk_planning_without_an_assessment_or_with_an_empty_plan() -> None:
    records = [r for r in ready_case() if r["type"] != "assessment"]
    assert _answers(records)["plan_risk"] == "no"  # nothing assessed: nothing planned for
    empty = [dict(r, objectives=[]) if r["type"] == "sentence_plan" else r for r in ready_case()]
    answers = _answers(empty)
    assert answers["plan"] == "no" and answers["plan_risk"] == "no"


# No "yes" without the evidence the question asks for.

def test_a_plan_whose_objectives_have_no_words_is_no_plan() -> None:
    records = _edit(ready_case(), "pl1", objectives=[{"need": "alcohol", "text": " "},
                                                     {"need": "risk of harm"}])
    answers = _answers(records)
    assert answers["plan"] == "no" and answers["plan_risk"] == "no"
    caseload = build_caseload(records)
    gaps = plan_gaps(caseload.events["e1"], ON, POLICY)
    assert "The sentence plan has no objectives with any words." in [g.text for g in gaps]


def test_no_yes_on_planning_for_a_risk_the_assessment_never_graded() -> None:
    records = _edit(ready_case(), "as1", rosh=None, rosh_public=None, rosh_known_adult=None,
                    rosh_children=None, rosh_staff=None)
    answers = _answers(records)
    assert answers["plan_risk"] == "partly" and answers["risk_of_harm"] == "partly"


def test_no_yes_on_contact_before_an_induction_or_a_complete_period() -> None:
    # Allocated three days ago: nothing overdue, but nothing yet shows the person inducted or
    # seen as often as their level requires.
    records = [person("X700001"), event(crn="X700001", allocation_date="2026-11-20",
                                        start_date="2026-11-20", end_date="2027-11-20")]
    answers = _answers(records)
    assert answers["contact"] == "partly"
    records.append(appt("in1", "2026-11-23T10:00", kind="induction", outcome="attended"))
    caseload = build_caseload(records)
    contact = next(a for a in readiness(caseload.events["e1"], caseload.people["X700001"], ON,
                                        POLICY) if a.question.id == "contact")
    assert contact.answer == "partly"
    assert "Inducted 23 Nov 2026." in contact.evidence
    assert "No complete contact period yet." in contact.evidence


def test_no_yes_on_enquiries_never_made_when_nothing_dates_the_start() -> None:
    records = [r for r in ready_case() if r["type"] != "enquiry"]
    records = _edit(records, "e1", allocation_date=None, start_date=None)
    answers = _answers(records)
    assert answers["enquiries"] == "partly"


def test_every_question_says_where_its_wording_comes_from() -> None:
    by_id = {q.id: q for q in QUESTIONS}
    # The current public-protection questions are quoted word for word with their numbers.
    assert by_id["risk_of_harm"].asked == (
        "C1 Does assessment focus sufficiently on keeping other people safe? a) Does "
        "assessment identify and analyse clearly any risk of harm to others? c) Does "
        "assessment analyse any specific concerns and risks related to actual and potential "
        "victims?")
    assert by_id["plan_risk"].asked == (
        "C2 Does planning focus sufficiently on keeping other people safe? a) Does planning "
        "address sufficiently risk of harm factors and prioritise those which are most "
        "critical? b) Does planning set out the necessary constructive and/or restrictive "
        "interventions to manage the risk of harm?")
    assert by_id["enquiries"].current == "C1 b)" and not by_id["enquiries"].quoted
    assert by_id["enquiries"].closest == (
        "Does assessment draw sufficiently on available sources of information, including "
        "past behaviour and convictions, and involve other agencies where appropriate?")
    # The six with no current source keep the project's wording, unnumbered.
    assert by_id["reoffending"].asked == (
        "Within an appropriate time following allocation, was the overall assessment in "
        "relation to reducing reoffending sufficient?")
    assert by_id["plan"].asked.startswith("Within an appropriate time following allocation, "
                                          "was there a sufficient sentence plan in place")
    assert by_id["review"].asked == ("Did the responsible officer review progress on time and "
                                     "when circumstances changed?")
    assert {q.id for q in QUESTIONS if not q.current} == {
        "reoffending", "strengths_diversity", "plan", "plan_strengths", "contact", "review"}


def test_every_question_quotes_a_current_source_or_says_plainly_why_not() -> None:
    for q in QUESTIONS:
        if q.quoted:
            # The inspectorate's own words, numbered, with where they are published.
            assert q.current and q.url == DI25_URL and not q.closest
            assert q.cite == f"{DI25}, question {q.current}"
            assert q.asked == f"{q.current.split()[0]} {q.text}"
        elif q.current:
            # Only a close question: our wording kept, the current one quoted beside it.
            assert q.url == DI25_URL and q.closest.endswith("?")
            assert q.cite.startswith(f"{DI25}, closest current question {q.current};")
            assert q.asked == q.text
        else:
            # None found: the report says so, says why, and names where ours was drawn from.
            assert not (q.url or q.closest)
            assert q.asked == q.text
            assert q.cite.startswith(NOT_FOUND)
            assert q.cite.startswith("No current source found: ")
            assert "could not be read" in q.cite and "the project's own" in q.cite
            seed = q.cite[len(NOT_FOUND):]
            assert "HM Inspectorate of Probation" in seed
            assert "2017" in seed or "2018" in seed
        assert q.url == "" or q.url.startswith("https://hmiprobation.justiceinspectorates.gov.uk/")


def test_no_review_held_yet_is_not_a_yes_even_when_none_is_late() -> None:
    """A plan in June and no review by mid-July: nothing is late, but nothing shows progress
    reviewed either; once the review is held the answer is yes."""
    records = [r for r in ready_case() if r["id"] != "rv1"]
    on = date(2026, 7, 15)
    caseload = build_caseload(records)
    review = next(a for a in readiness(caseload.events["e1"], caseload.people["X700001"], on,
                                       POLICY) if a.question.id == "review")
    due = {i.kind: i for i in due_items(caseload, on, POLICY, extended=True)}["review"]
    assert due.status == "due"
    assert review.answer == "partly"
    assert any(e.startswith("No review held yet; the first is due by ") for e in review.evidence)
    assert _answers(ready_case())["review"] == "yes"
