"""Writing a file the officer asked for (an export, a PDF) without leaving anything behind.

A plaintext export or a pack is the one place case content leaves the encrypted caseload on
purpose, so the file must be owner-only from its first byte, complete or absent, and never
written through a device or a folder by mistake (``--out /dev/full`` run as root once replaced
the device with the export). Every failure is a sentence the officer can act on.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from officer_desk.errors import DiskFullError, UserFacingError


def os_error_message(exc: OSError, path: Path, what: str = "The file") -> str:
    """A sentence for an operating-system error while writing ``path``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"The disk is full: {what.lower()} {path} was not written and nothing was left "
                "behind. Free some space and try again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"{what} {path} cannot be written: the folder is read-only or you do not have "
                "permission. Choose another folder.")
    if exc.errno == errno.ENOENT:
        return f"The folder {path.parent} does not exist. Choose a folder that does."
    return f"{what} {path} could not be written: {exc.strerror or exc}."


def user_error(exc: OSError, path: Path, what: str = "The file") -> UserFacingError:
    """The error to raise for an operating-system error while writing ``path``."""
    message = os_error_message(exc, path, what)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(message)
    return UserFacingError(message)


def check_target(path: Path) -> None:
    """Refuse a target that is not an ordinary file in an existing folder."""
    if path.is_dir():
        raise UserFacingError(f"{path} is a folder; give the name of a file to write.")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UserFacingError(os_error_message(exc, path)) from None
    if mode is not None and not stat.S_ISREG(mode):
        raise UserFacingError(f"{path} is not an ordinary file (it is a device, pipe or "
                              "socket); give the name of a file to write.")
    if not path.parent.is_dir():
        raise UserFacingError(f"The folder {path.parent} does not exist. Choose a folder "
                              "that does.")


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_private(path: Path, write: Callable[[BinaryIO], None], what: str = "The file") -> None:
    """Write through a new owner-only temporary file, then put it in place whole.

    The temporary file has a random name, is created exclusively with mode 0600 and is removed
    on any failure; the target ends up owner-only even when an older file there was not.
    """
    path = Path(path)
    check_target(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise UserFacingError(os_error_message(exc, path, what)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise user_error(exc, path, what) from None
        raise
    sync_folder(path.parent)


def write_private_bytes(path: Path, data: bytes, what: str = "The file") -> None:
    """``write_private`` for bytes already in memory (a built PDF)."""
    write_private(path, lambda fh: fh.write(data), what)


def write_json_quietly(path: Path, data: Any) -> bool:
    """Small owner-only state beside the caseload, replaced atomically; False on a disk error.

    For state that may lag without harm (the audit anchor, the wrong-passphrase counter):
    a full or read-only disk must not stop the work that wanted to record it.
    """
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
