"""Old credentials stop opening the caseload; the counter cannot be reset; the trail is anchored."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from db import audit, backup, caseload_file, keystore
from db.connection import close_database, open_database
from officer_desk.errors import UnlockDelayedError, WrongKeyError
from officer_desk.services import import_lines
from tests.helpers.fakes import FAST_KDF
from tests.helpers.records import HEADER, person

PASS = "correct horse battery staple"


def _fill(opened, n: int, start: int = 0) -> None:
    import_lines(opened.store, [json.dumps(HEADER)] + [
        json.dumps(person(f"X{100000 + i}", f"p{i}")) for i in range(start, start + n)], "t")


def _opens(path: Path, key: bytes) -> bool:
    try:
        db = open_database(path, key)
    except Exception:  # noqa: BLE001
        return False
    close_database(db)
    return True


@pytest.fixture
def made(tmp_path: Path):
    root = tmp_path / "c"
    opened, code = caseload_file.create(root, PASS, cost=FAST_KDF, recovery_cost=FAST_KDF)
    _fill(opened, 5)
    opened.backup()
    opened.backup()
    opened.lock()
    stolen = tmp_path / "stolen-keys.json"
    shutil.copy2(root / "backups" / "keys.json", stolen)  # a copy taken off the laptop
    return root, code, stolen


def _stored_files(root: Path) -> list[Path]:
    return [root / "caseload.db", *backup.backups(root / "backups")]


def test_recovery_revokes_old_key_files_for_the_caseload_and_every_backup(made) -> None:
    root, code, stolen = made
    old_key = keystore.unlock(keystore.KeyFile.read(stolen), PASS)
    assert all(_opens(p, old_key) for p in _stored_files(root))
    opened, new_code = caseload_file.recover(root, code, "a brand new passphrase")
    assert opened.store.count()["person"] == 5
    opened.lock()
    old_key = keystore.unlock(keystore.KeyFile.read(stolen), PASS)  # the copy still unwraps...
    assert not any(_opens(p, old_key) for p in _stored_files(root))  # ...but opens nothing
    assert (root / "backups" / "keys.json").read_bytes() == (root / "keys.json").read_bytes()
    assert len(backup.backups(root / "backups")) == 2  # re-encrypted, not lost
    new_key = keystore.unlock(keystore.KeyFile.read(root / "keys.json"), "a brand new passphrase")
    assert all(_opens(p, new_key) for p in _stored_files(root))


def test_rekey_on_demand_keeps_or_replaces_the_code(made) -> None:
    root, code, stolen = made
    opened, pending, retired = caseload_file.rekey_caseload(root, PASS, code)
    opened.lock()
    assert pending is None and retired == []
    old_key = keystore.unlock(keystore.KeyFile.read(stolen), PASS)
    assert not any(_opens(p, old_key) for p in _stored_files(root))
    # The same code still works (kept, wrapped under the new key).
    assert _opens(root / "caseload.db",
                  keystore.unlock_with_recovery(keystore.KeyFile.read(root / "keys.json"), code))
    opened, pending, _ = caseload_file.rekey_caseload(root, PASS)  # without the code: a new one
    assert pending is not None
    with pytest.raises(WrongKeyError):
        keystore.unlock_with_recovery(keystore.KeyFile.read(root / "keys.json"), code)
    caseload_file.confirm_recovery_code(opened, pending)
    opened.lock()
    keyfile = keystore.KeyFile.read(root / "keys.json")
    assert keyfile.recovery_pending is None
    assert _opens(root / "caseload.db", keystore.unlock_with_recovery(keyfile, pending))


def test_passwd_rewrites_every_key_file_but_does_not_revoke(made) -> None:
    root, _code, stolen = made
    opened = caseload_file.unlock(root, PASS)
    caseload_file.change_passphrase(opened, PASS, "the second passphrase")
    opened.lock()
    assert (root / "backups" / "keys.json").read_bytes() == (root / "keys.json").read_bytes()
    # As the security model says: the key is the same, so an old copy with the old passphrase opens it.
    old_key = keystore.unlock(keystore.KeyFile.read(stolen), PASS)
    assert _opens(root / "caseload.db", old_key)


def test_a_new_code_is_pending_until_confirmed_and_the_old_one_still_works(made) -> None:
    root, code, _ = made
    opened, new_code = caseload_file.recover(root, code, "a brand new passphrase")
    opened.lock()
    keyfile = keystore.KeyFile.read(root / "keys.json")
    assert keyfile.recovery_pending is not None
    for either in (code, new_code):
        assert _opens(root / "caseload.db", keystore.unlock_with_recovery(keyfile, either))
    opened = caseload_file.unlock(root, "a brand new passphrase")
    with pytest.raises(WrongKeyError):
        caseload_file.confirm_recovery_code(opened, code)  # the old code is not the new one
    caseload_file.confirm_recovery_code(opened, new_code)
    opened.lock()
    with pytest.raises(WrongKeyError):
        keystore.unlock_with_recovery(keystore.KeyFile.read(root / "keys.json"), code)


def test_wrong_passphrase_delay_is_enforced_and_survives_deleting_its_file(made, monkeypatch):
    root, _, _ = made
    clock = [time.time()]
    monkeypatch.setattr("db.unlock_guard.time.time", lambda: clock[0])
    for _ in range(4):
        with pytest.raises(WrongKeyError):
            caseload_file.unlock(root, "not the passphrase")
        clock[0] += 1.5  # within the doubling delay after the third wrong try
    with pytest.raises(UnlockDelayedError):
        caseload_file.unlock(root, "not the passphrase")  # a fifth try at once is not tried
    with pytest.raises(UnlockDelayedError):
        caseload_file.unlock(root, PASS)  # even the right one waits
    (root / "unlock-state.json").unlink()  # deleting the counter is not a reset
    with pytest.raises(UnlockDelayedError):
        caseload_file.unlock(root, PASS)
    (root / "unlock-state.json").write_text("{damaged")
    clock[0] += 120
    with pytest.raises(UnlockDelayedError):  # a damaged file is suspicious too
        caseload_file.unlock(root, PASS)
    clock[0] += 120
    opened = caseload_file.unlock(root, PASS)
    actions = [e.action for e in audit.entries(opened.db, limit=10)]
    opened.lock()
    assert "unlock_counter_lost" in actions


def test_an_older_copy_of_the_counter_put_back_does_not_reset_it(made, monkeypatch) -> None:
    root, _, _ = made
    clock = [time.time()]
    monkeypatch.setattr("db.unlock_guard.time.time", lambda: clock[0])
    saved = (root / "unlock-state.json").read_bytes()  # a thief keeps the count as it was
    for _ in range(4):
        with pytest.raises(WrongKeyError):
            caseload_file.unlock(root, "not the passphrase")
        clock[0] += 1.5
    (root / "unlock-state.json").write_bytes(saved)  # ... and puts it back
    with pytest.raises(UnlockDelayedError):  # the credential store's count holds
        caseload_file.unlock(root, "not the passphrase")
    assert json.loads((root / "unlock-state.json").read_text())["count"] == 4
    clock[0] += 120
    opened = caseload_file.unlock(root, PASS)
    actions = [e.action for e in audit.entries(opened.db, limit=10)]
    opened.lock()
    assert "unlock_counter_lost" in actions  # said in the trail at the next unlock


def test_rows_deleted_and_rehashed_with_the_key_are_found(made) -> None:
    root, _, _ = made
    opened = caseload_file.unlock(root, PASS)
    _fill(opened, 3, start=10)
    key = bytes(opened.key)
    opened.lock()
    db = open_database(root / "caseload.db", key)
    # Going around the app with the key: drop the triggers, delete the last entries, and
    # nothing in the chain itself is broken (no gap, every hash right).
    db.execute("DROP TRIGGER audit_no_delete")
    last = db.execute("SELECT max(seq) FROM audit").fetchone()[0]
    db.execute("DELETE FROM audit WHERE seq > ?", [last - 2])
    assert audit.verify(db).ok
    close_database(db)
    opened = caseload_file.unlock(root, PASS)
    assert "does not match" in opened.notice
    assert opened.anchor is not None and opened.anchor.problems
    opened.lock()
    # The finding stays, however often the caseload is opened afterwards.
    opened = caseload_file.unlock(root, PASS)
    assert opened.anchor.problems and audit.verify(opened.db).ok
    opened.lock()


def test_a_gap_in_the_numbers_is_reported(opened) -> None:
    _fill(opened, 3)
    _fill(opened, 3, start=5)
    opened.db.execute("DROP TRIGGER audit_no_delete")
    opened.db.execute("DELETE FROM audit WHERE seq = 2")
    result = audit.verify(opened.db)
    assert not result.ok and "entries 2 to 2 are missing" in result.reason


def test_saves_lost_from_a_damaged_log_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "c"
    opened, _ = caseload_file.create(root, PASS, cost=FAST_KDF, recovery_cost=FAST_KDF)
    _fill(opened, 2)
    opened.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for i in range(5):
        opened.store.save([person(f"Y{200000 + i}", f"q{i}")])  # each commit lands in the log
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("caseload.db", "caseload.db-wal", "keys.json", "audit-anchor.json",
                 "unlock-state.json"):
        shutil.copy2(root / name, copy / name)
    opened.lock()
    wal = copy / "caseload.db-wal"
    data = wal.read_bytes()
    wal.write_bytes(data[: len(data) - 3000])  # the last frames are torn
    damaged = caseload_file.unlock(copy, PASS)
    try:
        assert "missing" in damaged.notice
        assert any("missing" in p for p in damaged.anchor.problems)
    finally:
        damaged.lock()
