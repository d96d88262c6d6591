"""The wrong-passphrase counter, enforced where the key is unwrapped, hard to lose quietly.

The delay doubles after a few wrong tries. Deleting or damaging the counter file must not be
a way to reset it: a caseload always has one (written when it is created, restored or first
opened by this version), so a missing or unreadable file is treated as suspicious — the
longest delay applies — and the next successful unlock records it in the audit trail.
Restoring an older copy of the file must not reset it either: where the caseload is tied to
the computer's credential store, the count is kept there too (a copy of files cannot roll it
back), and the later of the two holds.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from db.private_files import write_json_quietly
from officer_desk.errors import UnlockDelayedError

FREE_TRIES = 3
MAX_SECONDS = 30
_SUSPICIOUS_EXTRA = 6  # 2**6 seconds: past any maximum


@dataclass(frozen=True)
class UnlockState:
    """Wrong tries since the last success, when the last one was, and anything suspicious."""

    count: int
    last: float
    suspicious: str = ""


class Mirror(Protocol):
    """The count kept outside the caseload's folder (the computer's credential store)."""

    def get(self) -> tuple[int, float] | None:
        """(count, last) as kept, or None when nothing is."""

    def put(self, count: int, last: float) -> None:
        """Keep (count, last)."""


def _write(path: Path, state: UnlockState, mirror: Mirror | None = None) -> bool:
    # On a full or read-only disk the state holds in memory for this try; a later try that
    # finds the file missing or old treats it as suspicious anyway.
    if mirror is not None:
        mirror.put(state.count, state.last)
    return write_json_quietly(path, {
        "count": state.count, "last": state.last,
        **({"suspicious": state.suspicious} if state.suspicious else {})})


def _read_file(path: Path, free_tries: int) -> UnlockState:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        count, last = data["count"], data["last"]
        if (not isinstance(count, int) or isinstance(count, bool) or count < 0
                or not isinstance(last, int | float)):
            raise ValueError("bad types")
        return UnlockState(count, float(last), str(data.get("suspicious", "")))
    except FileNotFoundError:
        reason = "the wrong-passphrase counter file was missing"
    except (OSError, ValueError, KeyError, TypeError):
        reason = "the wrong-passphrase counter file was damaged"
    state = UnlockState(free_tries + _SUSPICIOUS_EXTRA, time.time(), reason)
    if not _write(path, state):
        # Nothing can be kept on this disk: no delay that could never end, but still noted.
        return UnlockState(free_tries + _SUSPICIOUS_EXTRA, 0.0, reason)
    return state


def read(path: Path, free_tries: int = FREE_TRIES, mirror: Mirror | None = None) -> UnlockState:
    """The counter; a missing or damaged file is recorded as suspicious (never a reset), and
    a file behind the credential store's count (an older copy put back) is overruled by it."""
    state = _read_file(path, free_tries)
    kept = mirror.get() if mirror is not None else None
    if kept is not None and kept[0] > state.count:
        state = UnlockState(kept[0], max(kept[1], state.last),
                            state.suspicious or "the wrong-passphrase counter file was older "
                                                "than this computer's own count")
        _write(path, state)
    return state


def delay(path: Path, free_tries: int = FREE_TRIES, max_seconds: int = MAX_SECONDS,
          mirror: Mirror | None = None) -> float:
    """Seconds to wait before the next try is allowed."""
    state = read(path, free_tries, mirror)
    if state.count < free_tries:
        return 0.0
    wait = min(max_seconds, 2 ** min(state.count - free_tries, 20))
    return max(0.0, min(state.last + wait - time.time(), float(max_seconds)))


def check(path: Path, free_tries: int = FREE_TRIES, max_seconds: int = MAX_SECONDS,
          mirror: Mirror | None = None) -> None:
    """Refuse to try a key while the delay runs."""
    wait = delay(path, free_tries, max_seconds, mirror)
    if wait > 0:
        raise UnlockDelayedError(wait)


def note_failure(path: Path, mirror: Mirror | None = None) -> None:
    """One more wrong try."""
    state = read(path, mirror=mirror)
    _write(path, UnlockState(state.count + 1, time.time(), state.suspicious), mirror)


def note_success(path: Path, mirror: Mirror | None = None) -> UnlockState:
    """Reset after a right passphrase; the state before, for the audit trail."""
    state = read(path, mirror=mirror)
    _write(path, UnlockState(0, time.time()), mirror)
    return state


def start(path: Path, mirror: Mirror | None = None) -> None:
    """A new (or newly restored) caseload's counter."""
    _write(path, UnlockState(0, time.time()), mirror)
