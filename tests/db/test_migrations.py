"""Migrations on real SQLCipher files: apply, no-op twice, refuse a newer file, back up first."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import caseload_file
from db.connection import open_database
from db.migrations import MIGRATIONS, migrate
from officer_desk.errors import DatabaseTooNewError


def test_all_migrations_apply_to_an_empty_file(tmp_path: Path) -> None:
    db = open_database(tmp_path / "x.db", b"\x02" * 32, create=True)
    assert MIGRATIONS.pending(db)
    migrate(db, None)
    assert MIGRATIONS.pending(db) == []
    assert {"records", "audit", "settings", "exports", "search"} <= set(db.table_names())
    assert migrate(db, None) is None  # twice is a no-op
    db.conn.close()


def test_each_step_from_the_previous_one_and_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    db = open_database(path, b"\x03" * 32, create=True)
    names = [m.name for m in MIGRATIONS._migrations]
    MIGRATIONS.apply(db, stop_before=names[1])
    assert [m.name for m in MIGRATIONS.pending(db)] == names[1:]
    backup = migrate(db, path)
    assert backup is not None and backup.exists()
    assert b"SQLite format 3" not in backup.read_bytes()[:16]  # the copy stays encrypted
    assert MIGRATIONS.pending(db) == []
    db.conn.close()


def test_database_too_new_is_refused(opened, passphrase: str) -> None:
    opened.db["_sqlite_migrations"].insert({"migration_set": "officer_desk",
                                            "name": "m999_from_the_future",
                                            "applied_at": "2030-01-01"})
    root = opened.paths.root
    opened.lock()
    with pytest.raises(DatabaseTooNewError):
        caseload_file.unlock(root, passphrase)
