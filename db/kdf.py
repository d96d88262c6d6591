"""The passphrase's key derivation, importable before the rest of the storage layer.

At desktop start the derivation (a third of a second of scrypt, with the interpreter lock
released) is the longest single step. It can begin the moment the process starts, beside the
desktop's imports, if it does not first wait for those of the storage layer; the result is
handed to ``keystore`` when the unlock gets there, once, and only for the same secret, salt
and cost. The unlock's own checks (the wrong-passphrase delay, the key file's integrity) all
still run before anything is opened.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import unicodedata
from pathlib import Path
from typing import Any

_ready: dict[tuple[bytes, bytes, int, int, int], bytes] = {}
_lock = threading.Lock()


def normalise(secret: str) -> bytes:
    """The same passphrase typed on any keyboard gives the same bytes."""
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def scrypt(secret: bytes, salt: bytes, cost: dict[str, int]) -> bytes:
    """scrypt with the caseload's cost (a result derived ahead is taken, once)."""
    n, r, p = cost["n"], cost["r"], cost["p"]
    with _lock:
        found = _ready.pop((secret, salt, n, r, p), None)
    return found if found is not None else _scrypt(secret, salt, n, r, p)


def _scrypt(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=32, maxmem=256 * 1024 * 1024)


def derive_ahead(keys_file: Path, passphrase: str) -> None:
    """Derive the passphrase's key for the caseload's key file now (nothing if it is odd:
    the unlock itself then says what is wrong)."""
    try:
        wrap: Any = json.loads(keys_file.read_text(encoding="utf-8"))["passphrase"]
        salt = base64.b64decode(wrap["salt"], validate=True)
        n, r, p = int(wrap["kdf"]["n"]), int(wrap["kdf"]["r"]), int(wrap["kdf"]["p"])
        secret = normalise(passphrase)
        kek = _scrypt(secret, salt, n, r, p)
    except (OSError, ValueError, KeyError, TypeError):
        return
    with _lock:
        _ready[(secret, salt, n, r, p)] = kek


def forget() -> None:
    """Drop any result derived ahead and not taken."""
    with _lock:
        _ready.clear()
