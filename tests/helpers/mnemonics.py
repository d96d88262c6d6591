"""Alt+letter shortcuts (mnemonics) visible at once in one window: none may be shared."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenuBar,
    QTabBar,
    QWidget,
)

_AMP = re.compile(r"&(?!&)(.)")


def _letter(text: str) -> str | None:
    match = _AMP.search(text or "")
    return match.group(1).lower() if match else None


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Letter -> the visible controls whose text claims it (Alt+letter)."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        letter = _letter(text)
        if letter:
            found[letter].append(text.replace("&", ""))

    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or w.window() is not window:
            continue
        if isinstance(w, QAbstractButton) or isinstance(w, QLabel) and w.buddy() is not None:
            add(w.text())
        elif isinstance(w, QGroupBox):
            add(w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w.tabText(i))
        elif isinstance(w, QMenuBar):
            for action in w.actions():
                add(action.text())
    return dict(found)


def clashes(window: QWidget) -> dict[str, list[str]]:
    """Letters claimed by more than one visible control."""
    return {k: v for k, v in mnemonics(window).items() if len(v) > 1}
