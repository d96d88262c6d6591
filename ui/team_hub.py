"""The team hub on the desktop: link, sync in the background, the status line, conflicts.

The network part of a sync runs in a worker; the caseload is read and written only on the UI
thread, in two short steps either side, so offline work is never blocked and a hub that cannot
be reached is one sentence in the status line. Syncs run after unlock and every few minutes
while linked; Ctrl+Shift+S syncs now. Conflicts are shown side by side (mine, theirs, what it
was) and resolved by the officer, never by a clock.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from officer_desk.audit_words import FIELD_WORDS, RECORD_WORDS, words
from officer_desk.dates import uk_datetime
from officer_desk.errors import ValidationError
from ui import tasks
from ui.controller import Controller
from ui.errors import show_error
from ui.form_dialog import Field, FormDialog
from ui.models.list_table_model import Column, ListTableModel

AUTO_MINUTES = 5


def _shown(value: Any) -> str:
    """A value as a person reads it, whole: "(nothing)", UK dates, words for codes."""
    if value is None or value == "":
        return "(nothing)"
    said = words(value)
    if isinstance(value, str) and said.startswith("“"):
        return " ".join(value.split())  # free text, in full: the officer chooses between them
    return said


class ConflictModel(ListTableModel[dict[str, Any]]):
    """One row per open conflict, mine beside theirs, in words and UK dates."""

    columns = (
        Column("Person", lambda c: c.get("person") or c["crn"]),
        Column("Entry", lambda c: RECORD_WORDS.get(c["record_type"], "entry")),
        Column("What changed", lambda c: "the whole entry (one side deleted it)"
               if c["field"] == "*" else FIELD_WORDS.get(c["field"],
                                                         c["field"].replace("_", " "))),
        Column("Mine", lambda c: _shown(c["mine"])),
        Column("Theirs (on the hub now)", lambda c: _shown(c["theirs"])),
        Column("Theirs made by", lambda c: _made_by(c)),
        Column("What it was", lambda c: _shown(c["base"])),
    )


def _made_by(conflict: dict[str, Any]) -> str:
    who = conflict.get("theirs_by") or "someone else on the hub"
    when = conflict.get("theirs_at")
    return f"{who}, {uk_datetime(_parse(when))}" if when else who


class ConflictsDialog(QDialog):
    """Each open conflict side by side, kept mine or theirs by the officer."""

    decided = Signal(object, str)  # the conflict, "mine" or "theirs"

    def __init__(self, conflicts: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflicts")
        self.setAccessibleName("Conflicts")
        layout = QVBoxLayout(self)
        intro = QLabel("The same field was changed here and elsewhere while apart. Nothing was "
                       "overwritten: choose what stands. Your choice is recorded in the audit "
                       "trail and sent to the hub.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = ConflictModel(conflicts, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Open conflicts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.resizeColumnsToContents()
        if conflicts:
            self.table.selectRow(0)
        layout.addWidget(self.table)
        if not conflicts:
            layout.addWidget(QLabel("No open conflicts."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.keep_mine = QPushButton("Keep &mine")
        self.keep_theirs = QPushButton("Keep &theirs")
        for button, keep in ((self.keep_mine, "mine"), (self.keep_theirs, "theirs")):
            button.setAccessibleName(f"Keep {keep} for the selected conflict")
            button.setEnabled(bool(conflicts))
            button.clicked.connect(lambda _c=False, keep=keep: self._decide(keep))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 360)

    def _decide(self, keep: str) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.decided.emit(self.model.row_object(rows[0].row()), keep)


class TeamHub(QObject):
    """Runs syncs for the main window and keeps its status line true."""

    synced = Signal(object)  # SyncResult, or the error when it could not run

    def __init__(self, controller: Controller, status: QLabel, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.status = status
        self.parent_widget = parent
        self.running = False
        self.problem = ""
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_MINUTES * 60 * 1000)
        self.timer.timeout.connect(self.sync_now)
        self.link_dialog: FormDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None

    def started(self) -> None:
        """After unlock: sync once and keep syncing while linked."""
        self.update_status()
        if self.controller.hub_linked():
            self.timer.start()
            self.sync_now()

    def stopped(self) -> None:
        """On lock: no more syncs."""
        self.timer.stop()
        self.status.setText("")

    def update_status(self) -> None:
        """The status line: reachable or not, last sync, changes waiting, conflicts."""
        c = self.controller
        if not c.is_open or not c.hub_linked():
            self.status.setText("")
            return
        state = c.hub_state()
        last = state["last_sync"]
        when = uk_datetime(_parse(last)) if last else "never"
        parts = [f"Team hub: {'syncing…' if self.running else 'last sync ' + when}",
                 f"{state['pending']} change(s) waiting"]
        if state["conflicts"]:
            parts.append(f"{state['conflicts']} conflict(s) to resolve")
        if self.problem:
            parts.insert(1, "not reachable")
        self.status.setText(" · ".join(parts))
        self.status.setToolTip(self.problem)

    def sync_now(self) -> bool:
        """Sync in the background (False if one is running or the caseload is not linked)."""
        c = self.controller
        if self.running or not c.is_open or not c.hub_linked():
            return False
        try:
            work, bring_in = c.sync_job()
        except Exception as exc:  # noqa: BLE001 - said in the status line, never a traceback
            self._failed(exc)
            return False
        self.running = True
        self.update_status()

        def done(got: Any) -> None:
            self.running = False
            if not c.is_open:
                return  # locked meanwhile: the ops wait, and the hub replays its answers
            self.problem = ""
            names = {crn: person.name for crn, person in c.caseload.people.items()}
            result = bring_in(got)
            # Who left this laptop, by name: the CRN alone tells an officer little.
            result.left = [f"{names.get(crn, 'A case')} ({crn})" for crn in result.removed]
            self.update_status()
            self.synced.emit(result)
            if getattr(result, "restored", False):
                self.sync_now()  # the changes the restored hub lost go again, at once

        tasks.start(work, done, self._failed)
        return True

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.problem = str(exc)
        self.update_status()
        self.synced.emit(exc)

    def ask_link(self) -> FormDialog:
        """Link this caseload to the team's hub (the first time)."""

        def submit(v: dict[str, Any]) -> None:
            if not v["dsn"].strip() or not v["username"].strip() or not v["password"]:
                raise ValidationError("Give the hub's address, your username and your "
                                      "password.")
            code = self.controller.link_hub(v["dsn"], v["username"], v["password"],
                                            v["ca_file"].strip() or None)
            if code:
                self.parent_widget.statusBar().showMessage(
                    f"Linked to the hub. Its certificate authority is {code}: check that your "
                    "administrator gave you the same code.", 30000)
            self.started()

        dialog = FormDialog("Link to team hub", [
            Field("dsn", "Hub address", default="postgresql://127.0.0.1:54329/officer_desk_hub",
                  help="From your senior probation officer or IT (officer-desk hub up prints "
                       "it)."),
            Field("username", "Your username on the hub"),
            Field("password", "Your hub password", "secret"),
            Field("ca_file", "Hub's certificate authority (file)", default="",
                  help="Needed when the hub is on another machine: the CA file from your hub "
                       "administrator (officer-desk hub up --listen prints where it is)."),
        ], self.parent_widget, intro="Your caseload stays on this laptop and works offline; "
                                     "when the hub can be reached, your changes go to it and "
                                     "your team's come back.", submit=submit)
        self.link_dialog = dialog
        dialog.setMinimumWidth(620)  # an address and a file path are read whole, not clipped
        dialog.open()
        return dialog

    def show_conflicts(self) -> ConflictsDialog:
        """The open conflicts, side by side."""
        people = self.controller.caseload.people if self.controller.is_open else {}
        conflicts = [dict(c, person=people[c["crn"]].name if c["crn"] in people else None)
                     for c in self.controller.hub_conflicts()]
        dialog = ConflictsDialog(conflicts, self.parent_widget)
        dialog.decided.connect(self._resolve)
        self.conflicts_dialog = dialog
        dialog.open()
        return dialog

    def _resolve(self, conflict: dict[str, Any], keep: str) -> None:
        try:
            work, bring_in = self.controller.resolve_job(conflict, keep)
        except Exception as exc:  # noqa: BLE001 - shown to the officer, never a traceback
            show_error(self.parent_widget, exc)
            return

        def done(result: Any) -> None:
            bring_in(result)
            if self.conflicts_dialog is not None:
                self.conflicts_dialog.accept()
            self.sync_now()

        tasks.start(work, done, lambda exc: show_error(self.parent_widget, exc))


def _parse(text: str):  # -> datetime
    from datetime import datetime

    return datetime.fromisoformat(text)
