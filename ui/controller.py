"""The desktop's one link to the caseload: unlock, lock, services, refresh.

Widgets emit intent; the controller calls the ``officer_desk`` services over the store and
reloads the caseload, then announces what changed. The rules (what is due, stage statuses,
pack completeness) are always the domain's; nothing here re-implements them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from db import audit, caseload_file, export_file
from officer_desk import app, start_snapshot, working_days
from officer_desk.caseload import Caseload, EventFile
from officer_desk.countersign import team_state
from officer_desk.documents import IssuedDocument
from officer_desk.due import DueItem, due_items
from officer_desk.errors import UserFacingError, ValidationError
from officer_desk.letters import Office
from officer_desk.packs import PackInputs, build_pack_inputs
from officer_desk.policy import Policy
from officer_desk.services import Changes, import_lines
from officer_desk.today import in_order


def _hub_sync() -> Any:
    # Imported when a hub is first asked about: a laptop that has none never loads it.
    from db.hub import sync

    return sync


def _hub_tls() -> Any:
    from db.hub import tls

    return tls


class Controller(QObject):
    """Holds the open caseload (or none when locked) and the latest view of it."""

    changed = Signal(object)  # Changes
    locked = Signal()
    unlocked = Signal()

    def __init__(self, root: Path, policy: Policy,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self.root = root
        self.policy = policy
        self.clock = clock
        self.opened: caseload_file.OpenCaseload | None = None
        self._caseload = Caseload()  # the overview: what the caseload-wide rules need
        self._first_screen = False  # _caseload holds only the first screen's part of it
        # The caseload's change marks when the overview in memory last matched it (None:
        # unknown, so no first screen is kept at lock).
        self._marks: tuple[int, int] | None = None
        self.items: list[DueItem] = []
        self._cases: dict[str, Caseload] = {}

    @property
    def caseload(self) -> Caseload:
        """The caseload's overview, loaded in full before anything reads it."""
        self.settle()
        return self._caseload

    @caseload.setter
    def caseload(self, value: Caseload) -> None:
        self._caseload = value
        self._first_screen = False

    @property
    def screen_caseload(self) -> Caseload:
        """What Today and the caseload list draw from: the first screen kept at the last lock
        (people, events, appointments not yet held) until the full overview is loaded."""
        return self._caseload

    @property
    def settled(self) -> bool:
        """The full overview is loaded (not only the first screen)."""
        return not self._first_screen

    def settle(self) -> None:
        """Load the full overview if only the first screen is shown so far.

        Over a connection of its own: a worker (a sync, an export) may be using the
        caseload's connection by then.
        """
        if self._first_screen and self.opened is not None:
            marks = self.store.change_marks()
            self._take_overview(self.opened.overview_apart(self._horizon()), marks)

    # --- session ----------------------------------------------------------------------------

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
        return start_snapshot.Basis(marks[0], marks[1], self.today(),
                                    start_snapshot.rules_fingerprint(self.policy))

    def _from_snapshot(self) -> bool:
        """The first screen as kept at the last lock, when nothing it depends on has changed."""
        # Tens of thousands of new acyclic objects: the cycle collector would walk everything
        # the desktop holds several times over while they are made.
        collecting = gc.isenabled()
        gc.disable()
        try:
            marks = self.store.change_marks()
            found = start_snapshot.restore(self.store.start_snapshot(), self._basis(marks))
        except UserFacingError:
            return False
        finally:
            if collecting:
                gc.enable()
        if found is None:
            return False
        self._caseload, self.items = found
        self._first_screen = True
        self._marks = marks
        self._cases.clear()
        return True

    def _keep_snapshot(self) -> None:
        if self._first_screen:
            return  # the snapshot shown is still the one kept
        try:
            # Only an overview known to match the caseload as it is now (a sync may have
            # written since, with its reload still to come).
            if self._marks is None or self._marks != self.store.change_marks():
                return
            self.store.keep_start_snapshot(start_snapshot.take(self._caseload, self.items,
                                                               self._basis(self._marks)))
        except UserFacingError:
            pass  # only a quicker start is lost (a full disk, say)

    def lock(self) -> None:
        """Close the database and drop the key and the in-memory caseload."""
        if self.opened is None:
            return
        try:
            self._keep_snapshot()
            self.backup_now_sync()
        finally:
            self.opened.lock()
            self.opened = None
            self.caseload = Caseload()
            self._marks = None
            self.items = []
            self._cases.clear()
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

    # --- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the caseload overview and what is due; forget loaded cases."""
        marks = self.store.change_marks()  # before the read: a write meanwhile shows at lock
        self._take_overview(self.store.overview(until=self._horizon()), marks)

    def _horizon(self) -> datetime:
        # Appointments not yet held up to the end of tomorrow, and each event's next one.
        return datetime.combine(self.today() + timedelta(days=2), datetime.min.time())

    def _take_overview(self, caseload: Caseload, marks: tuple[int, int]) -> None:
        self.caseload = caseload
        self._marks = marks
        # Exactly what `officer-desk due --all` lists for the day, in the order to work it.
        self.items = in_order(due_items(caseload, self.today(), self.policy, extended=True))
        self._cases.clear()

    def refresh_people(self, crns: set[str]) -> None:
        """After a change to a few people, reload just them and their due items.

        Every rule works one person at a time (an event, and the person's other events for the
        licence-and-PSS route), so the rest of the caseload and its items stand. The person's
        full history stands in for their overview rows: the rules give the same items over
        either (tested in the rules' own tests).
        """
        on = self.today()
        for crn in crns:
            fresh = self.store.case(crn)
            self._cases[crn] = fresh
            for event_id in [i for i, ef in self.caseload.events.items() if ef.event.crn == crn]:
                del self.caseload.events[event_id]
            self.caseload.people.pop(crn, None)
            self.caseload.people.update(fresh.people)
            self.caseload.events.update(fresh.events)
        kept = [i for i in self.items if i.crn not in crns]
        added = [i for crn in crns for i in due_items(
            Caseload({c: p for c, p in self.caseload.people.items() if c == crn},
                     {e: f for e, f in self.caseload.events.items() if f.event.crn == crn}),
            on, self.policy, extended=True)]
        self.items = in_order(kept + added)

    def case(self, crn: str) -> Caseload:
        """One person's full history (loaded when their case is opened)."""
        if crn not in self._cases:
            self._cases[crn] = self.store.case(crn)
        return self._cases[crn]

    def event_file(self, event_id: str) -> EventFile | None:
        """An event with its full history."""
        overview = self.caseload.events.get(event_id)
        if overview is None:
            return None
        return self.case(overview.event.crn).events.get(event_id)

    def names(self) -> dict[str, str]:
        """CRN to name."""
        return {crn: p.name for crn, p in self.screen_caseload.people.items()}

    def search(self, text: str) -> set[str]:
        """CRNs whose names, CRN or notes match."""
        return {crn for _, _, crn in self.store.search(text) if crn}

    def last_export(self) -> str | None:
        """When the caseload was last exported."""
        last = self.store.last_export()
        return last[0] if last else None

    # --- writing ----------------------------------------------------------------------------

    def run(self, service: Callable[..., Changes], *args: Any, **kwargs: Any) -> Changes:
        """Call a service over the store, reload what it touched, announce the change."""
        self.settle()
        before = self.store.change_marks()
        changes = service(self.store, *args, **kwargs)
        # The overview in memory matches the caseload again after the reload below only if
        # it did before this change.
        after = self.store.change_marks() if before == self._marks else None
        if changes.crns and len(changes.crns) <= 20:
            self.refresh_people(set(changes.crns))
            self._marks = after
        else:
            self.refresh()
        self.changed.emit(changes)
        return changes

    # --- packs, export, backup (the slow parts run in a worker) -----------------------------

    def pack_inputs(self, kind: str, event_id: str, ref: str | None = None,
                    check: bool = True, variant: str | None = None) -> PackInputs:
        """Gather a pack's content (refuses an incomplete pack)."""
        overview = self.caseload.events.get(event_id)
        caseload = self.case(overview.event.crn) if overview else self.caseload
        return build_pack_inputs(kind, caseload, event_id, self.policy, on=self.today(),
                                 officer=self.officer(), ref=ref, check=check, variant=variant,
                                 office=self.office(), now=self.clock().replace(microsecond=0),
                                 countersign=team_state(self.store))

    def prepare_issue(self, kind: str, event_id: str, ref: str | None = None,
                      variant: str | None = None, reason: str | None = None) -> app.Prepared:
        """Reprint the issued copy, or a new version (refused, with the gaps, if incomplete)."""
        inputs = self.pack_inputs(kind, event_id, ref, check=False, variant=variant)
        return app.prepare(self.store, inputs, reason)

    def record_issue(self, prepared: app.Prepared, pdf: bytes) -> IssuedDocument:
        """Keep a newly built document as issued (with its audit entry)."""
        return app.record(self.store, prepared, pdf, self.clock().replace(microsecond=0))

    def reprint(self, doc: IssuedDocument, password: str | None = None) -> bytes:
        """The stored copy of an issued document (audited)."""
        return app.reprint(self.store, doc, password)

    def issued_documents(self, crn: str | None = None) -> list[IssuedDocument]:
        """Documents issued, oldest first."""
        return app.issued_documents(self.store, crn)

    # --- team hub (the network part runs in a worker; the caseload is touched only here) ----

    def hub_linked(self) -> bool:
        """The caseload is linked to a team hub."""
        return self.opened is not None and _hub_sync().linked(self.store) is not None

    def link_hub(self, dsn: str, username: str, password: str,
                 ca_file: str | None = None) -> str | None:
        """Link the caseload to a hub (the password wrapped with the caseload key; a remote
        hub's CA kept beside it); the CA's short code to compare, if one was given."""
        assert self.opened is not None
        ca_pem = _hub_tls().read_ca(Path(ca_file)) if ca_file else None
        value = _hub_sync().link(self.store, self.opened.key, dsn.strip(), username.strip(),
                                 password, ca_pem)
        return value.get("ca_fingerprint")

    def hub_state(self) -> dict[str, Any]:
        """Pending changes, last sync, open conflicts (as last seen)."""
        return _hub_sync().status(self.store)

    def hub_conflicts(self) -> list[dict[str, Any]]:
        """Open conflicts as of the last sync."""
        return list(self.store.setting(_hub_sync().CONFLICTS, []) or [])

    def sync_job(self) -> tuple[Callable[[], Any], Callable[[Any], Any]]:
        """(network work for a worker, then the step that brings the result in here)."""
        assert self.opened is not None
        self.settle()  # the full overview before a worker has the caseload's connection
        params = _hub_sync().connection_params(self.store, self.opened.key)
        # Every change goes (the hub answers one not ours "rejected"): filtering by the cases
        # granted at the last sync would skip, for good, work on a case granted since.
        out = _hub_sync().prepare(self.store, None)

        def work() -> Any:
            conn = _hub_sync().open_connection(params)
            try:
                with _hub_sync().hub_answers():  # one sentence, never the driver's text
                    return _hub_sync().exchange(conn, out)
            finally:
                conn.close()

        def bring_in(got: Any) -> Any:
            self.settle()
            before = self.store.change_marks()
            result = _hub_sync().finish(self.store, out, got)
            after = self.store.change_marks() if before == self._marks else None
            if result.removed and self.opened is not None:
                self.opened.forget_cases(result.removed)  # the kept copies too
            # Every few minutes on the UI thread: reload only the people the hub changed.
            touched = ({c.crn for c in got.changes} | set(got.snapshots) | set(result.removed)
                       | set(result.kept))
            if touched:
                if len(touched) <= 20:
                    self.refresh_people(touched)
                    self._marks = after
                else:
                    self.refresh()
                self.changed.emit(Changes(touched))
            elif after != before:
                self._marks = None  # written without a reload: no first screen kept at lock
            return result

        return work, bring_in

    def resolve_job(self, conflict: dict[str, Any], keep: str
                    ) -> tuple[Callable[[], Any], Callable[[Any], Any]]:
        """A person's decision on a conflict: recorded here, sent by a worker, then synced."""
        assert self.opened is not None
        params = _hub_sync().connection_params(self.store, self.opened.key)
        op = _hub_sync().resolve_op(self.store, conflict, keep)
        device = _hub_sync().linked(self.store)["device"]  # type: ignore[index]

        def work() -> Any:
            from db.hub import protocol

            conn = _hub_sync().open_connection(params)
            try:
                found = {c.id: c for c in protocol.open_conflicts(conn)}
                target = found.get(conflict["id"])
                answer = (protocol.resolve(conn, device, target, keep, op)
                          if target is not None else None)
                return answer, target is not None
            finally:
                conn.close()

        def bring_in(done: Any) -> Any:
            answer, found = done
            if found:
                _hub_sync().record_resolution(self.store, conflict, keep, answer)
            return found

        return work, bring_in

    def export_diary(self, path: Path, weeks: int = 8) -> int:
        """Appointments and planned visits from today as iCalendar; the number of entries."""
        start = self.today()
        return app.export_diary(self.store, path, start, start + timedelta(weeks=weeks),
                                self.clock())

    def save_pdf(self, pdf: bytes, path: Path) -> None:
        """Write a document where the officer chose, owner-only."""
        app.write_pdf(path, pdf)

    def export_job(self, path: Path, since_last: bool) -> tuple[Callable[[], int], Callable[[], None]]:
        """(work for a worker, then a GUI-thread step marking the export)."""
        self.settle()  # the full overview before a worker has the caseload's connection
        pending = export_file.gather(self.store, since_last)
        if self.opened is not None:
            pending.header_extra = self.opened.export_header()
        return (lambda: pending.write(path)), (lambda: pending.mark(self.store))

    def import_job(self, path: Path) -> Callable[[], Any]:
        """Work for a worker: read, check and store a whole exchange file, then index it.

        The worker uses the caseload's connection; the window keeps its hands off the
        database (its tabs are disabled) until the job reports back.
        """
        self.settle()  # the full overview before a worker has the caseload's connection
        store = self.store

        def work() -> Any:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise ValidationError(f"Cannot read {path.name}: {exc.strerror or exc}") from None
            try:
                lines = raw.decode("utf-8-sig").split("\n")
            except UnicodeDecodeError:
                raise ValidationError(f"{path.name} is not UTF-8 text.") from None
            result = import_lines(store, lines, path.name)
            store.index_for_search()
            return result

        return work

    def backup_job(self) -> Callable[[], Path]:
        """Work for a worker: its own connection, an encrypted backup, rotation."""
        assert self.opened is not None
        # The caseload's own key buffer (no copy): zeroed on lock, which takes its own backup.
        paths, key = self.opened.paths, self.opened.key
        keep = int(self.policy.desktop.get("backups_kept", 10))
        return lambda: caseload_file.backup_from_worker(paths, key, keep)

    def backup_now_sync(self) -> Path | None:
        """A backup on close/lock (on this thread: the window is going away)."""
        if self.opened is None:
            return None
        keep = int(self.policy.desktop.get("backups_kept", 10))
        return self.opened.backup(keep)

    def item_notes(self) -> dict[tuple[str, str | None], str]:
        """A word beside some items: where a recall's countersignature stands (team hub)."""
        linked, recs = team_state(self.store) if self.is_open else (False, [])
        if not linked:
            return {}
        from db.hub.casework import decision_sha
        from officer_desk import countersign

        notes: dict[tuple[str, str | None], str] = {}
        for item in self.items:
            if item.kind == "recall_report" and item.ref:
                sha = decision_sha(self.store, item.ref, self.case)
                notes[(item.kind, item.ref)] = countersign.standing(
                    countersign.for_decision(recs, item.ref), sha).rstrip(".")
        return notes

    def audit_entries(self, crn: str) -> list[Any]:
        """The audit trail for one person, newest first: this laptop's, and what came with
        the case from other desks (a transfer, a manager's oversight)."""
        if not self.opened:
            return []
        from db.hub import history

        found = audit.entries(self.opened.db, crn=crn) + history.entries(self.store, crn)
        return sorted(found, key=lambda e: e.at, reverse=True)
