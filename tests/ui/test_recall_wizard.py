"""The recall wizard: nothing written until the officer records the decision, one decision
however often they go back or open the wizard again; nothing assumed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard


def _recall_decision_page(window):
    """The recall wizard for the licence, at its decision page with a rationale typed."""
    window.open_case("Y654321", "e2")
    window.workspace.open_wizard()
    wizard = window.wizard
    _to_decision(wizard)
    wizard.decision_page.rationale.setPlainText("Whereabouts unknown.")
    return wizard, wizard.decision_page


def _to_decision(wizard) -> None:
    wizard.next()
    for key in wizard.questions_page.answers:
        wizard.questions_page.answer(key, "yes", "Done")
    wizard.next()


def _recalls(controller) -> list:
    ef = controller.event_file("e2")
    return [e for e in ef.enforcements if e.decision.value == "recall"]


def _press(qtbot, wizard, which) -> None:
    """Press one of the wizard's own buttons, as the officer does."""
    button = wizard.button(which)
    if button.isVisible() and button.isEnabled():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_nothing_is_written_until_the_decision_is_recorded(qtbot, window, controller) -> None:
    wizard, page = _recall_decision_page(window)
    _press(qtbot, wizard, QWizard.WizardButton.BackButton)  # back to fix an answer
    assert wizard.currentPage() is wizard.questions_page
    _press(qtbot, wizard, QWizard.WizardButton.NextButton)
    page.rationale.clear()
    qtbot.keyClicks(page.rationale, "Whereabouts unknown since 20 Nov; failed two appointments.")
    # The condition is picked from the licence, by keyboard: the row, then Space to tick it.
    page.conditions.setFocus()
    page.conditions.setCurrentRow(0)
    qtbot.keyClick(page.conditions, Qt.Key.Key_Space)
    assert _recalls(controller) == []  # nothing yet: the officer has not recorded it
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Record the decision"
    _press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert _recalls(controller) == [] and not wizard.isVisible()  # the case as it was

    wizard, page = _recall_decision_page(window)
    qtbot.keyClicks(page.rationale, " Failed two appointments.")
    _press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentPage() is wizard.pack_page
    [recall] = _recalls(controller)
    assert wizard.enforcement_id == recall.id
    _press(qtbot, wizard, QWizard.WizardButton.BackButton)  # no going back past a record
    assert wizard.currentPage() is wizard.pack_page
    _press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert len(_recalls(controller)) == 1
    assert sum(i.kind == "recall_report" for i in controller.items) == 1


def test_a_waiting_decision_is_continued_not_made_again(qtbot, window, controller) -> None:
    wizard, _page = _recall_decision_page(window)
    _press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    first = wizard.enforcement_id
    _press(qtbot, wizard, QWizard.WizardButton.CancelButton)

    # Breach or recall… on the same case again, as the officer does: the decision waiting to
    # go is carried on, at its pack, never started afresh.
    qtbot.mouseClick(window.workspace.buttons["Breach or recall"], Qt.MouseButton.LeftButton)
    again = window.wizard
    assert again is not wizard and again.enforcement_id == first
    assert again.currentPage() is again.pack_page
    assert "Continuing the recall decision" in again.pack_page.subTitle()
    for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                  QWizard.WizardButton.CancelButton):
        _press(qtbot, again, which)
    assert [r.id for r in _recalls(controller)] == [first]
    assert sum(i.kind == "recall_report" for i in controller.items) == 1


def test_endorsement_times_are_asked_and_submission_waits_for_a_complete_pack(
        qtbot, window, controller) -> None:
    wizard, page = _recall_decision_page(window)
    qtbot.keyClicks(page.recall_fields["line_manager"], "Gareth Jones")
    wizard.next()  # a manager's name without the time they endorsed it is refused
    assert wizard.currentPage() is page
    assert "when the line manager endorsed" in page.subTitle()
    qtbot.keyClicks(page.recall_fields["line_manager_at"], "24 Nov 2026 11:40")
    wizard.next()  # before the decision (recorded now, at 12:00): refused, saying why
    assert wizard.currentPage() is page
    assert "before the decision it countersigns" in page.subTitle()
    page.recall_fields["line_manager_at"].clear()
    qtbot.keyClicks(page.recall_fields["line_manager_at"], "24 Nov 2026 12:00")
    wizard.next()
    assert wizard.currentPage() is wizard.pack_page
    [recall] = _recalls(controller)
    assert recall.extra["line_manager"] == {"name": "Gareth Jones", "at": "2026-11-24T12:00"}
    # Incomplete (no senior manager, no conditions...): nothing can be marked submitted.
    assert not wizard.pack_page.submit_button.isEnabled()
    qtbot.mouseClick(wizard.pack_page.submit_button, Qt.MouseButton.LeftButton)
    assert _recalls(controller)[0].submitted_at is None
