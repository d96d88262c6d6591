"""Small widget helpers shared by the views, so every status text is named the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def info_label(accessible_name: str, object_name: str = "", text: str = "") -> QLabel:
    """A word-wrapped label that screen readers announce by name and tests find by object name."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    if object_name:
        label.setObjectName(object_name)
    return label
