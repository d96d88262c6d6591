"""A change of screen is painted once, and a repaint of the window reaches the screen shown.

Each screen sits in a scroll area so it fits a small laptop. A scroll area makes its screen
opaque, and Qt then paints an opaque screen on its own before painting the window over it: every
change of screen was painted twice, and a repaint of the whole window skipped the screen (so a
measured repaint measured nothing). Counted here as Qt delivers paint events.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest


class PaintCounter(QObject):
    """Counts paint events per watched widget."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def watch(self, widget, name: str) -> None:
        widget.setProperty("watched_as", name)
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's own name
        if event.type() == QEvent.Type.Paint:
            self.counts[watched.property("watched_as")] += 1
        return False


def test_opening_a_screen_by_its_shortcut_paints_it_once(window, qtbot):
    window.resize(1366, 738)
    qtbot.waitExposed(window)
    counter = PaintCounter()
    counter.watch(window.caseload, "caseload")
    counter.watch(window.caseload.view.viewport(), "caseload rows")
    counter.watch(window.today, "today")
    counter.watch(window.today.due_view.viewport(), "due rows")
    qtbot.wait(50)
    for key in (Qt.Key.Key_C, Qt.Key.Key_T):  # each screen laid out at this size once
        QTest.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
        qtbot.wait(50)

    for key, screen, rows in ((Qt.Key.Key_C, "caseload", "caseload rows"),
                              (Qt.Key.Key_T, "today", "due rows"),
                              (Qt.Key.Key_C, "caseload", "caseload rows"),
                              (Qt.Key.Key_T, "today", "due rows")):
        counter.counts.clear()
        QTest.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
        qtbot.wait(50)
        assert window.tabs.currentWidget() is getattr(window, screen)
        assert counter.counts[screen] == 1, (screen, dict(counter.counts))
        assert counter.counts[rows] == 1, (screen, dict(counter.counts))


def test_a_repaint_of_the_window_repaints_the_screen_shown(window, qtbot):
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.caseload)
    qtbot.wait(50)
    counter = PaintCounter()
    counter.watch(window.caseload, "caseload")
    counter.watch(window.caseload.view.viewport(), "caseload rows")
    window.repaint()
    assert counter.counts["caseload"] == 1
    assert counter.counts["caseload rows"] == 1
