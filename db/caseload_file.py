"""A caseload on disk: the encrypted database and its key file in one data folder.

Creating, unlocking (passphrase or recovery code), changing the passphrase, locking. Nothing
here prints or prompts: the composition root and the desktop ask the officer and show results.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from db import audit, backup, file_lock, keystore, restore
from db.connection import close_database, open_database
from db.errors import SqlError, translate
from db.migrations import migrate
from db.store import RecordStore
from db.transaction import write_transaction
from officer_desk.errors import (
    CaseloadExistsError,
    CaseloadMissingError,
    DatabaseDamagedError,
    DiskFullError,
    UserFacingError,
    WrongKeyError,
)


@dataclass(frozen=True)
class CaseloadPaths:
    """Where a caseload's files live inside its data folder."""

    root: Path

    @property
    def database(self) -> Path:
        """The encrypted SQLCipher file."""
        return self.root / "caseload.db"

    @property
    def keys(self) -> Path:
        """The wrapped keys."""
        return self.root / "keys.json"

    @property
    def backups(self) -> Path:
        """Encrypted backups."""
        return self.root / "backups"

    @property
    def policy(self) -> Path:
        """An organisation's policy override, if any."""
        return self.root / "policy.toml"

    @property
    def unlock_state(self) -> Path:
        """Failed-unlock counter (no case content)."""
        return self.root / "unlock-state.json"

    def exists(self) -> bool:
        """A caseload is here."""
        return self.database.exists() and self.keys.exists()


def default_actor() -> str:
    """Who the audit trail names when no officer name is set."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "officer"


@dataclass
class OpenCaseload:
    """An unlocked caseload. ``lock`` closes the database and drops the key."""

    paths: CaseloadPaths
    db: Database
    key: bytes
    caseload_id: str
    store: RecordStore = field(init=False)
    notice: str = ""
    held: file_lock.CaseloadLock | None = None

    def __post_init__(self) -> None:
        actor = None
        try:
            row = self.db.execute("SELECT value FROM settings WHERE key = 'officer_name'").fetchone()
            actor = json.loads(row[0]) if row else None
        except SqlError:
            actor = None
        self.store = RecordStore(self.db, actor or default_actor())

    @property
    def is_open(self) -> bool:
        """Not yet locked."""
        return bool(self.key)

    def backup(self, keep: int = 10) -> Path:
        """An encrypted backup now (and a copy of the key file beside the backups)."""
        dest = backup.make_backup(self.db, self.key, self.paths.backups, keep)
        _copy_keys(self.paths)
        self.store.log("backup", detail={"file": dest.name})
        return dest

    def backup_due(self, hours: float = 24.0) -> bool:
        """True when the newest backup is older than ``hours`` (or there is none)."""
        latest = backup.backups(self.paths.backups)
        return not latest or time.time() - latest[0].stat().st_mtime >= hours * 3600

    def backup_if_due(self, keep: int = 10, hours: float = 24.0) -> Path | None:
        """The daily backup."""
        return self.backup(keep) if self.backup_due(hours) else None

    def lock(self) -> None:
        """Close the database and forget the key."""
        if self.key:
            close_database(self.db)
            self.key = b""
        if self.held is not None:
            self.held.release()
            self.held = None


def backup_from_worker(paths: CaseloadPaths, key: bytes, keep: int) -> Path:
    """A backup over a connection of the calling thread's own (for a background worker)."""
    db = open_database(paths.database, key)
    try:
        dest = backup.make_backup(db, key, paths.backups, keep)
    finally:
        close_database(db, checkpoint="PASSIVE")
    _copy_keys(paths)
    return dest


def _copy_keys(paths: CaseloadPaths) -> None:
    """The key file beside the backups: a backup is useless without its wrapped key."""
    try:
        keystore.KeyFile.read(paths.keys).write(paths.backups / "keys.json")
    except OSError as exc:
        raise UserFacingError(f"The key file could not be copied beside the backups: "
                              f"{exc.strerror or exc}.") from None


def _damaged(paths: CaseloadPaths, what: str) -> DatabaseDamagedError:
    latest = backup.backups(paths.backups)
    offer = (f"The latest backup is {latest[0].name} (in {paths.backups}); restore it with "
             f"'officer-desk restore {latest[0]}'." if latest else
             "No backup was found; the last export to the central system is the other copy.")
    return DatabaseDamagedError(f"The caseload file is damaged ({what}). {offer}")


def _check_size(paths: CaseloadPaths, db: Database) -> None:
    """Cheap truncation check: the file must hold every page its header promises.

    Pages can still sit in the write-ahead log after a crash, so the log is folded into the
    file first; when another program holds the caseload the check is skipped (it cannot tell).
    """
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        return
    page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    size = paths.database.stat().st_size
    if size % page_size or size < pages * page_size:
        raise _damaged(paths, "it is shorter than it should be")


def _disk_full(paths: CaseloadPaths) -> DiskFullError | None:
    """A full disk, said as such (SQLite reports some of its forms as an unreadable file)."""
    try:
        st = os.statvfs(paths.root)
    except (OSError, AttributeError):
        return None
    if st.f_bavail * st.f_frsize < _LOW_SPACE:
        return DiskFullError(f"The disk holding the caseload ({paths.root}) is full, so it "
                             "cannot be opened. Nothing is damaged: free some space and try "
                             "again.")
    return None


_LOW_SPACE = 1024 * 1024


def _tidy(paths: CaseloadPaths) -> None:
    """Clear what killed backups and restores left behind; keep few replaced files."""
    restore.clear_leftovers(paths.root, older_than=0)  # the shared lock proves none is running
    restore.rotate_replaced(paths.database)
    backup.clear_partial(paths.backups)
    if paths.backups.is_dir():
        with contextlib.suppress(OSError):
            os.chmod(paths.backups, 0o700)


def _open(paths: CaseloadPaths, key: bytes, caseload_id: str) -> OpenCaseload:
    held = file_lock.shared(paths.root)
    try:
        return _open_held(paths, key, caseload_id, held)
    except BaseException:
        held.release()
        raise


def _open_held(paths: CaseloadPaths, key: bytes, caseload_id: str,
               held: file_lock.CaseloadLock) -> OpenCaseload:
    with contextlib.suppress(OSError):
        _tidy(paths)
    try:
        db = open_database(paths.database, key)
    except (WrongKeyError, DatabaseDamagedError, DiskFullError, UserFacingError) as exc:
        full = _disk_full(paths)
        if full is not None:
            raise full from None
        if isinstance(exc, WrongKeyError | DatabaseDamagedError):
            raise _damaged(paths, "the key is right but the file does not open") from None
        raise
    try:
        _check_size(paths, db)
        migrate(db, paths.database)
    except SqlError as exc:
        db.conn.close()
        full = _disk_full(paths)
        if full is not None:
            raise full from None
        error = translate(exc)
        if isinstance(error, DatabaseDamagedError):
            raise _damaged(paths, "a part of it cannot be read") from None
        raise error from None
    except OSError as exc:
        db.conn.close()
        raise _disk_full(paths) or UserFacingError(
            f"The caseload could not be opened: {exc.strerror or exc}.") from None
    except Exception:
        db.conn.close()
        raise
    return OpenCaseload(paths, db, key, caseload_id, held=held)


def create(root: Path, passphrase: str, *, minimum: int = keystore.MIN_PASSPHRASE,
           **cost: dict[str, int]) -> tuple[OpenCaseload, str]:
    """A new empty caseload; returns it open, with the recovery code to show once."""
    paths = CaseloadPaths(root)
    if paths.database.exists() or paths.keys.exists():
        raise CaseloadExistsError(f"There is already a caseload in {root}.")
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    made = keystore.create_keys(passphrase, cost=cost.get("cost"),
                                recovery_cost=cost.get("recovery_cost"), minimum=minimum)
    held = file_lock.shared(root)
    db = open_database(paths.database, made.key, create=True)
    os.chmod(paths.database, 0o600)
    try:
        migrate(db, None)
        made.keyfile.write(paths.keys)
        opened = OpenCaseload(paths, db, made.key, made.keyfile.caseload_id, notice=made.notice,
                              held=held)
        opened.store.log("create", detail={"device_bound": made.keyfile.device_bound})
    except BaseException:
        db.conn.close()
        held.release()
        for p in (paths.database, paths.keys):
            p.unlink(missing_ok=True)
        raise
    return opened, made.recovery_code


def _require(paths: CaseloadPaths) -> keystore.KeyFile:
    if paths.keys.exists() and not paths.database.exists():
        latest = backup.backups(paths.backups)
        offer = (f"Restore the latest backup with 'officer-desk restore {latest[0]}'."
                 if latest else "No backup was found beside it.")
        raise CaseloadMissingError(f"The caseload file is missing from {paths.root} (its key "
                                   f"file is there). {offer}")
    if not paths.exists():
        raise CaseloadMissingError(f"There is no caseload in {paths.root}. Create one with "
                                   "'officer-desk init' (or 'officer-desk demo').")
    return keystore.KeyFile.read(paths.keys)


def _failures(paths: CaseloadPaths) -> dict[str, float]:
    try:
        return json.loads(paths.unlock_state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"count": 0, "last": 0.0}


def unlock_delay(paths: CaseloadPaths, free_tries: int = 3, max_seconds: int = 30) -> float:
    """Seconds to wait before the next try: doubling after ``free_tries`` wrong passphrases."""
    state = _failures(paths)
    count = int(state.get("count", 0))
    if count < free_tries:
        return 0.0
    wait = min(max_seconds, 2 ** (count - free_tries))
    return max(0.0, float(state.get("last", 0.0)) + wait - time.time())


def _note_failure(paths: CaseloadPaths) -> None:
    state = _failures(paths)
    state = {"count": int(state.get("count", 0)) + 1, "last": time.time()}
    tmp = paths.unlock_state.with_name(paths.unlock_state.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(state, fh)
    os.replace(tmp, paths.unlock_state)


def _after_login(opened: OpenCaseload, how: str) -> None:
    state = _failures(opened.paths)
    failed = int(state.get("count", 0))
    with write_transaction(opened.db):
        if failed:
            audit.append(opened.db, opened.store.actor, "failed_unlocks",
                         detail={"count": failed,
                                 "last": datetime.fromtimestamp(state["last"]).isoformat(
                                     timespec="seconds")})
        audit.append(opened.db, opened.store.actor, "login", detail={"how": how})
    opened.paths.unlock_state.unlink(missing_ok=True)


def unlock(root: Path, passphrase: str) -> OpenCaseload:
    """Open with the passphrase. A wrong one changes nothing but the failure counter."""
    paths = CaseloadPaths(root)
    keyfile = _require(paths)
    try:
        key = keystore.unlock(keyfile, passphrase)
    except WrongKeyError:
        _note_failure(paths)
        raise
    opened = _open(paths, key, keyfile.caseload_id)
    _after_login(opened, "passphrase")
    return opened


def recover(root: Path, code: str, new_passphrase: str) -> tuple[OpenCaseload, str]:
    """Open with the recovery code, set a new passphrase, issue a new one-time code."""
    paths = CaseloadPaths(root)
    keyfile = _require(paths)
    keystore.check_passphrase(new_passphrase)
    try:
        key = keystore.unlock_with_recovery(keyfile, code)
    except WrongKeyError:
        _note_failure(paths)
        raise
    opened = _open(paths, key, keyfile.caseload_id)
    updated, new_code = keystore.rewrap(keyfile, key, new_passphrase, new_recovery=True)
    updated.write(paths.keys)
    _after_login(opened, "recovery code")
    opened.store.log("recovery_code_used", detail={"device_bound": updated.device_bound})
    assert new_code is not None
    return opened, new_code


def change_passphrase(opened: OpenCaseload, old: str, new: str) -> None:
    """Rewrap the key under a new passphrase after checking the old one."""
    keyfile = keystore.KeyFile.read(opened.paths.keys)
    try:
        matches = keystore.unlock(keyfile, old) == opened.key
    except WrongKeyError:
        matches = False
    if not matches:
        raise WrongKeyError("The current passphrase is not right.")
    updated, _ = keystore.rewrap(keyfile, opened.key, new)
    updated.write(opened.paths.keys)
    opened.store.log("passphrase_changed")
