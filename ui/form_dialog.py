"""A small declarative form dialog: each recording form is a list of fields, not a new class.

Every field gets a label the keyboard can reach (buddy with an accelerator) and an accessible
name, and the dialog returns plain values; the caller hands them to a service, which checks
them and says what is wrong in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from officer_desk.dates import parse_uk_datetime, uk_date, uk_datetime
from officer_desk.errors import UserFacingError, ValidationError
from ui.mnemonics import assign
from ui.widgets import alert_label


@dataclass
class Field:
    """One form field. ``kind``: text, secret, multiline, choice, date, datetime, bool, int,
    checklist."""

    name: str
    label: str
    kind: str = "text"
    choices: Sequence[tuple[str, str]] = ()  # (value, label)
    default: Any = None
    help: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class DateTimeLine(QLineEdit):
    """A date (or date and time) typed as an officer writes it: "4 Dec 2026 14:00".

    Qt's date-time editor takes typing one section at a time and silently kept its old value
    when a whole date was typed; this field reads the text and says plainly when it cannot.
    """

    def __init__(self, label: str, with_time: bool, default: date | datetime) -> None:
        super().__init__()
        self.label = label
        self.with_time = with_time
        self.setPlaceholderText("for example 4 Dec 2026 14:00" if with_time
                                else "for example 4 Dec 2026")
        self.set(default)

    def set(self, value: date | datetime | str) -> None:
        """Show a value in the UK form."""
        if isinstance(value, datetime):
            self.setText(uk_datetime(value) if self.with_time else uk_date(value))
        elif isinstance(value, date):
            self.setText(uk_date(value))
        else:
            self.setText(value)

    def value(self) -> date | datetime:
        """The typed value; a ValidationError naming the field when it is not one."""
        try:
            parsed = parse_uk_datetime(self.text(), time_required=self.with_time)
        except ValueError as exc:
            raise ValidationError(f"{self.label}: {exc}.") from None
        return parsed if self.with_time else parsed.date()


class FormDialog(QDialog):
    """A dialog built from fields; ``values()`` returns a dict of Python values."""

    def __init__(self, title: str, fields: Sequence[Field], parent: QWidget | None = None,
                 intro: str = "", submit: Callable[[dict[str, Any]], Any] | None = None) -> None:
        super().__init__(parent)
        self.submit = submit
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setObjectName(title.replace(" ", "_").lower())
        self.fields = list(fields)
        self.widgets: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        form = QFormLayout()
        # Save (Alt+S) and Cancel (Alt+C) are the buttons' own; every label a letter of its own.
        labels = assign([f.label for f in self.fields], taken={"s", "c"})
        for f, label_text in zip(self.fields, labels, strict=True):
            widget = self._make(f)
            widget.setAccessibleName(f.label)
            if f.help:
                widget.setToolTip(f.help)
                widget.setAccessibleDescription(f.help)
            label = QLabel(label_text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.widgets[f.name] = widget
        layout.addLayout(form)
        self.problem = alert_label("Problem with the form", "form_problem")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        # The letters the labels leave free: Alt+S saves, Alt+C cancels (the platform's own
        # texts carry none, so Alt+S typed an "s" into the field instead).
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _make(self, f: Field) -> QWidget:
        if f.kind == "multiline":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setPlainText(str(f.default or ""))
            w.setMinimumHeight(70)
            return w
        if f.kind == "choice":
            w = QComboBox()
            for value, label in f.choices:
                w.addItem(label, value)
            if f.default is not None:
                w.setCurrentIndex(max(0, w.findData(f.default)))
            return w
        if f.kind in ("date", "datetime"):
            return DateTimeLine(f.label, f.kind == "datetime",
                                f.default or (datetime.now().replace(second=0, microsecond=0)
                                              if f.kind == "datetime" else date.today()))
        if f.kind == "bool":
            w = QCheckBox()
            w.setChecked(bool(f.default))
            return w
        if f.kind == "int":
            w = QSpinBox()
            w.setRange(int(f.extra.get("min", 0)), int(f.extra.get("max", 999)))
            w.setValue(int(f.default or 0))
            return w
        if f.kind == "checklist":
            w = QListWidget()
            for value, label in f.choices:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if value in (f.default or ())
                                   else Qt.CheckState.Unchecked)
                w.addItem(item)
            w.setMinimumHeight(90)
            return w
        w = QLineEdit(str(f.default or ""))
        if f.kind == "secret":
            w.setEchoMode(QLineEdit.EchoMode.Password)
        return w

    def accept(self) -> None:
        """Save through ``submit``; on a refusal say why and keep what was typed."""
        if self.submit is not None:
            try:
                self.submit(self.values())
            except UserFacingError as exc:
                problems = exc.problems if isinstance(exc, ValidationError) else [str(exc)]
                self.problem.setText("\n".join(problems))
                return
        super().accept()

    def set_value(self, name: str, value: Any) -> None:
        """Fill a field (used by tests and by callers that pre-fill)."""
        w = self.widgets[name]
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value))
        elif isinstance(w, QComboBox):
            if w.findData(value) >= 0:  # a choice not offered leaves the choice as it is
                w.setCurrentIndex(w.findData(value))
        elif isinstance(w, DateTimeLine) and isinstance(value, date | str):
            w.set(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                item = w.item(i)
                item.setCheckState(Qt.CheckState.Checked
                                   if item.data(Qt.ItemDataRole.UserRole) in value
                                   else Qt.CheckState.Unchecked)
        elif isinstance(w, QLineEdit):
            w.setText(str(value))

    def values(self) -> dict[str, Any]:
        """The entered values as Python types."""
        out: dict[str, Any] = {}
        for name, w in self.widgets.items():
            if isinstance(w, QPlainTextEdit):
                out[name] = w.toPlainText().strip()
            elif isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, DateTimeLine):
                out[name] = w.value()
            elif isinstance(w, QCheckBox):
                out[name] = w.isChecked()
            elif isinstance(w, QSpinBox):
                out[name] = w.value()
            elif isinstance(w, QListWidget):
                out[name] = [w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
                             if w.item(i).checkState() == Qt.CheckState.Checked]
            elif isinstance(w, QLineEdit):
                out[name] = w.text().strip()
        return out
