"""A journey per ASPIRE stage and per enforcement path, driven with keys and clicks."""

from __future__ import annotations

from datetime import datetime

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QListWidget

from tests.helpers.records import appt, event, person, write_jsonl


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _save(qtbot, dialog) -> None:
    _click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def _type(qtbot, dialog, name: str, text: str) -> None:
    widget = dialog.widgets[name]
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    qtbot.keyClicks(widget, text)


def _choose(dialog, name: str, value: str) -> None:
    dialog.set_value(name, value)


def _stage(window, stage: str) -> str:
    return window.workspace.stage_labels[stage].text()


def _kinds(controller, event_id: str) -> set[str]:
    return {i.kind for i in controller.items if i.event_id == event_id}


def test_assessment_plan_and_review_stages(qtbot, window, controller) -> None:
    window.open_case("X123456", "e1")
    ws = window.workspace
    assert "missing" in _stage(window, "assessment")
    _click(qtbot, ws.buttons["Assessment"])
    form = ws.dialog
    _choose(form, "rosh", "medium")
    needs: QListWidget = form.widgets["needs"]
    needs.item(0).setCheckState(Qt.CheckState.Checked)
    _type(qtbot, form, "strengths", "Supportive sister; keen to work")
    _save(qtbot, form)
    assert not form.isVisible(), form.problem.text()
    # An inspector would find what is still missing; the rail says exactly that.
    rail = ws.stage_labels["assessment"]
    for missing in ("Who is at risk", "person's own view", "Diversity factors",
                    "Domestic abuse call-out enquiry (police) not requested",
                    "Child safeguarding enquiry (children's services) not requested"):
        assert missing in rail.toolTip(), missing

    _click(qtbot, ws.buttons["Assessment"])
    form = ws.dialog
    _choose(form, "rosh", "medium")
    _choose(form, "rosh_known_adult", "medium")
    form.widgets["needs"].item(0).setCheckState(Qt.CheckState.Checked)
    _type(qtbot, form, "strengths", "Supportive sister; keen to work")
    _type(qtbot, form, "at_risk", "A former partner, when he has been drinking")
    _type(qtbot, form, "diversity", "Dyslexic: letters read through with him")
    _type(qtbot, form, "persons_view", "Says he wants to keep his job")
    _save(qtbot, form)
    assert not form.isVisible(), form.problem.text()
    for kind in ("domestic_abuse", "child_safeguarding"):
        _click(qtbot, ws.buttons["Enquiry"])  # asked for today...
        form = ws.dialog
        _choose(form, "kind", kind)
        _save(qtbot, form)
        assert not form.isVisible(), form.problem.text()
    assert "not yet answered" in ws.stage_labels["assessment"].toolTip()
    for _kind in ("domestic_abuse", "child_safeguarding"):
        _click(qtbot, ws.buttons["Enquiry"])  # ...and answered
        form = ws.dialog
        form.widgets["which"].setCurrentIndex(1)
        form.set_value("answered", True)
        _type(qtbot, form, "result", "No call-outs or referrals on record")
        _save(qtbot, form)
        assert not form.isVisible(), form.problem.text()
    assert "done" in _stage(window, "assessment"), ws.stage_labels["assessment"].toolTip()

    _click(qtbot, ws.buttons["Review"])
    form = ws.dialog
    _type(qtbot, form, "notes", "New tenancy from 1 Dec; risk unchanged")
    _save(qtbot, form)
    assert not form.isVisible(), form.problem.text()
    assert "Next review" in _stage(window, "review")
    assert "review" not in {i.kind for i in controller.items
                            if i.event_id == "e1" and i.overdue}


def test_induction_and_sentence_plan_on_a_new_licence(qtbot, window, controller) -> None:
    window.open_case("Y654321", "e2")
    ws = window.workspace
    assert "induction" in _kinds(controller, "e2")
    _click(qtbot, ws.buttons["New appointment"])
    form = ws.dialog
    _type(qtbot, form, "start", "3 Nov 2026 10:00")
    _choose(form, "kind", "induction")
    _save(qtbot, form)
    assert not form.isVisible(), form.problem.text()
    induction = next(a for a in controller.case("Y654321").events["e2"].appointments
                     if a.kind.value == "induction")
    form = ws.record_outcome(induction.id)
    _choose(form, "outcome", "attended")
    _save(qtbot, form)
    assert "induction" not in _kinds(controller, "e2")
    assert "sentence_plan" in _kinds(controller, "e2")
    _click(qtbot, ws.buttons["Sentence plan"])
    form = ws.dialog
    _save(qtbot, form)  # nothing written: refused, with the reason
    assert form.isVisible() and form.problem.text()
    form.widgets["need1"].setCurrentIndex(1)
    _type(qtbot, form, "text1", "Register with a GP and keep the appointment")
    _type(qtbot, form, "strengths_text", "Keen to work")
    _type(qtbot, form, "words", "Get my health sorted so I can work")
    _save(qtbot, form)
    assert not form.isVisible(), form.problem.text()
    assert "sentence_plan" not in _kinds(controller, "e2")
    # Made before any assessment: it rests on none, and nothing plans for the risk of harm.
    plan = ws.stage_labels["sentence_plan"]
    assert "2 things an inspector would find missing" in plan.text()
    # Something essential is missing, but nothing about the plan is late.
    assert plan.property("state") == "missing" and "overdue" not in plan.text()
    assert "Nothing plans for the risk of harm" in plan.toolTip()
    assert "The plan rests on no assessment" in plan.toolTip()
    assert "The plan rests on no assessment" in plan.accessibleName()
    assert plan.toolTip().count("•") == 2


def test_no_recall_records_the_decision_and_issues_the_letter(qtbot, window, controller) -> None:
    window.open_case("Y654321", "e2")
    window.workspace.open_wizard()
    wizard = window.wizard
    wizard.next()
    for key in wizard.questions_page.answers:
        wizard.questions_page.answer(key, "yes", "Discussed with the SPO")
    wizard.next()
    page = wizard.decision_page
    page.decision.setCurrentIndex(page.decision.findData("no_recall"))
    qtbot.keyClicks(page.rationale, "Engaging again; risk manageable in the community.")
    wizard.next()
    assert "decision-not-to-recall letter" in wizard.pack_page.status.text()
    assert not wizard.pack_page.submit_button.isEnabled()  # nothing goes to PPCS
    decisions = controller.case("Y654321").events["e2"].enforcements
    assert [d.decision.value for d in decisions] == ["no_recall"]
    assert "recall_report" not in _kinds(controller, "e2")
    # The person is told in writing, in Welsh and English (their language).
    with qtbot.waitSignal(window.builder.saved, timeout=20000) as saved:
        wizard.pack_page.build_button.click()
    text = "\n".join(p.extract_text() for p in PdfReader(saved.args[0]).pages)
    assert "Nid ydym yn eich galw yn ôl i'r carchar" in text
    assert "We are not recalling you to prison" in text
    assert "24 November 2026" in text and "24 Tachwedd 2026" in text


def test_pss_breach_path(qtbot, window, controller, tmp_path) -> None:
    alloc = write_jsonl(tmp_path / "pss.jsonl", [
        person("Z333333", "p7", given_name="Siobhán", family_name="Ó Briain",
               date_of_birth="1990-01-01",
               addresses=[{"lines": ["4 Stryd y Castell"], "postcode": "SA1 1AA"}]),
        event("e7", "Z333333", "pss", release_date="2026-06-01", start_date="2026-09-01",
              end_date="2027-06-01", court="Swansea Magistrates' Court", offence="Theft",
              conditions=[{"code": "1", "text": "Attend appointments"}]),
        appt("z1", "2026-11-16T10:00", event_id="e7", outcome="failed_to_attend",
             absence="unacceptable", absence_decided_on="2026-11-17", reason="No contact",
             serious=True)])
    window.import_file(alloc)
    qtbot.waitUntil(lambda: "Z333333" in controller.caseload.people, timeout=15000)
    window.open_case("Z333333", "e7")
    window.workspace.open_wizard()
    wizard = window.wizard
    assert wizard.pack_kind == "pss-breach"
    wizard.next()
    for key in wizard.questions_page.answers:
        wizard.questions_page.answer(key, "yes", "Recorded")
    wizard.next()
    qtbot.keyClicks(wizard.decision_page.rationale, "Serious failure: no contact since release.")
    wizard.next()
    decisions = controller.case("Z333333").events["e7"].enforcements
    assert [d.decision.value for d in decisions] == ["breach"]
    assert "breach_to_court" in _kinds(controller, "e7")
    assert datetime(2026, 11, 24) <= decisions[0].decided_at
