"""The main window, a shell: the menus, the sections (Today, Caseload, Case, My team), the
status line, lock and idle lock.

What the menus and screens do lives beside it, a module each: files (import, export, backup),
the session (unlock, passphrase, lock), cases (going to one and acting on it) and the team hub.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QProgressBar,
    QWidget,
)

from officer_desk import start_snapshot
from officer_desk.dates import uk_date
from officer_desk.errors import UserFacingError
from officer_desk.services import Changes
from ui.case_workspace import CaseWorkspace
from ui.controller import Controller
from ui.enforcement_wizard import EnforcementWizard
from ui.errors import show_error
from ui.help_menu import add_help_menu
from ui.idle import IdleWatcher
from ui.pack_builder import PackBuilder
from ui.readiness_summary import ReadinessSummary
from ui.screen_tabs import ScreenTabs
from ui.style import STYLE
from ui.team_hub import TeamHub
from ui.team_tab import TeamTab
from ui.team_work import TeamWork
from ui.unlock_dialog import UnlockDialog
from ui.views import CaseloadView, TodayView
from ui.widgets import info_label
from ui.window_cases import CaseActions
from ui.window_files import FileActions
from ui.window_holding import HoldingActions
from ui.window_hub import HubActions
from ui.window_session import SessionActions

# After an unlock drawn from the first screen kept at lock, the full overview starts loading (on
# a thread of its own) this long after: the window is up and painted first.
SETTLE_AFTER_MS = 150


class MainWindow(FileActions, SessionActions, CaseActions, HubActions, HoldingActions,
                 QMainWindow):
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
        controller.overview_ready.connect(self._overview_ready)
        # The first screen holds only appointments not yet held: once the rest is in, however
        # it came (the thread, or an action that needed it at once), the appointments
        # failures are about are named beside their items.
        controller.overview_taken.connect(
            lambda: self.today.due_model.set_notes(self.controller.item_notes()))
        self._hub_waiting = False  # unlocked from the kept first screen: the hub starts later

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
                ("&Wipe this laptop…", QKeySequence(), self.wipe_laptop),
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
            self._hub_waiting = True
            QTimer.singleShot(SETTLE_AFTER_MS, self._settle)
        # The daily encrypted backup, off the UI thread and after start-up has settled.
        QTimer.singleShot(90_000, self._daily_backup)
        # Ended cases whose every change was sent leave the laptop (in a worker).
        self.retention_at_unlock()

    def prepare_first_paint(self) -> None:
        """Work the first paint needs and no key does, done while the key is derived: the
        first screen's decoders, and Qt's first rich text (a few hundredths of a second)."""
        start_snapshot.prepare()
        self.today.summary.setText("<b>Opening the caseload…</b>")

    def _settle(self) -> None:
        if not self.controller.is_open:
            return
        if self.controller.settled:  # something the officer did needed it at once
            self._start_hub_once()
        else:
            self.controller.start_settling()  # on a thread: the window stays usable

    def _overview_ready(self) -> None:
        if not self.controller.is_open:
            return  # locked meanwhile: what it found was dropped
        try:
            self.controller.settle()  # taken in (unless an action already needed it)
        except UserFacingError as exc:
            show_error(self, exc)
            return
        self._start_hub_once()

    def _start_hub_once(self) -> None:
        """The hub's syncing starts once per unlock, after the full overview is in."""
        if self._hub_waiting:
            self._hub_waiting = False
            self.hub.started()


    def _locked(self) -> None:
        self._hub_waiting = False
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


    def _tab_shown(self, _index: int) -> None:
        self._title()
        view = self.tabs.currentWidget()
        if view in self.stale:
            self.stale.discard(view)
            view.refresh()


    def update_status(self) -> None:
        """The caseload's state: people, open and overdue items, last export, officer."""
        c = self.controller
        if not c.is_open:
            return
        overdue = sum(i.overdue for i in c.items)
        last = c.last_export()
        shown = uk_date(date.fromisoformat(last[:10])) if last else "never"
        self.status.setText(f"{len(c.screen_caseload.people)} people · {len(c.items)} open items · "
                            f"{overdue} overdue · last export {shown} · officer "
                            f"{c.officer() or 'not set (File › Officer details…)'}")

    # --- navigation and actions -------------------------------------------------------------


    def show_readiness(self) -> ReadinessSummary | None:
        """How many cases answer each inspection question yes (per officer for a manager)."""
        if not self.controller.is_open:
            return None
        self.readiness = ReadinessSummary(self.controller, self)
        self.readiness.open()
        return self.readiness


