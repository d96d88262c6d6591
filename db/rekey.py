"""Re-encrypting the caseload under a new key, so that old key files stop opening it.

Changing the passphrase only rewraps the key: a copy of an old ``keys.json`` and the old
passphrase still unwrap the same key. After a recovery (the passphrase may be known) or on
demand, the database, every backup and every kept copy are re-encrypted under a new random
key, and every stored key file is rewritten.

The steps survive a kill at any point. The new key's wraps are written into ``keys.json``
first (beside the old ones); the database is copied under the new key and swapped in with one
atomic rename; then the backups and kept copies are re-encrypted one by one (each swapped
atomically; a file that does not open under the old key is retired); only then do the old
wraps go. Whoever unlocks next with a key file that still holds both rolls forward.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from db import audit_anchor, backup, file_lock, key_memory, keystore
from db.connection import close_database, open_database
from db.private_files import sync_folder
from officer_desk.errors import UserFacingError

REKEYING = ".rekeying-"


def _opens(path: Path, key: bytes) -> bool:
    try:
        db = open_database(path, key)
    except Exception:  # noqa: BLE001 - any failure means "not under this key"
        return False
    close_database(db, checkpoint="PASSIVE")
    return True


def _reencrypt(path: Path, old_key: bytes, new_key: bytes) -> bool:
    """One encrypted file under the new key, swapped in atomically; False if retired."""
    if _opens(path, new_key):
        return True  # done before a kill
    tmp = path.with_name(f".{path.name}{REKEYING}{uuid.uuid4().hex}")
    try:
        db = open_database(path, old_key)
    except Exception:  # noqa: BLE001 - damaged or under some other key: it cannot be kept
        _retire(path)
        return False
    try:
        backup.export_encrypted(db, new_key, tmp)
    finally:
        close_database(db)
    os.replace(tmp, path)
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    return True


def _retire(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)


def copies(root: Path) -> list[Path]:
    """Every encrypted copy kept beside the caseload: backups, replaced and pre-migration files."""
    found = list(backup.backups(root / "backups"))
    for pattern in ("caseload.db.replaced-*", "caseload.db.bak-*"):
        found += [p for p in root.glob(pattern) if not p.name.endswith(("-wal", "-shm"))]
    return sorted(found)


def clear_leftovers(root: Path) -> None:
    """Temporary copies of a re-encryption that was killed."""
    for folder in (root, root / "backups"):
        for leftover in folder.glob(f".*{REKEYING}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _swap_database(database: Path, old_key: bytes, new_key: bytes) -> None:
    if _opens(database, new_key):
        return  # swapped before a kill
    tmp = database.with_name(f".{database.name}{REKEYING}{uuid.uuid4().hex}")
    db = open_database(database, old_key)
    try:
        backup.export_encrypted(db, new_key, tmp)
    finally:
        close_database(db)  # folds the log into the old file: nothing is left in -wal
    os.replace(tmp, database)
    for side in ("-wal", "-shm"):
        database.with_name(database.name + side).unlink(missing_ok=True)
    sync_folder(database.parent)


def _reseal_anchor(root: Path, old_key: bytes, new_key: bytes) -> None:
    """The anchor's MAC under the new key; one that does not verify under the old key is left
    as it is (already resealed before a kill, or edited: the next unlock checks and says)."""
    path = root / audit_anchor.NAME
    try:
        anchor = audit_anchor.read(path, old_key)
    except audit_anchor.AnchorForged:
        return
    if anchor is not None:
        audit_anchor.write(path, new_key, anchor)


def roll_forward(root: Path, keyfile: keystore.KeyFile, old_key: bytes,
                 new_key: bytes) -> tuple[keystore.KeyFile, list[Path]]:
    """Finish a re-encryption whose new wraps are in ``keyfile.rekey``.

    Returns the final key file and the copies retired because they did not open.
    """
    assert keyfile.rekey is not None
    database = root / "caseload.db"
    lock = file_lock.exclusive(root)
    try:
        clear_leftovers(root)
        _swap_database(database, old_key, new_key)
        retired = [p for p in copies(root) if not _reencrypt(p, old_key, new_key)]
        _reseal_anchor(root, old_key, new_key)
        final = keystore.from_block(keyfile, keyfile.rekey)
        final.write(root / "keys.json")
        if (root / "backups").is_dir():
            final.write(root / "backups" / "keys.json")
        clear_leftovers(root)
    except OSError as exc:
        raise UserFacingError(f"Re-encrypting the caseload stopped: {exc.strerror or exc}. "
                              "Nothing is lost: unlock again to finish it.") from None
    finally:
        lock.release()
    return final, retired


def begin(root: Path, keyfile: keystore.KeyFile, block: dict[str, Any]) -> keystore.KeyFile:
    """Write the new key's wraps beside the old ones: from here a kill rolls forward."""
    started = replace(keyfile, rekey=block)
    started.write(root / "keys.json")
    return started


def rekey(root: Path, keyfile: keystore.KeyFile, old_key: bytes, passphrase: str, *,
          code: str | None = None, pending_code: str | None = None
          ) -> tuple[keystore.KeyFile, bytearray, list[Path]]:
    """Re-encrypt everything under a new random key.

    Returns the final key file, the new key and the copies retired because they did not open.
    """
    new_key = key_memory.new_key()
    block = keystore.wrap_block(keyfile, new_key, passphrase, code=code,
                                pending_code=pending_code)
    started = begin(root, keyfile, block)
    final, retired = roll_forward(root, started, old_key, new_key)
    return final, new_key, retired
