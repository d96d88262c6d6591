"""Small widget helpers shared by the views, so every status text is named the same way."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget


def plain_text(text: str) -> str:
    """What a label says, without its markup (as a screen reader should read it)."""
    if GuiQt.mightBeRichText(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.split())


class InfoLabel(QLabel):
    """A label a screen reader announces by what it is and what it says ("Person: Łukasz Żółć,
    born…"), kept up to date whenever its text changes."""

    def __init__(self, name: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._name = name
        self.setWordWrap(True)
        self._expose()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's own name
        """Show the text and say it."""
        super().setText(text)
        self._expose()

    def clear(self) -> None:
        """Show nothing (and say only what the label is)."""
        super().clear()
        self._expose()

    def _expose(self) -> None:
        said = plain_text(self.text())
        self.setAccessibleName(f"{self._name}: {said}" if said else self._name)


class AlertLabel(InfoLabel):
    """A message that needs the person's attention (a refused form, a wrong passphrase): its
    text is announced as an alert the moment it appears."""

    def _expose(self) -> None:
        super()._expose()
        if plain_text(self.text()) and self.isVisible():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))


def info_label(accessible_name: str, object_name: str = "", text: str = "") -> InfoLabel:
    """A word-wrapped label that screen readers announce by name and what it says, and tests
    find by object name."""
    label = InfoLabel(accessible_name, text)
    if object_name:
        label.setObjectName(object_name)
    return label


def alert_label(accessible_name: str, object_name: str = "") -> AlertLabel:
    """A red message announced as an alert when it is shown."""
    label = AlertLabel(accessible_name)
    label.setStyleSheet("color: #9b1c1c;")
    if object_name:
        label.setObjectName(object_name)
    return label
