"""Real small and read-only disks (tmpfs mounts) for the full-disk and read-only runs."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(target: Path, options: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here (needs root): {proc.stderr.strip()}")


@contextlib.contextmanager
def small_disk(target: Path, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of ``size`` at ``target``; unmounted afterwards."""
    _mount(target, f"size={size},mode=0700")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def remount_read_only(target: Path) -> None:
    """Make a mounted small disk read-only (as a write-protected stick is)."""
    subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)


def fill(target: Path, leave: int = 0) -> None:
    """Fill the disk until at most ``leave`` bytes are free."""
    n = 0
    block = b"\0" * 65536
    while True:
        try:
            with open(target / f"filler-{n}", "wb") as fh:
                while True:
                    free = _free(target)
                    if free <= leave:
                        return
                    fh.write(block[:max(1, min(len(block), free - leave))])
                    fh.flush()
        except OSError:
            return
        n += 1


def _free(target: Path) -> int:
    import os

    st = os.statvfs(target)
    return st.f_bavail * st.f_frsize
