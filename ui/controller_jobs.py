"""The slow work, each as a job for a worker and a short step on the UI thread: packs and
issued documents, the team hub's sync and conflicts, export, import, the diary and backups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from db import caseload_file, export_file
from officer_desk import app
from officer_desk.countersign import team_state
from officer_desk.documents import IssuedDocument
from officer_desk.errors import ValidationError
from officer_desk.packs import PackInputs, build_pack_inputs
from officer_desk.services import Changes, import_lines


def _hub_sync() -> Any:
    # Imported when a hub is first asked about: a laptop that has none never loads it.
    from db.hub import sync

    return sync


def _hub_tls() -> Any:
    from db.hub import tls

    return tls


class BackgroundJobs:
    """The slow work, each as a job for a worker and a short step on the UI thread: packs and"""

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
