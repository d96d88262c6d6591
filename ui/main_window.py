"""The main window: Today, Caseload and Case tabs; lock, export, backup; idle auto-lock."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QWidget,
)

from officer_desk import start_snapshot
from officer_desk.dates import uk_date, uk_datetime
from officer_desk.due import DueItem
from officer_desk.errors import UserFacingError, ValidationError
from officer_desk.packs import LETTER_KINDS
from officer_desk.services import Changes
from ui import tasks
from ui.case_workspace import CaseWorkspace
from ui.controller import Controller
from ui.enforcement_wizard import EnforcementWizard
from ui.errors import show_error, show_info
from ui.form_dialog import Field, FormDialog
from ui.help_menu import add_help_menu
from ui.idle import IdleWatcher
from ui.pack_builder import PackBuilder
from ui.readiness_summary import ReadinessSummary
from ui.saved_file import confirm_saved, documents_folder
from ui.screen_tabs import ScreenTabs
from ui.style import STYLE
from ui.team_hub import TeamHub
from ui.team_tab import TeamTab
from ui.team_work import TeamWork
from ui.unlock_dialog import RecoveryCodeDialog, UnlockDialog
from ui.views import CaseloadView, TodayView
from ui.widgets import info_label

# The print dialog's letter forms: the person's language by default.
# After an unlock drawn from the first screen kept at lock, the full overview loads this long
# after: the window is up and painted first.
SETTLE_AFTER_MS = 150
LETTER_FORMS = {"auto": None, "english": "", "welsh": "cy", "easy-read": "easy-read"}


class MainWindow(QMainWindow):
    """Wires the views to the controller; nothing here computes a rule or touches storage."""

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.setWindowTitle("Officer Desk")
        self.setAccessibleName("Officer Desk")
        self.setStyleSheet(STYLE)  # a focus ring nobody can miss, on every control
        # As large as it was designed for, never larger than the screen it opens on (a
        # 1366x768 laptop leaves about 730 px under the title bar, less with a taskbar).
        self.setMinimumSize(640, 480)
        screen = QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        self.resize(min(1280, room.width()) if room else 1280,
                    min(760, room.height() - 40) if room else 760)
        self.tabs = ScreenTabs()
        self.tabs.setAccessibleName("Sections")
        self.today = TodayView(controller)
        self.caseload = CaseloadView(controller)
        self.workspace = CaseWorkspace(controller)
        self.tabs.add_screen(self.today, "&Today")
        self.tabs.add_screen(self.caseload, "&Caseload")
        self.tabs.add_screen(self.workspace, "C&ase")
        # A manager's desk: the countersign queue, the team's numbers, transfers and cover.
        self.team_work = TeamWork(controller)
        self.team = TeamTab(controller, self.team_work)
        self.tabs.add_screen(self.team, "M&y team")
        self.tabs.offer(self.team, False)
        self.workspace.read_only = self.team_work.read_only
        self.workspace.holder_of = self.team_work.holder
        self.setCentralWidget(self.tabs)
        # A list not on screen is redrawn when it is next shown, not on every save: at team
        # scale redrawing 800 rows behind the case being worked on cost a third of a second.
        self.stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.builder = PackBuilder(controller, self)
        self.wizard: EnforcementWizard | None = None
        self._closing = False
        self.unlock_dialog: UnlockDialog | None = None

        self.status = info_label("Caseload status", "caseload_status")
        self.status.setWordWrap(False)
        self.statusBar().addWidget(self.status, 1)
        self.hub_status = info_label("Team hub status", "hub_status")
        self.hub_status.setWordWrap(False)
        self.statusBar().addWidget(self.hub_status)
        self.hub = TeamHub(controller, self.hub_status, self)
        self.hub.synced.connect(self._synced)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName("Working")
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)

        self._actions()
        self.today.item_requested.connect(self.act_on)
        self.today.outcome_requested.connect(self.record_outcome)
        self.caseload.case_requested.connect(self.open_case)
        self.workspace.wizard_requested.connect(self.open_wizard)
        self.workspace.print_requested.connect(self.print_document)
        self.team.case_requested.connect(self.open_case)
        self.team.done.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.team.changed.connect(self.hub.sync_now)
        self.workspace.reprint_requested.connect(self.builder.reprint)
        controller.changed.connect(self._changed)
        controller.locked.connect(self._locked)
        controller.unlocked.connect(self._unlocked)

        # Lone-worker safety: a missed home-visit check-in raises an alert while the desktop
        # is open (checked every minute and after every change).
        self.alerted: set[str] = set()
        self.checkin_timer = QTimer(self)
        self.checkin_timer.setInterval(60_000)
        self.checkin_timer.timeout.connect(self.check_in_alerts)
        self.checkin_timer.start()

        minutes = float(controller.policy.desktop.get("idle_lock_minutes", 10))
        self.idle = IdleWatcher(minutes, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            app.applicationStateChanged.connect(self._app_state)

    def _actions(self) -> None:
        menu = self.menuBar().addMenu("&File")
        for text, shortcut, slot in (
                ("&Lock", QKeySequence("Ctrl+L"), self.lock),
                ("&Import allocations…", QKeySequence("Ctrl+I"), self.import_file),
                ("&Export to the central system…", QKeySequence("Ctrl+E"), self.export),
                ("Diary for &Outlook…", QKeySequence("Ctrl+Shift+O"), self.export_diary),
                ("&Back up now", QKeySequence("Ctrl+B"), self.backup),
                ("Officer &details…", QKeySequence(), self.set_officer),
                ("Inspection &readiness…", QKeySequence(), self.show_readiness),
                ("&Sync with the team hub", QKeySequence("Ctrl+Shift+S"), self.sync_now),
                ("Con&flicts…", QKeySequence(), self.show_conflicts),
                ("Link to a team &hub…", QKeySequence(), self.link_hub),
                ("Change &passphrase…", QKeySequence(), self.change_passphrase),
                ("&Quit", QKeySequence.StandardKey.Quit, self.close)):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            # triggered(bool) would pass Qt's "checked" flag as the slot's first argument
            # (a path, for Export and Import): the slot is called with none.
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            menu.addAction(action)
            self.addAction(action)
            setattr(self, f"action_{text.strip('&').split()[0].lower().strip('&')}", action)
        self.help_actions = add_help_menu(self, self.controller.policy,
                                          str(self.controller.root))
        find = QAction("&Find", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._find)
        self.addAction(find)

    # --- session ---------------------------------------------------------------------------

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

    def show_team(self) -> None:
        """The My team tab for a manager (as the hub last said), redrawn if on screen."""
        manager = self.controller.is_open and self.team_work.is_manager()
        self.tabs.offer(self.team, manager)
        if manager and self.tabs.currentWidget() is self.team:
            self.team.refresh()
        elif manager:
            self.stale.add(self.team)

    def _unlocked(self) -> None:
        self.tabs.setEnabled(True)
        self.refresh()
        self.show_team()
        self.idle.start()
        self.tabs.setCurrentWidget(self.today)
        self.check_in_alerts()
        if self.controller.settled:
            self.hub.started()
        else:  # drawn from the first screen kept at the last lock: the rest once it is up
            QTimer.singleShot(SETTLE_AFTER_MS, self._settle)
        # The daily encrypted backup, off the UI thread and after start-up has settled.
        QTimer.singleShot(90_000, self._daily_backup)

    def prepare_first_paint(self) -> None:
        """Work the first paint needs and no key does, done while the key is derived: the
        first screen's decoders, and Qt's first rich text (a few hundredths of a second)."""
        start_snapshot.prepare()
        self.today.summary.setText("<b>Opening the caseload…</b>")

    def _settle(self) -> None:
        if self.controller.is_open:
            try:
                self.controller.settle()
            except UserFacingError as exc:
                show_error(self, exc)
                return
            self.hub.started()

    def _daily_backup(self) -> None:
        if self.controller.opened is not None and self.controller.opened.backup_due():
            self.backup(quiet=True)

    def lock(self) -> None:
        """Lock now: the key is dropped and the screen cleared."""
        QThreadPool.globalInstance().waitForDone(60_000)  # let a running backup or export finish
        if self.controller.is_open:
            try:
                self.controller.lock()
            except UserFacingError as exc:
                show_error(self, exc)

    def _locked(self) -> None:
        self.setWindowTitle("Officer Desk")  # no name on the taskbar of a locked desk
        self.idle.stop()
        self.hub.stopped()
        if self._closing:
            return  # closing: no unlock dialog
        if self.wizard is not None:
            self.wizard.close()
            self.wizard = None
        for view in (self.today, self.caseload):
            view.refresh()
        self.workspace.event_id = ""
        self.workspace.crn = ""
        self.workspace.header.setText("Locked.")
        self.workspace.refresh()
        self.tabs.offer(self.team, False)
        self.team_work.forget()
        self.team.queue_model.set_rows([])
        self.team.officer_model.set_rows([])
        self.team.case_model.set_rows([])
        self.team.late_model.set_rows([])
        self.tabs.setEnabled(False)
        self.status.setText("Locked")
        self.ask_unlock()

    def _app_state(self, state: Qt.ApplicationState) -> None:
        # Qt reports suspension on platforms that tell it (sleep, screen lock).
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock()

    # --- refresh ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw everything from the controller."""
        self.stale.clear()
        self.today.refresh()
        self.caseload.refresh()
        if self.workspace.crn:
            self.workspace.show_case(self.workspace.crn, self.workspace.event_id)
        self.update_status()

    def _changed(self, _changes: Changes) -> None:
        for view in (self.today, self.caseload):
            if self.tabs.currentWidget() is view:
                view.refresh()
            else:
                self.stale.add(view)
        self.update_status()
        self.check_in_alerts()

    def _title(self) -> None:
        """The window says where the officer is: the section, and on a case whose it is (a
        screen reader's window list and the taskbar read it)."""
        screen = self.tabs.currentWidget()
        person = self.controller.caseload.people.get(self.workspace.crn) \
            if self.controller.is_open and screen is self.workspace else None
        where = person.name if person is not None else (
            screen.accessibleName() if screen is not None else "")
        self.setWindowTitle(f"{where} — Officer Desk" if where else "Officer Desk")

    def _tab_shown(self, _index: int) -> None:
        self._title()
        view = self.tabs.currentWidget()
        if view in self.stale:
            self.stale.discard(view)
            view.refresh()

    def check_in_alerts(self) -> QMessageBox | None:
        """Alert once for each home visit whose check-in time has passed with no record."""
        c = self.controller
        if not c.is_open:
            return None
        now = c.clock()
        missed = [i for i in c.items if i.kind == "home_visit_checkin" and i.ref
                  and i.ref not in self.alerted
                  and (i.due if isinstance(i.due, datetime) else datetime.combine(
                      i.due, datetime.min.time())) <= now]
        if not missed:
            return None
        names = c.names()
        self.alerted.update(i.ref for i in missed if i.ref)
        lines = [f"{names.get(i.crn, i.crn)} ({i.crn}): check-in was due {uk_datetime(i.due)}"
                 for i in missed]
        box = QMessageBox(QMessageBox.Icon.Warning, "Home visit check-in missed",
                          "No outcome has been recorded for these home visits and the check-in "
                          "time has passed. Contact the visiting officer now; follow the "
                          "lone-working procedure if they cannot be reached.\n\n"
                          + "\n".join(lines), QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName("Home visit check-in missed")
        box.open()
        self.checkin_alert = box
        return box

    def update_status(self) -> None:
        """The caseload's state: people, open and overdue items, last export, officer."""
        c = self.controller
        if not c.is_open:
            return
        overdue = sum(i.overdue for i in c.items)
        last = c.last_export()
        shown = uk_date(date.fromisoformat(last[:10])) if last else "never"
        self.status.setText(f"{len(c.screen_caseload.people)} people · {len(c.items)} open items · "
                            f"{overdue} overdue · last export {shown} · officer {c.officer()}")

    # --- navigation and actions -------------------------------------------------------------

    def open_case(self, crn: str, event_id: str = "") -> None:
        """Show a case in the workspace."""
        self.workspace.show_case(crn, event_id)
        self.tabs.setCurrentWidget(self.workspace)
        self.workspace.header.setFocus(Qt.FocusReason.OtherFocusReason)
        self._title()

    def act_on(self, item: DueItem) -> None:
        """Open the case and the form that deals with a due item."""
        self.open_case(item.crn, item.event_id)
        w = self.workspace
        actions = {
            "absence_decision": lambda: w.record_outcome(item.ref),
            "warning_letter": w.issue_warning,
            "breach_decision": w.open_wizard,
            "pss_end": w.open_wizard,
            "breach_to_court": lambda: w.mark_submitted(item.ref),
            # On a team hub the Part A waits for countersignature: the wizard, at its pack.
            "recall_report": (lambda: self.open_wizard(item.event_id, "recall", item.ref))
            if self.controller.hub_linked() else lambda: w.mark_submitted(item.ref),
            "home_visit_checkin": w.record_home_visit,
            "induction": w.new_appointment,
            "contact": w.add_contact,
            "sentence_plan": w.add_plan,
            "review": w.add_review,
        }
        action = actions.get(item.kind)
        if action is not None:
            action()

    def record_outcome(self, appointment_id: str) -> None:
        """Open the case holding the appointment and its outcome form."""
        for ef in self.controller.caseload.events.values():  # not-yet-held ones are all there
            if any(a.id == appointment_id for a in ef.appointments):
                self.open_case(ef.event.crn, ef.event.id)
                self.workspace.record_outcome(appointment_id)
                return

    def open_wizard(self, event_id: str, mode: str,
                    decision_id: str | None = None) -> EnforcementWizard:
        """The breach or recall wizard for an event (at its pack, for a decision made)."""
        self.wizard = EnforcementWizard(self.controller, event_id, mode, self, self.builder,
                                        decision_id=decision_id)
        self.wizard.finished.connect(lambda _r: self.workspace.refresh())
        self.wizard.open()
        return self.wizard

    def print_document(self, event_id: str, kind: str, password: str = "",
                       form: str = "auto") -> None:
        """Check and build a document, then save where the officer chooses."""
        self.builder.build(kind, event_id, password=password or None,
                           variant=LETTER_FORMS[form] if kind in LETTER_KINDS else None)

    def _find(self) -> None:
        self.tabs.setCurrentWidget(self.caseload)
        self.caseload.search.setFocus()

    def export(self, path: Path | None = None, since_last: bool = False) -> None:
        """Export to the central system (written off the UI thread)."""
        if path is None:
            suggested = f"officer-desk-export-{self.controller.today().isoformat()}.jsonl"
            chosen, _ = QFileDialog.getSaveFileName(self, "Export caseload",
                                                    str(documents_folder() / suggested),
                                                    "JSON Lines (*.jsonl)")
            if not chosen:
                return
            path = Path(chosen)
        work, mark = self.controller.export_job(path, since_last)
        self.busy.show()

        def done(count: int) -> None:
            self.busy.hide()
            mark()
            self.update_status()
            self.export_message = confirm_saved(
                self, f"the export to the central system ({count} records)", path,
                self.builder.opener, can_open=False)

        def failed(exc: BaseException) -> None:
            self.busy.hide()
            show_error(self, exc)

        tasks.start(work, done, failed)

    def sync_now(self) -> None:
        """Sync with the team hub now (Ctrl+Shift+S), or say how to link first."""
        if not self.controller.hub_linked():
            self.link_hub()
            return
        if not self.hub.sync_now():
            self.statusBar().showMessage("A sync is already running.", 5000)

    def link_hub(self) -> None:
        """Link this caseload to the team's hub."""
        self.hub.ask_link()

    def show_conflicts(self) -> None:
        """The open conflicts, side by side."""
        self.hub.show_conflicts()

    def _synced(self, result: object) -> None:
        if isinstance(result, BaseException):
            self.statusBar().showMessage(f"Sync did not run: {result}", 15_000)
            return
        self.statusBar().showMessage(result.sentence(), 15_000)  # type: ignore[attr-defined]
        left = getattr(result, "left", [])
        if left:  # a case leaving this laptop is said where it cannot be missed
            gone = "; ".join(left)
            self.moved_notice = show_info(
                self, f"{gone}: {'this case has' if len(left) == 1 else 'these cases have'} "
                "moved away from you (transferred, or this laptop was taken off the hub) and "
                "left this laptop. Their history went with them to the hub.",
                "Cases moved away")
        self.show_team()
        # Where a countersignature stands is shown on Today: the hub may have moved it on.
        if self.tabs.currentWidget() is self.today:
            self.today.refresh()
        else:
            self.stale.add(self.today)
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.pack_page.refresh()
        if self.workspace.crn and self.workspace.crn not in self.controller.caseload.people:
            self.workspace.crn = ""
            self.workspace.event_id = ""
            self.workspace.header.setText("This case has moved to another officer.")
            self.workspace.refresh()
        elif self.workspace.crn:
            self.workspace.show_case(self.workspace.crn, self.workspace.event_id)

    def export_diary(self, path: Path | None = None) -> None:
        """The next eight weeks' appointments and visits as an iCalendar file for Outlook."""
        if path is None:
            suggested = f"officer-desk-diary-{self.controller.today().isoformat()}.ics"
            chosen, _ = QFileDialog.getSaveFileName(self, "Diary for Outlook",
                                                    str(documents_folder() / suggested),
                                                    "iCalendar (*.ics)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            count = self.controller.export_diary(path)
        except (OSError, UserFacingError) as exc:
            show_error(self, exc)
            return
        self.diary_message = confirm_saved(
            self, f"your diary for the next eight weeks ({count} entries: initials and CRN "
                  "only, no names, addresses or notes)", path, self.builder.opener,
            can_open=False)

    def import_file(self, path: Path | None = None) -> None:
        """Import an exchange file from the central system (all of it, or nothing)."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Import allocations",
                                                    str(documents_folder()),
                                                    "JSON Lines (*.jsonl *.json);;All files (*)")
            if not chosen:
                return
            path = Path(chosen)
        work = self.controller.import_job(path)
        self.tabs.setEnabled(False)  # nothing else touches the caseload meanwhile
        self.busy.show()

        def done(result: Any) -> None:
            self.busy.hide()
            self.tabs.setEnabled(True)
            self.controller.refresh()
            self.refresh()
            self.import_message = show_info(
                self, f"Imported {path.name}: {result.added} added, {result.changed} changed, "
                      f"{result.unchanged} unchanged.")

        def failed(exc: BaseException) -> None:
            self.busy.hide()
            self.tabs.setEnabled(True)
            show_error(self, exc, f"{path.name} was not imported (nothing changed)")

        tasks.start(work, done, failed)

    def backup(self, quiet: bool = False) -> None:
        """An encrypted backup now (off the UI thread)."""
        self.busy.show()

        def done(path: Path) -> None:
            self.busy.hide()
            if quiet:
                self.statusBar().showMessage(f"Daily backup written: {path.name}", 8000)
            else:
                self.backup_message = confirm_saved(self, "an encrypted backup", path,
                                                    self.builder.opener, can_open=False)

        def failed(exc: BaseException) -> None:
            self.busy.hide()
            show_error(self, exc)

        tasks.start(self.controller.backup_job(), done, failed)

    def show_readiness(self) -> ReadinessSummary | None:
        """How many cases answer each inspection question yes (per officer for a manager)."""
        if not self.controller.is_open:
            return None
        self.readiness = ReadinessSummary(self.controller, self)
        self.readiness.open()
        return self.readiness

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

