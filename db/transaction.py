"""Write transactions that take the write lock up front.

A deferred ``BEGIN`` that reads first and writes later cannot wait for the lock in WAL mode:
when another connection (the background backup) has moved the log on, SQLite returns
SQLITE_BUSY at once instead of calling the busy handler. ``BEGIN IMMEDIATE`` takes the write
lock at the start, where the busy timeout does apply (https://sqlite.org/lang_transaction.html).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlite_utils import Database


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write: all of it commits, or none of it."""
    if db.conn.in_transaction:
        with db.atomic():  # nested: a savepoint inside the outer write
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
