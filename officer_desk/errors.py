"""Error kinds: those a person can act on (shown as a message) and everything else (a bug)."""

from __future__ import annotations


class OfficerDeskError(Exception):
    """Base of every error the product raises on purpose."""


class UserFacingError(OfficerDeskError):
    """An error whose message is written for the officer; never shown with a traceback."""


class WrongKeyError(UserFacingError):
    """The passphrase or recovery code does not unlock this caseload."""


class DatabaseLockedError(UserFacingError):
    """Another program holds the caseload file."""


class DiskFullError(UserFacingError):
    """The disk is full; the last action was not saved."""


class DatabaseTooNewError(UserFacingError):
    """The caseload was written by a newer Officer Desk."""


class DatabaseDamagedError(UserFacingError):
    """The caseload file is damaged or is not a caseload."""


class KeyringUnavailableError(UserFacingError):
    """The caseload needs this computer's credential store, which is not available."""


class CaseloadMissingError(UserFacingError):
    """There is no caseload in the data folder."""


class CaseloadExistsError(UserFacingError):
    """A caseload already exists where a new one was to be created."""


class ValidationError(UserFacingError):
    """Input that breaks a rule; ``problems`` lists each one in words."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class PackIncompleteError(UserFacingError):
    """A pack lacks mandatory content; ``missing`` says what, in words."""

    def __init__(self, kind: str, missing: list[str]) -> None:
        self.kind = kind
        self.missing = list(missing)
        lines = "\n".join(f"  - {m}" for m in self.missing)
        super().__init__(f"The {kind} pack cannot be finalised. Missing:\n{lines}")


class UnlockDelayedError(UserFacingError):
    """Too many wrong passphrases: the next try must wait ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        whole = max(1, int(seconds + 0.999))
        super().__init__(f"Too many wrong tries: wait {whole} second{'s' if whole != 1 else ''} "
                         "before trying again.")
