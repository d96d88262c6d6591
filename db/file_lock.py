"""Who has the caseload open: a shared lock per open caseload, an exclusive one to replace it.

Restoring a backup swaps the database file. A desktop that still had the old file open would
write its next save into the replaced file, where nobody would ever see it again, so a restore
takes the lock exclusively and is refused while anyone holds it. POSIX advisory locks
(``flock``) are released by the kernel when a process dies, so a crash never leaves the
caseload locked. Where ``fcntl`` does not exist (Windows) the lock is not taken.
"""

from __future__ import annotations

import os
from pathlib import Path

from officer_desk.errors import DatabaseLockedError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "caseload.lock"


class CaseloadLock:
    """A held lock on one data folder; ``release`` (or process exit) lets it go."""

    def __init__(self, root: Path, exclusive: bool) -> None:
        self.fd: int | None = None
        if fcntl is None:
            return
        path = root / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return  # a read-only folder: nothing here can be written, nor replaced
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if exclusive:
                raise DatabaseLockedError(
                    "The caseload is open in Officer Desk (a window or a command). Close it "
                    "and try again: this replaces the file under it.") from None
            raise DatabaseLockedError("A restore or re-encryption is replacing the caseload. "
                                      "Try again when it has finished.") from None
        except OSError:
            os.close(fd)
            return  # a file system without locks (some network shares): not held
        self.fd = fd

    def release(self) -> None:
        """Let the lock go (idempotent)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def shared(root: Path) -> CaseloadLock:
    """Held while a caseload is open."""
    return CaseloadLock(root, exclusive=False)


def exclusive(root: Path) -> CaseloadLock:
    """Held while the caseload file is replaced; refused while anyone has it open."""
    return CaseloadLock(root, exclusive=True)
