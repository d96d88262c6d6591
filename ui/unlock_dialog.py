"""Unlock (or create) the caseload; recovery-code path; growing delay after wrong passphrases."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from officer_desk.errors import UserFacingError
from ui.controller import Controller
from ui.widgets import alert_label


def _secret(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setObjectName(name.replace(" ", "_").lower())
    return field


class RecoveryCodeDialog(QDialog):
    """Shows the one-time recovery code; OK only once the officer confirms it is written down."""

    def __init__(self, code: str, parent: QWidget | None = None, type_back: bool = False) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle("Your new recovery code" if type_back else "Your recovery code")
        layout = QVBoxLayout(self)
        intro = QLabel("Write this code down and keep it away from the laptop. It is the only "
                       "way back if you forget your passphrase, and the way onto a new laptop. "
                       "It is shown once. Lose both and the caseload cannot be opened.")
        intro.setWordWrap(True)
        shown = QLabel(code)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setAccessibleName("Recovery code")
        shown.setObjectName("recovery_code")
        shown.setStyleSheet("font-size: 18pt; font-family: monospace; padding: 8px;")
        self.confirm = QCheckBox("I have written the recovery code down")
        self.confirm.setAccessibleName("I have written the recovery code down")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        buttons.accepted.connect(self.accept)
        widgets: list[QWidget] = [intro, shown, self.confirm]
        self.typed: QLineEdit | None = None
        if type_back:
            # After a recovery the old code works until this one is typed back, so a code
            # never shown (a crash, a closed window) is never the only way in.
            note = QLabel("Your previous recovery code keeps working until you type this one "
                          "back here.")
            note.setWordWrap(True)
            self.typed = QLineEdit()
            self.typed.setAccessibleName("Type the new recovery code")
            self.typed.setPlaceholderText("Type the new code to confirm you have it")
            self.typed.textChanged.connect(self._check)
            widgets += [note, self.typed]
        self.confirm.toggled.connect(self._check)
        for w in (*widgets, buttons):
            layout.addWidget(w)

    @staticmethod
    def _plain(text: str) -> str:
        return "".join(ch for ch in text.upper() if ch.isalnum())

    def _check(self) -> None:
        typed_ok = self.typed is None or self._plain(self.typed.text()) == self._plain(self.code)
        self.ok.setEnabled(self.confirm.isChecked() and typed_ok)


class UnlockDialog(QDialog):
    """Passphrase entry; a caseload is created when the folder has none."""

    recovery_code_issued = Signal(str)
    recovery_code_pending = Signal(str)  # after a recovery: confirmed by typing it back

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.creating = not controller.exists
        self.setWindowTitle("Create your caseload" if self.creating else "Unlock Officer Desk")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose a passphrase for your new encrypted caseload (at least 10 characters; a few "
            "unrelated words work well)." if self.creating else
            f"The caseload in {controller.root} is locked. Enter your passphrase.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.passphrase = _secret("Passphrase")
        form.addRow(self._label("&Passphrase", self.passphrase), self.passphrase)
        self.confirm = _secret("Passphrase again")
        self.code = QLineEdit()
        self.code.setAccessibleName("Recovery code")
        self.code.setObjectName("recovery_code_input")
        if self.creating:
            form.addRow(self._label("Passphrase &again", self.confirm), self.confirm)
        else:
            form.addRow(self._label("Recovery &code", self.code), self.code)
            form.addRow(self._label("&New passphrase", self.confirm), self.confirm)
        layout.addLayout(form)
        self.recovery_toggle = QPushButton("Forgotten passphrase? Use the &recovery code")
        self.recovery_toggle.setAccessibleName("Use the recovery code")
        self.recovery_toggle.setCheckable(True)
        self.recovery_toggle.setVisible(not self.creating)
        self.recovery_toggle.toggled.connect(self._toggle_recovery)
        layout.addWidget(self.recovery_toggle)
        self.message = alert_label("Unlock message", "unlock_message")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Create" if self.creating else "Unlock")
        self.ok.setAccessibleName(self.ok.text())
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._toggle_recovery(False)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        self._tick()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _toggle_recovery(self, on: bool) -> None:
        if self.creating:
            return
        for w in (self.code, self.confirm):
            w.setVisible(on)
            label = self.layout().itemAt(1).layout().labelForField(w)
            if label is not None:
                label.setVisible(on)
        self.passphrase.setEnabled(not on)
        if on:
            self.code.setFocus()

    def _tick(self) -> None:
        wait = 0.0 if self.creating else self.controller.unlock_delay()
        self.ok.setEnabled(wait <= 0)
        if wait > 0:
            self.message.setText(f"Too many wrong passphrases: try again in {int(wait) + 1} s.")
            self._timer.start()
        else:
            self._timer.stop()

    def attempt(self) -> None:
        """Try to create, recover or unlock; stay open with a message on failure."""
        try:
            if self.creating:
                if self.passphrase.text() != self.confirm.text():
                    self.message.setText("The two passphrases differ.")
                    return
                code = self.controller.create(self.passphrase.text())
                self.recovery_code_issued.emit(code)
            elif self.recovery_toggle.isChecked():
                code = self.controller.recover(self.code.text(), self.confirm.text())
                self.recovery_code_pending.emit(code)
            else:
                self.controller.unlock(self.passphrase.text())
        except UserFacingError as exc:
            self.message.setText(str(exc))
            self.passphrase.selectAll()
            self._tick()
            return
        for field in (self.passphrase, self.confirm, self.code):
            field.clear()  # no secret left in a widget once unlocked
        self.accept()
