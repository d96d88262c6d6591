"""Dates typed as an officer writes them; a series moved off a bank holiday says so."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLineEdit


def test_typed_date_time_and_bank_holiday_notice(qtbot, window, controller) -> None:
    window.open_case("X123456", "e1")
    form = window.workspace.new_appointment()
    field = form.widgets["start"]
    assert isinstance(field, QLineEdit)
    field.selectAll()
    qtbot.keyClicks(field, "18 Dec 2026 14:00")
    form.set_value("recurrence", "weekly")
    form.set_value("count", 3)
    form.accept()
    assert not form.isVisible(), form.problem.text()
    starts = sorted(a.start for a in controller.case("X123456").events["e1"].appointments
                    if a.start >= datetime(2026, 12, 18))
    # 25 Dec is Christmas Day: moved to Tuesday 29 Dec (28 Dec is the Boxing Day substitute).
    assert starts == [datetime(2026, 12, 18, 14), datetime(2026, 12, 29, 14),
                      datetime(2027, 1, 4, 14)]
    notice = window.workspace.moved_message.text()
    assert "25 Dec 2026 (Christmas Day) moved to Tuesday 29 Dec 2026" in notice
    assert "1 Jan 2027 (New Year's Day) moved to Monday 4 Jan 2027" in notice


def test_a_date_that_cannot_be_read_is_said_and_kept(qtbot, window) -> None:
    window.open_case("X123456", "e1")
    form = window.workspace.new_appointment()
    field = form.widgets["start"]
    field.selectAll()
    qtbot.keyClicks(field, "31 Feb 2026 10:00")
    form.accept()
    assert "First appointment" in form.problem.text() and "not a real date" in form.problem.text()
    assert field.text() == "31 Feb 2026 10:00"  # what was typed is kept


def test_focus_is_clearly_visible(window) -> None:
    assert ":focus" in window.styleSheet() and "border" in window.styleSheet()
