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
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from db import kdf, key_memory
from db.private_files import sync_folder
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
    return kdf.normalise(secret)


def _derive(secret: bytes, salt: bytes, cost: dict[str, int]) -> bytes:
    return kdf.scrypt(secret, salt, cost)


def _seal(kek: bytes, key: bytes | bytearray, aad: bytes) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": _b64(nonce), "sealed": _b64(AESGCM(kek).encrypt(nonce, key, aad))}


def _open(kek: bytes, wrap: dict[str, Any], aad: bytes) -> bytearray:
    try:
        return key_memory.take(AESGCM(kek).decrypt(_unb64(wrap["nonce"]), _unb64(wrap["sealed"]),
                                                   aad))
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


def _keyring() -> Any:
    # Imported when first needed: a tenth of start-up otherwise, and a caseload opened with
    # its passphrase alone never asks the credential store anything.
    import keyring
    import keyring.errors

    return keyring


def keyring_status() -> tuple[bool, str]:
    """Whether a secure credential store is there, and a sentence saying so."""
    backend = _keyring().get_keyring()
    if _is_secure(backend):
        return True, "The caseload is tied to this computer's credential store."
    return False, ("No secure credential store was found on this computer: the caseload is "
                   "protected by your passphrase alone. Copies of the files can be attacked "
                   "with passphrase guesses, so choose a long passphrase.")


def _get_device_secret(caseload_id: str) -> bytes | None:
    keyring = _keyring()
    try:
        value = keyring.get_password(KEYRING_SERVICE, f"device-secret:{caseload_id}")
    except keyring.errors.KeyringError:
        return None
    return _unb64(value) if value else None


class KeyringTries:
    """The wrong-passphrase count kept in the credential store beside the device secret, so a
    copy of the counter file put back cannot roll it back (``unlock_guard.Mirror``)."""

    def __init__(self, caseload_id: str) -> None:
        self.name = f"unlock-tries:{caseload_id}"

    def get(self) -> tuple[int, float] | None:
        """(count, last) as kept, or None."""
        keyring = _keyring()
        try:
            value = keyring.get_password(KEYRING_SERVICE, self.name)
            data = json.loads(value) if value else None
            return (int(data["count"]), float(data["last"])) if data else None
        except (keyring.errors.KeyringError, ValueError, KeyError, TypeError):
            return None

    def put(self, count: int, last: float) -> None:
        """Keep (count, last); a credential store that refuses leaves the file's count."""
        keyring = _keyring()
        try:
            keyring.set_password(KEYRING_SERVICE, self.name,
                                 json.dumps({"count": count, "last": last}))
        except keyring.errors.KeyringError:
            pass  # the file still counts


def forget_device(caseload_id: str) -> None:
    """Delete the device secret and the try counter from the credential store (a wipe): with
    the secret gone, a passphrase wrap copied off the laptop opens for no one. Best effort:
    a store that refuses or holds nothing changes nothing."""
    keyring = _keyring()
    for name in (f"device-secret:{caseload_id}", f"unlock-tries:{caseload_id}"):
        try:
            keyring.delete_password(KEYRING_SERVICE, name)
        except keyring.errors.KeyringError:
            pass  # none was kept, or the store refused


def _make_device_secret(caseload_id: str) -> bytes | None:
    secure, _ = keyring_status()
    if not secure:
        return None
    secret = os.urandom(32)
    keyring = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, f"device-secret:{caseload_id}", _b64(secret))
    except keyring.errors.KeyringError:
        return None
    return secret


# --- the key file -----------------------------------------------------------------------------


# Bounds on what a key file may ask of the KDF: a tampered file must not make each try take
# minutes or gigabytes (scrypt memory is 128 * n * r bytes).
_N_RANGE = (2**10, 2**20)
_R_RANGE = (1, 32)
_P_RANGE = (1, 4)
_MAX_WORK = 2**17 * 8 * 2  # n * r * p: twice the product's own passphrase cost
_MAX_MEMORY = 256 * 1024 * 1024


class KeyFileDamagedError(ValidationError):
    """The key file is not one Officer Desk wrote: damaged, truncated or tampered with."""


def _damaged(path: Path, what: str) -> KeyFileDamagedError:
    return KeyFileDamagedError(
        f"The caseload's key file ({path.name}) is damaged: {what}. Nothing was tried and no "
        f"passphrase attempt was counted. Put back a copy of it (one is kept as "
        f"backups/{path.name}, and one beside every backup you copied off the laptop).")


def _check_b64(wrap: dict[str, Any], key: str, lengths: tuple[int, int], where: str,
               path: Path) -> None:
    value = wrap.get(key)
    if not isinstance(value, str):
        raise _damaged(path, f"{where}.{key} is missing")
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise _damaged(path, f"{where}.{key} is not base64") from None
    if not lengths[0] <= len(raw) <= lengths[1]:
        raise _damaged(path, f"{where}.{key} has the wrong length")


def _check_wrap(wrap: Any, where: str, path: Path) -> dict[str, Any]:
    if not isinstance(wrap, dict):
        raise _damaged(path, f"{where} is not a wrapped key")
    kdf = wrap.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name", "scrypt") != "scrypt":
        raise _damaged(path, f"{where}.kdf is not scrypt")
    values = {}
    for name, (low, high) in (("n", _N_RANGE), ("r", _R_RANGE), ("p", _P_RANGE)):
        value = kdf.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _damaged(path, f"{where}.kdf.{name} is out of bounds")
        values[name] = value
    if values["n"] & (values["n"] - 1):
        raise _damaged(path, f"{where}.kdf.n is not a power of two")
    if (values["n"] * values["r"] * values["p"] > _MAX_WORK
            or 128 * values["n"] * values["r"] > _MAX_MEMORY):
        raise _damaged(path, f"{where}.kdf asks for more work than Officer Desk ever uses")
    _check_b64(wrap, "salt", (16, 64), where, path)
    _check_b64(wrap, "nonce", (12, 12), where, path)
    _check_b64(wrap, "sealed", (48, 48), where, path)  # a 32-byte key and a 16-byte tag
    return dict(wrap)


def _checksum(fields: dict[str, Any]) -> str:
    """SHA-256 of the file's fields: a damaged or edited file is told from a wrong passphrase."""
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass
class KeyFile:
    """The contents of ``keys.json``: wraps of the caseload key, nothing secret in clear.

    ``recovery_pending`` is a new recovery code's wrap not yet confirmed by the officer: until
    it is, the old code (``recovery_wrap``) opens the caseload too, so a kill before the new
    code was ever shown loses nothing. ``rekey`` is a re-encryption in progress: the new
    key's wraps, kept until the database and its backups are all under the new key.
    """

    caseload_id: str
    device_bound: bool
    passphrase_wrap: dict[str, Any]
    recovery_wrap: dict[str, Any] | None
    recovery_pending: dict[str, Any] | None = None
    rekey: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The file form."""
        out: dict[str, Any] = {"format": FORMAT, "caseload_id": self.caseload_id,
                               "device_bound": self.device_bound,
                               "passphrase": self.passphrase_wrap}
        if self.recovery_wrap is not None:
            out["recovery"] = self.recovery_wrap
        if self.recovery_pending is not None:
            out["recovery_pending"] = self.recovery_pending
        if self.rekey is not None:
            out["rekey"] = self.rekey
        out["checksum"] = _checksum(out)
        return out

    @classmethod
    def from_json(cls, data: Any, path: Path) -> KeyFile:
        """Check every field's type and bound before anything is derived from it."""
        if not isinstance(data, dict):
            raise _damaged(path, "it is not a JSON object")
        if "checksum" in data and data["checksum"] != _checksum(
                {k: v for k, v in data.items() if k != "checksum"}):
            raise _damaged(path, "its contents do not match their checksum")
        if data.get("format") != FORMAT:
            if isinstance(data.get("format"), int) and data["format"] > FORMAT:
                raise ValidationError("The caseload's key file was written by a newer Officer "
                                      "Desk. Update Officer Desk to open it.")
            raise _damaged(path, "its format is not one Officer Desk writes")
        caseload_id = data.get("caseload_id")
        try:
            uuid.UUID(str(caseload_id))
        except ValueError:
            raise _damaged(path, "the caseload id is not valid") from None
        if not isinstance(caseload_id, str):
            raise _damaged(path, "the caseload id is not valid")
        bound = data.get("device_bound")
        if not isinstance(bound, bool):
            raise _damaged(path, "device_bound is not true or false")
        passphrase = _check_wrap(data.get("passphrase"), "passphrase", path)
        recovery = (_check_wrap(data["recovery"], "recovery", path)
                    if data.get("recovery") is not None else None)
        pending = (_check_wrap(data["recovery_pending"], "recovery_pending", path)
                   if data.get("recovery_pending") is not None else None)
        if recovery is None and pending is None:
            raise _damaged(path, "it holds no recovery code")
        rekey = data.get("rekey")
        if rekey is not None:
            if not isinstance(rekey, dict) or not isinstance(rekey.get("device_bound"), bool):
                raise _damaged(path, "the re-encryption in progress is not readable")
            rekey = {"device_bound": rekey["device_bound"],
                     "passphrase": _check_wrap(rekey.get("passphrase"), "rekey.passphrase", path),
                     **{k: _check_wrap(rekey[k], f"rekey.{k}", path)
                        for k in ("recovery", "recovery_pending") if rekey.get(k) is not None}}
        return cls(caseload_id, bound, passphrase, recovery, pending, rekey)

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        """Read and check the key file."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ValidationError(f"The caseload's key file ({path.name}) is missing. Put back "
                                  f"a copy of it (one is kept as backups/{path.name}).") from None
        except OSError as exc:
            raise ValidationError(f"The caseload's key file ({path.name}) cannot be read: "
                                  f"{exc.strerror or exc}.") from None
        if len(raw) > 64 * 1024:
            raise _damaged(path, "it is far larger than a key file")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise _damaged(path, "it is not readable JSON") from None
        return cls.from_json(data, path)

    def write(self, path: Path) -> None:
        """Write atomically with owner-only permissions, synced with its folder."""
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.to_json(), fh, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        sync_folder(path.parent)


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
    key = key_memory.new_key()
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


def _device_secret(caseload_id: str, bound: bool) -> bytes | None:
    if not bound:
        return None
    secret = _get_device_secret(caseload_id)
    if secret is None:
        raise KeyringUnavailableError(
            "This caseload is tied to a computer's credential store, and this computer's "
            "store does not hold its secret (or is not available). Unlock with the "
            "recovery code instead.")
    return secret


def _unwrap_passphrase(caseload_id: str, wrap: dict[str, Any], bound: bool,
                       passphrase: str) -> bytes:
    kek = _passphrase_kek(passphrase, wrap, _device_secret(caseload_id, bound))
    return _open(kek, wrap, _aad(caseload_id, "passphrase"))


def unlock(keyfile: KeyFile, passphrase: str) -> bytes:
    """The caseload key from the passphrase (and this device's secret, where bound)."""
    return _unwrap_passphrase(keyfile.caseload_id, keyfile.passphrase_wrap,
                              keyfile.device_bound, passphrase)


def _unwrap_code(caseload_id: str, wraps: list[dict[str, Any] | None], code: str) -> bytes:
    for wrap in wraps:
        if wrap is None:
            continue
        kek = _derive(_normal_code(code), _unb64(wrap["salt"]), wrap["kdf"])
        try:
            return _open(kek, wrap, _aad(caseload_id, "recovery"))
        except WrongKeyError:
            continue
    raise WrongKeyError("That recovery code does not unlock this caseload.")


def unlock_with_recovery(keyfile: KeyFile, code: str) -> bytes:
    """The caseload key from the recovery code (no device secret: it works on any laptop).

    A new code not yet confirmed works as well as the one it is replacing.
    """
    return _unwrap_code(keyfile.caseload_id, [keyfile.recovery_wrap, keyfile.recovery_pending],
                        code)


def unlock_rekey(keyfile: KeyFile, passphrase: str | None = None, code: str | None = None
                 ) -> bytes:
    """The new key of a re-encryption in progress, from the passphrase or a recovery code."""
    block = keyfile.rekey
    if block is None:
        raise WrongKeyError("No re-encryption is in progress.")
    if code is not None:
        return _unwrap_code(keyfile.caseload_id,
                            [block.get("recovery"), block.get("recovery_pending")], code)
    assert passphrase is not None
    return _unwrap_passphrase(keyfile.caseload_id, block["passphrase"], block["device_bound"],
                              passphrase)


def _cost(wrap: dict[str, Any] | None, default: dict[str, int]) -> dict[str, int]:
    if wrap is None:
        return dict(default)
    return {k: int(wrap["kdf"][k]) for k in ("n", "r", "p")}


def _this_device(keyfile: KeyFile) -> bytes | None:
    """This computer's secret for the caseload, made if there is none yet (a new laptop)."""
    secret = _get_device_secret(keyfile.caseload_id) if keyfile.device_bound else None
    return secret if secret is not None else _make_device_secret(keyfile.caseload_id)


def wrap_block(keyfile: KeyFile, key: bytes, passphrase: str, *, code: str | None = None,
               pending_code: str | None = None) -> dict[str, Any]:
    """Every wrap a key needs: the passphrase, the current code, a new code to confirm."""
    device_secret = _this_device(keyfile)
    rec_cost = _cost(keyfile.recovery_wrap or keyfile.recovery_pending, RECOVERY_KDF)
    block: dict[str, Any] = {
        "device_bound": device_secret is not None,
        "passphrase": _wrap_passphrase(key, passphrase, keyfile.caseload_id, device_secret,
                                       _cost(keyfile.passphrase_wrap, PASSPHRASE_KDF))}
    if code is not None:
        block["recovery"] = _wrap_recovery(key, code, keyfile.caseload_id, rec_cost)
    if pending_code is not None:
        block["recovery_pending"] = _wrap_recovery(key, pending_code, keyfile.caseload_id,
                                                   rec_cost)
    return block


def from_block(keyfile: KeyFile, block: dict[str, Any]) -> KeyFile:
    """The key file once a block's key is the caseload's key."""
    return KeyFile(keyfile.caseload_id, bool(block["device_bound"]), block["passphrase"],
                   block.get("recovery"), block.get("recovery_pending"))


def rewrap(keyfile: KeyFile, key: bytes, new_passphrase: str, *, new_recovery: bool = False,
           cost: dict[str, int] | None = None) -> tuple[KeyFile, str | None]:
    """Wrap the same key under a new passphrase (no re-encryption); optionally a new code.

    A new code is kept pending beside the old one until the officer confirms it
    (``confirm_recovery``). The device secret is this computer's: after recovery on a new
    laptop the caseload becomes bound to the new laptop's credential store.
    """
    check_passphrase(new_passphrase)
    device_secret = _this_device(keyfile)
    cost = _cost(None, cost) if cost else _cost(keyfile.passphrase_wrap, PASSPHRASE_KDF)
    code = new_recovery_code() if new_recovery else None
    pending = (_wrap_recovery(key, code, keyfile.caseload_id,
                              _cost(keyfile.recovery_wrap or keyfile.recovery_pending,
                                    RECOVERY_KDF))
               if code else keyfile.recovery_pending)
    updated = KeyFile(keyfile.caseload_id, device_secret is not None,
                      _wrap_passphrase(key, new_passphrase, keyfile.caseload_id, device_secret,
                                       cost), keyfile.recovery_wrap, pending)
    return updated, code


def confirm_recovery(keyfile: KeyFile, code: str) -> KeyFile:
    """The pending code becomes the recovery code once typed back; the old one stops working."""
    if keyfile.recovery_pending is None:
        raise ValidationError("There is no new recovery code waiting to be confirmed.")
    try:
        _unwrap_code(keyfile.caseload_id, [keyfile.recovery_pending], code)
    except WrongKeyError:
        raise WrongKeyError("That is not the new recovery code. Check what you wrote down and "
                            "type it again; the previous code keeps working until then.") from None
    return KeyFile(keyfile.caseload_id, keyfile.device_bound, keyfile.passphrase_wrap,
                   keyfile.recovery_pending, None, keyfile.rekey)
