"""The caseload's records: exchange records kept whole, indexed by type, id, CRN and event.

Keeping each record as its exchange JSON means unknown fields round-trip and the export is the
records themselves. Every write is one transaction with its audit rows, so a crash leaves either
the whole change or none of it.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, NamedTuple

from sqlite_utils import Database

from db import audit
from db.errors import SqlError, translate
from db.transaction import write_transaction
from officer_desk.caseload import Caseload, build_caseload
from officer_desk.exchange import Known
from officer_desk.folding import fold
from officer_desk.model import TYPE_ORDER

SEARCHABLE: dict[str, tuple[str, ...]] = {
    "person": ("given_name", "family_name", "crn", "aliases", "pnc", "cro", "noms"),
    "event": ("offence", "court"),
    "appointment": ("notes", "reason", "location"),
    "contact": ("summary",),
    "enforcement": ("rationale",),
    "home_visit": ("notes", "outcome", "purpose"),
    "oversight": ("note",),
    "enquiry": ("result", "action_taken"),
    "significant_change": ("note",),
}
_AT_KEY = {"appointment": "start", "contact": "at", "warning": "date",
           "assessment": "completed_on", "sentence_plan": "completed_on", "review": "completed_on",
           "enforcement": "decided_at", "home_visit": "planned_at", "event": "start_date", "oversight": "at",
           "enquiry": "requested_on", "significant_change": "on",
           "person": "date_of_birth"}


# What the caseload-wide rules read: everything except appointments and contacts, plus the
# appointments and contacts the rules need (see ``RecordStore.overview``).
OVERVIEW_SQL = """WITH events AS (SELECT id FROM records WHERE type = 'event'),
picked AS (
    -- Each branch is an index range (records_rules), never a scan of the notes.
    SELECT rowid FROM records WHERE type IN ('person', 'event', 'warning',
        'assessment', 'sentence_plan', 'review', 'enforcement', 'home_visit', 'oversight',
        'enquiry', 'significant_change')
    UNION
    -- Appointments not yet held up to the horizon (the day's diary, outcomes to record)...
    SELECT rowid FROM records WHERE type = 'appointment' AND outcome IS NULL AND at < :until
    UNION
    -- ...and after it only each event's next one: no rule reads the rest of the future.
    SELECT (SELECT rowid FROM records a WHERE a.event_id = events.id
            AND a.type = 'appointment' AND a.outcome IS NULL AND a.at >= :until
            ORDER BY a.at LIMIT 1) FROM events
    UNION
    SELECT rowid FROM records WHERE type = 'appointment'
        AND outcome IN ('failed_to_attend', 'failed_to_comply')
    UNION
    SELECT rowid FROM records WHERE type = 'appointment' AND outcome = 'attended'
        AND kind = 'induction'
    UNION
    SELECT (SELECT rowid FROM records a WHERE a.event_id = events.id
            AND a.type = 'appointment' AND a.outcome = 'attended'
            ORDER BY a.at LIMIT 1) FROM events
    UNION
    SELECT (SELECT rowid FROM records a WHERE a.event_id = events.id
            AND a.type = 'appointment' AND a.outcome = 'attended'
            ORDER BY a.at DESC LIMIT 1) FROM events
    UNION
    SELECT (SELECT rowid FROM records c WHERE c.event_id = events.id
            AND c.type = 'contact' ORDER BY c.at DESC LIMIT 1) FROM events)
SELECT type, data FROM records WHERE rowid IN (SELECT rowid FROM picked)"""
# The same records as one JSON array made inside SQLite: one string to decode, not a row and
# a decode call for each of tens of thousands.
OVERVIEW_ARRAY_SQL = OVERVIEW_SQL.replace(
    "SELECT type, data FROM records WHERE rowid IN",
    "SELECT '[' || coalesce(group_concat(data, ','), '') || ']' FROM records WHERE rowid IN")


START_SNAPSHOT = "start_snapshot"
_scan = json.JSONDecoder().scan_once


def _decode(text: str) -> Any:
    """A stored record, decoded by the C scanner alone.

    Every stored record was checked as JSON when it was stored (imported lines are stripped),
    so ``json.loads``'s own checks for space around it are not needed on the hot path.
    """
    try:
        return _scan(text, 0)[0]
    except StopIteration:
        return json.loads(text)  # says what is wrong
_ROWS_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _crn_of(record: dict[str, Any], event_crn: dict[str, str]) -> str | None:
    if "crn" in record:
        return str(record["crn"])
    return event_crn.get(str(record.get("event_id")))


def record_columns(record: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(at, kind, outcome): what the caseload-wide rules filter and order on."""
    at, kind, outcome = record.get(_AT_KEY[record["type"]]), record.get("kind"), record.get(
        "outcome")
    return (at if isinstance(at, str) else None, kind if isinstance(kind, str) else None,
            outcome if isinstance(outcome, str) else None)


def search_text(record: dict[str, Any]) -> str:
    """The words a record is found by (names, CRN, notes and summaries), folded.

    Plain ASCII text goes in as written: the index's own tokenizer folds its case, so
    lowering it first would only cost time on every note of an import.
    """
    parts: list[str] = []
    for key in SEARCHABLE.get(record["type"], ()):
        value = record.get(key)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts += [v for v in value if isinstance(v, str)]
    text = " ".join(parts)
    return text if text.isascii() else fold(text)


class NewRows(NamedTuple):
    """A chunk of new records as one insert takes them (see ``RecordStore.new_rows``)."""

    columns: str
    texts: bytes
    bodies: str | None  # the search index's words, or None when the index catches up later


@dataclass(frozen=True)
class WriteResult:
    """How many records a write added, changed and left as they were."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0


class RecordStore:
    """Reads and writes exchange records in the encrypted database."""

    def __init__(self, db: Database, actor: str) -> None:
        self.db = db
        self.actor = actor
        # Called after every committed write that added audit rows (the caseload anchors
        # the trail's new head outside the database).
        self.on_audit: Callable[[], None] | None = None

    def audited(self) -> None:
        """Tell the owner that audit rows were committed."""
        if self.on_audit is not None:
            self.on_audit()

    # --- reading ---------------------------------------------------------------------------

    def records(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """All records, people first then events then the rest."""
        wanted = list(types) if types else list(TYPE_ORDER)
        out: list[dict[str, Any]] = []
        for kind in wanted:
            rows = self.db.execute("SELECT data FROM records WHERE type = ? ORDER BY id", [kind])
            out += [_decode(r[0]) for r in rows]
        return out

    def record(self, kind: str, record_id: str) -> dict[str, Any] | None:
        """One record, or None."""
        row = self.db.execute("SELECT data FROM records WHERE type = ? AND id = ?",
                              [kind, record_id]).fetchone()
        return json.loads(row[0]) if row else None

    def records_of(self, crn: str) -> list[dict[str, Any]]:
        """Everything about one person."""
        rows = self.db.execute("SELECT data FROM records WHERE crn = ?", [crn]).fetchall()
        return [_decode(r[0]) for r in rows]

    def caseload(self) -> Caseload:
        """The whole caseload as domain objects."""
        return build_caseload(self.records())

    def overview(self, until: datetime | None = None) -> Caseload:
        """The caseload as the caseload-wide rules and dashboards need it, without every note.

        Everything except appointments and contacts, plus: failures, inductions attended,
        appointments not yet held before ``until`` (default: the end of tomorrow) and each
        event's next one after it, and per event the first and latest attendance and the
        latest contact. ``due`` gives the same items as over the full caseload (tested); a
        case's full history is loaded with ``case`` when it is opened.
        """
        if until is None:
            until = datetime.combine(date.today() + timedelta(days=2), time.min)
        (text,) = self.db.execute(OVERVIEW_ARRAY_SQL,
                                  {"until": until.isoformat(timespec="minutes")}).fetchone()
        # Tens of thousands of new objects with no cycles among them: the cycle collector
        # would walk them again and again while they are built (a third of the load time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            # In any order: the caseload takes people and events before what hangs on them.
            caseload = build_caseload(json.loads(text), consume=True)
            # Long-lived (kept until the next refresh): put straight into the oldest
            # generation, or the next young collections walk all of them twice over (a
            # tenth of `due`).
            gc.freeze()
            gc.unfreeze()
        finally:
            if collecting:
                gc.enable()
        caseload.partial = True
        return caseload

    def case(self, crn: str) -> Caseload:
        """One person's part of the caseload."""
        return build_caseload(sorted(self.records_of(crn),
                                     key=lambda r: TYPE_ORDER.index(r["type"])))

    def known(self) -> Known:
        """What references in an import may point at."""
        known = Known()
        for kind, rid, crn, event_id in self.db.execute(
                "SELECT type, id, crn, event_id FROM records "
                "WHERE type IN ('person', 'event', 'appointment')"):
            if kind == "person":
                known.person_id_by_crn[crn] = rid
            elif kind == "event":
                known.event_crn[rid] = crn
            else:
                known.appointment_event[rid] = event_id
        return known

    def count(self) -> dict[str, int]:
        """Records per type."""
        return dict(self.db.execute("SELECT type, count(*) FROM records GROUP BY type").fetchall())

    def high_water(self) -> int:
        """The latest change sequence number."""
        row = self.db.execute("SELECT coalesce(max(seq), 0) FROM records").fetchone()
        return int(row[0])

    def export_lines(self, since_seq: int | None = None) -> list[str]:
        """The stored text of the records to export, in the exchange format's order.

        Every record was checked against the schema when it was written (import, forms and
        services all check before they store), so an export writes the text as stored without
        decoding it again.
        """
        order = " ".join(f"WHEN '{t}' THEN {i}" for i, t in enumerate(TYPE_ORDER))
        where = "WHERE seq > ?" if since_seq is not None else ""
        return [r[0] for r in self.db.execute(
            f"SELECT data FROM records {where} ORDER BY CASE type {order} END, "
            "coalesce(at, ''), id", [since_seq] if since_seq is not None else [])]

    def search(self, text: str, limit: int = 200) -> list[tuple[str, str, str]]:
        """(type, id, crn) of records whose names, CRN or notes match every word typed."""
        words = re.findall(r"\w+", fold(text), flags=re.UNICODE)
        if not words:
            return []
        self.index_for_search()
        query = " ".join(f'"{w}"*' for w in words)
        rows = self.db.execute(
            "SELECT r.type, r.id, r.crn FROM search JOIN records r ON r.rowid = search.rowid "
            "WHERE search MATCH ? LIMIT ?", [query, limit]).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    # --- the search index ---------------------------------------------------------------------

    def index_for_search(self) -> int:
        """Bring the search index up to date with every write since it was last brought up.

        Writes do not index as they go: a team-scale import would spend a third of its time
        on it. The index catches up here, in its own transaction, right after an import and
        before any search, so a search always sees everything. Explicit rowids tie each
        record to its tokens; a changed record's old tokens go first.
        """
        done_seq = int(self.setting("search_seq", 0))
        done_rowid = int(self.setting("search_rowid", 0))
        high = self.high_water()
        if done_seq >= high:
            return 0
        rows = self.db.execute("SELECT rowid, data FROM records WHERE seq > ?",
                               [done_seq]).fetchall()
        stale = [(r[0],) for r in rows if r[0] <= done_rowid]
        bodies = [(rowid, body) for rowid, body in
                  ((r[0], search_text(json.loads(r[1]))) for r in rows) if body]
        top = int(self.db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0])
        try:
            with write_transaction(self.db):
                self.db.conn.executemany("DELETE FROM search WHERE rowid = ?", stale)
                self.db.conn.executemany("INSERT INTO search (rowid, body) VALUES (?, ?)",
                                         bodies)
                self.db.conn.executemany(
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                    "UPDATE SET value = excluded.value",
                    [("search_seq", json.dumps(high)), ("search_rowid", json.dumps(top))])
        except SqlError as exc:
            raise translate(exc) from None
        return len(rows)

    # --- writing ---------------------------------------------------------------------------

    def _existing(self, records: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, str]]:
        """(rowid, stored JSON) of the records about to be written, to tell new from changed."""
        if not self.db.execute("SELECT 1 FROM records LIMIT 1").fetchone():
            return {}
        by_type: dict[str, list[str]] = {}
        for r in records:
            by_type.setdefault(r["type"], []).append(r["id"])
        existing: dict[tuple[str, str], tuple[int, str]] = {}
        for kind, ids in by_type.items():
            for i in range(0, len(ids), 900):
                chunk = ids[i:i + 900]
                marks = ",".join("?" * len(chunk))
                for rowid, rid, data in self.db.execute(
                        f"SELECT rowid, id, data FROM records WHERE type = ? AND id IN ({marks})",
                        [kind, *chunk]):
                    existing[(kind, rid)] = (rowid, data)
        return existing

    def _upsert(self, records: list[dict[str, Any]], seq: int,
                texts: list[str] | None = None) -> tuple[WriteResult, list[Any]]:
        if texts is None or len(texts) != len(records):
            texts = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
        if len({(r["type"], r["id"]) for r in records}) != len(records):
            # The last of any repeated record wins (a checked file has none).
            latest = {(r["type"], r["id"]): (r, t) for r, t in zip(records, texts, strict=True)}
            records = [r for r, _ in latest.values()]
            texts = [t for _, t in latest.values()]
        event_crn = {r["id"]: r["crn"] for r in records if r["type"] == "event"}
        missing = {str(r.get("event_id")) for r in records
                   if "crn" not in r and r.get("event_id") not in event_crn}
        if missing:
            marks = ",".join("?" * len(missing))
            event_crn.update(self.db.execute(
                f"SELECT id, crn FROM records WHERE type = 'event' AND id IN ({marks})",
                list(missing)).fetchall())
        existing = self._existing(records)
        next_rowid = self.next_rowid()
        added = changed = unchanged = 0
        now = _now()
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        diffs: list[Any] = []
        for rec, data in zip(records, texts, strict=True):
            key = (rec["type"], rec["id"])
            rowid, old = existing.get(key, (0, None))
            # Imported records are kept as written (exported again byte for byte); the same
            # record written differently (spacing, key order) is still unchanged.
            if old is not None and (old == data or json.loads(old) == rec):
                unchanged += 1
                continue
            crn = _crn_of(rec, event_crn)
            columns = (crn, rec.get("event_id"), data, seq, now, *record_columns(rec))
            if old is None:
                added += 1
                rowid = next_rowid
                next_rowid += 1
                inserts.append((rowid, *key, *columns))
            else:
                changed += 1
                updates.append((*columns, rowid))
            diffs.append((rec, json.loads(old) if old else None, crn))
        if updates:
            self.db.conn.executemany(
                "UPDATE records SET crn = ?, event_id = ?, data = ?, seq = ?, updated_at = ?, "
                "at = ?, kind = ?, outcome = ? WHERE rowid = ?", updates)
        self.insert_rows(inserts)
        return WriteResult(added, changed, unchanged), diffs

    def next_rowid(self) -> int:
        """The rowid a new record gets next."""
        return int(self.db.execute("SELECT coalesce(max(rowid), 0) FROM records")
                   .fetchone()[0]) + 1

    @staticmethod
    def new_rows(records: list[dict[str, Any]], texts: list[str],
                 event_crn: dict[str, str], indexed: bool = False) -> NewRows:
        """Records known to be new, as ``insert_new_rows`` takes them.

        No database access (any thread may build them). The columns go as one JSON array of
        [type, id, crn, event_id, at, kind, outcome, start, length]; the lines' texts go as
        their UTF-8 bytes end to end, each cut out by its start and length, so they are
        stored exactly as written with nothing escaped or parsed again. ``indexed`` adds the
        search index's words for each record (from the records already decoded here, so the
        index needs no second read of what was just stored).
        """
        encoded = [text.encode() for text in texts]
        lengths = [len(b) for b in encoded]
        starts = accumulate(lengths, initial=1)  # one more than there are texts: the end
        columns = _ROWS_ENCODER([(rec["type"], rec["id"], _crn_of(rec, event_crn),
                                  rec.get("event_id"), *record_columns(rec), start, length)
                                 for rec, start, length in zip(records, starts, lengths,
                                                               strict=False)])
        bodies = None
        if indexed:
            bodies = _ROWS_ENCODER([(offset, body) for offset, body in (
                (offset, search_text(rec)) for offset, rec in enumerate(records)
                if rec["type"] in SEARCHABLE) if body])
        return NewRows(columns, b"".join(encoded), bodies)

    def insert_new_rows(self, rows: NewRows, first_rowid: int, seq: int) -> None:
        """Insert a chunk built by ``new_rows`` in one statement (and its words in another).

        One statement runs wholly inside SQLite, which releases the interpreter lock for all
        of it: a writer thread stores the chunk while the caller checks the next one. An
        ``executemany`` (or a statement per thousand rows) takes the lock back so often that
        the writer spends more time waiting for it than storing.
        """
        self.db.conn.execute(
            "INSERT INTO records (rowid, type, id, crn, event_id, data, seq, updated_at, at, "
            "kind, outcome) SELECT :first + key, value ->> 0, value ->> 1, value ->> 2, "
            "value ->> 3, CAST(substr(:texts, value ->> 7, value ->> 8) AS TEXT), :seq, :now, "
            "value ->> 4, value ->> 5, value ->> 6 FROM json_each(:columns)",
            {"first": first_rowid, "seq": seq, "now": _now(), "columns": rows.columns,
             "texts": rows.texts})
        if rows.bodies is not None:
            self.db.conn.execute(
                "INSERT INTO search (rowid, body) SELECT :first + (value ->> 0), value ->> 1 "
                "FROM json_each(:bodies)", {"first": first_rowid, "bodies": rows.bodies})

    def set_indexes_aside(self) -> list[str]:
        """Drop the records table's indexes by person and by event, and give back how to make
        them again. Rows arrive in the file's order, not theirs, so keeping them up row by row
        writes all over them; made once from every row at the end of a first load into an
        empty caseload, they cost a fraction. Inside the caller's transaction: a rollback
        brings them back as they were."""
        found = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' "
            "AND name IN ('records_crn', 'records_event_at') ORDER BY name").fetchall()
        for name, _ in found:
            self.db.conn.execute(f'DROP INDEX "{name}"')
        return [sql for _, sql in found]

    def make_indexes(self, statements: list[str]) -> None:
        """Make again the indexes ``set_indexes_aside`` dropped."""
        for sql in statements:
            self.db.conn.execute(sql)

    def search_is_current(self) -> bool:
        """The search index holds every record written so far."""
        return int(self.setting("search_seq", 0)) >= self.high_water()

    def mark_indexed(self, seq: int) -> None:
        """Every record up to change ``seq`` is in the search index (written beside them)."""
        top = int(self.db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0])
        self.db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
            "UPDATE SET value = excluded.value",
            [("search_seq", json.dumps(seq)), ("search_rowid", json.dumps(top))])

    def insert_rows(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert rows built by ``_upsert``."""
        if rows:
            self.db.conn.executemany(
                "INSERT INTO records (rowid, type, id, crn, event_id, data, seq, updated_at, at, "
                "kind, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def fill_missing_crns(self, seq: int) -> None:
        """Records written before their event (later in the same file) get its CRN now."""
        self.db.execute(
            "UPDATE records SET crn = (SELECT e.crn FROM records e WHERE e.type = 'event' "
            "AND e.id = records.event_id) WHERE seq = ? AND crn IS NULL AND event_id IS NOT NULL",
            [seq])

    def bulk_import(self, source: str):  # -> db.bulk_import.BulkImport
        """A pipelined whole-file import (see ``db.bulk_import``)."""
        from db.bulk_import import BulkImport

        return BulkImport(self, source)

    def import_records(self, records: list[dict[str, Any]], source: str,
                       texts: list[str] | None = None) -> WriteResult:
        """Store a checked file's records in one transaction, with one audit row."""
        try:
            with write_transaction(self.db):
                result, _ = self._upsert(records, self.high_water() + 1, texts)
                audit.append(self.db, self.actor, "import", detail={
                    "source": source, "added": result.added, "changed": result.changed,
                    "unchanged": result.unchanged})
        except SqlError as exc:
            raise translate(exc) from None
        self.audited()
        return result

    def save(self, records: list[dict[str, Any]], action: str = "save") -> WriteResult:
        """One user action: the records and an audit row per record (field, old, new)."""
        try:
            with write_transaction(self.db):
                result, diffs = self._upsert(records, self.high_water() + 1)
                for rec, old, crn in diffs:
                    audit.append(self.db, self.actor, "create" if old is None else action,
                                 record_type=rec["type"], record_id=rec["id"], crn=crn,
                                 detail={"changes": field_changes(old or {}, rec)})
        except SqlError as exc:
            raise translate(exc) from None
        self.audited()
        return result

    def log(self, action: str, *, crn: str | None = None, record_type: str | None = None,
            record_id: str | None = None, detail: dict[str, Any] | None = None) -> None:
        """An audit row for something that is not a record change (print, export, unlock)."""
        try:
            with write_transaction(self.db):
                audit.append(self.db, self.actor, action, record_type=record_type,
                             record_id=record_id, crn=crn, detail=detail)
        except SqlError as exc:
            raise translate(exc) from None
        self.audited()

    # --- settings and exports ----------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        """A stored setting's value."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (audited)."""
        with write_transaction(self.db):
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                            "DO UPDATE SET value = excluded.value", [key, json.dumps(value)])
            audit.append(self.db, self.actor, "setting", detail={"key": key})
        self.audited()

    # --- the first screen, kept at lock (officer_desk.start_snapshot) ------------------------

    def change_marks(self) -> tuple[int, int]:
        """(last change number, newest rowid): both read from an index's last entry."""
        row = self.db.execute("SELECT (SELECT coalesce(max(seq), 0) FROM records), "
                              "(SELECT coalesce(max(rowid), 0) FROM records)").fetchone()
        return int(row[0]), int(row[1])

    def start_snapshot(self) -> Any:
        """The first screen kept at the last lock (None if there is none)."""
        try:
            return self.setting(START_SNAPSHOT)
        except SqlError as exc:
            raise translate(exc) from None

    def keep_start_snapshot(self, value: Any) -> None:
        """Keep the first screen. Derived from the records (like the search index), so it is
        not a change in the audit trail's sense; it is dropped with the case it shows."""
        try:
            with write_transaction(self.db):
                self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT "
                                "(key) DO UPDATE SET value = excluded.value",
                                [START_SNAPSHOT, json.dumps(value, ensure_ascii=False,
                                                            separators=(",", ":"))])
        except SqlError as exc:
            raise translate(exc) from None

    def last_export(self) -> tuple[str, int] | None:
        """(when, change number) of the last acknowledged export."""
        row = self.db.execute("SELECT at, seq_high FROM exports ORDER BY id DESC LIMIT 1").fetchone()
        return (row[0], int(row[1])) if row else None

    def record_export(self, seq_high: int, count: int, since_last: bool) -> None:
        """Mark an export written and synced, so the next ``--since-last`` starts after it."""
        with write_transaction(self.db):
            self.db.execute("INSERT INTO exports (at, seq_high, records, since_last) "
                            "VALUES (?, ?, ?, ?)", [_now(), seq_high, count, int(since_last)])
            audit.append(self.db, self.actor, "export", detail={"records": count,
                                                                "since_last": since_last})
        self.audited()


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Field-level differences for the audit trail."""
    out = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            out.append({"field": key, "old": old.get(key), "new": new.get(key)})
    return out
