"""Run in a fresh process: start the desktop on a caseload and report when it is populated.

Prints one JSON line: seconds from process start to a populated caseload window, and the
process's peak resident memory. A third argument sets the desktop's clock (an ISO date-time),
so the bench can open the caseload on the morning after the day it was last locked.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# As the desktop command starts with a passphrase file: the unlock before Qt's imports.
from ui.early_unlock import EarlyUnlock  # noqa: E402

EARLY = EarlyUnlock(Path(sys.argv[1]), sys.argv[2])

from PySide6.QtWidgets import QApplication  # noqa: E402

from officer_desk.policy import load_policy  # noqa: E402
from ui.app import dress, make_window  # noqa: E402
from ui.controller import Controller  # noqa: E402


def main() -> None:
    root, passphrase = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    dress(app)
    policy = load_policy()
    controller = None
    if len(sys.argv) > 3:
        at = datetime.fromisoformat(sys.argv[3])
        controller = Controller(root, policy, clock=lambda: at)
    window = make_window(root, policy, passphrase, controller=controller, early=EARLY)
    window.show()
    app.processEvents()
    rows = window.caseload.model.rowCount()
    populated = time.perf_counter() - STARTED
    from_kept = not window.controller.settled
    stale = getattr(window.controller, "worked_out_afresh", 0)
    # Open the busiest case too, so memory includes a full timeline.
    crn = max(window.controller.caseload.people, key=lambda c: sum(
        len(f.appointments) for f in window.controller.caseload.events_of(c)))
    window.open_case(crn)
    app.processEvents()
    peak_mb = _peak_mb()
    window.lock_on_close()
    print(json.dumps({"seconds": populated, "rows": rows, "peak_mb": peak_mb,
                      "first_screen_kept": from_kept, "worked_out_afresh": stale}))


def _peak_mb() -> float:
    # ru_maxrss keeps the parent's high-water mark across fork and exec on Linux (the
    # benchmark parent holds the whole team caseload); VmHWM belongs to this process alone.
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
