"""Plain words on screen: no code names, ISO dates or source citations; entries open in full."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from officer_desk import services
from officer_desk.model import Decision, RecallType
from tests.helpers.screen_text import unreadable


def test_every_tab_and_the_audit_trail_read_as_words(qtbot, window, controller) -> None:
    controller.run(services.decide_enforcement, "e2", datetime(2026, 11, 24, 9, 0),
                   Decision.RECALL, "Whereabouts unknown.", recall_type=RecallType.FIXED_TERM,
                   checklist={"reasons_explored": {"answer": "yes", "reason": "Phoned twice"}})
    window.refresh()
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        if window.tabs.currentWidget() is window.workspace:
            window.open_case("Y654321", "e2")
        assert unreadable(window) == [], window.tabs.tabText(tab)
    dialog = window.workspace.show_audit()
    assert unreadable(dialog) == []
    from PySide6.QtWidgets import QPlainTextEdit

    assert "created the decision" in dialog.findChild(QPlainTextEdit).toPlainText()


def test_a_decision_opens_in_full_from_the_timeline(qtbot, window, controller) -> None:
    controller.run(services.decide_enforcement, "e2", datetime(2026, 11, 24, 9, 0),
                   Decision.RECALL, "Whereabouts unknown since 20 Nov.",
                   recall_type=RecallType.STANDARD,
                   checklist={"reasons_explored": {"answer": "yes", "reason": "Phoned twice"}})
    window.open_case("Y654321", "e2")
    ws = window.workspace
    model = ws.timeline.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 1).data().startswith("Decision"))
    ws.timeline.setCurrentIndex(model.index(row, 0))
    ws.timeline.setFocus()
    qtbot.keyClick(ws.timeline, Qt.Key.Key_Return)
    from PySide6.QtWidgets import QMessageBox

    boxes = [b for b in window.findChildren(QMessageBox, "entryBox") if b.isVisible()]
    assert boxes, "the decision did not open"
    text = boxes[-1].text()
    assert "Whereabouts unknown since 20 Nov." in text
    assert "Were the reasons for non-compliance explored with the person? Yes — Phoned twice" in text
    assert "Decided 24 Nov 2026 09:00." in text
