"""Starting the desktop: the application, the controller, the window, the unlock step."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from officer_desk.errors import UserFacingError
from officer_desk.policy import Policy
from ui.early_unlock import EarlyUnlock
from ui.style import STYLE

if TYPE_CHECKING:
    from ui.controller import Controller
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _excepthook(kind: type[BaseException], _exc: BaseException, tb: TracebackType | None) -> None:
    # Log the type only: messages can hold case content, and logs are plain files.
    import traceback

    frames = "".join(traceback.format_tb(tb)) if tb else ""
    log.error("unexpected error: %s\n%s", kind.__name__, frames)
    box = QMessageBox(QMessageBox.Icon.Critical, "Officer Desk",
                      "Something went wrong that Officer Desk did not expect. Your last saved "
                      "change is safe. Please report this with what you were doing.")
    box.open()


def make_window(root: Path, policy: Policy, passphrase: str | None = None,
                controller: Controller | None = None,
                early: EarlyUnlock | None = None) -> MainWindow:
    """Create the controller and window; unlock straight away when a passphrase is given.

    ``early``: an unlock already started (before the desktop's imports, by the caller).
    """
    if early is None and passphrase is not None and controller is None:
        early = EarlyUnlock(root, passphrase)
    from ui.controller import Controller
    from ui.main_window import MainWindow

    controller = controller or Controller(root, policy)
    window = MainWindow(controller)
    if early is not None:
        window.prepare_first_paint()  # while the key is still being derived
    if passphrase is not None:
        try:
            controller.unlock(passphrase, early=early.result if early else None)
        except UserFacingError:
            window.today.summary.clear()  # not "Opening the caseload…" behind the dialog
            window.ask_unlock()
    else:
        window.tabs.setEnabled(False)
        window.ask_unlock()
    return window


def dress(app: QApplication) -> None:
    """The application's name, its text size and its style (the benchmarks start the
    desktop the same way, so they measure what an officer sees)."""
    app.setApplicationName("Officer Desk")
    app.setFont(QFont(app.font().family(), max(app.font().pointSize(), 10)))
    app.setStyleSheet(STYLE)  # dialogs too: the focus ring on every control


def run_desktop(root: Path, passphrase: str | None, policy: Policy,
                early: EarlyUnlock | None = None) -> int:
    """Run the desktop until it is closed."""
    app = QApplication.instance() or QApplication(sys.argv)
    dress(app)
    sys.excepthook = _excepthook
    window = make_window(root, policy, passphrase, early=early)
    window.show()
    return int(app.exec())
