"""Restoring a backup so that a kill at any moment leaves a whole caseload file in place.

The backup is first copied beside the caseload under a private name, synced and checked (the
source is only ever read, so a write-protected stick works and is never changed); the live
file's log is folded in, the live file is kept under a second name (a hard link, so at no
moment is there no ``caseload.db``), and the checked copy takes its place with one atomic
rename. Leftovers of a restore that was killed are cleared at the next start.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path

from db import backup, file_clock, file_lock
from db.connection import close_database, open_database
from db.errors import SqlError
from db.private_files import sync_folder, user_error
from officer_desk.errors import UserFacingError

RESTORING = ".restoring-"
REPLACED = ".replaced-"
KEEP_REPLACED = 3


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _copy_in(source: Path, dest: Path) -> None:
    """Copy ``source`` to a new owner-only ``dest``, synced; only reads the source."""
    try:
        src = open(source, "rb")  # noqa: SIM115 - closed below, after the copy
    except FileNotFoundError:
        raise UserFacingError(f"There is no file {source}.") from None
    except OSError as exc:
        raise UserFacingError(f"{source} cannot be read: {exc.strerror or exc}.") from None
    try:
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        dest.unlink(missing_ok=True)
        raise user_error(exc, dest, "The restored copy") from None
    finally:
        src.close()


def _fold_log(database: Path, key: bytes) -> None:
    """Checkpoint the live file so its write-ahead log is empty before it is set aside."""
    try:
        db = open_database(database, key)
    except Exception:  # noqa: BLE001 - a damaged live file is being replaced anyway
        return
    try:
        close_database(db)
    except SqlError:
        pass


def clear_leftovers(root: Path, older_than: float = 600.0) -> list[Path]:
    """Remove copies left by a restore that was killed before it finished.

    A copy younger than ``older_than`` seconds may belong to a restore still running.
    """
    removed = []
    now = file_clock.now_in(root)
    for leftover in root.glob(f".caseload.db{RESTORING}*"):
        with contextlib.suppress(OSError):
            if file_clock.age(leftover, now) > older_than:
                leftover.unlink()
                removed.append(leftover)
    return removed


def rotate_replaced(database: Path, keep: int = KEEP_REPLACED) -> None:
    """Keep only the newest replaced files (each a whole caseload, encrypted)."""
    replaced = sorted((p for p in database.parent.glob(f"{database.name}{REPLACED}*")
                       if not p.name.endswith(("-wal", "-shm"))), reverse=True)
    for old in replaced[keep:]:
        for path in (old, old.with_name(old.name + "-wal"), old.with_name(old.name + "-shm")):
            path.unlink(missing_ok=True)


def restore(source: Path, database: Path, key: bytes) -> tuple[int, Path | None]:
    """Replace ``database`` with the checked backup; (records, the replaced file kept aside)."""
    source = Path(source)
    if _same_file(source, database) or source.resolve() == database.resolve():
        raise UserFacingError(f"{source} is the caseload file itself, not a backup. Choose a "
                              f"backup (they are in {database.parent / 'backups'}).")
    root = database.parent
    root.mkdir(parents=True, exist_ok=True)
    lock = file_lock.exclusive(root)  # for the whole restore: nobody opens a file half-done
    copy = root / f".{database.name}{RESTORING}{uuid.uuid4().hex}"
    try:
        clear_leftovers(root, older_than=0)
        _copy_in(source, copy)
        count = backup.check_file(copy, key)
        kept: Path | None = None
        if database.exists():
            _fold_log(database, key)
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
            kept = database.with_name(f"{database.name}{REPLACED}{stamp}")
            n = 1
            while kept.exists():
                n += 1
                kept = database.with_name(f"{database.name}{REPLACED}{stamp}-{n}")
            try:
                os.link(database, kept)
            except OSError:  # a file system without hard links: a copy, synced
                shutil.copy2(database, kept)
            wal = database.with_name(database.name + "-wal")
            if wal.exists():
                os.replace(wal, kept.with_name(kept.name + "-wal"))
        os.replace(copy, database)
        database.with_name(database.name + "-shm").unlink(missing_ok=True)
        sync_folder(root)
        rotate_replaced(database)
    except OSError as exc:
        raise user_error(exc, database, "The caseload") from None
    finally:
        for leftover in (copy, copy.with_name(copy.name + "-wal"),
                         copy.with_name(copy.name + "-shm")):
            leftover.unlink(missing_ok=True)
        lock.release()
    return count, kept
