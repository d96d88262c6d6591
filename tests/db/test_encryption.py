"""The caseload on disk: unreadable without the key, nothing in plaintext, keys manageable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import caseload_file, keystore
from db.connection import open_database
from officer_desk.errors import KeyringUnavailableError, WrongKeyError
from officer_desk.services import import_lines
from tests.helpers.fakes import FAST_KDF
from tests.helpers.records import HEADER, appt, event, person

SECRET_NAME = "Siobhán"
SECRET_CRN = "Q987654"
SECRET_NOTE = "lives-with-grandmother-unique-marker"


def _fill(opened) -> None:
    import json

    lines = [json.dumps(HEADER),
             json.dumps(person(SECRET_CRN, given_name=SECRET_NAME)),
             json.dumps(event(crn=SECRET_CRN, allocation_date="2026-11-02")),
             json.dumps(appt("a1", "2026-11-05T10:00", notes=SECRET_NOTE, outcome="attended"))]
    import_lines(opened.store, lines, "test")


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_no_plaintext_in_database_wal_or_backup(opened) -> None:
    _fill(opened)
    opened.backup()
    blob = _all_bytes(opened.paths.root)
    for needle in (SECRET_NAME, SECRET_CRN, SECRET_NOTE):
        assert needle.encode("utf-8") not in blob
        assert needle.encode("utf-16-le") not in blob
    assert b"SQLite format 3" not in opened.paths.database.read_bytes()[:16]


def test_plain_sqlite_cannot_read_it(opened) -> None:
    _fill(opened)
    conn = sqlite3.connect(opened.paths.database)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_wrong_passphrase_is_refused_and_changes_nothing(opened) -> None:
    _fill(opened)
    opened.lock()
    before = opened.paths.database.read_bytes()
    keys_before = opened.paths.keys.read_bytes()
    with pytest.raises(WrongKeyError):
        caseload_file.unlock(opened.paths.root, "not the passphrase at all")
    assert opened.paths.database.read_bytes() == before
    assert opened.paths.keys.read_bytes() == keys_before


def test_wrong_raw_key_fails_at_open(opened) -> None:
    opened.lock()
    with pytest.raises(WrongKeyError):
        open_database(opened.paths.database, b"\x01" * 32)


def test_recovery_code_then_new_passphrase(tmp_path: Path, passphrase: str) -> None:
    root = tmp_path / "c"
    made, code = caseload_file.create(root, passphrase, cost=FAST_KDF, recovery_cost=FAST_KDF)
    _fill(made)
    made.lock()
    reopened, new_code = caseload_file.recover(root, code.lower().replace("-", " "),
                                               "a brand new passphrase")
    assert reopened.store.count()["person"] == 1
    assert new_code != code
    caseload_file.confirm_recovery_code(reopened, new_code)  # typed back by the officer
    reopened.lock()
    with pytest.raises(WrongKeyError):
        caseload_file.recover(root, code, "another new passphrase")  # one-time: old code gone
    with pytest.raises(WrongKeyError):
        caseload_file.unlock(root, passphrase)
    caseload_file.unlock(root, "a brand new passphrase").lock()


def test_change_passphrase_rewraps_without_reencrypting(opened, passphrase: str) -> None:
    _fill(opened)
    db_before = opened.paths.database.read_bytes()[:4096]
    caseload_file.change_passphrase(opened, passphrase, "the second passphrase")
    root = opened.paths.root
    opened.lock()
    with pytest.raises(WrongKeyError):
        caseload_file.unlock(root, passphrase)
    again = caseload_file.unlock(root, "the second passphrase")
    assert again.store.count()["person"] == 1
    again.lock()
    assert Path(root / "caseload.db").read_bytes()[:16] == db_before[:16]  # same salt: same file


def test_device_secret_is_required_when_bound(opened, memory_keyring, passphrase: str) -> None:
    keyfile = keystore.KeyFile.read(opened.paths.keys)
    assert keyfile.device_bound
    assert memory_keyring.secrets
    opened.lock()
    memory_keyring.secrets.clear()  # the files copied onto another computer
    with pytest.raises(KeyringUnavailableError):
        caseload_file.unlock(opened.paths.root, passphrase)


def test_no_secure_keyring_means_passphrase_only(tmp_path: Path, passphrase: str) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    made, _ = caseload_file.create(tmp_path / "c", passphrase, cost=FAST_KDF,
                                   recovery_cost=FAST_KDF)
    assert "passphrase alone" in made.notice
    made.lock()
    assert not keystore.KeyFile.read(tmp_path / "c" / "keys.json").device_bound
    caseload_file.unlock(tmp_path / "c", passphrase).lock()


def test_short_passphrase_refused(tmp_path: Path) -> None:
    from officer_desk.errors import ValidationError

    with pytest.raises(ValidationError):
        caseload_file.create(tmp_path / "c", "short")
    assert not (tmp_path / "c" / "caseload.db").exists()


def test_files_are_private(opened) -> None:
    _fill(opened)
    for path in (opened.paths.database, opened.paths.keys):
        assert path.stat().st_mode & 0o077 == 0
