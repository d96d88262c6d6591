"""Saying where a file was saved, with a way to open it or its folder, that never crashes.

A laptop without a PDF viewer (or without ``xdg-open``) once ended in a traceback that
printed a path holding the CRN. Opening goes through Qt only; when nothing can open the file,
the officer is told where it is instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


def documents_folder() -> Path:
    """The officer's Documents folder (where save dialogs start), else the home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def open_url(path: Path) -> bool:
    """Ask the desktop to open a file or folder; False when nothing could."""
    try:
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    except Exception:  # noqa: BLE001 - a broken desktop integration must not crash the app
        return False


class SavedMessage(QMessageBox):
    """"Saved <what> to <where>", with Open and Open folder (non-blocking)."""

    def __init__(self, parent: QWidget | None, what: str, path: Path,
                 opener: Callable[[Path], bool] = open_url, can_open: bool = True) -> None:
        super().__init__(QMessageBox.Icon.Information, "Saved",
                         f"Saved {what} to:\n{path}", QMessageBox.StandardButton.Close, parent)
        self.setObjectName("savedBox")
        self.setAccessibleName(f"Saved {what}")
        self.path = path
        self.opener = opener
        self.open_file: QPushButton | None = None
        if can_open:
            self.open_file = self.addButton("&Open", QMessageBox.ButtonRole.ActionRole)
            self.open_file.clicked.disconnect()
            self.open_file.clicked.connect(self._open_file)
        self.open_folder = self.addButton("Open &folder", QMessageBox.ButtonRole.ActionRole)
        self.open_folder.clicked.disconnect()
        self.open_folder.clicked.connect(self._open_folder)

    def _open_file(self) -> None:
        if not self.opener(self.path):
            self.setText(f"No program on this computer opens {self.path.suffix or 'this'} "
                         f"files. The file is saved at:\n{self.path}")

    def _open_folder(self) -> None:
        if not self.opener(self.path.parent):
            self.setText(f"The folder could not be opened. The file is saved at:\n{self.path}")


def confirm_saved(parent: QWidget | None, what: str, path: Path,
                  opener: Callable[[Path], bool] = open_url, can_open: bool = True
                  ) -> SavedMessage:
    """Show the confirmation (``open()``: tests and the officer are never stuck)."""
    box = SavedMessage(parent, what, path, opener, can_open)
    box.open()
    return box
