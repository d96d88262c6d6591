"""Every `due` kind of exchange-format.md: when it opens, its date, what closes it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from officer_desk.caseload import build_caseload
from officer_desk.due import due_items
from officer_desk.policy import load_policy
from tests.helpers.records import appt, event, person

POLICY = load_policy()


def items(records, on: str, **kw):
    caseload = build_caseload([person(), *records])
    return [i.as_json() for i in due_items(caseload, date.fromisoformat(on), POLICY, **kw)]


def kinds(records, on: str):
    return sorted((i["kind"], i["due"], i["status"]) for i in items(records, on))


def test_induction_co_five_working_days_after_allocation() -> None:
    ev = event(allocation_date="2026-12-21")
    assert items([ev], "2026-12-22") == [{
        "crn": "X123456", "event_id": "e1", "kind": "induction", "due": "2026-12-30",
        "status": "due", "rule": "induction_co_sso"}]  # 25 Dec and the 28 Dec substitute skipped


def test_induction_overdue_and_closed_by_attended_induction() -> None:
    ev = event(kind="suspended_sentence_order", allocation_date="2026-11-02")
    assert kinds([ev], "2026-11-10") == [("induction", "2026-11-09", "overdue")]
    failed = appt("a1", "2026-11-05T10:00", "induction", outcome="failed_to_attend",
                  absence="acceptable", absence_decided_on="2026-11-06")
    assert ("induction", "2026-11-09", "overdue") in kinds([ev, failed], "2026-11-10")
    attended = appt("a2", "2026-11-06T10:00", "induction", outcome="attended")
    assert all(k[0] != "induction" for k in kinds([ev, failed, attended], "2026-11-10"))


def test_induction_licence_one_working_day_after_release() -> None:
    ev = event(kind="licence", release_date="2026-12-24")
    assert items([ev], "2026-12-24")[0] | {} == {
        "crn": "X123456", "event_id": "e1", "kind": "induction", "due": "2026-12-29",
        "status": "due", "rule": "induction_licence"}


def test_no_induction_for_pss_or_without_dates() -> None:
    assert items([event(kind="pss", release_date="2026-01-05")], "2026-01-06") == []
    assert items([event()], "2026-01-06") == []


def test_sentence_plan_fifteen_working_days_after_first_attended() -> None:
    ev = event()
    first = appt("a1", "2026-12-14T10:00", "induction", outcome="attended")
    got = [i for i in items([ev, first], "2026-12-15") if i["kind"] == "sentence_plan"]
    # 15 working days from Mon 14 Dec 2026, skipping 25, 28 Dec and 1 Jan: Thu 7 Jan 2027.
    assert got == [{"crn": "X123456", "event_id": "e1", "kind": "sentence_plan",
                    "due": "2027-01-07", "status": "due", "rule": "sentence_plan"}]
    plan = {"type": "sentence_plan", "id": "s1", "event_id": "e1", "completed_on": "2026-12-20"}
    assert all(i["kind"] != "sentence_plan" for i in items([ev, first, plan], "2027-01-10"))


def test_review_every_sixteen_weeks_from_latest_plan_or_review() -> None:
    ev = event()
    plan = {"type": "sentence_plan", "id": "s1", "event_id": "e1", "completed_on": "2026-01-10"}
    assert [(i["kind"], i["due"]) for i in items([ev, plan], "2026-02-01")] == [
        ("review", "2026-05-02")]
    review = {"type": "review", "id": "r1", "event_id": "e1", "completed_on": "2026-04-20"}
    assert [(i["kind"], i["due"]) for i in items([ev, plan, review], "2026-05-01")] == [
        ("review", "2026-08-10")]


def test_absence_decision_six_working_days_after_failure() -> None:
    ev = event()
    f = appt("a1", "2026-03-30T10:00", outcome="failed_to_attend")  # absence missing = pending
    # Good Friday 3 Apr and Easter Monday 6 Apr 2026 are skipped.
    assert kinds([ev, f], "2026-04-01") == [("absence_decision", "2026-04-09", "due")]
    f["absence"] = "acceptable"
    f["absence_decided_on"] = "2026-04-02"
    assert kinds([ev, f], "2026-04-03") == []
    # As of a day before the decision was recorded, it was still pending.
    assert kinds([ev, f], "2026-04-01") == [("absence_decision", "2026-04-09", "due")]


def test_first_unacceptable_failure_needs_a_warning_letter() -> None:
    ev = event()
    f = appt("a1", "2026-11-19T10:00", outcome="failed_to_comply", absence="unacceptable",
             absence_decided_on="2026-11-20")
    assert items([ev, f], "2026-11-24") == [{
        "crn": "X123456", "event_id": "e1", "kind": "warning_letter", "due": "2026-11-24",
        "status": "due", "rule": "warning_letter"}]
    assert kinds([ev, f], "2026-11-25") == [("warning_letter", "2026-11-24", "overdue")]
    w = {"type": "warning", "id": "w1", "event_id": "e1", "date": "2026-11-23",
         "failure_ids": ["a1"]}
    assert kinds([ev, f, w], "2026-11-25") == []


def test_no_warning_letter_on_licence_or_pss() -> None:
    for kind in ("licence", "pss"):
        f = appt("a1", "2026-11-19T10:00", outcome="failed_to_attend", absence="unacceptable",
                 absence_decided_on="2026-11-20")
        assert kinds([event(kind=kind), f], "2026-11-24") == []


def test_failure_within_twelve_months_of_warning_needs_breach_decision() -> None:
    ev = event()
    f1 = appt("a1", "2026-01-05T10:00", outcome="failed_to_attend", absence="unacceptable",
              absence_decided_on="2026-01-06")
    w = {"type": "warning", "id": "w1", "event_id": "e1", "date": "2026-01-07",
         "failure_ids": ["a1"]}
    f2 = appt("a2", "2027-01-06T10:00", outcome="failed_to_attend")  # pending, day 364
    got = kinds([ev, f1, w, f2], "2027-01-07")
    assert ("breach_decision", "2027-01-14", "due") in got
    assert ("absence_decision", "2027-01-14", "due") in got
    assert not any(k[0] == "warning_letter" for k in got)
    decided = {"type": "enforcement", "id": "n1", "event_id": "e1",
               "decided_at": "2027-01-08T15:00", "decision": "no_breach"}
    assert not any(k[0] == "breach_decision" for k in kinds([ev, f1, w, f2, decided], "2027-01-09"))


def test_failure_after_the_window_is_a_first_failure_again() -> None:
    ev = event()
    w = {"type": "warning", "id": "w1", "event_id": "e1", "date": "2025-01-07",
         "failure_ids": []}
    f = appt("a2", "2026-01-08T10:00", outcome="failed_to_attend", absence="unacceptable",
             absence_decided_on="2026-01-09")
    assert kinds([ev, w, f], "2026-01-09") == [("warning_letter", "2026-01-13", "due")]


def test_acceptable_failure_after_warning_needs_no_breach_decision() -> None:
    ev = event()
    w = {"type": "warning", "id": "w1", "event_id": "e1", "date": "2026-01-07"}
    f = appt("a2", "2026-02-02T10:00", outcome="failed_to_attend", absence="acceptable",
             absence_decided_on="2026-02-03", reason="GP note")
    assert kinds([ev, w, f], "2026-02-05") == []


def test_serious_single_failure_needs_breach_decision() -> None:
    ev = event()
    f = appt("a1", "2026-06-01T10:00", outcome="failed_to_comply", serious=True)
    got = kinds([ev, f], "2026-06-02")
    assert ("breach_decision", "2026-06-09", "due") in got


def test_breach_to_court_ten_working_days_after_decision() -> None:
    ev = event()
    e = {"type": "enforcement", "id": "b1", "event_id": "e1", "decided_at": "2026-12-17T16:00",
         "decision": "breach"}
    assert items([ev, e], "2026-12-18") == [{
        "crn": "X123456", "event_id": "e1", "kind": "breach_to_court", "due": "2027-01-05",
        "status": "due", "rule": "breach_to_court"}]
    e["submitted_at"] = "2026-12-22T10:00"
    assert items([ev, e], "2026-12-23") == []


def test_recall_report_hours_by_type() -> None:
    ev = event(kind="licence")
    std = {"type": "enforcement", "id": "r1", "event_id": "e1", "decided_at": "2026-11-23T15:30",
           "decision": "recall", "recall_type": "standard"}
    emg = {"type": "enforcement", "id": "r2", "event_id": "e1", "decided_at": "2026-11-23T23:15",
           "decision": "recall", "recall_type": "emergency"}
    got = items([ev, std, emg], "2026-11-24")
    assert {(i["due"], i["rule"], i["status"]) for i in got} == {
        ("2026-11-24T15:30", "recall_report_standard", "due"),
        ("2026-11-24T01:15", "recall_report_emergency", "due")}
    assert {i["status"] for i in items([ev, std, emg], "2026-11-25")} == {"overdue"}


def test_items_do_not_open_after_the_event_ends() -> None:
    ev = event(end_date="2026-03-31")
    f = appt("a1", "2026-04-02T10:00", outcome="failed_to_attend")
    assert kinds([ev, f], "2026-04-03") == []


def test_extension_kinds_only_when_asked() -> None:
    ev = event(kind="licence", release_date="2026-10-01", start_date="2026-10-01")
    a = appt("a1", "2026-10-02T10:00", "induction", outcome="attended")
    plain = {i["kind"] for i in items([ev, a], "2026-11-24")}
    extended = {i["kind"] for i in items([ev, a], "2026-11-24", extended=True)}
    assert "contact" not in plain
    assert "contact" in extended


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
       st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_no_item_opens_after_an_event_ends(start: date, offset: int, gap: int) -> None:
    end = start + timedelta(days=offset)
    failure_day = end + timedelta(days=1 + gap % 30)
    ev = event(allocation_date=start.isoformat(), end_date=end.isoformat())
    f = appt("a1", f"{failure_day.isoformat()}T10:00", outcome="failed_to_attend", serious=True)
    on = failure_day + timedelta(days=3)
    for item in items([ev, f], on.isoformat()):
        assert item["kind"] not in ("absence_decision", "breach_decision", "warning_letter")


def test_items_opened_before_the_end_stay_listed_unless_the_view_hides_them() -> None:
    ev = event(allocation_date="2026-01-05", end_date="2026-03-31")
    plan = {"type": "sentence_plan", "id": "s1", "event_id": "e1", "completed_on": "2026-01-20"}
    caseload = build_caseload([person(), ev, plan])
    on = date(2026, 6, 1)
    contract = {i.kind for i in due_items(caseload, on, POLICY)}
    assert contract == {"induction", "review"}  # both opened before 31 Mar and never closed
    assert due_items(caseload, on, POLICY, hide_finished_stages=True) == []
