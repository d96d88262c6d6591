"""Issuing a document from the desktop: check, ask where, lay out off the UI thread, store.

The content is gathered (and checked for completeness) on the GUI thread from the in-memory
caseload. A document already issued for the same record is reprinted from its stored copy
unless the officer chooses a new version and says why. ReportLab runs in a worker on plain
data; the new document is stored as issued and written where the officer chooses, owner-only;
the officer is told where it went, with Open and Open folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog, QWidget

from officer_desk import app
from officer_desk.documents import IssuedDocument
from officer_desk.errors import UserFacingError
from ui import tasks
from ui.controller import Controller
from ui.errors import show_error
from ui.saved_file import SavedMessage, confirm_saved, documents_folder, open_url

REPRINT, NEW_VERSION = "reprint", "new"


def ask_path(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to save, starting in the Documents folder (nothing is written elsewhere)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Save PDF",
                                          str(documents_folder() / suggested), "PDF (*.pdf)")
    return Path(path) if path else None


def ask_reprint(parent: QWidget, doc: IssuedDocument) -> tuple[str, str] | None:
    """Already issued: reprint the issued copy, or a new version with its reason (or cancel)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Already issued")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(f"This {doc.title.lower()} was already issued: {doc.describe()}.")
    box.setInformativeText("Print the copy exactly as it was issued, or issue a new version "
                           "(you will be asked why).")
    reprint = box.addButton("&Reprint the issued copy", QMessageBox.ButtonRole.AcceptRole)
    new = box.addButton("Issue a &new version…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(reprint)
    box.exec()
    if box.clickedButton() is reprint:
        return REPRINT, ""
    if box.clickedButton() is new:
        reason, ok = QInputDialog.getText(parent, "New version", "Why is a new version needed?")
        if ok and reason.strip():
            return NEW_VERSION, reason.strip()
    return None


class PackBuilder(QObject):
    """Issues one document; ``saved(path)`` or ``failed(message)`` when done."""

    saved = Signal(object)
    failed = Signal(str)

    def __init__(self, controller: Controller, parent: QWidget,
                 choose_path: Callable[[QWidget, str], Path | None] = ask_path,
                 opener: Callable[[Path], bool] = open_url,
                 choose_version: Callable[[QWidget, IssuedDocument],
                                          tuple[str, str] | None] = ask_reprint) -> None:
        super().__init__(parent)
        self.controller = controller
        self.parent_widget = parent
        self.choose_path = choose_path
        self.opener = opener
        self.choose_version = choose_version
        self.confirmation: SavedMessage | None = None
        self.progress: QProgressDialog | None = None
        self.issued: IssuedDocument | None = None

    def build(self, kind: str, event_id: str, ref: str | None = None,
              password: str | None = None, variant: str | None = None) -> bool:
        """Check, then build in the background; False (with a message) when incomplete."""
        try:
            prepared = self.controller.prepare_issue(kind, event_id, ref, variant)
            if prepared.reprint is not None:
                choice = self.choose_version(self.parent_widget, prepared.reprint)
                if choice is None:
                    return False
                if choice[0] == NEW_VERSION:
                    prepared = self.controller.prepare_issue(kind, event_id, ref, variant,
                                                             reason=choice[1])
        except UserFacingError as exc:
            show_error(self.parent_widget, exc, "The document cannot be finalised")
            self.failed.emit(str(exc))
            return False
        inputs = prepared.inputs
        suggested = f"{inputs.person.crn}-{kind}-{self.controller.today().isoformat()}.pdf"
        path = self.choose_path(self.parent_widget, suggested)
        if path is None:
            return False
        if prepared.reprint is not None:
            try:
                pdf = self.controller.reprint(prepared.reprint, password)
                self.controller.save_pdf(pdf, path)
            except (OSError, UserFacingError, ValueError) as exc:
                show_error(self.parent_widget, exc)
                self.failed.emit(str(exc))
                return False
            self.issued = prepared.reprint
            self._told(path, f"the issued copy of the {prepared.reprint.title.lower()}")
            return True
        self.progress = QProgressDialog(f"Building the {inputs.title.lower()}…", "", 0, 0,
                                        self.parent_widget)
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAccessibleName("Building the document")
        self.progress.setMinimumDuration(0)
        self.progress.show()
        tasks.start(lambda: app.render(prepared, password),
                    lambda pdfs: self._done(pdfs, path, prepared),
                    self._fail)
        return True

    def reprint(self, doc: IssuedDocument, password: str | None = None) -> bool:
        """Write a stored document, byte for byte, where the officer chooses (audited)."""
        path = self.choose_path(self.parent_widget,
                                f"{doc.crn}-{doc.kind}-v{doc.version}.pdf")
        if path is None:
            return False
        try:
            self.controller.save_pdf(self.controller.reprint(doc, password), path)
        except (OSError, UserFacingError, ValueError) as exc:
            show_error(self.parent_widget, exc)
            self.failed.emit(str(exc))
            return False
        self.issued = doc
        self._told(path, f"the issued copy of the {doc.title.lower()}")
        return True

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None

    def _done(self, pdfs: tuple[bytes, bytes], path: Path, prepared: app.Prepared) -> None:
        self._close_progress()
        plain, out = pdfs
        try:
            if prepared.draft:  # read, not issued: nothing is stored as the Part A yet
                self.controller.save_pdf(out, path)
                self._told(path, f"a draft of the {prepared.inputs.title.lower()} (marked DRAFT "
                                 "on every page; issued once the SPO and the ACO have "
                                 "countersigned it)")
                return
            # Kept as issued first: if the file cannot be written, the copy can be reprinted.
            self.issued = self.controller.record_issue(prepared, plain)
            self.controller.save_pdf(out, path)
        except (OSError, UserFacingError) as exc:
            show_error(self.parent_widget, exc)
            self.failed.emit(str(exc))
            return
        self._told(path, f"the {prepared.inputs.title.lower()}")

    def _told(self, path: Path, what: str) -> None:
        self.confirmation = confirm_saved(self.parent_widget, what, path, self.opener)
        self.saved.emit(path)

    def _fail(self, exc: BaseException) -> None:
        self._close_progress()
        show_error(self.parent_widget, exc)
        self.failed.emit(str(exc))
