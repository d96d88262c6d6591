"""Run in a fresh process: how long the desktop takes from a key press to the finished repaint.

At team scale, four things an officer does many times a day, each driven by the keyboard as
the officer drives it: opening Today (Alt+T), opening a case from the caseload list (Return),
saving an outcome (Return in the outcome form) and a caseload search (typing the last letter).
Each is timed with QElapsedTimer from the key event to the end of a synchronous repaint, beside
the floor: the same key press on a widget that does nothing, and the same repaint. Every span,
the floor's too, must have painted the screen it ends on (counted as Qt delivers paint events):
a repaint that stops short of the screen would time nothing, and the figures say so. Prints one
JSON object of median milliseconds.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from officer_desk import services  # noqa: E402
from officer_desk.model import AppointmentKind  # noqa: E402
from officer_desk.policy import load_policy  # noqa: E402
from ui.app import dress, make_window  # noqa: E402

RUNS = 7


class Paints(QObject):
    """Counts paint events on the screens watched."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[int] = set()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's own name
        if event.type() == QEvent.Type.Paint:
            self.seen.add(id(watched))
        return False


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def _timed(app: QApplication, window, press: Callable[[], None]) -> float:
    """Milliseconds from the key event to a finished repaint of the window."""
    _settle(app)
    PAINTS.seen.clear()
    timer = QElapsedTimer()
    timer.start()
    press()
    app.processEvents()
    window.repaint()
    elapsed = timer.nsecsElapsed() / 1e6
    if id(window.tabs.currentWidget()) not in PAINTS.seen:
        UNPAINTED.add(window.tabs.currentWidget().accessibleName())
    return elapsed


PAINTS = Paints()
UNPAINTED: set[str] = set()  # screens a timed span ended on without painting them


def main() -> None:
    root, passphrase = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    dress(app)
    window = make_window(root, load_policy(), passphrase)
    window.resize(1280, 800)
    window.show()
    _settle(app)
    inert = QLabel("inert", window)
    inert.show()
    for screen in (window.today, window.caseload, window.workspace):
        screen.installEventFilter(PAINTS)

    results: dict[str, list[float]] = {"floor": [], "today": [], "open_case": [],
                                       "outcome": [], "search": []}
    busiest = max(window.controller.caseload.people, key=lambda c: sum(
        len(f.appointments) for f in window.controller.caseload.events_of(c)))
    for _ in range(RUNS):
        results["floor"].append(_timed(app, window, lambda: QTest.keyClick(inert, Qt.Key.Key_X)))

        window.tabs.setCurrentWidget(window.caseload)
        results["today"].append(_timed(app, window, lambda: QTest.keyClick(
            window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)))

        window.tabs.setCurrentWidget(window.caseload)
        view = window.caseload.view
        proxy = window.caseload.proxy
        row = next(r for r in range(proxy.rowCount())
                   if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).crn == busiest)
        view.setCurrentIndex(proxy.index(row, 0))
        view.setFocus()
        results["open_case"].append(_timed(app, window, lambda v=view: QTest.keyClick(
            v, Qt.Key.Key_Return)))

        # Saving an outcome on the busiest case: an appointment booked (not timed) and then,
        # an hour after it was held, its outcome saved with Return.
        ef = window.workspace.file
        if ef is not None:
            held = datetime(2026, 11, 23, 9, 0) + timedelta(minutes=len(results["outcome"]))
            window.controller.run(services.schedule_appointment, ef.event.id, held,
                                  AppointmentKind.SUPERVISION, "Probation office")
            booked = next(a for a in window.controller.event_file(ef.event.id).appointments
                          if a.start == held)
            window.controller.clock = lambda held=held: held + timedelta(hours=1)
            window.workspace.refresh()
            window.workspace.record_outcome(booked.id)
            form = window.workspace.dialog
            form.set_value("outcome", "attended")
            _settle(app)
            results["outcome"].append(_timed(app, window, lambda f=form: QTest.keyClick(
                f, Qt.Key.Key_Return)))

        window.tabs.setCurrentWidget(window.caseload)
        search = window.caseload.search
        search.clear()
        QTest.keyClicks(search, "tenanc")
        results["search"].append(_timed(app, window, lambda s=search: QTest.keyClick(s, "y")))
        search.clear()
    window.lock_on_close()
    print(json.dumps({k: statistics.median(v) if v else None for k, v in results.items()}
                     | {"at": datetime.now().isoformat(timespec="seconds"),
                        "unpainted": sorted(UNPAINTED)}))


if __name__ == "__main__":
    main()
