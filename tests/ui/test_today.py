"""Today: one list in the order to work it, counted as `due --all` counts it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from officer_desk import services
from officer_desk.due import due_items
from officer_desk.model import Decision, RecallType
from ui.models.list_table_model import RowRole


def _listed(window) -> list:
    view = window.today.due_view
    model = view.model()
    return [model.index(r, 0).data(RowRole) for r in range(model.rowCount())]


def test_today_lists_exactly_what_due_lists_urgent_first(qtbot, window, controller) -> None:
    controller.run(services.decide_enforcement, "e2", datetime(2026, 11, 24, 10, 30),
                   Decision.RECALL, "Whereabouts unknown.", recall_type=RecallType.EMERGENCY)
    window.refresh()
    listed = _listed(window)
    expected = due_items(controller.store.caseload(), controller.today(), controller.policy,
                         extended=True)
    assert sorted((i.crn, i.kind, str(i.due)) for i in listed) == sorted(
        (i.crn, i.kind, str(i.due)) for i in expected)
    assert f"{len(listed)} open items" in window.status.text()
    assert f"{len(listed)} open items" in window.today.summary.text()
    first = listed[0]
    assert first.kind == "recall_report"  # hours count: above everything routine
    model = window.today.due_view.model()
    assert model.index(0, 0).data() == "Urgent"
    assert model.index(0, 1).data() == "30 min left"  # emergency: 10:30 + 2 h; now 12:00
    assert "GMT" in model.index(0, 2).data()


def test_rows_are_compact_enough_for_fifteen_items(qtbot, window) -> None:
    window.resize(1366, 768)
    view = window.today.due_view
    assert view.verticalHeader().defaultSectionSize() <= view.fontMetrics().height() + 8


def test_a_save_on_the_case_shows_on_today_and_the_caseload_when_opened(qtbot, window,
                                                                      controller) -> None:
    """Only the person saved is reloaded, and the lists behind the case catch up when shown."""
    window.open_case("Y654321", "e2")
    before = {(i.crn, i.kind) for i in _listed(window)}
    assert ("Y654321", "recall_report") not in before
    other = [i for i in controller.items if i.crn != "Y654321"]
    controller.run(services.decide_enforcement, "e2", datetime(2026, 11, 24, 10, 30),
                   Decision.RECALL, "Whereabouts unknown.", recall_type=RecallType.STANDARD)
    assert [i for i in controller.items if i.crn != "Y654321"] == other  # others stand
    expected = due_items(controller.store.caseload(), controller.today(), controller.policy,
                         extended=True)
    assert sorted((i.crn, i.kind, str(i.due)) for i in controller.items) == sorted(
        (i.crn, i.kind, str(i.due)) for i in expected)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is window.today
    assert ("Y654321", "recall_report") in {(i.crn, i.kind) for i in _listed(window)}
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    rows = window.caseload.model
    row = next(rows.row_object(r) for r in range(rows.rowCount())
               if rows.row_object(r).crn == "Y654321")
    assert row.due == sum(1 for i in controller.items if i.crn == "Y654321")


def test_todays_appointments_are_named_in_words(window) -> None:
    model = window.today.pending_view.model()
    kinds = {model.index(r, 3).data() for r in range(model.rowCount())}
    assert "Supervision" in kinds
    assert not any("_" in k or k.islower() for k in kinds), kinds


def test_each_failures_items_name_the_appointment_they_are_about(qtbot, window,
                                                                 controller) -> None:
    """Two failures waiting for a decision are two rows that say which appointment each is."""
    from officer_desk.model import Outcome

    for appointment in ("a1", "a2"):
        controller.run(services.record_outcome, appointment, Outcome.FAILED_TO_ATTEND)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    model = window.today.due_view.model()
    what = [model.index(r, 5).data() for r in range(model.rowCount())
            if model.index(r, 0).data(RowRole).kind == "absence_decision"]
    assert sorted(what) == [
        "Decide whether the absence was acceptable: appointment on 20 Nov 2026 10:00",
        "Decide whether the absence was acceptable: appointment on 24 Nov 2026 09:00"]
