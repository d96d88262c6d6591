"""A file's age as the file system sees it.

A kept copy's age decides whether the daily backup is due and whether a piece of a backup or a
restore was left by a writer that was killed. The file system stamps files by its own clock: a
network share's server, or a laptop whose clock was corrected since, can differ from the
process's clock by hours or more. So an age is a file's stamp against a stamp taken now in the
same folder, never against ``time.time()``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def now_in(folder: Path) -> float:
    """Now, as the file system holding ``folder`` stamps files (the process's clock if the
    folder cannot be written: read-only, full or gone)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".clock-", dir=folder)
    except OSError:
        return time.time()
    try:
        return os.fstat(fd).st_mtime
    finally:
        os.close(fd)
        try:
            os.unlink(name)
        except OSError:
            pass  # gone already: nothing to tidy


def age(path: Path, now: float) -> float:
    """Seconds since ``path`` was last written, against ``now_in`` of its folder."""
    return now - path.stat().st_mtime
