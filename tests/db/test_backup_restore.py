"""Backups are encrypted and rotated; a damaged file is detected and a backup restores it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db import backup, caseload_file, keystore, restore
from officer_desk.errors import DatabaseDamagedError, WrongKeyError
from officer_desk.services import import_lines
from tests.helpers.records import HEADER, event, person


def _fill(opened, n: int = 1) -> None:
    lines = [json.dumps(HEADER)] + [json.dumps(person(f"X{100000 + i}", f"p{i}"))
                                    for i in range(n)]
    import_lines(opened.store, lines, "t")


def test_backups_rotate_and_stay_encrypted(opened) -> None:
    _fill(opened)
    start = datetime(2026, 11, 24, 9, 0)
    for i in range(5):
        backup.make_backup(opened.db, opened.key, opened.paths.backups, keep=3,
                           now=start + timedelta(minutes=i))
    kept = backup.backups(opened.paths.backups)
    assert len(kept) == 3 and kept[0].name.endswith("T090400.backup.db")
    for path in kept:
        assert b"SQLite format 3" not in path.read_bytes()[:16]
        assert backup.check_file(path, opened.key) == 1
    with pytest.raises(WrongKeyError):
        backup.check_file(kept[0], b"\x09" * 32)


def test_truncated_file_is_detected_and_restored(opened, passphrase: str) -> None:
    _fill(opened, 50)
    saved = opened.backup()
    root = opened.paths.root
    opened.lock()
    db_file = root / "caseload.db"
    data = db_file.read_bytes()
    db_file.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseDamagedError) as info:
        caseload_file.unlock(root, passphrase)
    assert saved.name in str(info.value) and "officer-desk restore" in str(info.value)
    key = keystore.unlock(keystore.KeyFile.read(root / "keys.json"), passphrase)
    _count, kept = restore.restore(saved, db_file, key)
    assert kept is not None and kept.exists()  # the damaged file is kept aside
    reopened = caseload_file.unlock(root, passphrase)
    assert reopened.store.count()["person"] == 50
    reopened.lock()


def test_restore_refuses_a_file_from_another_caseload(tmp_path: Path, opened, passphrase) -> None:
    from tests.helpers.fakes import FAST_KDF

    other, _ = caseload_file.create(tmp_path / "other", passphrase, cost=FAST_KDF,
                                    recovery_cost=FAST_KDF)
    foreign = other.backup()
    other.lock()
    key = bytes(opened.key)
    opened.lock()
    before = opened.paths.database.read_bytes()
    with pytest.raises(WrongKeyError):
        restore.restore(foreign, opened.paths.database, key)
    assert opened.paths.database.read_bytes() == before


def test_daily_backup_only_once_a_day(opened) -> None:
    _fill(opened)
    assert opened.backup_if_due() is not None
    assert opened.backup_if_due() is None
    assert len(backup.backups(opened.paths.backups)) == 1
    assert (opened.paths.backups / "keys.json").exists()


def test_audit_chain_detects_tampering(opened) -> None:
    from db import audit

    _fill(opened, 3)
    opened.store.save([event(crn="X100000")], "create")
    assert audit.verify(opened.db).ok
    opened.db.execute("DROP TRIGGER audit_no_update")  # someone going around the app
    opened.db.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 2")
    result = audit.verify(opened.db)
    assert not result.ok and result.broken_at == 2
