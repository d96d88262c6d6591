"""A whole-file import stored while it is still being checked, and committed only if it passes.

SQLite does its page work with the interpreter lock released, so a writer thread can store
one chunk while the caller checks the next; into an empty caseload each chunk goes in as one
statement (see ``RecordStore.insert_new_rows``), so the writer never waits for the lock
between rows. Everything happens inside one ``BEGIN IMMEDIATE`` transaction on the writer
thread: if the check finds any problem (or anything fails) the transaction is rolled back and
the caseload is exactly as it was. The database connection is used only by the writer thread
until the import ends.

A first load into an empty caseload runs under SQLite's rollback journal rather than the
write-ahead log, when nothing else has the file open: pages that did not exist when the
transaction began need no copy in the journal, so every page is written once, into the
file, instead of into the log and then again into the file at the checkpoint (a third of the
import's time at team scale). It is as safe: a crash leaves a journal that the next open
rolls back. The write-ahead log is turned on again as soon as the import ends. The indexes
by person and by event are made once at the end of such a load, from every row, rather than
kept up row by row in the file's order (in the same transaction, so a rollback restores them).
"""

from __future__ import annotations

import queue
import threading
from types import TracebackType
from typing import Any

from db import audit
from db.errors import SqlError, translate
from db.store import RecordStore, WriteResult

_DONE = object()


class BulkImport:
    """``with BulkImport(store, source) as sink: sink.put(records, texts) ...; sink.commit()``."""

    def __init__(self, store: RecordStore, source: str) -> None:
        self.store = store
        self.source = source
        self.result = WriteResult()
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=16)
        self._error: BaseException | None = None
        self._commit = False
        self._finished = False
        self._thread = threading.Thread(target=self._run, name="bulk-import", daemon=True)

    def __enter__(self) -> BulkImport:
        self._journal = self._first_load_journal()
        # The write lock first, then what is already stored: another import that committed
        # meanwhile is seen, never overwritten by rowids read before it.
        try:
            self.store.db.conn.execute("BEGIN IMMEDIATE")
        except SqlError as exc:
            self._restore_journal()
            raise translate(exc) from None
        try:
            self._read_state()
        except BaseException:
            self.store.db.conn.execute("ROLLBACK")
            self._restore_journal()
            raise
        self._thread.start()
        return self

    def _first_load_journal(self) -> bool:
        """Into an empty caseload, the rollback journal; True if it was switched."""
        conn = self.store.db.conn
        try:
            if conn.execute("SELECT 1 FROM records LIMIT 1").fetchone():
                return False
            # Refused (SQLITE_BUSY) while another connection has the file open.
            return conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
        except SqlError:
            return False

    def _restore_journal(self) -> None:
        if self._journal:
            self._journal = False
            try:
                self.store.db.conn.execute("PRAGMA journal_mode = WAL").fetchone()
            except SqlError:
                pass  # every open turns the write-ahead log on again

    def _read_state(self) -> None:
        self._seq = self.store.high_water() + 1
        self._was_empty = not self.store.db.execute("SELECT 1 FROM records LIMIT 1").fetchone()
        self._next_rowid = self.store.next_rowid()
        self.known = self.store.known()
        self._event_crn = dict(self.known.event_crn)
        self._added = 0
        self._crn_missing = False  # a record came before its event (the file's order allows it)
        # Into an empty caseload whose search index is current, each chunk's words go into the
        # index beside its rows, in the same transaction (and on the writer thread, while the
        # next chunk is checked); otherwise the index catches up after the import.
        self._indexed = self._was_empty and self.store.search_is_current()

    def put(self, records: list[dict[str, Any]], texts: list[str]) -> None:
        """Hand a checked chunk to the writer (blocks while the writer is behind).

        Into an empty caseload every record is new, so the rows are built here, on the
        caller's thread, and the writer only inserts them.
        """
        if self._error is not None:
            return
        if self._was_empty:
            self._event_crn.update((r["id"], r["crn"]) for r in records if r["type"] == "event")
            event_crn = self._event_crn
            self._crn_missing = self._crn_missing or any(
                "crn" not in r and r.get("event_id") not in event_crn for r in records)
            rows = self.store.new_rows(records, texts, self._event_crn, self._indexed)
            self._queue.put(("rows", (rows, self._next_rowid)))
            self._next_rowid += len(records)
            self._added += len(records)
        else:
            self._queue.put(("records", (records, texts)))

    def commit(self) -> None:
        """Commit once the writer has stored every chunk (called after the whole check passed)."""
        self._commit = True

    def _run(self) -> None:
        db = self.store.db
        added = changed = unchanged = 0
        self._finished = False
        try:
            # Into an empty caseload two indexes are made once, from every row, at the end.
            aside = self.store.set_indexes_aside() if self._was_empty else []
            while (item := self._next()) is not _DONE:
                kind, payload = item
                if kind == "rows":
                    self.store.insert_new_rows(payload[0], payload[1], self._seq)
                    continue
                result, _ = self.store._upsert(payload[0], self._seq, payload[1])
                added, changed = added + result.added, changed + result.changed
                unchanged += result.unchanged
            if not self._commit:
                db.conn.execute("ROLLBACK")
                return
            added += self._added
            self.store.make_indexes(aside)
            if self._crn_missing or not self._was_empty:
                self.store.fill_missing_crns(self._seq)
            if self._indexed:
                self.store.mark_indexed(self._seq)
            self.result = WriteResult(added, changed, unchanged)
            audit.append(db, self.store.actor, "import", detail={
                "source": self.source, "added": added, "changed": changed,
                "unchanged": unchanged})
            db.conn.execute("COMMIT")
        except BaseException as exc:  # handed to the caller, which raises it
            self._error = translate(exc) if isinstance(exc, SqlError) else exc
            if db.conn.in_transaction:
                try:
                    db.conn.execute("ROLLBACK")
                except SqlError:
                    pass  # the connection rolled back by itself (a failed COMMIT on a full disk)
            self._drain()

    def _next(self) -> Any:
        item = self._queue.get()
        self._finished = item is _DONE
        return item

    def _drain(self) -> None:
        # Whatever the caller still hands over is dropped, up to the end-marker, which comes
        # exactly once: after a failure at COMMIT it has already been taken.
        while not self._finished:
            self._next()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is not None:
            self._commit = False
        self._queue.put(_DONE)
        self._thread.join()
        self._restore_journal()
        if kind is None and self._commit and self._error is not None:
            raise self._error
        if kind is None and self._commit:
            self.store.audited()
