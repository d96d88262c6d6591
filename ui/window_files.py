"""The File menu's work with files: import, export to the central system, the diary for
Outlook and backups, each run off the UI thread with the window's progress shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
)

from officer_desk.errors import UserFacingError
from ui import tasks
from ui.errors import show_error, show_info
from ui.saved_file import confirm_saved, documents_folder


class FileActions:
    """The File menu's work with files: import, export to the central system, the diary for"""

    def _save_path(self, title: str, stem: str, suffix: str, kinds: str) -> Path | None:
        """Where the officer saves a file: Documents, named for today; None if cancelled."""
        suggested = f"{stem}-{self.controller.today().isoformat()}.{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(documents_folder() / suggested),
                                                kinds)
        return Path(chosen) if chosen else None

    def export(self, path: Path | None = None, since_last: bool = False) -> None:
        """Export to the central system (written off the UI thread)."""
        path = path or self._save_path("Export caseload", "officer-desk-export", "jsonl",
                                       "JSON Lines (*.jsonl)")
        if path is None:
            return
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

    def export_diary(self, path: Path | None = None) -> None:
        """The next eight weeks' appointments and visits as an iCalendar file for Outlook."""
        path = path or self._save_path("Diary for Outlook", "officer-desk-diary", "ics",
                                       "iCalendar (*.ics)")
        if path is None:
            return
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

    def _daily_backup(self) -> None:
        if self.controller.opened is not None and self.controller.opened.backup_due():
            self.backup(quiet=True)
