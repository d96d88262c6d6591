"""The desktop on the most common officer laptop: 1366x768, and 1366x728 with a taskbar.

The window fits (its minimum is well under the screen), the status line is inside it, and every
action on the busiest demo case can be seen and reached without leaving the screen.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect

from db import caseload_file
from officer_desk.demo import demo_records
from officer_desk.policy import load_policy
from officer_desk.services import import_lines
from tests.helpers.fakes import FAST_KDF
from tests.helpers.records import HEADER

NOW = datetime(2026, 11, 24, 12, 0)
PASSPHRASE = "correct horse battery staple"
TITLE_BAR = 30  # what the window manager takes above the window


@pytest.fixture
def demo_window(qtbot, tmp_path: Path):
    from ui.controller import Controller
    from ui.main_window import MainWindow

    records = demo_records(NOW.date(), now=NOW)
    opened, _ = caseload_file.create(tmp_path / "caseload", PASSPHRASE, cost=FAST_KDF,
                                     recovery_cost=FAST_KDF)
    import_lines(opened.store, [json.dumps(HEADER)] + [json.dumps(r) for r in records], "test")
    opened.lock()
    controller = Controller(tmp_path / "caseload", load_policy(), clock=lambda: NOW)
    window = MainWindow(controller)
    qtbot.addWidget(window)
    controller.unlock(PASSPHRASE)
    window.show()
    busiest = Counter(r.get("crn") for r in records if r.get("crn")).most_common(1)[0][0]
    yield window, busiest
    window.lock_on_close()


def _inside(window, widget) -> bool:
    """Is the whole widget within the window and not scrolled or clipped out of sight?"""
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    if not window.rect().contains(rect):
        return False
    visible = widget.visibleRegion().boundingRect()
    return visible.size() == widget.size()


@pytest.mark.parametrize("screen_height", [768, 728])
def test_the_status_line_and_every_case_action_fit_a_1366_wide_laptop(demo_window, qtbot,
                                                                     screen_height) -> None:
    window, crn = demo_window
    assert window.minimumSizeHint().height() <= 700 and window.minimumSize().height() <= 700
    window.resize(1366, screen_height - TITLE_BAR)  # maximised on that screen
    window.open_case(crn)
    qtbot.wait(50)
    assert window.tabs.currentWidget() is window.workspace
    assert window.height() <= screen_height - TITLE_BAR
    assert window.statusBar().isVisible() and _inside(window, window.statusBar())
    assert window.workspace.buttons, "the case has its actions"
    for name, button in window.workspace.buttons.items():
        assert button.isVisible() and _inside(window, button), name
    # The timeline still has room for several entries.
    assert window.workspace.timeline.viewport().height() >= 120


def test_at_one_and_a_half_times_the_text_every_case_action_is_reached_by_scrolling(
        demo_window, qtbot) -> None:
    from PySide6.QtWidgets import QApplication, QScrollArea

    window, crn = demo_window
    app = QApplication.instance()
    font = app.font()
    larger = type(font)(font)
    larger.setPointSizeF(font.pointSizeF() * 1.5)
    app.setFont(larger)
    try:
        # 1366x768 at 1.5x is about 910x490 of the window's own units under the title bar.
        window.resize(910, 490)
        window.open_case(crn)
        qtbot.wait(50)
        assert window.height() <= 490 and _inside(window, window.statusBar())
        area = window.workspace.parentWidget().parentWidget()
        assert isinstance(area, QScrollArea)
        for name, button in window.workspace.buttons.items():
            area.ensureWidgetVisible(button)
            qtbot.wait(1)
            assert _inside(window, button), name
            assert button.width() >= button.sizeHint().width(), name  # never clipped
    finally:
        app.setFont(font)


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_timeline_entry_shows_its_day_time_and_kind_whole(demo_window, qtbot,
                                                                 scale) -> None:
    """The "When" and "What" columns are sized from what they can hold, not by asking every
    row: checked against Qt's own measure of every row, for every person in the demo."""
    from PySide6.QtWidgets import QApplication

    window, _crn = demo_window
    app = QApplication.instance()
    font = app.font()
    larger = type(font)(font)
    larger.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(larger)
    try:
        window.resize(1366, 738)
        view = window.workspace.timeline
        view.horizontalHeader().setResizeContentsPrecision(-1)  # Qt measures every row
        for crn in window.controller.caseload.people:
            window.open_case(crn)
            qtbot.wait(1)
            header = view.horizontalHeader()
            for column in (0, 1):
                assert view.sizeHintForColumn(column) <= header.sectionSize(column), (
                    crn, column, view.sizeHintForColumn(column), header.sectionSize(column))
    finally:
        app.setFont(font)
