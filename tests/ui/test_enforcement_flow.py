"""End to end on a real encrypted caseload: failure → warning → second failure → breach pack."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from officer_desk import services
from officer_desk.errors import ValidationError
from tests.ui.conftest import NOW


def _kinds(controller, event_id: str = "e1") -> set[str]:
    return {i.kind for i in controller.items if i.event_id == event_id}


def test_failure_warning_second_failure_breach_pack(qtbot, window, controller, tmp_path: Path,
                                                    monkeypatch) -> None:
    # 1. From Today, record the failure on 20 Nov as unacceptable.
    pending = window.today.pending_model
    row = next(r for r in range(pending.rowCount())
               if pending.row_object(r).appointment.id == "a1")
    window.today.pending_view.setCurrentIndex(window.today.pending_view.model().index(row, 0))
    window.today.outcome_requested.emit("a1")
    form = window.workspace.dialog
    assert form is not None and window.tabs.currentWidget() is window.workspace
    form.set_value("outcome", "failed_to_attend")
    form.set_value("absence", "unacceptable")
    form.accept()  # no reason: refused, the form stays open with the reason why
    assert "Say why" in form.problem.text() and form.isVisible()
    form.set_value("reason", "No contact; no explanation")
    form.accept()
    assert not form.isVisible(), (form.problem.text(), form.result())
    assert "warning_letter" in _kinds(controller)
    assert "Next step" in window.workspace.next_step.text()
    assert "overdue" not in window.workspace.stage_labels["enforcement"].text()

    # 2. Issue the warning; its letter is built off the UI thread and saved.
    warning_form = window.workspace.issue_warning()
    with qtbot.waitSignal(window.builder.saved, timeout=20000) as saved:
        warning_form.accept()
    letter = saved.args[0]
    assert "First warning" in PdfReader(letter).pages[0].extract_text()
    assert "warning_letter" not in _kinds(controller)

    # 3. A second failure (today) judged unacceptable: a breach decision is due.
    window.workspace.record_outcome("a2")
    second = window.workspace.dialog
    second.set_value("outcome", "failed_to_attend")
    second.set_value("absence", "unacceptable")
    second.set_value("reason", "Said he forgot")
    second.accept()
    assert "breach_decision" in _kinds(controller)
    assert "breach" in window.workspace.next_step.text().lower()

    # 4. The breach wizard: questions, decision, pack, submission.
    window.workspace.open_wizard()
    wizard = window.wizard
    assert wizard is not None and wizard.pack_kind == "breach"
    assert "Breach decision" in wizard.summary_page.text.text()
    wizard.next()
    assert not wizard.questions_page.isComplete()
    for key in wizard.questions_page.answers:
        wizard.questions_page.answer(key, "yes", f"Recorded for {key}")
    assert wizard.questions_page.isComplete()
    wizard.next()
    wizard.decision_page.rationale.setPlainText("Second unacceptable failure within 12 months "
                                                "of the warning; propose a curfew.")
    wizard.next()
    assert wizard.enforcement_id is not None
    assert "complete" in wizard.pack_page.status.text()
    assert "breach_decision" not in _kinds(controller)
    assert "breach_to_court" in _kinds(controller)
    with qtbot.waitSignal(window.builder.saved, timeout=20000):
        wizard.pack_page.build_button.click()
    assert wizard.saved_pdf is not None and wizard.saved_pdf.exists()
    text = "\n".join(p.extract_text() for p in PdfReader(wizard.saved_pdf).pages)
    assert "Breach pack" in text and "Witness statement" in text and "Said he forgot" in text
    # The warning letter inside the pack is the stored copy, page for page.
    assert "exactly as it was sent" in text
    letter_pages = [p.extract_text() for p in PdfReader(letter).pages]
    pack_pages = [p.extract_text() for p in PdfReader(wizard.saved_pdf).pages]
    assert all(any(lp.strip() in pp for pp in pack_pages) for lp in letter_pages)
    wizard.pack_page.submit_button.click()
    assert "breach_to_court" not in _kinds(controller)

    # Everything is in the encrypted file, and the prints are in the audit trail.
    actions = [e.action for e in controller.audit_entries("X123456")]
    assert actions.count("issue") == 2 and "outcome" in actions


def test_appointment_series_with_clash_check(window, controller) -> None:
    window.open_case("X123456", "e1")
    form = window.workspace.new_appointment()
    form.set_value("start", datetime(2026, 12, 1, 10, 30))
    form.set_value("recurrence", "weekly")
    form.set_value("count", 3)
    form.accept()
    assert "overlaps" in form.problem.text() and form.isVisible()
    form.set_value("start", datetime(2026, 12, 1, 14, 0))
    form.accept()
    starts = sorted(a.start for a in controller.caseload.events["e1"].appointments
                    if a.start > NOW)
    assert datetime(2026, 12, 15, 14, 0) in starts and len(starts) == 4


def test_home_visit_plan_and_missed_checkin(window, controller) -> None:
    window.open_case("Y654321", "e2")
    form = window.workspace.plan_home_visit()
    form.set_value("planned_at", datetime(2026, 11, 24, 9, 0))
    form.set_value("purpose", "Check the approved address")
    form.set_value("risk_info", "Dog at the address")
    form.set_value("checkin_by", datetime(2026, 11, 24, 10, 30))
    form.accept()
    assert any(i.kind == "home_visit_checkin" and i.event_id == "e2" for i in controller.items)
    alert = window.checkin_alert  # raised as soon as the missed check-in was saved
    assert "Siobhán Ó Briain" in alert.text() and "24 Nov 2026 10:30" in alert.text()
    assert window.check_in_alerts() is None  # once per visit
    record = window.workspace.record_home_visit()
    record.set_value("outcome", "seen")
    record.set_value("children", "None present")
    record.accept()
    assert not any(i.kind == "home_visit_checkin" for i in controller.items)


def test_incomplete_recall_pack_is_refused_in_the_wizard(window, controller) -> None:
    window.open_case("Y654321", "e2")
    window.workspace.open_wizard()
    wizard = window.wizard
    assert wizard.pack_kind == "recall"
    wizard.next()
    for key in wizard.questions_page.answers:
        wizard.questions_page.answer(key, "yes", "Done")
    wizard.next()
    wizard.decision_page.rationale.setPlainText("Whereabouts unknown.")
    wizard.next()
    status = wizard.pack_page.status.text()
    assert "Before the pack can be finalised" in status
    assert "senior manager" in status and "licence conditions breached" in status
    assert not wizard.pack_page.build_button.isEnabled()
    assert any(i.kind == "recall_report" for i in controller.items)


def test_audit_trail_shown_per_case(window, controller) -> None:
    window.open_case("X123456", "e1")
    form = window.workspace.add_contact()
    form.set_value("summary", "Phoned about the unpaid work placement")
    form.accept()
    dialog = window.workspace.show_audit()
    text = dialog.findChild(type(form.widgets["summary"])).toPlainText()
    assert "Rhian Evans created the contact." in text
    assert "Summary: “Phoned about the unpaid work placement”." in text
    assert "24 Nov 2026 12:00" in text
    from tests.helpers.screen_text import unreadable

    assert unreadable(dialog) == []  # no code names, ISO dates or dictionaries


def test_export_and_backup_run_in_the_background(qtbot, window, controller, tmp_path: Path) -> None:
    import json

    out = tmp_path / "export.jsonl"
    window.export(out)
    qtbot.waitUntil(lambda: window.busy.isHidden() and out.exists(), timeout=10000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "officer-desk-exchange"
    assert len(lines) == 1 + sum(controller.store.count().values())
    assert "last export never" not in window.status.text()
    assert controller.last_export() is not None
    window.backup()
    qtbot.waitUntil(lambda: window.busy.isHidden()
                    and any((controller.root / "backups").glob("*.backup.db")), timeout=10000)


def test_today_items_open_the_place_to_act(window, controller) -> None:
    from officer_desk import services
    from officer_desk.model import Decision, RecallType

    controller.run(services.decide_enforcement, "e2", datetime(2026, 11, 24, 9, 0),
                   Decision.RECALL, "Whereabouts unknown.", recall_type=RecallType.STANDARD)
    item = next(i for i in controller.items if i.kind == "recall_report")
    window.act_on(item)
    form = window.workspace.dialog
    assert window.workspace.crn == "Y654321" and "sent to PPCS" in form.windowTitle()
    form.set_value("at", datetime(2026, 11, 24, 11, 0))
    form.accept()
    assert not any(i.kind == "recall_report" for i in controller.items)
    induction = next(i for i in controller.items if i.kind == "induction")
    window.act_on(induction)
    assert window.workspace.dialog.windowTitle() == "New appointment"


def test_a_home_visit_is_not_planned_without_a_check_in_time(window, controller) -> None:
    window.open_case("Y654321", "e2")
    form = window.workspace.plan_home_visit()
    form.set_value("purpose", "Check the approved address")
    form.set_value("risk_info", "Dog at the address; partner known to police")
    form.set_value("second_worker", True)
    form.widgets["checkin_by"].clear()  # the officer leaves it empty
    form.accept()
    assert form.isVisible() and "check in with the office by" in form.problem.text().lower()
    assert controller.event_file("e2").home_visits == []  # nothing planned without it
    form.reject()
    # The rule is the domain's: the command line or an import path is refused the same way.
    with pytest.raises(ValidationError, match="check in with the office by"):
        controller.run(services.plan_home_visit, "e2", datetime(2026, 11, 25, 9, 0),
                       purpose="Check the approved address", second_worker=True)
