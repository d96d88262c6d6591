"""The session: the caseload's keys, unlock (with the first screen kept at the last lock),
create, recovery, lock and the passphrase; the officer's own details."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from db import caseload_file
from officer_desk import app, start_snapshot, working_days
from officer_desk.caseload import Caseload
from officer_desk.errors import UserFacingError
from officer_desk.letters import Office
from officer_desk.today import in_order


class SessionControl:
    """The session: the caseload's keys, unlock (with the first screen kept at the last lock),"""

    @property
    def exists(self) -> bool:
        """A caseload is in the data folder."""
        return caseload_file.CaseloadPaths(self.root).exists()

    @property
    def is_open(self) -> bool:
        """Unlocked."""
        return self.opened is not None

    def today(self) -> date:
        """The clock's day (tests fix the clock)."""
        return self.clock().date()

    def unlock_delay(self) -> float:
        """Seconds before another try is allowed after repeated wrong passphrases."""
        d = self.policy.desktop
        return caseload_file.unlock_delay(caseload_file.CaseloadPaths(self.root),
                                          int(d.get("unlock_delay_after_failures", 3)),
                                          int(d.get("unlock_delay_max_seconds", 30)))

    def unlock(self, passphrase: str, early: Callable[[], Any] | None = None) -> None:
        """Open the caseload; raises a user-facing error when it cannot.

        The key derivation (a third of a second, with the interpreter lock released) runs
        beside the first use of the holiday calendar the rules need straight after. ``early``
        gives the result of an unlock already started (at desktop start, beside the imports).
        """
        done: dict[str, Any] = {}

        def derive_and_open() -> None:
            try:
                done["opened"] = early() if early else caseload_file.unlock(self.root,
                                                                            passphrase)
            except BaseException as exc:  # noqa: BLE001 - raised below, on this thread
                done["error"] = exc

        if early is not None:
            derive_and_open()  # already under way since the process started
        else:
            worker = threading.Thread(target=derive_and_open, name="unlock")
            worker.start()
            year = self.today().year
            working_days.warm((year - 1, year, year + 1))
            worker.join()
        if "error" in done:
            raise done["error"]
        self.opened = done["opened"]
        self._after_open()

    def create(self, passphrase: str) -> str:
        """A new caseload; returns the recovery code to show once."""
        self.opened, code = caseload_file.create(self.root, passphrase)
        self._after_open()
        return code

    def recover(self, code: str, new_passphrase: str) -> str:
        """Unlock with the recovery code and set a new passphrase; the new code."""
        self.opened, new_code = caseload_file.recover(self.root, code, new_passphrase)
        self._after_open()
        return new_code

    def confirm_recovery_code(self, code: str) -> None:
        """The new recovery code, typed back, replaces the old one."""
        if self.opened is None:
            raise RuntimeError("the caseload is locked")
        caseload_file.confirm_recovery_code(self.opened, code)

    def _after_open(self) -> None:
        if not self._from_snapshot():
            self.refresh()
        self.unlocked.emit()

    def _basis(self, marks: tuple[int, int]) -> start_snapshot.Basis:
        return start_snapshot.Basis(marks[0], marks[1],
                                    start_snapshot.rules_fingerprint(self.policy))

    def _from_snapshot(self) -> bool:
        """The first screen as kept at the last lock, when nothing it depends on has changed.

        On a later day, the items of events whose bound has passed are worked out afresh from
        their people's records (a few, on most mornings); when more than one person in twenty
        needs it, the full load is quicker.
        """
        # Tens of thousands of new acyclic objects: the cycle collector would walk everything
        # the desktop holds several times over while they are made.
        collecting = gc.isenabled()
        gc.disable()
        try:
            marks = self.store.change_marks()
            found = start_snapshot.restore(self.store.start_snapshot(), self._basis(marks),
                                           self.today())
            if found is None or len(found.stale) > max(1, len(found.caseload.people) // 20):
                return False
            self._caseload, self.items, self._spans = found.caseload, found.items, found.spans
            self._first_screen = True
            self._marks = marks
            self._cases.clear()
            self.worked_out_afresh = len(found.stale)
            if found.new_day:
                self.items = in_order(self._people_items(self._caseload, found.stale)
                                      + self.leaving(self._caseload))
        except UserFacingError:
            return False
        finally:
            if collecting:
                gc.enable()
        return True

    def _keep_snapshot(self) -> None:
        if self._first_screen:
            return  # the snapshot shown is still the one kept
        try:
            # Only an overview known to match the caseload as it is now (a sync may have
            # written since, with its reload still to come).
            if self._marks is None or self._marks != self.store.change_marks():
                return
            self.store.keep_start_snapshot(start_snapshot.take(
                self._caseload, self.items, self._basis(self._marks), self.today(), self._spans))
        except UserFacingError:
            pass  # only a quicker start is lost (a full disk, say)

    def lock(self, backup: bool = True, closed: Callable[[], Any] | None = None) -> None:
        """Close the database and drop the key and the in-memory caseload.

        ``backup=False`` skips the last backup (a wipe would only destroy it); ``closed`` runs
        once the caseload is closed and before the screens hear of it (the wipe itself).
        """
        if self.opened is None:
            return
        self.forget_settling()
        try:
            if backup:
                self._keep_snapshot()
                self.backup_now_sync()
        finally:
            self.opened.lock()
            self.opened = None
            self.caseload = Caseload()
            self._marks = None
            self.items = []
            self._spans = {}
            self._cases.clear()
            try:
                if closed is not None:
                    closed()
            finally:
                self.locked.emit()

    @property
    def store(self):  # -> RecordStore
        """The open caseload's store."""
        if self.opened is None:
            raise RuntimeError("the caseload is locked")
        return self.opened.store

    def change_passphrase(self, old: str, new: str) -> None:
        """Rewrap the key under a new passphrase (the data is not re-encrypted)."""
        if self.opened is None:
            raise RuntimeError("the caseload is locked")
        caseload_file.change_passphrase(self.opened, old, new)

    def officer(self) -> str:
        """The officer's name for packs and the audit trail."""
        return app.officer_of(self.store)

    def set_officer(self, name: str) -> None:
        """Set the officer's name."""
        self.store.set_setting("officer_name", name.strip())
        self.store.actor = name.strip() or self.store.actor

    def office(self) -> Office:
        """The office address and phone printed on letters."""
        return app.office_of(self.store)

    def set_office(self, address: list[str], phone: str) -> None:
        """Set the office address (lines) and phone."""
        self.store.set_setting("office_address", [x.strip() for x in address if x.strip()])
        self.store.set_setting("office_phone", phone.strip())
