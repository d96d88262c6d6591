"""The wrong-passphrase counter, enforced where the key is unwrapped, hard to lose quietly.

The delay doubles after a few wrong tries. Deleting or damaging the counter file must not be
a way to reset it: a caseload always has one (written when it is created, restored or first
opened by this version), so a missing or unreadable file is treated as suspicious — the
longest delay applies — and the next successful unlock records it in the audit trail.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

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


def _write(path: Path, state: UnlockState) -> bool:
    # On a full or read-only disk the state holds in memory for this try; a later try that
    # finds the file missing or old treats it as suspicious anyway.
    return write_json_quietly(path, {
        "count": state.count, "last": state.last,
        **({"suspicious": state.suspicious} if state.suspicious else {})})


def read(path: Path, free_tries: int = FREE_TRIES) -> UnlockState:
    """The counter; a missing or damaged file is recorded as suspicious (never a reset)."""
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


def delay(path: Path, free_tries: int = FREE_TRIES, max_seconds: int = MAX_SECONDS) -> float:
    """Seconds to wait before the next try is allowed."""
    state = read(path, free_tries)
    if state.count < free_tries:
        return 0.0
    wait = min(max_seconds, 2 ** min(state.count - free_tries, 20))
    return max(0.0, min(state.last + wait - time.time(), float(max_seconds)))


def check(path: Path, free_tries: int = FREE_TRIES, max_seconds: int = MAX_SECONDS) -> None:
    """Refuse to try a key while the delay runs."""
    wait = delay(path, free_tries, max_seconds)
    if wait > 0:
        raise UnlockDelayedError(wait)


def note_failure(path: Path) -> None:
    """One more wrong try."""
    state = read(path)
    _write(path, UnlockState(state.count + 1, time.time(), state.suspicious))


def note_success(path: Path) -> UnlockState:
    """Reset after a right passphrase; the state before, for the audit trail."""
    state = read(path)
    _write(path, UnlockState(0, time.time()))
    return state


def start(path: Path) -> None:
    """A new (or newly restored) caseload's counter."""
    _write(path, UnlockState(0, time.time()))
