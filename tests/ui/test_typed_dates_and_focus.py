"""Dates typed as an officer writes them; a series moved off a bank holiday says so."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
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


def test_an_appointment_at_one_in_the_morning_is_asked_about(qtbot, window, controller) -> None:
    window.open_case("X123456", "e1")
    form = window.workspace.new_appointment()
    field = form.widgets["start"]
    field.selectAll()
    qtbot.keyClicks(field, "15 Dec 2026 01:00")  # 1pm meant, 01:00 typed
    qtbot.mouseClick(form.buttons.button(form.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert form.isVisible() and "outside the working day" in form.problem.text()
    assert "15 Dec 2026 01:00" in form.problem.accessibleName()  # said, not only shown red
    assert not any(a.start == datetime(2026, 12, 15, 1)
                   for a in controller.case("X123456").events["e1"].appointments)
    form.widgets["odd_hour"].setChecked(True)  # the officer means it
    qtbot.mouseClick(form.buttons.button(form.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert any(a.start == datetime(2026, 12, 15, 1)
               for a in controller.case("X123456").events["e1"].appointments)


def test_an_appointment_still_to_come_offers_no_attended_or_failed(qtbot, window) -> None:
    window.open_case("X123456", "e1")
    form = window.workspace.record_outcome("a3")  # 1 Dec 2026, after the tests' today
    choices = form.widgets["outcome"]
    offered = [choices.itemData(i) for i in range(choices.count())]
    assert offered == ["cancelled_by_service"]
    assert "only calling it off" in choices.toolTip()
    form.reject()
    past = window.workspace.record_outcome("a1")  # 20 Nov: everything is offered
    assert past.widgets["outcome"].count() == 5
    past.reject()


def test_save_and_cancel_answer_alt_s_and_alt_c(qtbot, window) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLabel

    window.open_case("X123456", "e1")
    form = window.workspace.add_contact()
    save = form.buttons.button(form.buttons.StandardButton.Save)
    cancel = form.buttons.button(form.buttons.StandardButton.Cancel)
    # The platform's own texts carry no letter, so Alt+S typed an "s" into the field.
    assert save.shortcut() == QKeySequence("Alt+S") and cancel.shortcut() == QKeySequence("Alt+C")
    letters = [QKeySequence.mnemonic(label.text()) for label in form.findChildren(QLabel)]
    assert QKeySequence("Alt+S") not in letters and QKeySequence("Alt+C") not in letters
    form.reject()


def test_a_new_appointment_keeps_how_the_person_was_told(qtbot, window, controller) -> None:
    window.open_case("X123456", "e1")
    form = window.workspace.new_appointment()
    form.set_value("start", "15 Dec 2026 11:00")
    form.set_value("notified_by", "text")
    form.accept()
    assert not form.isVisible(), form.problem.text()
    [booked] = [a for a in controller.case("X123456").events["e1"].appointments
                if a.start == datetime(2026, 12, 15, 11)]
    assert booked.extra["notified_by"] == "text"
    assert booked.extra["notified_on"] == "2026-11-24"  # the day it was booked (the clock's)
