"""The case header: risk, MAPPA, end date and each requirement's progress; the rail agrees."""

from __future__ import annotations

from datetime import date

from officer_desk.aspire import stage_statuses
from officer_desk.due import event_items
from officer_desk.requirements_progress import progress


def test_header_shows_risk_end_date_and_unpaid_work_progress(qtbot, window, controller) -> None:
    window.open_case("X123456", "e1")
    text = window.workspace.event_header.text()
    assert "RoSH medium" in text
    assert "Unpaid work: 0 of 100 hours done" in text
    assert "end date not recorded" in text
    window.open_case("Y654321", "e2")
    text = window.workspace.event_header.text()
    assert "RoSH high" in text and "Licence ends 1 Nov 2027" in text


def test_unpaid_work_and_rar_progress_counted_from_attendance() -> None:
    from officer_desk.caseload import build_caseload
    from tests.helpers.records import appt, event, person

    ev = event(requirements=[{"kind": "unpaid_work", "amount": 100, "unit": "hours"},
                             {"kind": "rehabilitation_activity", "amount": 20, "unit": "days"}])
    records = [person(), ev,
               appt("u1", "2026-11-01T09:00", "unpaid_work", outcome="attended"),
               appt("u2", "2026-11-08T09:00", "unpaid_work", outcome="attended", hours=4),
               appt("u3", "2026-11-15T09:00", "unpaid_work", outcome="failed_to_attend"),
               appt("r1", "2026-11-02T10:00", "programme", outcome="attended"),
               appt("r2", "2026-11-02T14:00", "programme", outcome="attended"),
               appt("r3", "2026-11-09T10:00", "supervision", outcome="attended", rar=True)]
    ef = build_caseload(records).events["e1"]
    texts = [(p.name, p.text) for p in progress(ef, date(2026, 11, 24))]
    assert texts == [("Unpaid work", "11 of 100 hours done"),
                     ("Rehabilitation activity (RAR)", "2 of 20 days used")]


def test_the_stage_rail_agrees_with_due_on_an_ended_order(controller) -> None:
    from officer_desk.caseload import build_caseload
    from tests.helpers.records import appt, event, person

    ended = event(start_date="2024-01-01", end_date="2025-01-01")
    first = appt("a1", "2024-02-01T10:00", "induction", outcome="attended")
    ef = build_caseload([person(), ended, first]).events["e1"]
    on = date(2026, 11, 24)
    [plan] = [i for i in event_items(ef, on, controller.policy) if i.kind == "sentence_plan"]
    rail = {s.stage: s for s in stage_statuses(ef, on, controller.policy)}
    assert plan.overdue and rail["sentence_plan"].state == "overdue"
