"""Building a PDF off the UI thread with a progress indicator, then saving where chosen.

The content is gathered (and checked for completeness) on the GUI thread from the in-memory
caseload; ReportLab runs in a worker on plain data; the file is written where the officer
chooses, owner-only, and the print is audited; the officer is told where it went, with Open and Open folder.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from officer_desk.errors import UserFacingError
from officer_desk.packs import PackInputs
from ui import tasks
from ui.controller import Controller
from ui.errors import show_error
from ui.saved_file import SavedMessage, confirm_saved, documents_folder, open_url


def ask_path(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to save, starting in the Documents folder (nothing is written elsewhere)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Save PDF",
                                          str(documents_folder() / suggested), "PDF (*.pdf)")
    return Path(path) if path else None


class PackBuilder(QObject):
    """Builds one document; ``saved(path)`` or ``failed(message)`` when done."""

    saved = Signal(object)
    failed = Signal(str)

    def __init__(self, controller: Controller, parent: QWidget,
                 choose_path: Callable[[QWidget, str], Path | None] = ask_path,
                 opener: Callable[[Path], bool] = open_url) -> None:
        super().__init__(parent)
        self.controller = controller
        self.parent_widget = parent
        self.choose_path = choose_path
        self.opener = opener
        self.confirmation: SavedMessage | None = None
        self.progress: QProgressDialog | None = None

    def build(self, kind: str, event_id: str, ref: str | None = None,
              password: str | None = None) -> bool:
        """Check, then build in the background; False (with a message) when incomplete."""
        try:
            inputs = self.controller.pack_inputs(kind, event_id, ref)
        except UserFacingError as exc:
            show_error(self.parent_widget, exc, "The document cannot be finalised")
            self.failed.emit(str(exc))
            return False
        suggested = f"{inputs.person.crn}-{kind}-{self.controller.today().isoformat()}.pdf"
        path = self.choose_path(self.parent_widget, suggested)
        if path is None:
            return False
        self.progress = QProgressDialog(f"Building the {inputs.title.lower()}…", "", 0, 0,
                                        self.parent_widget)
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAccessibleName("Building the document")
        self.progress.setMinimumDuration(0)
        self.progress.show()
        generated = self.controller.clock().replace(microsecond=0)
        tasks.start(lambda: _render(inputs, generated, password),
                    lambda pdf: self._done(pdf, path, inputs),
                    self._fail)
        return True

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None

    def _done(self, pdf: bytes, path: Path, inputs: PackInputs) -> None:
        self._close_progress()
        try:
            self.controller.save_pdf(pdf, path, inputs)
        except (OSError, UserFacingError) as exc:
            show_error(self.parent_widget, exc)
            self.failed.emit(str(exc))
            return
        self.confirmation = confirm_saved(self.parent_widget, f"the {inputs.title.lower()}",
                                          path, self.opener)
        self.saved.emit(path)

    def _fail(self, exc: BaseException) -> None:
        self._close_progress()
        show_error(self.parent_widget, exc)
        self.failed.emit(str(exc))


def _render(inputs: PackInputs, generated: datetime, password: str | None) -> bytes:
    # ReportLab is imported on the first print, not at start-up (about 0.15 s).
    from forms.render import render_pack

    return render_pack(inputs, generated, password)
