"""From the desktop: a future outcome is refused; an entry voided with a reason stays visible."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _select(workspace, ref) -> None:
    model = workspace.timeline.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        entry = workspace.timeline_model.row_object(
            model.mapToSource(index).row() if hasattr(model, "mapToSource") else row)
        if entry.ref == ref:
            workspace.timeline.setCurrentIndex(index)
            return
    raise AssertionError(f"{ref} not in the timeline")


def test_outcome_ahead_refused_and_voiding_an_entry(qtbot, window, controller) -> None:
    window.open_case("X123456", "e1")
    ws = window.workspace
    form = ws.record_outcome("a3")  # 1 Dec 2026: still ahead, so "attended" is not offered
    assert form.widgets["outcome"].findData("attended") == -1
    form.set_value("outcome", "attended")  # cannot be chosen: what is shown stays
    assert form.widgets["outcome"].currentData() == "cancelled_by_service"
    form.reject()

    form = ws.record_outcome("a1")
    form.set_value("outcome", "attended")
    form.accept()
    assert not form.isVisible()
    _select(ws, ("appointment", "a1"))
    qtbot.mouseClick(ws.buttons["Correct or void"], Qt.MouseButton.LeftButton)
    dialog = ws.dialog
    dialog.set_value("action", "undo_outcome")
    dialog.accept()  # no reason: refused
    assert "Say why" in dialog.problem.text()
    dialog.set_value("reason", "Recorded against the wrong appointment")
    dialog.accept()
    assert not dialog.isVisible()
    assert controller.store.record("appointment", "a1").get("outcome") is None

    _select(ws, ("appointment", "a1"))
    qtbot.mouseClick(ws.buttons["Correct or void"], Qt.MouseButton.LeftButton)
    dialog = ws.dialog
    dialog.set_value("action", "void")
    dialog.set_value("reason", "Booked in error")
    dialog.accept()
    texts = [ws.timeline_model.row_object(r) for r in range(ws.timeline_model.rowCount())]
    voided = [e for e in texts if e.ref == ("appointment", "a1")]
    assert voided and voided[0].voided and "Booked in error" in voided[0].detail
