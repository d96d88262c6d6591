"""The one way to open a caseload database (conventions.md section 6)."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlite_utils import Database

from db import key_memory
from db.errors import SqlError, translate

KEY_BYTES = 32


def open_database(path: Path, key: bytes | bytearray, *, create: bool = False) -> Database:
    """Open (or create) the SQLCipher file with a raw 32-byte key; a wrong key fails here."""
    if not create and not path.exists():
        raise FileNotFoundError(path)
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False,
                              timeout=5.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Raw-key form: no KDF inside SQLCipher (ours ran already), no key in any SQL text.
        key_memory.apply_key(conn, key)
        # SQLCipher checks the key only on the first real read (conventions.md facts 3).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # WAL keeps a crash from tearing a write; SQLCipher encrypts the WAL pages too.
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files on disk
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of decrypted pages kept
    except SqlError as exc:
        conn.close()
        raise translate(exc) from None
    # No sqlite-utils plugins: one installed on the laptop would be handed this decrypted
    # connection (and finding them reads every installed package's metadata at each open).
    return Database(conn, strict=True, execute_plugins=False)


def close_database(db: Database, *, checkpoint: str = "TRUNCATE") -> None:
    """Checkpoint the WAL into the main file and close.

    A second connection (a background backup) closes with a PASSIVE checkpoint, which never
    holds up the officer's writes on the main connection.
    """
    try:
        db.conn.execute(f"PRAGMA wal_checkpoint({'PASSIVE' if checkpoint == 'PASSIVE' else 'TRUNCATE'})")
    except SqlError:
        pass  # closing anyway; the WAL is replayed on next open
    db.conn.close()
