"""Encrypted backups: SQLite's online backup into a new file keyed with the same key.

The backup is as unreadable as the caseload (same raw key, which only ``keys.json`` unwraps), so
backups can sit beside the caseload or on a memory stick. Restore checks the file opens with
the key and passes ``integrity_check`` before anything is replaced, and keeps the replaced file.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from datetime import datetime
from pathlib import Path

import sqlcipher3
from sqlite_utils import Database

from db import file_clock, key_memory
from db.connection import close_database, open_database
from db.errors import SqlError, translate
from officer_desk.errors import DatabaseDamagedError, UserFacingError, WrongKeyError

PREFIX = "caseload-"
SUFFIX = ".backup.db"


def ensure_folder(folder: Path) -> None:
    """The backups folder, owner-only (it holds the key file's copy too)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)


def clear_partial(folder: Path, older_than: float = 600.0) -> list[Path]:
    """Remove pieces of backups whose writer was killed (older than ``older_than`` seconds).

    A backup in progress in another window is younger than that and is left alone.
    """
    removed = []
    if not folder.is_dir():
        return removed
    now = file_clock.now_in(folder)
    for part in folder.glob("*.part*"):
        with contextlib.suppress(OSError):
            if file_clock.age(part, now) > older_than:
                part.unlink()
                removed.append(part)
    return removed


def export_encrypted(db: Database, key: bytes, dest: Path) -> Path:
    """Write a consistent encrypted copy of the open database to ``dest``."""
    try:
        ensure_folder(dest.parent)
    except OSError as exc:
        raise UserFacingError(f"The backup folder {dest.parent} cannot be written: "
                              f"{exc.strerror or exc}.") from None
    # A private temporary name: two backups at once (daily and on lock) never share a file.
    tmp = dest.with_name(f"{dest.name}.{uuid.uuid4().hex}.part")
    try:
        # The online backup copies encrypted pages in steps: little memory even at team
        # scale, unlike sqlcipher_export, which rebuilds every index in memory
        # (https://www.zetetic.net/sqlcipher/sqlcipher-api/#sqlcipher_export).
        target = sqlcipher3.connect(str(tmp))
        try:
            target.execute("PRAGMA cipher_log_level = NONE")
            key_memory.apply_key(target, key)
            db.conn.backup(target, pages=1024)
        finally:
            target.close()
    except SqlError as exc:
        tmp.unlink(missing_ok=True)
        error = translate(exc)
        if isinstance(error, UserFacingError):
            raise UserFacingError(f"The backup could not be written to {dest.parent}: {exc}. "
                                  "Check the free space and try again.") from None
        raise error from None
    try:
        os.chmod(tmp, 0o600)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserFacingError(f"The backup could not be written to {dest.parent}: "
                              f"{exc.strerror or exc}.") from None
    return dest


def backups(folder: Path) -> list[Path]:
    """Backups in the folder, newest first."""
    if not folder.exists():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), reverse=True)


def make_backup(db: Database, key: bytes, folder: Path, keep: int,
                now: datetime | None = None) -> Path:
    """A new timestamped backup; the oldest beyond ``keep`` are removed."""
    stamp = (now or datetime.now()).strftime("%Y%m%dT%H%M%S")
    dest = folder / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    export_encrypted(db, key, dest)
    for old in backups(folder)[max(keep, 1):]:
        old.unlink(missing_ok=True)
    return dest


def check_file(path: Path, key: bytes) -> int:
    """Open a caseload or backup with the key and check it whole; the record count."""
    try:
        db = open_database(path, key)
    except WrongKeyError:
        raise WrongKeyError(f"{path.name} is not a backup of this caseload (the key does not "
                            "open it), or it is damaged.") from None
    except FileNotFoundError:
        raise UserFacingError(f"There is no file {path}.") from None
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise DatabaseDamagedError(f"{path.name} is damaged ({result}).")
        exists = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'records'").fetchone()
        if not exists[0]:
            raise DatabaseDamagedError(f"{path.name} is not an Officer Desk caseload.")
        return int(db.execute("SELECT count(*) FROM records").fetchone()[0])
    except SqlError as exc:
        raise translate(exc) from None
    finally:
        db.conn.close()


__all__ = ["backups", "check_file", "clear_partial", "close_database", "export_encrypted", "make_backup"]
