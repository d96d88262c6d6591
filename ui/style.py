"""The desktop's look where it matters for use: a focus ring nobody can miss, selected rows
anyone can read.

Keyboard users must see where they are; the platform's dotted focus line is nearly invisible
on some themes. The ring is drawn in near-black (21:1 against the white of a field, 17:1 against
the window), with the high-visibility yellow used across UK public services filling a focused
button inside it: WCAG 2.2 asks 3:1 for a focus indicator, and yellow alone on white gives 1.35:1.
A selected row is white on a dark blue (8.6:1; 4.5:1 is the minimum for text).
"""

from __future__ import annotations

FOCUS = "#ffdd00"
EDGE = "#0b0c0c"
SELECTED = "#1d4f91"
SELECTED_TEXT = "#ffffff"

STYLE = f"""
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
QTableView:focus, QListWidget:focus, QListView:focus {{
    border: 3px solid {EDGE};
}}
QPushButton:focus, QCheckBox:focus, QRadioButton:focus {{
    border: 3px solid {EDGE};
    background-color: {FOCUS};
    color: {EDGE};
}}
QTabBar::tab:focus {{
    border: 3px solid {EDGE};
    background-color: {FOCUS};
    color: {EDGE};
}}
QTableView, QListView, QListWidget, QTreeView {{
    selection-background-color: {SELECTED};
    selection-color: {SELECTED_TEXT};
}}
"""
