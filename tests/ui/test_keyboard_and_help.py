"""The keyboard: no Alt+letter shared in any window or form; the Help menu answers."""

from __future__ import annotations

from tests.helpers.mnemonics import clashes, mnemonics


def test_no_two_controls_share_a_mnemonic_on_any_tab(qtbot, window, controller) -> None:
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        if window.tabs.currentWidget() is window.workspace:
            window.open_case("X123456", "e1")
        assert clashes(window) == {}, window.tabs.tabText(tab)
    window.open_case("X123456", "e1")
    letters = mnemonics(window)
    assert letters["t"] == ["Today"] and letters["c"] == ["Caseload"]


def test_no_form_or_wizard_page_shares_a_mnemonic(qtbot, window, controller) -> None:
    window.open_case("X123456", "e1")
    ws = window.workspace
    ws.timeline.setCurrentIndex(ws.timeline.model().index(0, 0))
    for name in ("record_outcome", "new_appointment", "reschedule", "add_contact",
                 "plan_home_visit", "add_assessment", "add_plan", "add_review",
                 "issue_warning", "print_menu", "correct_or_void"):
        dialog = getattr(ws, name)()
        if dialog is None:
            continue
        assert clashes(dialog) == {}, name
        dialog.reject()
    window.open_case("Y654321", "e2")
    window.workspace.open_wizard()
    wizard = window.wizard
    for _ in range(4):
        assert clashes(wizard) == {}, wizard.currentPage().title()
        if wizard.currentPage() is wizard.questions_page:
            for key in wizard.questions_page.answers:
                wizard.questions_page.answer(key, "yes", "Done")
        if wizard.currentPage() is wizard.decision_page:
            wizard.decision_page.rationale.setPlainText("Whereabouts unknown.")
        wizard.next()


def test_help_menu_says_shortcuts_stages_and_where_data_lives(qtbot, window, controller) -> None:
    menu = [a for a in window.menuBar().actions() if a.text() == "&Help"][0].menu()
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts == ["Keyboard shortcuts", "What each stage means", "Where your data is kept"]
    window.help_actions["shortcuts"].trigger()
    assert "Ctrl+L" in window.help_box.text() and "Ctrl+E" in window.help_box.text()
    window.help_box.close()
    window.help_actions["stages"].trigger()
    assert "15 working days" in window.help_box.text()
    window.help_box.close()
    window.help_actions["data"].trigger()
    assert str(controller.root) in window.help_box.text()


def test_unlock_and_recovery_code_dialogs_share_no_mnemonic(qtbot, window, controller) -> None:
    from ui.unlock_dialog import RecoveryCodeDialog

    window.lock()
    dialog = window.unlock_dialog
    assert dialog is not None and clashes(dialog) == {}
    dialog.recovery_toggle.setChecked(True)
    assert clashes(dialog) == {}
    code = RecoveryCodeDialog("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", window, type_back=True)
    qtbot.addWidget(code)
    code.show()
    assert clashes(code) == {}
    assert not code.ok.isEnabled()
    code.confirm.setChecked(True)
    qtbot.keyClicks(code.typed, "abcd efgh jklm nprq stuv wxyz")
    assert not code.ok.isEnabled()  # a wrong code typed back is not accepted
    code.typed.clear()
    qtbot.keyClicks(code.typed, "abcd efgh jklm npqr stuv wxyz")
    assert code.ok.isEnabled()
