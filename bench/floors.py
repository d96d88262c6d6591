"""What the machine can do at best, measured in the same run on the same data.

Absolute seconds move 1.5-2x between laptops of the same kind, so a fixed number cannot tell a
regression from a slower machine. Each headline figure is set beside its floor: the least work
that produces the same result with no checks, no domain objects and no indexes. The ratio is
what the targets hold.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from db.connection import open_database
from db.store import OVERVIEW_SQL, SEARCHABLE


def import_floor(path: Path, key: bytes, lines: list[str]) -> float:
    """``json.loads`` of every line, one ``executemany`` of the raw lines into a single
    SQLCipher table and one of each record's searchable text into an FTS5 index made as the
    caseload's is, all in one transaction: what storing the file and making it searchable
    costs with nothing checked, nothing folded and nothing derived."""
    db = open_database(path, key, create=True)
    db.execute("CREATE TABLE raw (line TEXT NOT NULL) STRICT")
    db.execute("CREATE VIRTUAL TABLE words USING fts5(body, content = '', contentless_delete = 1, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    start = time.perf_counter()
    bodies = []
    for rowid, line in enumerate(lines, start=1):
        record = json.loads(line)
        keys = SEARCHABLE.get(record.get("type"), ())
        if keys:
            body = " ".join(v if isinstance(v, str) else " ".join(v) for v in (
                record.get(k) for k in keys) if isinstance(v, (str, list)))
            if body:
                bodies.append((rowid, body))
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.executemany("INSERT INTO raw (line) VALUES (?)", ((line,) for line in lines))
    db.conn.executemany("INSERT INTO words (rowid, body) VALUES (?, ?)", bodies)
    db.conn.execute("COMMIT")
    took = time.perf_counter() - start
    db.conn.close()
    return took


def export_floor(db: Any, out: Path) -> float:
    """Reading the stored lines and writing them to a file, nothing else."""
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for (data,) in db.execute("SELECT data FROM records ORDER BY seq"):
            fh.write(data + "\n")
    return time.perf_counter() - start


def due_floor(db: Any, until: datetime) -> float:
    """The indexed read of the records the rules read, each decoded: the least ``due`` needs
    (the same rows as the overview, with no domain objects and no rules)."""
    start = time.perf_counter()
    for _type, data in db.execute(OVERVIEW_SQL, {"until": until.isoformat(timespec="minutes")}):
        json.loads(data)
    return time.perf_counter() - start


def case_floor(db: Any, crn: str) -> float:
    """Reading and decoding one person's records by the CRN index."""
    start = time.perf_counter()
    for (data,) in db.execute("SELECT data FROM records WHERE crn = ?", [crn]):
        json.loads(data)
    return time.perf_counter() - start


def median_of(fn: Callable[[], float], runs: int) -> float:
    """A floor is measured as its figure is: the median of several runs."""
    return statistics.median(fn() for _ in range(runs))
