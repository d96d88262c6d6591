"""Keeping the caseload key out of memory once the caseload is locked.

Python's ``bytes`` and ``str`` are immutable and freed without being cleared, so every copy of
the key (and of its hex form, which SQLCipher's raw-key syntax needs) would linger in the
process after lock, readable from a memory dump or a swapped page. The key lives in one
``bytearray`` that is zeroed on lock; its hex form is built in another ``bytearray`` handed to
SQLCipher's ``sqlite3_key`` directly (no SQL text, no statement cache) and zeroed at once;
immutable copies that cannot be avoided (the AES-GCM unwrap's result) are overwritten in
place. SQLCipher clears its own key material when the connection closes (its memory-security
mode, which clears every allocation, costs twice the import time and is not needed for the
key). Core dumps are disabled.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from typing import Any

import sqlcipher3

from db.errors import translate

KEY_BYTES = 32
_HEX = b"0123456789abcdef"
_BYTES_DATA = sys.getsizeof(b"") - 1  # offset of a bytes object's data in CPython


def new_key() -> bytearray:
    """A fresh random caseload key."""
    raw = os.urandom(KEY_BYTES)
    key = bytearray(raw)
    wipe_bytes(raw)
    return key


def take(raw: bytes) -> bytearray:
    """A wipeable copy of key material; the immutable original is overwritten."""
    key = bytearray(raw)
    wipe_bytes(raw)
    return key


def wipe(buffer: bytearray | None) -> None:
    """Zero a key buffer in place."""
    if buffer:
        buffer[:] = bytes(len(buffer))


def wipe_bytes(raw: bytes) -> None:
    """Overwrite an immutable ``bytes`` in place (CPython), for a copy we were handed."""
    if isinstance(raw, bytearray):
        wipe(raw)
        return
    if sys.implementation.name == "cpython" and type(raw) is bytes and len(raw) > 1:
        ctypes.memset(id(raw) + _BYTES_DATA, 0, len(raw))


def _hex_literal(key: bytes | bytearray) -> bytearray:
    """``x'…'`` for the raw key, built in a buffer that can be zeroed."""
    out = bytearray(len(key) * 2 + 3)
    out[0:2] = b"x'"
    for i, byte in enumerate(key):
        out[2 + 2 * i] = _HEX[byte >> 4]
        out[3 + 2 * i] = _HEX[byte & 15]
    out[-1] = ord("'")
    return out


def _module_file() -> str:
    from sqlcipher3 import _sqlite3  # type: ignore[attr-defined]

    return str(_sqlite3.__file__)


_LIB: Any = None


def _handle(conn: Any) -> int | None:
    """The ``sqlite3*`` behind a connection (the first field after CPython's object head)."""
    if sys.implementation.name != "cpython":
        return None
    pointer = ctypes.c_void_p.from_address(id(conn) + ctypes.sizeof(ctypes.c_ssize_t) * 2)
    return pointer.value


def _c_key(conn: Any, literal: bytearray) -> bool:
    """``sqlite3_key`` on the connection's handle; False where that is not possible."""
    global _LIB
    try:
        if _LIB is None:
            _LIB = ctypes.CDLL(_module_file())
            _LIB.sqlite3_key.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
            _LIB.sqlite3_key.restype = ctypes.c_int
            _LIB.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
            _LIB.sqlite3_db_filename.restype = ctypes.c_char_p
        handle = _handle(conn)
        if not handle:
            return False
        # Make sure the pointer is this connection's: its main database file must match.
        filename = _LIB.sqlite3_db_filename(handle, b"main")
        expected = conn.execute("PRAGMA database_list").fetchone()[2]
        if (filename or b"").decode("utf-8", "replace") != (expected or ""):
            return False
        buffer = (ctypes.c_char * len(literal)).from_buffer(literal)
        return _LIB.sqlite3_key(handle, ctypes.addressof(buffer), len(literal)) == 0
    except (OSError, AttributeError, ValueError, sqlcipher3.dbapi2.Error):
        return False


def apply_key(conn: Any, key: bytes | bytearray) -> None:
    """Key a new SQLCipher connection with the raw key, leaving no copy of it behind."""
    if len(key) != KEY_BYTES:
        raise ValueError("a caseload key is 32 bytes")
    literal = _hex_literal(key)
    try:
        if _c_key(conn, literal):
            return
        # No C entry point here: the PRAGMA, with the text overwritten once used.
        statement = f'PRAGMA key = "{literal.decode("ascii")}"'
        try:
            conn.execute(statement)
        except sqlcipher3.dbapi2.Error as exc:
            raise translate(exc) from None
        finally:
            if sys.implementation.name == "cpython" and statement.isascii():
                ctypes.memset(id(statement) + sys.getsizeof("") - 1, ord(" "), len(statement))
    finally:
        wipe(literal)


def no_core_dumps() -> None:
    """A crash must not write the process's memory (with the key) to disk."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
