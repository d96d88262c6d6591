"""Map SQLCipher errors to the product's user-facing errors at the storage edge.

sqlcipher3's exceptions are not ``sqlite3`` exceptions (conventions.md, facts 2), so only
``sqlcipher3.dbapi2.Error`` is caught here; anything not recognised is re-raised as a bug.
"""

from __future__ import annotations

from sqlcipher3 import dbapi2

from officer_desk.errors import (
    DatabaseDamagedError,
    DatabaseLockedError,
    DiskFullError,
    UserFacingError,
    WrongKeyError,
)

SqlError = dbapi2.Error


def translate(exc: BaseException) -> BaseException:
    """The user-facing error for a SQLCipher error, or the error itself when it is a bug."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name == "SQLITE_NOTADB" or "file is not a database" in text:
        return WrongKeyError("The passphrase does not unlock this caseload, or the file is not "
                             "an Officer Desk caseload.")
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "database is locked" in text:
        return DatabaseLockedError("The caseload is in use by another Officer Desk window or "
                                   "program. Close it and try again.")
    if name == "SQLITE_FULL" or "disk is full" in text:
        return DiskFullError("The disk is full: the last change was not saved. Free some space "
                             "and try again.")
    if name in ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"):
        return UserFacingError("The caseload file cannot be written. Check the folder's "
                               "permissions and free space.")
    if name in ("SQLITE_CORRUPT", "SQLITE_IOERR") or "malformed" in text:
        return DatabaseDamagedError("The caseload file is damaged. Restore the latest backup "
                                    "(officer-desk restore).")
    return exc
