"""Key management: the caseload key, stored only wrapped (architecture.md, Key management).

The database key is 32 random bytes. It is kept in ``keys.json`` twice, each time sealed with
AES-256-GCM: under a key derived from the passphrase with scrypt (memory-hard), mixed with a
per-device secret from the OS keyring where a secure backend exists; and under a one-time
recovery code, without the device secret, so the code is the way onto a new laptop. This is
the only module that imports ``keyring``; a plaintext keyring backend is never used.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from officer_desk.errors import KeyringUnavailableError, ValidationError, WrongKeyError

KEYRING_SERVICE = "Officer Desk"
FORMAT = 1
MIN_PASSPHRASE = 10

# scrypt cost: N=2^17, r=8, p=1 is 128 MiB and the OWASP minimum for scrypt; the recovery code
# carries 120 random bits, so a lighter cost is enough there.
PASSPHRASE_KDF = {"n": 2**17, "r": 8, "p": 1}
RECOVERY_KDF = {"n": 2**14, "r": 8, "p": 1}
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _normalise(secret: str) -> bytes:
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def _derive(secret: bytes, salt: bytes, cost: dict[str, int]) -> bytes:
    n, r, p = cost["n"], cost["r"], cost["p"]
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=32, maxmem=256 * 1024 * 1024)


def _seal(kek: bytes, key: bytes, aad: bytes) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": _b64(nonce), "sealed": _b64(AESGCM(kek).encrypt(nonce, key, aad))}


def _open(kek: bytes, wrap: dict[str, Any], aad: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(_unb64(wrap["nonce"]), _unb64(wrap["sealed"]), aad)
    except (InvalidTag, KeyError, ValueError):
        raise WrongKeyError("That passphrase does not unlock this caseload.") from None


# --- the OS keyring ---------------------------------------------------------------------------

_INSECURE = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _is_secure(backend: Any) -> bool:
    module = type(backend).__module__
    if module.startswith(_INSECURE) or "plaintext" in type(backend).__name__.lower():
        return False
    children = getattr(backend, "backends", None)
    if module.startswith("keyring.backends.chainer"):
        return bool(children) and all(_is_secure(b) for b in children)
    return True


def keyring_status() -> tuple[bool, str]:
    """Whether a secure credential store is there, and a sentence saying so."""
    backend = keyring.get_keyring()
    if _is_secure(backend):
        return True, "The caseload is tied to this computer's credential store."
    return False, ("No secure credential store was found on this computer: the caseload is "
                   "protected by your passphrase alone. Copies of the files can be attacked "
                   "with passphrase guesses, so choose a long passphrase.")


def _get_device_secret(caseload_id: str) -> bytes | None:
    try:
        value = keyring.get_password(KEYRING_SERVICE, f"device-secret:{caseload_id}")
    except keyring.errors.KeyringError:
        return None
    return _unb64(value) if value else None


def _make_device_secret(caseload_id: str) -> bytes | None:
    secure, _ = keyring_status()
    if not secure:
        return None
    secret = os.urandom(32)
    try:
        keyring.set_password(KEYRING_SERVICE, f"device-secret:{caseload_id}", _b64(secret))
    except keyring.errors.KeyringError:
        return None
    return secret


# --- the key file -----------------------------------------------------------------------------


@dataclass
class KeyFile:
    """The contents of ``keys.json``: wraps of the caseload key, nothing secret in clear."""

    caseload_id: str
    device_bound: bool
    passphrase_wrap: dict[str, Any]
    recovery_wrap: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The file form."""
        return {"format": FORMAT, "caseload_id": self.caseload_id,
                "device_bound": self.device_bound, "passphrase": self.passphrase_wrap,
                "recovery": self.recovery_wrap}

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        """Read and check the key file."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValidationError("The caseload's key file is from another version.")
            return cls(str(data["caseload_id"]), bool(data["device_bound"]),
                       dict(data["passphrase"]), dict(data["recovery"]))
        except (OSError, ValueError, KeyError, TypeError):
            raise ValidationError(f"The caseload's key file ({path.name}) is missing or "
                                  "damaged. Restore it from a backup.") from None

    def write(self, path: Path) -> None:
        """Write atomically with owner-only permissions."""
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.to_json(), fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


def check_passphrase(passphrase: str, minimum: int = MIN_PASSPHRASE) -> None:
    """A passphrase long enough to resist guessing against a stolen file.

    The desktop always asks for ``MIN_PASSPHRASE``; a scripted set-up may pass a lower
    ``minimum`` (never below one character) and is warned instead.
    """
    minimum = max(1, minimum)
    if len(passphrase.strip()) < minimum:
        raise ValidationError(f"Choose a passphrase of at least {max(minimum, MIN_PASSPHRASE)} "
                              "characters; a few unrelated words work well.")


def weak_passphrase_warning(passphrase: str) -> str | None:
    """A warning for a passphrase shorter than the recommended length, or None."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        return (f"Warning: the passphrase is shorter than {MIN_PASSPHRASE} characters; a stolen "
                "copy of the files is easier to break. Change it with 'officer-desk passwd'.")
    return None


def new_recovery_code() -> str:
    """24 characters (120 bits) in six groups, easy to read aloud and type."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(24))
    return "-".join(chars[i:i + 4] for i in range(0, 24, 4))


def _normal_code(code: str) -> bytes:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.replace("0", "O").replace("1", "I").encode("ascii", "ignore")


def _aad(caseload_id: str, purpose: str) -> bytes:
    return f"officer-desk:{caseload_id}:{purpose}".encode()


def _passphrase_kek(passphrase: str, wrap: dict[str, Any], device_secret: bytes | None) -> bytes:
    kek = _derive(_normalise(passphrase), _unb64(wrap["salt"]), wrap["kdf"])
    if device_secret is not None:
        kek = hmac.new(device_secret, kek, hashlib.sha256).digest()
    return kek


def _wrap_passphrase(key: bytes, passphrase: str, caseload_id: str, device_secret: bytes | None,
                     cost: dict[str, int]) -> dict[str, Any]:
    wrap: dict[str, Any] = {"kdf": dict(cost, name="scrypt"), "salt": _b64(os.urandom(16))}
    kek = _passphrase_kek(passphrase, wrap, device_secret)
    wrap.update(_seal(kek, key, _aad(caseload_id, "passphrase")))
    return wrap


def _wrap_recovery(key: bytes, code: str, caseload_id: str, cost: dict[str, int]) -> dict[str, Any]:
    wrap: dict[str, Any] = {"kdf": dict(cost, name="scrypt"), "salt": _b64(os.urandom(16))}
    kek = _derive(_normal_code(code), _unb64(wrap["salt"]), wrap["kdf"])
    wrap.update(_seal(kek, key, _aad(caseload_id, "recovery")))
    return wrap


@dataclass
class Created:
    """A new key file, the caseload key and the recovery code to show once."""

    keyfile: KeyFile
    key: bytes
    recovery_code: str
    notice: str


def create_keys(passphrase: str, *, cost: dict[str, int] | None = None,
                recovery_cost: dict[str, int] | None = None,
                minimum: int = MIN_PASSPHRASE) -> Created:
    """A fresh random caseload key, wrapped under the passphrase and a new recovery code."""
    check_passphrase(passphrase, minimum)
    caseload_id = str(uuid.uuid4())
    key = os.urandom(32)
    device_secret = _make_device_secret(caseload_id)
    _, notice = keyring_status()
    if device_secret is None and keyring_status()[0]:
        notice = ("The credential store refused to keep a secret: the caseload is protected by "
                  "your passphrase alone.")
    code = new_recovery_code()
    keyfile = KeyFile(
        caseload_id, device_secret is not None,
        _wrap_passphrase(key, passphrase, caseload_id, device_secret, cost or PASSPHRASE_KDF),
        _wrap_recovery(key, code, caseload_id, recovery_cost or RECOVERY_KDF),
    )
    return Created(keyfile, key, code, notice)


def unlock(keyfile: KeyFile, passphrase: str) -> bytes:
    """The caseload key from the passphrase (and this device's secret, where bound)."""
    device_secret = None
    if keyfile.device_bound:
        device_secret = _get_device_secret(keyfile.caseload_id)
        if device_secret is None:
            raise KeyringUnavailableError(
                "This caseload is tied to a computer's credential store, and this computer's "
                "store does not hold its secret (or is not available). Unlock with the "
                "recovery code instead.")
    kek = _passphrase_kek(passphrase, keyfile.passphrase_wrap, device_secret)
    return _open(kek, keyfile.passphrase_wrap, _aad(keyfile.caseload_id, "passphrase"))


def unlock_with_recovery(keyfile: KeyFile, code: str) -> bytes:
    """The caseload key from the recovery code (no device secret: it works on any laptop)."""
    wrap = keyfile.recovery_wrap
    kek = _derive(_normal_code(code), _unb64(wrap["salt"]), wrap["kdf"])
    try:
        return _open(kek, wrap, _aad(keyfile.caseload_id, "recovery"))
    except WrongKeyError:
        raise WrongKeyError("That recovery code does not unlock this caseload.") from None


def rewrap(keyfile: KeyFile, key: bytes, new_passphrase: str, *, new_recovery: bool = False,
           cost: dict[str, int] | None = None) -> tuple[KeyFile, str | None]:
    """Wrap the same key under a new passphrase (no re-encryption); optionally a new code.

    The device secret is this computer's: after recovery on a new laptop the caseload becomes
    bound to the new laptop's credential store.
    """
    check_passphrase(new_passphrase)
    device_secret = _get_device_secret(keyfile.caseload_id) if keyfile.device_bound else None
    if device_secret is None:
        device_secret = _make_device_secret(keyfile.caseload_id)
    cost = cost or keyfile.passphrase_wrap.get("kdf") or PASSPHRASE_KDF
    cost = {k: int(cost[k]) for k in ("n", "r", "p")}
    code = new_recovery_code() if new_recovery else None
    recovery = (_wrap_recovery(key, code, keyfile.caseload_id,
                               {k: int(keyfile.recovery_wrap["kdf"][k]) for k in ("n", "r", "p")})
                if code else keyfile.recovery_wrap)
    updated = KeyFile(keyfile.caseload_id, device_secret is not None,
                      _wrap_passphrase(key, new_passphrase, keyfile.caseload_id, device_secret,
                                       cost), recovery)
    return updated, code
