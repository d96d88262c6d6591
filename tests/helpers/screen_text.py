"""Everything a person can read in a window: labels, buttons, titles, table cells, tooltips."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

CODE_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SEED_CITATION = re.compile(r"\b0\d\d:\d+\b")


def _strip_html(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


def visible_texts(window: QWidget) -> list[str]:
    """The text of every visible control, with where it was found."""
    out: list[str] = [window.windowTitle()]
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QLabel):
            out.append(_strip_html(w.text()))
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QTabBar):
            out += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            out.append(w.placeholderText())
            if isinstance(w, QPlainTextEdit | QTextEdit) and w.isReadOnly():
                out.append(w.toPlainText())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                out.append(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
            for r in range(min(model.rowCount(), 200)):
                for c in range(model.columnCount()):
                    index = model.index(r, c)
                    out.append(str(index.data() or ""))
                    out.append(str(index.data(Qt.ItemDataRole.ToolTipRole) or ""))
        if w.toolTip():
            out.append(w.toolTip())
    return [t for t in out if t]


def unreadable(window: QWidget) -> list[str]:
    """Texts holding a code name, an ISO date or a source citation."""
    return [t for t in visible_texts(window)
            if CODE_NAME.search(t) or ISO_DATE.search(t) or SEED_CITATION.search(t)]
