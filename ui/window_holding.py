"""What this laptop holds: retention at unlock, and File › Wipe this laptop….

Retention runs off the UI thread after each unlock (over connections of its own) and says in
the status line which ended cases left. The wipe shows first what has not been sent (which can
be saved), and destroys nothing until the officer types the confirmation phrase; it is refused
while an export, a backup or a sync is running.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from officer_desk import retention
from officer_desk.app import retention as app_retention
from officer_desk.app import wipe as app_wipe
from officer_desk.errors import UserFacingError
from ui import tasks
from ui.errors import show_error, show_info
from ui.saved_file import documents_folder


class WipeDialog(QDialog):
    """The statement of what has not been sent, a Save button, and the typed confirmation."""

    def __init__(self, statement: app_wipe.Statement, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statement = statement
        self.setWindowTitle("Wipe this laptop")
        self.setAccessibleName("Wipe this laptop")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel("A wipe destroys the key files first, then the caseload, its backups and "
                       "every kept copy. It cannot be undone. This is what has not reached the "
                       "central system or the team hub:")
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(statement.text())
        self.text.setReadOnly(True)
        self.text.setAccessibleName("What has not been sent")
        self.save = QPushButton("&Save the statement…")
        self.save.clicked.connect(lambda _checked=False: self.save_statement())
        ask = QLabel(f'Type "{app_wipe.PHRASE}" to confirm:')
        self.typed = QLineEdit()
        self.typed.setAccessibleName("Confirmation phrase")
        ask.setBuddy(self.typed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = buttons.addButton("&Wipe this laptop", QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setEnabled(False)
        self.typed.textChanged.connect(self._typed)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (intro, self.text, self.save, ask, self.typed, buttons):
            layout.addWidget(widget)
        self.saved_to: Path | None = None

    def _typed(self, text: str) -> None:
        self.go.setEnabled(" ".join(text.lower().split()) == app_wipe.PHRASE)

    def save_statement(self, path: Path | None = None) -> None:
        """Save the statement where the officer chooses (outside the data folder)."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save the statement", str(documents_folder() / "not-sent-before-wipe.txt"),
                "Text (*.txt)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            app_wipe.save_statement(self.statement, path)
        except (OSError, UserFacingError) as exc:
            show_error(self, exc)
            return
        self.saved_to = path
        self.save.setText(f"Saved to {path.name}")


class HoldingActions:
    """What this laptop holds: retention at unlock, and File › Wipe this laptop…."""

    def retention_at_unlock(self) -> None:
        """Take ended, fully sent cases off the laptop, in a worker; say what went."""
        c = self.controller
        if c.opened is None:
            return
        opened, on = c.opened, c.today()
        # The first screen holds every person and event: no case due to leave, no worker.
        if not any(e.leaves_on <= on for e in retention.endings(c.screen_caseload, on,
                                                                 c.policy)):
            return
        key = bytes(opened.key)

        def work() -> app_retention.Outcome:
            return app_retention.run_apart(opened.paths, key, opened.store.actor, c.policy, on)

        def done(outcome: app_retention.Outcome) -> None:
            if c.opened is not opened or not opened.is_open:
                return  # locked meanwhile: the next unlock shows it
            if outcome.gone:
                opened.advance_anchor()
                c.refresh()
                self.refresh()
            self.retention_message = outcome.sentence()
            if self.retention_message:
                self.statusBar().showMessage(self.retention_message, 30_000)

        def failed(exc: BaseException) -> None:
            self.retention_message = f"Retention did not run: {exc}"
            self.statusBar().showMessage(self.retention_message, 30_000)

        tasks.start(work, done, failed)

    def wipe_laptop(self) -> None:
        """File › Wipe this laptop…: the statement, then the confirmation, then the wipe."""
        c = self.controller
        if c.opened is None:
            return
        if tasks.busy() or getattr(self.hub, "running", False):
            show_error(self, UserFacingError("Nothing was wiped: an export, a backup or a sync "
                                             "is running. Try again when it has finished."))
            return
        try:
            said = app_wipe.statement(c.opened, c.clock().replace(microsecond=0))
        except UserFacingError as exc:
            show_error(self, exc)
            return
        self.wipe_dialog = WipeDialog(said, self)
        self.wipe_dialog.accepted.connect(self._wipe_confirmed)
        self.wipe_dialog.open()

    def _wipe_confirmed(self) -> None:
        c = self.controller
        dialog = self.wipe_dialog
        if c.opened is None or dialog is None:
            return
        try:
            app_wipe.refuse_unless_confirmed(dialog.typed.text())
            if tasks.busy() or getattr(self.hub, "running", False):
                raise UserFacingError("Nothing was wiped: an export, a backup or a sync is "
                                      "running. Try again when it has finished.")
            hub: dict[str, Any] | None = app_wipe.hub_contact(c.opened)
            caseload_id, root = c.opened.caseload_id, c.root
        except UserFacingError as exc:
            show_error(self, exc)
            return
        result: dict[str, app_wipe.Wiped] = {}

        def destroy() -> None:
            result["done"] = app_wipe.wipe(root, caseload_id, hub)

        try:
            # No last backup (it would only be destroyed); the files go once the caseload is
            # closed, before the screens hear of it (the unlock dialog then offers a new one).
            c.lock(backup=False, closed=destroy)
        except UserFacingError as exc:
            show_error(self, exc)
            return
        self.wipe_message = app_wipe.describe(result["done"])
        self.statusBar().showMessage(self.wipe_message, 60_000)
        self.wiped_box = show_info(self, self.wipe_message)
