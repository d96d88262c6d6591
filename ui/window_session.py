"""The session on the desktop: unlock, recovery codes, the officer's details, the
passphrase, lock and close."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QMessageBox,
)

from officer_desk.errors import UserFacingError, ValidationError
from ui.errors import show_error, show_info
from ui.form_dialog import Field, FormDialog
from ui.unlock_dialog import RecoveryCodeDialog, UnlockDialog


class SessionActions:
    """The session on the desktop: unlock, recovery codes, the officer's details, the"""

    def ask_unlock(self) -> UnlockDialog:
        """Show the unlock (or create) dialog."""
        dialog = UnlockDialog(self.controller, self)
        dialog.recovery_code_issued.connect(self._show_code)
        dialog.recovery_code_pending.connect(self._confirm_new_code)
        dialog.rejected.connect(self._unlock_cancelled)
        self.unlock_dialog = dialog
        dialog.open()
        return dialog

    def _unlock_cancelled(self) -> None:
        if not self.controller.is_open:
            self.close()

    def _show_code(self, code: str) -> None:
        self.code_dialog = RecoveryCodeDialog(code, self)
        self.code_dialog.open()

    def _confirm_new_code(self, code: str) -> None:
        self.code_dialog = RecoveryCodeDialog(code, self, type_back=True)
        self.code_dialog.accepted.connect(lambda: self._code_confirmed(code))
        self.code_dialog.open()

    def _code_confirmed(self, code: str) -> None:
        try:
            self.controller.confirm_recovery_code(code)
        except UserFacingError as exc:
            QMessageBox.warning(self, "Recovery code", str(exc))
            return
        self.statusBar().showMessage("New recovery code confirmed; the previous one no longer "
                                     "works.", 10_000)

    def set_officer(self) -> FormDialog:
        """The officer's name (packs, audit) and office address and phone (letters)."""
        office = self.controller.office()

        def submit(v: dict[str, str]) -> None:
            if not v["name"].strip():
                raise ValidationError("Your name is printed on every document: type it.")
            self.controller.set_officer(v["name"])
            self.controller.set_office(v["address"].splitlines(), v["phone"])
            self.update_status()

        dialog = FormDialog("Officer details", [
            Field("name", "Your name as printed", default=self.controller.officer()),
            Field("address", "Office address (a line each)", "multiline",
                  default="\n".join(office.address)),
            Field("phone", "Office phone", default=office.phone),
        ], self, intro="Letters to people on probation print your name, office address and "
                       "phone, so they can reach you.", submit=submit)
        self.officer_dialog = dialog
        dialog.open()
        return dialog

    def change_passphrase(self) -> FormDialog:
        """The current passphrase, then the new one twice."""

        def submit(v: dict[str, str]) -> None:
            if v["new"] != v["again"]:
                raise ValidationError("The two new passphrases differ.")
            self.controller.change_passphrase(v["old"], v["new"])
            self.passphrase_message = show_info(self, "Passphrase changed. Your recovery code "
                                                      "still works.")

        dialog = FormDialog("Change passphrase", [
            Field("old", "Current passphrase", "secret"),
            Field("new", "New passphrase (at least 10 characters)", "secret"),
            Field("again", "New passphrase again", "secret"),
        ], self, submit=submit)
        self.passphrase_dialog = dialog
        dialog.open()
        return dialog

    def lock(self) -> None:
        """Lock now: the key is dropped and the screen cleared."""
        QThreadPool.globalInstance().waitForDone(60_000)  # let a running backup or export finish
        if self.controller.is_open:
            try:
                self.controller.lock()
            except UserFacingError as exc:
                show_error(self, exc)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Back up and lock on close."""
        self.lock_on_close()
        event.accept()

    def lock_on_close(self) -> None:
        """Lock without asking to unlock again."""
        QThreadPool.globalInstance().waitForDone(60_000)
        if self.controller.is_open:
            self._closing = True
            try:
                self.controller.lock()
            except UserFacingError as exc:
                show_error(self, exc)
            finally:
                self._closing = False
