"""Inspection readiness on the desktop: a case's questions, the caseload summary, a change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from officer_desk.readiness import readiness, summary
from tests.helpers.mnemonics import clashes


def _menu(window, text: str):
    return next(a for a in window.menuBar().actions()[0].menu().actions()
                if a.text().replace("&", "") == text)


def test_a_cases_questions_and_the_caseload_summary(qtbot, window, controller) -> None:
    window.open_case("X123456", "e1")
    ws = window.workspace
    assert not clashes(window)
    qtbot.mouseClick(ws.buttons["Inspection readiness"], Qt.MouseButton.LeftButton)
    dialog = ws.readiness_dialog
    assert dialog is not None and dialog.isVisible()
    model = ws.readiness_table.model()
    ef = controller.case("X123456").events["e1"]
    expected = readiness(ef, controller.caseload.people["X123456"], controller.today(),
                         controller.policy)
    shown = [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]
    assert shown == [(a.question.text, a.answer.capitalize()) for a in expected]
    assert any("not requested" in model.index(r, 2).data() for r in range(model.rowCount()))
    dialog.reject()

    window.activateWindow()
    _menu(window, "Inspection readiness…").trigger()
    box = window.readiness
    assert box.isVisible()
    counts = summary(controller.store.caseload(), controller.today(), controller.policy)
    rows = {box.model.index(r, 0).data(): [box.model.index(r, c).data() for c in (1, 2, 3)]
            for r in range(box.model.rowCount())}
    assert len(rows) == 9
    for q, row in zip(expected, rows.values(), strict=True):
        c = counts[q.question.id]
        assert row == [str(c["yes"]), str(c["partly"]), str(c["no"])]
    box.reject()


def test_a_change_of_circumstances_brings_enquiries_and_a_review(qtbot, window,
                                                                 controller) -> None:
    window.open_case("X123456", "e1")
    ws = window.workspace
    before = {i.kind for i in controller.items if i.event_id == "e1"}
    assert "review_on_change" not in before
    qtbot.mouseClick(ws.buttons["Change of circumstances"], Qt.MouseButton.LeftButton)
    form = ws.dialog
    form.set_value("kind", "new_partner")
    form.set_value("on", "20 Nov 2026")
    form.widgets["note"].setPlainText("Moved in with a new partner, Ffion")
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.problem.text()
    after = {i.kind: i for i in controller.items if i.event_id == "e1"}
    assert after["review_on_change"].ref == after["da_enquiry"].ref
    assert "safeguarding_enquiry" in after
    assert "Review after a change" in ws.stage_labels["review"].text()
    listed = [ws.timeline_model.row_object(r) for r in range(ws.timeline_model.rowCount())]
    [change] = [e for e in listed if e.ref[0] == "significant_change"]
    assert change.what == "Change: new partner" and "Ffion" in change.detail
