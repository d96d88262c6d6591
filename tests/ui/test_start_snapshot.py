"""An unlock the same day as the last lock draws the first screen kept at lock, then the rest.

The first screen must be exactly what a full load shows; a write or a changed policy means a
full load, and so does a later day unless each event's items are known to hold (or few need
working out again); a moved case leaves no trace in what is kept.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime, timedelta

from PySide6.QtCore import Qt

from db import caseload_file
from officer_desk.model import ContactMode
from officer_desk.policy import load_policy
from officer_desk.services import add_contact
from tests.ui.conftest import NOW, PASSPHRASE
from ui.controller import Controller
from ui.main_window import MainWindow


def _screen(window: MainWindow) -> tuple:
    """Everything the first screen shows, as a reader would compare it."""
    today, cases = window.today, window.caseload
    return ([today.due_model.row_object(r) for r in range(today.due_model.rowCount())],
            [today.pending_model.row_object(r) for r in range(today.pending_model.rowCount())],
            [cases.model.row_object(r) for r in range(cases.model.rowCount())],
            today.summary.text(), window.status.text())


def _unlock_by_typing(qtbot, window: MainWindow) -> None:
    dialog = window.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert window.controller.is_open


def test_a_same_day_unlock_shows_the_kept_first_screen_then_loads_the_rest(
        qtbot, window, controller) -> None:
    full = _screen(window)
    assert full[0] and full[2], "the caseload has items and people to show"
    window.action_lock.trigger()
    assert not controller.is_open
    _unlock_by_typing(qtbot, window)
    assert not controller.settled  # drawn from what was kept at lock
    assert _screen(window) == full
    qtbot.waitUntil(lambda: controller.settled, timeout=3000)  # the rest follows by itself
    window.refresh()
    assert _screen(window) == full
    assert len(controller.caseload.events["e1"].plans) == 1  # the full overview is there


def test_acting_at_once_after_the_unlock_loads_the_rest_first(qtbot, window, controller) -> None:
    window.action_lock.trigger()
    _unlock_by_typing(qtbot, window)
    assert not controller.settled
    window.tabs.setCurrentWidget(window.caseload)
    view = window.caseload.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # open the first person's case straight away
    assert controller.settled
    assert window.tabs.currentWidget() is window.workspace
    assert window.workspace.crn


def test_a_change_made_elsewhere_means_a_full_load(qtbot, window, controller) -> None:
    window.action_lock.trigger()
    other = caseload_file.unlock(controller.root, PASSPHRASE)  # the command line, say
    try:
        add_contact(other.store, "e1", NOW - timedelta(hours=1), ContactMode.TELEPHONE,
                    "Rang about work")
    finally:
        other.lock()
    _unlock_by_typing(qtbot, window)
    assert controller.settled
    assert any(c.summary == "Rang about work" for c in controller.caseload.events["e1"].contacts)


def _demo_caseload(tmp_path, made: datetime):
    import json

    from officer_desk.demo import demo_records
    from officer_desk.exchange import HEADER
    from officer_desk.services import import_lines
    from tests.helpers.fakes import FAST_KDF

    root = tmp_path / "demo"
    opened, _ = caseload_file.create(root, PASSPHRASE, cost=FAST_KDF, recovery_cost=FAST_KDF)
    import_lines(opened.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in demo_records(made.date(), now=made)], "test")
    opened.lock()
    return root


def test_the_first_unlock_of_a_later_day_shows_exactly_what_a_full_load_would(
        qtbot, tmp_path) -> None:
    """Locked one evening, opened the next morning, after a weekend, a fortnight later: each
    first screen drawn from what was kept is the full load's, item for item."""
    made = datetime(2026, 11, 24, 17, 30)
    root = _demo_caseload(tmp_path, made)
    day = {"now": made}
    controller = Controller(root, load_policy(), clock=lambda: day["now"])
    window = MainWindow(controller)
    qtbot.addWidget(window)
    controller.unlock(PASSPHRASE)
    window.lock_on_close()  # the end of the day: the first screen is kept
    drawn_from_kept = 0
    for later in (1, 2, 5, 6, 13, 40):  # each from the day before's lock
        day["now"] = datetime(2026, 11, 24, 8, 30) + timedelta(days=later)
        controller.unlock(PASSPHRASE)
        first = _screen(window)
        drawn_from_kept += not controller.settled
        controller.settle()  # the full overview, with every rule run for the day
        window.refresh()
        assert _screen(window) == first, day["now"]
        window.lock_on_close()
    assert drawn_from_kept >= 3  # most mornings need no full load


def test_a_clock_put_back_means_a_full_load(qtbot, ui_caseload) -> None:
    day = {"now": NOW}
    controller = Controller(ui_caseload, load_policy(), clock=lambda: day["now"])
    window = MainWindow(controller)
    qtbot.addWidget(window)
    controller.unlock(PASSPHRASE)
    window.lock_on_close()
    day["now"] = NOW - timedelta(days=1)
    controller.unlock(PASSPHRASE)
    assert controller.settled
    window.lock_on_close()


def test_a_changed_policy_means_a_full_load(qtbot, ui_caseload) -> None:
    controller = Controller(ui_caseload, load_policy(), clock=lambda: NOW)
    window = MainWindow(controller)
    qtbot.addWidget(window)
    controller.unlock(PASSPHRASE)
    window.lock_on_close()
    policy = load_policy()
    rules = copy.deepcopy(policy.rules)
    rules["review"]["days"] += 7
    stricter = Controller(ui_caseload, dataclasses.replace(policy, rules=rules), clock=lambda: NOW)
    stricter.unlock(PASSPHRASE)
    assert stricter.settled
    stricter.lock()


def test_an_export_at_once_after_the_unlock_has_everything(qtbot, window, controller,
                                                           tmp_path) -> None:
    window.action_lock.trigger()
    _unlock_by_typing(qtbot, window)
    assert not controller.settled
    out = tmp_path / "export.jsonl"
    window.export(out)  # its worker gets the caseload's connection only once the rest is in
    assert controller.settled
    qtbot.waitUntil(lambda: window.busy.isHidden() and out.exists(), timeout=10000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + sum(controller.store.count().values())


def test_the_window_stays_usable_while_the_rest_loads(qtbot, window, controller,
                                                      monkeypatch) -> None:
    """The full overview loads on a thread of its own: the officer can type meanwhile."""
    import threading

    window.action_lock.trigger()
    _unlock_by_typing(qtbot, window)
    assert not controller.settled
    release, loading = threading.Event(), {}
    slow = controller.opened.overview_apart

    def held(until):
        loading["thread"] = threading.current_thread()
        release.wait(10)
        return slow(until)

    monkeypatch.setattr(controller.opened, "overview_apart", held)
    qtbot.waitUntil(lambda: "thread" in loading, timeout=3000)
    assert loading["thread"] is not threading.main_thread()
    window.tabs.setCurrentWidget(window.caseload)
    qtbot.keyClicks(window.caseload.search, "Jones")  # typed while the rest is loading
    assert window.caseload.search.text() == "Jones"
    assert not controller.settled
    release.set()
    qtbot.waitUntil(lambda: controller.settled, timeout=5000)
    assert len(controller.caseload.events["e1"].plans) == 1


def test_the_appointment_a_failure_is_about_is_named_once_the_rest_has_loaded(
        qtbot, window, controller) -> None:
    """The kept first screen holds only appointments not yet held; once the rest is in, the
    item a failure opened names its appointment, and the officer's place in the list stays."""
    from officer_desk import services
    from officer_desk.model import Outcome
    from ui.models.list_table_model import RowRole

    controller.run(services.record_outcome, "a1", Outcome.FAILED_TO_ATTEND)
    window.action_lock.trigger()
    _unlock_by_typing(qtbot, window)
    assert not controller.settled
    view = window.today.due_view
    model = view.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(RowRole).kind == "absence_decision")
    view.setCurrentIndex(model.index(row, 0))
    qtbot.waitUntil(lambda: controller.settled, timeout=3000)
    qtbot.waitUntil(lambda: "appointment on" in model.index(row, 5).data(), timeout=3000)
    assert model.index(row, 5).data() == ("Decide whether the absence was acceptable: "
                                          "appointment on 20 Nov 2026 10:00")
    assert view.currentIndex().row() == row


def test_the_appointment_is_named_too_when_an_action_loaded_the_rest_at_once(
        qtbot, window, controller) -> None:
    """Opening a case straight after the unlock takes in the rest at once, not from the
    thread: Today names the appointment all the same."""
    from officer_desk import services
    from officer_desk.model import Outcome
    from ui.models.list_table_model import RowRole

    controller.run(services.record_outcome, "a1", Outcome.FAILED_TO_ATTEND)
    window.action_lock.trigger()
    _unlock_by_typing(qtbot, window)
    assert not controller.settled
    window.open_case("Y654321")  # needs the full overview now
    assert controller.settled
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    model = window.today.due_view.model()
    [what] = [model.index(r, 5).data() for r in range(model.rowCount())
              if model.index(r, 0).data(RowRole).kind == "absence_decision"]
    assert what == ("Decide whether the absence was acceptable: appointment on 20 Nov 2026 "
                    "10:00")
