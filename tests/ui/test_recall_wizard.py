"""The recall wizard: one decision however often the officer goes back; nothing assumed."""

from __future__ import annotations

from PySide6.QtCore import Qt


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


def test_back_fix_next_edits_the_decision_it_created(qtbot, window, controller) -> None:
    wizard, page = _recall_decision_page(window)
    wizard.next()
    assert len(_recalls(controller)) == 1
    first = wizard.enforcement_id
    wizard.back()  # the officer goes back to fix the rationale and the conditions
    page.rationale.clear()
    qtbot.keyClicks(page.rationale, "Whereabouts unknown since 20 Nov; failed two appointments.")
    # The condition is picked from the licence, by keyboard: the row, then Space to tick it.
    page.conditions.setFocus()
    page.conditions.setCurrentRow(0)
    qtbot.keyClick(page.conditions, Qt.Key.Key_Space)
    wizard.next()
    recalls = _recalls(controller)
    assert len(recalls) == 1 and wizard.enforcement_id == first
    assert recalls[0].rationale.startswith("Whereabouts unknown since 20 Nov")
    assert recalls[0].extra["conditions_breached"] == ["1c"]
    assert sum(i.kind == "recall_report" for i in controller.items) == 1


def test_endorsement_times_are_asked_and_submission_waits_for_a_complete_pack(
        qtbot, window, controller) -> None:
    wizard, page = _recall_decision_page(window)
    qtbot.keyClicks(page.recall_fields["line_manager"], "Gareth Jones")
    wizard.next()  # a manager's name without the time they endorsed it is refused
    assert wizard.currentPage() is page
    assert "when the line manager endorsed" in page.subTitle()
    qtbot.keyClicks(page.recall_fields["line_manager_at"], "24 Nov 2026 11:40")
    wizard.next()
    assert wizard.currentPage() is wizard.pack_page
    [recall] = _recalls(controller)
    assert recall.extra["line_manager"] == {"name": "Gareth Jones", "at": "2026-11-24T11:40"}
    # Incomplete (no senior manager, no conditions...): nothing can be marked submitted.
    assert not wizard.pack_page.submit_button.isEnabled()
    qtbot.mouseClick(wizard.pack_page.submit_button, Qt.MouseButton.LeftButton)
    assert _recalls(controller)[0].submitted_at is None
