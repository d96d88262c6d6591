"""Showing errors: a plain message for the officer, never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from officer_desk.errors import PackIncompleteError, ValidationError

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Officer Desk") -> QMessageBox:
    """A non-blocking message box (``open()``), so tests and the officer are never stuck."""
    if isinstance(exc, PackIncompleteError):
        text = str(exc)
    elif isinstance(exc, ValidationError):
        text = "\n".join(exc.problems)
    else:
        text = str(exc) or type(exc).__name__
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAccessibleName("Error message")
    box.open()
    return box


def show_info(parent: QWidget | None, text: str, title: str = "Officer Desk") -> QMessageBox:
    """A non-blocking information message."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("infoBox")
    box.open()
    return box


def show_text(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A longer text to read (an entry in full), non-blocking."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, title, text, QMessageBox.StandardButton.Close,
                      parent)
    box.setObjectName("entryBox")
    box.setAccessibleName(title)
    box.open()
    return box
