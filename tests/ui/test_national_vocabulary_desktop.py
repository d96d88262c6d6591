"""The national vocabulary on the desktop: the acceptable-absence reasons and the Outlook diary."""

from __future__ import annotations

import icalendar
from PySide6.QtWidgets import QFileDialog


def test_an_acceptable_absence_takes_a_national_reason(window, controller) -> None:
    window.open_case("X123456", "e1")
    form = window.workspace.record_outcome("a1")
    form.set_value("outcome", "failed_to_attend")
    form.set_value("absence", "acceptable")
    form.set_value("reason", "In hospital overnight; discharge letter seen")
    form.accept()  # no national reason chosen: refused, the form stays
    assert form.isVisible() and "national reason" in form.problem.text()
    choices = form.widgets["absence_reason"]
    assert choices.findData("AAME") >= 0 and "Medical" in choices.itemText(choices.findData("AAME"))
    # nDelius's "Acceptable absence - other" (AAAA) is offered too.
    assert choices.findData("AAAA") >= 0 and "Other" in choices.itemText(choices.findData("AAAA"))
    form.set_value("absence_reason", "AAME")
    form.accept()
    assert not form.isVisible(), form.problem.text()
    a1 = next(a for a in controller.event_file("e1").appointments if a.id == "a1")
    assert a1.extra["absence_reason"] == "AAME"


def test_the_diary_menu_writes_an_outlook_file(window, controller, tmp_path,
                                               monkeypatch) -> None:
    target = tmp_path / "diary.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window.action_diary.trigger()
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries and all("(X123456)" in s or "(Y654321)" in s for s in summaries)
    assert "Łukasz" not in target.read_text(encoding="utf-8")
    assert "diary" in window.diary_message.text()
