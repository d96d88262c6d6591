"""Starting the desktop: the application, the controller, the window, the unlock step."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from officer_desk.errors import UserFacingError
from officer_desk.policy import Policy
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


class EarlyUnlock:
    """The caseload opened on a thread of its own while the desktop's modules load.

    The key derivation takes a third of a second with the interpreter lock released, and so
    does loading the desktop's code: side by side, start-up waits for the longer, not both.
    """

    def __init__(self, root: Path, passphrase: str) -> None:
        self.opened: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(root, passphrase),
                                        name="early-unlock")
        self._thread.start()

    def _run(self, root: Path, passphrase: str) -> None:
        from db import kdf

        try:
            # The derivation first: it needs none of the storage layer's imports.
            kdf.derive_ahead(root / "keys.json", passphrase)
            from db import caseload_file

            self.opened = caseload_file.unlock(root, passphrase)
        except BaseException as exc:  # noqa: BLE001 - raised on the caller's thread
            self.error = exc
        finally:
            kdf.forget()

    def result(self) -> Any:
        """The opened caseload (or the error the unlock raised)."""
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.opened


def make_window(root: Path, policy: Policy, passphrase: str | None = None,
                controller: Controller | None = None) -> MainWindow:
    """Create the controller and window; unlock straight away when a passphrase is given."""
    early = EarlyUnlock(root, passphrase) if passphrase is not None and controller is None \
        else None
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
            window.ask_unlock()
    else:
        window.tabs.setEnabled(False)
        window.ask_unlock()
    return window


def run_desktop(root: Path, passphrase: str | None, policy: Policy) -> int:
    """Run the desktop until it is closed."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Officer Desk")
    app.setFont(QFont(app.font().family(), max(app.font().pointSize(), 10)))
    app.setStyleSheet(STYLE)  # dialogs too: the focus ring on every control
    sys.excepthook = _excepthook
    window = make_window(root, policy, passphrase)
    window.show()
    return int(app.exec())
