"""The same read/write workload on SQLCipher and on plain SQLite, in one run."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlite_utils import Database

from db.connection import open_database
from db.migrations import MIGRATIONS
from db.store import RecordStore
from officer_desk.exchange import HEADER, sort_records
from officer_desk.services import import_lines


def _plain(path: Path) -> Database:
    # The same library and pragmas, with no key: an ordinary SQLite file.
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    for pragma in ("synchronous = FULL", "foreign_keys = ON", "secure_delete = ON",
                   "temp_store = MEMORY", "cache_size = -65536"):
        conn.execute(f"PRAGMA {pragma}")
    return Database(conn, strict=True, execute_plugins=False)  # as db.connection opens it


def _workload(db: Database, lines: list[str]) -> None:
    store = RecordStore(db, "bench")
    import_lines(store, lines, "bench")
    overview = store.overview()
    for crn in list(overview.people)[:40]:
        store.case(crn)
    for word in ("tenancy", "curfew", "placement", "anxious", "referral") * 4:
        store.search(word)
    for n in range(200):  # single saves, as an officer makes them
        store.save([{"type": "contact", "id": f"bench-{n}", "event_id": "e0",
                     "at": "2026-11-24T10:00", "mode": "telephone", "summary": "Phoned."}])


def encryption_overhead(work: Path, records: list[dict[str, Any]], runs: int = 3
                        ) -> tuple[float, float]:
    """Median seconds of the workload on plain SQLite and on SQLCipher."""
    lines = [json.dumps(HEADER)] + [json.dumps(r, ensure_ascii=False)
                                    for r in sort_records(records)]
    plain_times, cipher_times = [], []
    for n in range(runs):
        for kind, times in (("plain", plain_times), ("cipher", cipher_times)):
            path = work / f"overhead-{kind}-{n}.db"
            db = _plain(path) if kind == "plain" else open_database(path, b"\x07" * 32,
                                                                    create=True)
            MIGRATIONS.apply(db)
            start = time.perf_counter()
            _workload(db, lines)
            times.append(time.perf_counter() - start)
            db.conn.close()
    return statistics.median(plain_times), statistics.median(cipher_times)
