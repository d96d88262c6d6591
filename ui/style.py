"""The desktop's look where it matters for use: a focus ring nobody can miss.

Keyboard users must see where they are; the platform's dotted focus line is nearly invisible
on some themes. The ring is the high-visibility yellow with a dark edge used across UK public
services, drawn on every control that takes focus.
"""

from __future__ import annotations

FOCUS = "#ffdd00"
EDGE = "#0b0c0c"

STYLE = f"""
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
QTableView:focus, QListWidget:focus {{
    border: 3px solid {FOCUS};
    outline: 1px solid {EDGE};
}}
QPushButton:focus, QCheckBox:focus, QRadioButton:focus {{
    border: 3px solid {FOCUS};
    background-color: {FOCUS};
    color: {EDGE};
}}
QTabBar::tab:focus {{
    border: 3px solid {FOCUS};
}}
"""
